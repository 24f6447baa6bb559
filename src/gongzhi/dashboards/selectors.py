"""What the dashboard (数据大屏) shows of a region node and a year — one definition for the staff page, the public
page and their refreshing fragments.

- **Headline tiles**: the registered figures (`core.registry.compute_stats(node, year)`, the workbench's own numbers)
  for this year and last year, and what no figure holds from the contracts' report (`contracts.selectors.figures`:
  contracts, completed items, services held) and the rates' node line (`rates.selectors.node_figures`: cases
  received). Each tile carries last year's value and the change.
- **Trends**: this year's cases received by month (`Case.reported_at`) and the fulfilment records and person-times of
  the year's counted contracts by month (`Fulfilment.date`): one GROUP BY query each (TruncMonth, in the site's time
  zone, on SQLite and PostgreSQL). The months add up to the tiles.
- **Categories**: published needs and resources of the year per service category (two GROUP BY queries).
- **Map**: every community of the node at the mean of its neighbourhoods' coordinates (servicepoints'
  `NeighbourhoodLocation`), else at the mean of its Open311 service areas' centres, with one figure per community
  (contract fulfilment, open cases or the composite score of the three rates); communities with no coordinates are
  listed by name.

Everything in `node_data` is an aggregate over the node's subtree, the same for every viewer: the public page shows
it, and both pages cache it under the chronicle's region version (ADR 0019). The league table of departments is per
viewer (`league`) and only on the staff page. A constant number of queries whatever the number of rows."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Avg, Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongzhi.cases.models import OPEN_STATUSES, Case
from gongzhi.contracts.models import Commitment, Fulfilment
from gongzhi.contracts.selectors import counted_contracts, figures, is_completed, with_progress
from gongzhi.core import clock
from gongzhi.core.registry import compute_stats
from gongzhi.core.scope import ancestor_paths
from gongzhi.lists.models import Category, Need, Resource, ResourceStatus
from gongzhi.lists.permissions import PUBLIC_NEED_STATUSES
from gongzhi.open311.models import ServiceArea
from gongzhi.rates import periods
from gongzhi.rates.permissions import departments_for_table
from gongzhi.rates.selectors import (
    Rate,
    area_figures,
    composite,
    department_lines,
    node_figures,
    satisfaction_rate,
    sort_lines,
    weights_for,
    weights_table,
)
from gongzhi.regions.models import RegionKind, RegionNode
from gongzhi.reports.snapshots import latest
from gongzhi.servicepoints.models import NeighbourhoodLocation

# The headline tiles: (key, label, unit, percent, where the value comes from). "stat:<key>" is a registered figure
# (core.registry), "contracts:<field>" the contracts' report, "cases:received" the rates' node line.
TILES = [
    ("units", gettext_lazy("共建单位"), gettext_lazy("个"), False, "stat:contract_units"),
    ("contracts", gettext_lazy("签订契约"), gettext_lazy("份"), False, "contracts:contracts"),
    ("items", gettext_lazy("承诺事项"), gettext_lazy("项"), False, "stat:contract_items"),
    ("completed", gettext_lazy("已完成事项"), gettext_lazy("项"), False, "contracts:completed_items"),
    ("person_times", gettext_lazy("服务群众"), gettext_lazy("人次"), False, "stat:contract_person_times"),
    ("services", gettext_lazy("开展服务"), gettext_lazy("次"), False, "contracts:services_held"),
    ("volunteer_hours", gettext_lazy("志愿服务时长"), gettext_lazy("小时"), False, "stat:volunteer_hours"),
    ("disputes_mediated", gettext_lazy("调解纠纷"), gettext_lazy("件"), False, "stat:disputes_mediated"),
    ("cases", gettext_lazy("受理诉求"), gettext_lazy("件"), False, "cases:received"),
    ("rate_response", gettext_lazy("响应率"), "", True, "stat:rate_response"),
    ("rate_resolution", gettext_lazy("解决率"), "", True, "stat:rate_resolution"),
    ("rate_satisfaction", gettext_lazy("满意率"), "", True, "stat:rate_satisfaction"),
]

MAP_FIGURES = {
    "fulfilment": gettext_lazy("契约履约率"),
    "open_cases": gettext_lazy("在办诉求"),
    "composite": gettext_lazy("三率综合得分"),
}
DEFAULT_MAP = "fulfilment"

# The seeded service categories (lists/migrations/0003) in the visitor's language; a category added later by an
# administrator shows under its own name.
CATEGORY_LABELS = {
    "medical": gettext_lazy("义诊医疗"), "lecture": gettext_lazy("公益讲座"), "elderly": gettext_lazy("助老"),
    "education": gettext_lazy("助学"), "legal": gettext_lazy("法律服务"), "culture_sports": gettext_lazy("文体活动"),
    "repairs": gettext_lazy("便民维修"), "environment": gettext_lazy("环境整治"),
    "employment": gettext_lazy("就业帮扶"), "hardship_relief": gettext_lazy("帮困慰问"),
    "party_building": gettext_lazy("党建共建"),
}

LEAGUE_SIZE = 10


def _number(value) -> float | None:
    """A JSON-friendly figure: Decimals as floats, None stays None."""
    if isinstance(value, Decimal):
        return float(value)
    return value


def _percent(value) -> float | None:
    return None if value is None else round(float(value) * 100, 1)


def registered_figures(node: RegionNode, year: int, *, keys=None) -> tuple[dict, dt.datetime | None]:
    """Every registered figure of `node` and `year`: from the night's snapshot when there is one (sixty figures over
    a district's rows are too slow to compute on every rebuild), else computed now (only those in `keys`, when
    given); and when the snapshot was taken."""
    snap = latest(node, year)
    if snap is not None:
        return snap.values, snap.taken_at
    return {s["key"]: s["value"] for s in compute_stats(node, year, keys=keys)}, None


# The registered figures the tiles show: without a snapshot only these are computed (a district's sixty figures
# include counts over its 650,000 residents that no tile shows).
TILE_STATS = frozenset(source.split(":")[1] for *_, source in TILES if source.startswith("stat:"))


def tile_figures(node: RegionNode, year: int) -> tuple[dict, dt.datetime | None]:
    """The tiles' registered figures of `node` and `year`: the night's snapshot's when there is one, else computed
    now; and when the snapshot was taken."""
    return registered_figures(node, year, keys=TILE_STATS)


def _year_values(node: RegionNode, year: int, stats: dict | None = None) -> dict[str, float | None]:
    if stats is None:
        stats, _taken = tile_figures(node, year)
    report = figures(path=node.path, year=year)
    received = node_figures(node, periods.year(year), with_times=False).received
    values: dict[str, float | None] = {}
    for key, _label, _unit, percent, source in TILES:
        kind, name = source.split(":")
        value = stats.get(name) if kind == "stat" else getattr(report, name) if kind == "contracts" else received
        values[key] = _percent(value) if percent else _number(value)
    return values


def tiles(node: RegionNode, year: int, stats: dict | None = None) -> list[dict]:
    """The headline figures for `year` with last year's and the change (percentage points for the rates)."""
    this, last = _year_values(node, year, stats), _year_values(node, year - 1)
    out = []
    for key, label, unit, percent, _source in TILES:
        value, before = this[key], last[key]
        change = None if value is None or before is None else round(value - before, 1)
        out.append({"key": key, "label": str(label), "unit": str(unit), "percent": percent, "value": value,
                    "last": before, "change": change})
    return out


