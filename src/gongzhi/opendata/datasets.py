"""开放数据: the datasets of `/open-data/`, each made only of what the public boards already show.

Every dataset is a table over all communities: its columns (name, meaning, unit, definition — the definitions of
docs/figures.md and docs/rates.md) and its rows. Rules kept here, and checked by a test that scans every file:
no person's name, phone or ID number, no home detail. Units, departments and communities are named (they are
public); a contact person, a liaison or a resident never is. Free text typed by people (need titles, offers) is
scrubbed of phone and ID numbers, as on the board's frozen publications."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from gongzhi.cases.models import Case
from gongzhi.contracts.models import Area, Commitment, Contract, ContractStatus
from gongzhi.contracts.selectors import figures, is_completed, with_progress
from gongzhi.core import clock
from gongzhi.core.privacy import scrub
from gongzhi.core.scope import ancestor_paths
from gongzhi.lists.models import Beneficiary, Need, NeedStatus, Resource, ResourceStatus
from gongzhi.orders.models import MenuItem
from gongzhi.rates import periods
from gongzhi.rates.selectors import node_figures
from gongzhi.regions.models import RegionKind, RegionNode
from gongzhi.servicepoints.permissions import public_points


@dataclass(frozen=True)
class Column:
    name: str
    label: object
    unit: object = ""
    definition: object = ""


@dataclass(frozen=True)
class Dataset:
    key: str
    title: object
    description: object
    columns: list[Column] = field(default_factory=list)
    rows: object = None  # () -> Iterator[dict]


YES, NO = "是", "否"
COMMUNITY = Column("community", _("社区"))
CODE = Column("community_code", _("社区区划代码"), definition=_("统计用区划代码（12位）"))
STREET = Column("street", _("街道"))


def _communities() -> dict[str, str]:
    """community path → the name of its street, in one query."""
    nodes = RegionNode.objects.filter(kind__in=[RegionKind.STREET, RegionKind.COMMUNITY]).only("path", "name", "kind")
    streets = {n.path: n.name for n in nodes if n.kind == RegionKind.STREET}
    return {n.path: next((streets[p] for p in ancestor_paths(n.path) if p in streets), "")
            for n in nodes if n.kind == RegionKind.COMMUNITY}


def _place(community, streets) -> dict:
    return {"community": community.name, "community_code": community.code, "street": streets.get(community.path, "")}


def _text(value: str) -> str:
    return scrub(value or "")


def _labels(codes) -> str:
    names = dict(Beneficiary.choices)
    return "、".join(str(names.get(c, c)) for c in codes or [])


# --- 共建契约 ---------------------------------------------------------------------------------------------------

def contract_rows() -> Iterator[dict]:
    streets = _communities()
    for c in (Contract.objects.filter(status=ContractStatus.SIGNED).select_related("community")
              .prefetch_related("parties__organisation", "commitments").order_by("community__path", "year", "number")):
        yield {**_place(c.community, streets), "number": c.number, "title": _text(c.title), "year": c.year,
               "term_start": c.term_start.isoformat(), "term_end": c.term_end.isoformat(),
               "units": "、".join(p.organisation.name for p in c.parties.all() if p.organisation_id),
               "commitments": len(c.commitments.all()), "document_sha256": c.document_sha256}


def commitment_rows() -> Iterator[dict]:
    streets = _communities()
    areas = dict(Area.choices)
    qs = with_progress(Commitment.objects.filter(contract__status=ContractStatus.SIGNED)
                       .select_related("contract__community")
                       .prefetch_related(Prefetch("undertakers")).order_by("contract__community__path",
                                                                              "contract__number", "order", "pk"))
    for m in qs:
        yield {**_place(m.contract.community, streets), "contract_number": m.contract.number,
               "year": m.contract.year, "area": str(areas.get(m.area, m.area)), "title": _text(m.title),
               "undertakers": "、".join(u.name for u in m.undertakers.all()), "beneficiaries": _labels(m.beneficiaries),
               "deadline": m.deadline.isoformat(), "target_services": m.target_services,
               "target_person_times": m.target_person_times, "services": m.services,
               "person_times": m.person_times_done, "volunteer_hours": str(m.volunteer_hours_done),
               "completed": YES if is_completed(m) else NO}


def figure_rows() -> Iterator[dict]:
    streets = _communities()
    year = clock.today().year
    with_contracts = Contract.objects.filter(status=ContractStatus.SIGNED).values("community_id")
    for community in RegionNode.objects.filter(kind=RegionKind.COMMUNITY, pk__in=with_contracts).order_by("path"):
        for y in (year - 1, year):
            f = figures(path=community.path, year=y)
            if not f.contracts:
                continue
            yield {**_place(community, streets), "year": y, "participating_units": f.participating_units,
                   "contracts": f.contracts, "committed_items": f.committed_items,
                   "completed_items": f.completed_items, "services_held": f.services_held,
                   "person_times": f.person_times, "volunteer_hours": str(f.volunteer_hours)}


# --- 清单 --------------------------------------------------------------------------------------------------------

def need_rows() -> Iterator[dict]:
    streets = _communities()
    for n in (Need.objects.filter(status=NeedStatus.PUBLISHED).select_related("community", "category")
              .order_by("community__path", "year", "category__order", "title", "pk")):
        yield {**_place(n.community, streets), "year": n.year, "category": n.category.name, "title": _text(n.title),
               "side": str(n.get_side_display()), "beneficiaries": _labels(n.beneficiaries), "scale": n.scale,
               "urgency": str(n.get_urgency_display())}


def resource_rows() -> Iterator[dict]:
    streets = _communities()
    for r in (Resource.objects.filter(status=ResourceStatus.PUBLISHED)
              .select_related("community", "category", "organisation")
              .order_by("community__path", "year", "category__order", "title", "pk")):
        yield {**_place(r.community, streets), "year": r.year, "category": r.category.name, "title": _text(r.title),
               "provider": r.organisation.name if r.organisation_id else r.community.name,
               "times_per_year": r.times_per_year, "people_per_session": r.people_per_session,
               "schedule": _text(r.schedule), "place": _text(r.place), "cost": str(r.get_cost_display())}


def menu_rows() -> Iterator[dict]:
    streets = _communities()
    items = (MenuItem.objects.filter(active=True)
             .select_related("community", "category", "organisation", "team", "party_member__person")
             .order_by("community__path", "category__order", "title", "pk"))
    for i in items:
        yield {**_place(i.community, streets), "category": i.category.name, "title": _text(i.title),
               "provider": i.provider_label(public=True), "schedule": _text(i.schedule), "place": _text(i.place),
               "capacity": "" if i.capacity is None else i.capacity, "period": str(i.get_period_display()),
               "cost": str(i.get_cost_display()), "price_note": _text(i.price_note)}


def _pct(rate) -> str:
    value = rate.value
    return "" if value is None else f"{value * 100:.1f}"


def case_rows() -> Iterator[dict]:
    streets = _communities()
    year = clock.today().year
    with_cases = Case.objects.values("community_id")
    for community in RegionNode.objects.filter(kind=RegionKind.COMMUNITY, pk__in=with_cases).order_by("path"):
        for y in (year - 1, year):
            line = node_figures(community, periods.year(y))
            if not line.received:
                continue
            yield {**_place(community, streets), "year": y, "received": line.received,
                   "response_rate": _pct(line.response), "resolution_rate": _pct(line.resolution),
                   "satisfaction_rate": _pct(line.satisfaction), "on_time_rate": _pct(line.on_time),
                   "avg_resolution_days": "" if line.avg_resolution_days is None else
                   f"{line.avg_resolution_days:.1f}"}


def point_rows() -> Iterator[dict]:
    streets = _communities()
    for p in public_points().select_related("community", "operator").order_by("community__path", "kind", "name", "pk"):
        yield {**_place(p.community, streets), "name": p.name, "kind": str(p.get_kind_display()),
               "address": p.address, "lat": str(p.lat), "lon": str(p.lon),
               "hours": "24h" if p.open_24h else (f"{p.opens_at:%H:%M}-{p.closes_at:%H:%M}"
                                                  if p.opens_at and p.closes_at else ""),
               "operator": p.operator.name if p.operator_id else "",
               "elderly_discount": "" if p.elderly_discount is None else str(p.elderly_discount)}


PLACE = [COMMUNITY, CODE, STREET]
YEAR = Column("year", _("年度"))

DATASETS: list[Dataset] = [
    Dataset("contracts", _("共建契约"), _("已签订的城市基层党建共建契约：编号、签约单位、期限、承诺事项数、契约文本的 SHA-256"), [
        *PLACE, Column("number", _("契约编号")), Column("title", _("契约名称")), YEAR,
        Column("term_start", _("期限起"), _("日期")), Column("term_end", _("期限止"), _("日期")),
        Column("units", _("签约单位"), definition=_("以“、”分隔")),
        Column("commitments", _("承诺事项数"), _("项")),
        Column("document_sha256", _("契约文本哈希"), definition=_("签约时冻结的 PDF 的 SHA-256，可与公开栏下载的文本核对"))],
        contract_rows),
    Dataset("commitments", _("承诺事项与履约"), _("每份已签契约的承诺事项、承办单位、目标与履约记录的累计"), [
        *PLACE, Column("contract_number", _("契约编号")), YEAR, Column("area", _("共建领域")),
        Column("title", _("项目名称")), Column("undertakers", _("承办单位")), Column("beneficiaries", _("受益人群")),
        Column("deadline", _("完成时限"), _("日期")),
        Column("target_services", _("目标服务次数"), _("次")), Column("target_person_times", _("目标服务人次"), _("人次")),
        Column("services", _("已开展服务"), _("次"), _("履约记录条数")),
        Column("person_times", _("服务人次"), _("人次"), _("履约记录的服务人次之和")),
        Column("volunteer_hours", _("志愿服务时长"), _("小时"), _("履约记录的志愿服务时长之和")),
        Column("completed", _("已完成"), _("是/否"),
               _("服务次数、服务人次均达到目标且里程碑全部完成（docs/figures.md “已完成事项”）"))],
        commitment_rows),
    Dataset("figures", _("共建共治年度数字"), _("每个社区当年和上年的共建数字（与工作台“数据报表”同一口径）"), [
        *PLACE, YEAR, Column("participating_units", _("参与共建单位"), _("个"), _("当年有效契约的签约单位（去重）")),
        Column("contracts", _("签订契约"), _("份"), _("当年有效的已签契约")),
        Column("committed_items", _("承诺服务事项"), _("项")), Column("completed_items", _("已完成事项"), _("项")),
        Column("services_held", _("开展服务"), _("次"), _("当年的履约记录条数")),
        Column("person_times", _("服务群众"), _("人次")), Column("volunteer_hours", _("志愿服务时长"), _("小时"))],
        figure_rows),
    Dataset("needs", _("需求清单"), _("经审核公布的需求（社区需求与单位需求）"), [
        *PLACE, YEAR, Column("category", _("类别")), Column("title", _("需求")), Column("side", _("需求方")),
        Column("beneficiaries", _("受益人群")), Column("scale", _("规模"), _("人")), Column("urgency", _("紧急程度"))],
        need_rows),
    Dataset("resources", _("资源清单"), _("经公布的单位与社区资源"), [
        *PLACE, YEAR, Column("category", _("类别")), Column("title", _("资源")), Column("provider", _("提供方")),
        Column("times_per_year", _("每年次数"), _("次")), Column("people_per_session", _("每次人数"), _("人")),
        Column("schedule", _("时间安排")), Column("place", _("地点")), Column("cost", _("收费"))],
        resource_rows),
    Dataset("service_menu", _("服务菜单"), _("各社区上架的服务菜单（在职党员只显示为“在职党员”）"), [
        *PLACE, Column("category", _("类别")), Column("title", _("服务名称")), Column("provider", _("服务方")),
        Column("schedule", _("服务时间")), Column("place", _("服务地点")),
        Column("capacity", _("每期名额"), _("人"), _("空为不限名额")), Column("period", _("名额周期")),
        Column("cost", _("收费")), Column("price_note", _("收费说明"))],
        menu_rows),
    Dataset("case_statistics", _("接诉即办统计"), _("每个社区当年和上年的诉求量与三率（匿名统计，不含任何诉求内容）"), [
        *PLACE, YEAR, Column("received", _("受理诉求"), _("件")),
        Column("response_rate", _("响应率"), "%", _("按时响应的件数 ÷ 应响应件数（docs/rates.md）")),
        Column("resolution_rate", _("解决率"), "%", _("已解决件数 ÷ 应解决件数（docs/rates.md）")),
        Column("satisfaction_rate", _("满意率"), "%", _("满意评价 ÷ 参评件数（docs/rates.md）")),
        Column("on_time_rate", _("按时办结率"), "%"),
        Column("avg_resolution_days", _("平均办结时长"), _("天"))],
        case_rows),
    Dataset("service_points", _("服务阵地"), _("在用的服务阵地：红色驿站、助餐点、日间照料等（地址为阵地本身的公共地址）"), [
        *PLACE, Column("name", _("名称")), Column("kind", _("类别")), Column("address", _("地址")),
        Column("lat", _("纬度"), _("度"), "WGS-84"), Column("lon", _("经度"), _("度"), "WGS-84"),
        Column("hours", _("开放时间")), Column("operator", _("运营单位")),
        Column("elderly_discount", _("老年人就餐优惠"), _("元"))],
        point_rows),
]

BY_KEY = {d.key: d for d in DATASETS}
LICENCE = _("本数据依据《中华人民共和国政府信息公开条例》主动公开，可免费使用、复制和传播，请注明来源“共治平台”。")