def _months(rows, field: str, year: int) -> list:
    """Twelve values, January first; the months of this year still to come are None (no bar, no line)."""
    by_month = {r["month"].month: r[field] or 0 for r in rows if r["month"] is not None}
    today = clock.today()
    last = today.month if year == today.year else 12
    return [_number(by_month.get(m, 0)) if m <= last else None for m in range(1, 13)]


def trends(node: RegionNode, year: int) -> dict:
    """Cases received and fulfilment records (services, person-times) per month of `year`."""
    tz = timezone.get_current_timezone()
    case_rows = (Case.objects.filter(community__path__startswith=node.path, reported_at__year=year)
             .annotate(month=TruncMonth("reported_at", tzinfo=tz)).values("month").order_by("month")
             .annotate(n=Count("pk")))
    commitments = Commitment.objects.filter(contract__in=counted_contracts(path=node.path, year=year))
    service_rows = (Fulfilment.objects.filter(commitment__in=commitments, date__year=year)
                .annotate(month=TruncMonth("date")).values("month").order_by("month")
                .annotate(n=Count("pk"), people=Sum("person_times")))
    cases, services = list(case_rows), list(service_rows)
    return {"cases": _months(cases, "n", year), "services": _months(services, "n", year),
            "person_times": _months(services, "people", year)}


def categories(node: RegionNode, year: int) -> list[dict]:
    """Published needs and resources of `year` per active category, in the taxonomy's order."""
    needs = dict(Need.objects.filter(community__path__startswith=node.path, year=year,
                                     status__in=PUBLIC_NEED_STATUSES)
                 .values("category_id").order_by("category_id").annotate(n=Count("pk")).values_list("category_id", "n"))
    resources = dict(Resource.objects.filter(community__path__startswith=node.path, year=year,
                                             status=ResourceStatus.PUBLISHED)
                     .values("category_id").order_by("category_id").annotate(n=Count("pk"))
                     .values_list("category_id", "n"))
    return [{"name": str(CATEGORY_LABELS.get(c.code, c.name)), "needs": needs.get(c.pk, 0),
             "resources": resources.get(c.pk, 0)}
            for c in Category.objects.filter(active=True).order_by("order", "pk")]


def _communities(node: RegionNode) -> list[RegionNode]:
    if node.kind == RegionKind.COMMUNITY:
        return [node]
    return list(RegionNode.objects.filter(kind=RegionKind.COMMUNITY, path__startswith=node.path).order_by("path"))


def _locations(communities: list[RegionNode]) -> dict[int, tuple[float, float]]:
    """{community id: (longitude, latitude)}: the mean of its neighbourhoods' locations, else of its Open311 areas'
    centres (two GROUP BY queries)."""
    ids = [c.pk for c in communities]
    found: dict[int, tuple[float, float]] = {r["community"]: (float(r["lon"]), float(r["lat"])) for r in
             ServiceArea.objects.filter(community_id__in=ids).values("community").order_by("community")
             .annotate(lat=Avg("lat"), lon=Avg("long"))}
    found.update({r["neighbourhood__parent"]: (float(r["lon"]), float(r["lat"])) for r in  # type: ignore[misc]
                  NeighbourhoodLocation.objects.filter(neighbourhood__parent_id__in=ids)
                  .values("neighbourhood__parent").order_by("neighbourhood__parent")
                  .annotate(lat=Avg("lat"), lon=Avg("lon"))})
    return found


def _fulfilment(node: RegionNode, year: int) -> dict[int, float | None]:
    """Per community: completed ÷ committed items of the year's counted contracts, as a percentage (one query)."""
    commitments = Commitment.objects.filter(contract__in=counted_contracts(path=node.path, year=year))
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for c in with_progress(commitments).select_related("contract").only(
            "pk", "target_services", "target_person_times", "contract__community"):
        counts[c.contract.community_id][1] += 1
        counts[c.contract.community_id][0] += is_completed(c)
    return {pk: round(100 * done / total, 1) for pk, (done, total) in counts.items() if total}


def _open_cases(communities: list[RegionNode]) -> dict[int, int]:
    return dict(Case.objects.filter(community__in=[c.pk for c in communities], status__in=OPEN_STATUSES)
                .values("community_id").order_by("community_id").annotate(n=Count("pk"))
                .values_list("community_id", "n"))


def _composites(node: RegionNode, communities: list[RegionNode], year: int) -> dict[int, float | None]:
    """Per community: the composite score of the year's three rates (docs/rates.md), the same as each community's
    `rates.selectors.node_figures` line, from one grouped aggregate."""
    rows = area_figures(Case.objects.filter(community__path__startswith=node.path), periods.year(year),
                        group="community_id", with_times=False)
    table = weights_table()
    out: dict[int, float | None] = {}
    for c in communities:
        row = rows.get(c.pk)
        if row is None:
            out[c.pk] = None
            continue
        rates = [Rate(row["resp_num"], row["resp_den"]).value, Rate(row["res_num"], row["res_den"]).value,
                 satisfaction_rate(row).value]
        score = composite(rates, weights_for(c.path, table))
        out[c.pk] = None if score is None else round(score, 1)
    return out


def community_map(node: RegionNode, year: int, figure: str) -> dict:
    figure = figure if figure in MAP_FIGURES else DEFAULT_MAP
    communities = _communities(node)
    where = _locations(communities)
    if figure == "fulfilment":
        values: dict = _fulfilment(node, year)
    elif figure == "open_cases":
        values = _open_cases(communities)
    else:
        values = _composites(node, communities, year)
    points, missing = [], []
    for c in communities:
        value = values.get(c.pk, 0 if figure == "open_cases" else None)
        if c.pk in where:
            lon, lat = where[c.pk]
            points.append({"name": c.name, "lon": round(lon, 5), "lat": round(lat, 5), "value": value})
        else:
            missing.append({"name": c.name, "value": value})
    return {"figure": figure, "label": str(MAP_FIGURES[figure]), "percent": figure != "open_cases",
            "higher_is_better": figure != "open_cases", "points": points, "missing": missing,
            "choices": [{"key": k, "label": str(v)} for k, v in MAP_FIGURES.items()]}


def chart_labels() -> dict:
    """The charts' words in the active language (the JS draws what it is given)."""
    return {
        "trends": _("本年度逐月趋势"), "cases": _("受理诉求"), "services": _("开展服务"),
        "person_times": _("服务人次"), "categories": _("服务类别：需求与资源"), "needs": _("公布需求"),
        "resources": _("公布资源"), "map": _("社区分布"), "no_value": _("暂无数据"),
        "months": [_("%(m)d月") % {"m": m} for m in range(1, 13)],
    }


def node_data(node: RegionNode, year: int, figure: str) -> dict:
    """Everything the dashboard shows of `node` that is the same for every viewer (no person, no case text)."""
    stats, taken = tile_figures(node, year)
    return {
        "node": {"id": node.pk, "name": node.name, "kind": node.kind, "kind_label": str(node.get_kind_display())},
        "year": year,
        "tiles": tiles(node, year, stats),
        "snapshot_at": timezone.localtime(taken).strftime("%m-%d %H:%M") if taken else "",
        "trends": trends(node, year),
        "categories": categories(node, year),
        "map": community_map(node, year, figure),
        "labels": chart_labels(),
        "built_at": timezone.localtime(clock.now()).strftime("%H:%M"),
    }


def league(user, node: RegionNode, year: int) -> list[dict]:
    """The departments' league table of the year (`rates.selectors.department_lines`, scoped to the viewer as
    everywhere), narrowed to the departments placed in or above `node`, best composite first, top ten."""
    above = [p for p in ancestor_paths(node.path) if p != node.path]
    departments = departments_for_table(user).filter(Q(home__path__startswith=node.path) | Q(home__path__in=above))
    lines = sort_lines(department_lines(user, periods.year(year), departments=departments), "composite")
    return [{"rank": ln.rank, "name": ln.name, "received": ln.received,
             "composite": None if ln.composite is None else round(ln.composite, 1),
             "response": _percent(ln.response.value), "resolution": _percent(ln.resolution.value),
             "satisfaction": _percent(ln.satisfaction.value)} for ln in lines[:LEAGUE_SIZE]]


def current_year() -> int:
    return clock.today().year

