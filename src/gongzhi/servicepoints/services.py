"""服务阵地: every write (keyword-only functions, one transaction, the checks, the chronicle entry).

Every input is checked before anything is written: a coordinate outside the district's bounding box, opening hours
that end before they start, an unknown kind or offering are refused with a Chinese message naming the field, and
nothing changes. `actor` None means the system (the demo): permission checks are skipped, the rules are not."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from gongzhi.chronicle.services import record
from gongzhi.core import clock, limits
from gongzhi.core.checks import collect_text, require
from gongzhi.core.scope import ancestor_paths
from gongzhi.organisations.models import Organisation
from gongzhi.regions.models import RegionKind, RegionNode
from gongzhi.servicepoints.models import (
    WEEKDAYS,
    NeighbourhoodLocation,
    Offering,
    PointKind,
    ServiceArea,
    ServicePoint,
)
from gongzhi.servicepoints.permissions import may_maintain, may_set_area

DISCOUNT = (Decimal("0.1"), Decimal("100"))  # 元 off a meal: a tenth of a yuan to a hundred
Q6 = Decimal("0.000001")


def _degrees(errors: dict, field: str, value: Any, *, label: str, low: int, high: int) -> Decimal | None:
    try:
        number = Decimal(str(value).strip()) if value not in (None, "") and not isinstance(value, bool) else None
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or not low <= number <= high:
        errors[field] = _("%(label)s须为 %(low)s 到 %(high)s 之间的度数（WGS-84，如 25.2736）") % {
            "label": label, "low": low, "high": high}
        return None
    return number.quantize(Q6)


def area_for(node: RegionNode) -> ServiceArea | None:
    """The bounding box that holds `node`: the nearest one set on the node or above it (street before district)."""
    return (ServiceArea.objects.filter(region__path__in=ancestor_paths(node.path)).select_related("region")
            .order_by("-region__depth").first())


def _coordinates(errors: dict, node: RegionNode, lat: Any, lon: Any) -> tuple[Decimal | None, Decimal | None]:
    """Degrees inside the district's bounding box, else a message naming the box."""
    lat_d = _degrees(errors, "lat", lat, label=_("纬度"), low=-90, high=90)
    lon_d = _degrees(errors, "lon", lon, label=_("经度"), low=-180, high=180)
    if lat_d is None or lon_d is None:
        return lat_d, lon_d
    area = area_for(node)
    if area is None:
        errors["lat"] = _("%(place)s所在的区尚未设定地理范围，请先由区级工作人员设定后再填写坐标") % {"place": node.name}
    elif not area.holds(lat_d, lon_d):
        errors["lat"] = _("坐标（纬度 %(lat)s，经度 %(lon)s）不在%(area)s范围内（纬度 %(s)s—%(n)s，经度 %(w)s—%(e)s），"
                          "请核对是否填反或输错") % {
            "lat": lat_d.normalize(), "lon": lon_d.normalize(), "area": area.region.name,
            "s": area.min_lat.normalize(), "n": area.max_lat.normalize(), "w": area.min_lon.normalize(),
            "e": area.max_lon.normalize()}
    return lat_d, lon_d


def _time(errors: dict, field: str, value: Any, *, label: str) -> dt.time | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.time):
        return value.replace(second=0, microsecond=0, tzinfo=None)
    try:
        hours, minutes = str(value).strip().split(":")[:2]
        return dt.time(int(hours), int(minutes))
    except (TypeError, ValueError):
        errors[field] = _("%(label)s须为 时:分，如 07:30") % {"label": label}
        return None


def _hours(errors: dict, *, open_24h: Any, opens_at: Any, closes_at: Any, days: Any):
    open_24h = bool(open_24h)
    days = "".join(sorted(set(str(days if days not in (None, "") else WEEKDAYS))))
    if not days or any(d not in WEEKDAYS for d in days):
        errors["days"] = _("开放日须为 1（周一）到 7（周日）之间的数字")
    if open_24h:
        return True, None, None, WEEKDAYS
    opens = _time(errors, "opens_at", opens_at, label=_("开放时间"))
    closes = _time(errors, "closes_at", closes_at, label=_("关闭时间"))
    if "opens_at" not in errors and "closes_at" not in errors:
        if opens is None or closes is None:
            errors["opens_at"] = _("请填写开放和关闭时间，或勾选“24小时开放”")
        elif closes <= opens:
            errors["closes_at"] = _("关闭时间（%(c)s）须晚于开放时间（%(o)s）") % {"c": f"{closes:%H:%M}",
                                                                        "o": f"{opens:%H:%M}"}
    return False, opens, closes, days


def _kind(errors: dict, kind: Any) -> str:
    if kind not in PointKind.values:
        errors["kind"] = _("未知的服务阵地类别：%(kind)s（可选：%(known)s）") % {
            "kind": kind or "—", "known": "、".join(str(label) for label in PointKind.labels)}
    return str(kind or "")


def _offerings(errors: dict, offerings: Any) -> list[str]:
    if isinstance(offerings, str):
        offerings = [o for o in offerings.replace("，", ",").split(",") if o.strip()]
    chosen = [str(o).strip() for o in (offerings or [])]
    unknown = [o for o in chosen if o not in Offering.values]
    if unknown:
        errors["offerings"] = _("未知的服务内容：%(items)s") % {"items": "、".join(unknown[:5])}
    return [o for o in Offering.values if o in chosen]  # in the catalogue's order, each once


def _discount(errors: dict, offerings: list[str], value: Any) -> Decimal | None:
    if Offering.ELDERLY_DISCOUNT not in offerings:
        return None
    try:
        amount = Decimal(str(value).strip()) if value not in (None, "") else None
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite() or not DISCOUNT[0] <= amount <= DISCOUNT[1]:
        errors["elderly_discount"] = _("提供老年人就餐优惠时，请填写优惠金额（%(low)s—%(high)s 元，如 2）") % {
            "low": DISCOUNT[0], "high": DISCOUNT[1]}
        return None
    return amount.quantize(Decimal("0.01"))


def _community(errors: dict, node: RegionNode | None) -> RegionNode | None:
    if node is None or node.kind != RegionKind.COMMUNITY:
        errors["community"] = _("请选择社区")
        return None
    return node


def _operator(errors: dict, operator: Organisation | None, community: RegionNode | None) -> Organisation | None:
    if operator is None or community is None:
        return operator
    area = area_for(community)
    if area is not None and not operator.home.path.startswith(area.region.path):
        errors["operator"] = _("运营单位须是%(area)s的单位") % {"area": area.region.name}
    return operator


def _clean(*, community, kind, name, address, lat, lon, offerings, elderly_discount, open_24h, opens_at, closes_at,
           days, operator, description) -> dict:
    errors: dict[str, str] = {}
    community = _community(errors, community)
    fields: dict[str, Any] = {"community": community, "kind": _kind(errors, kind)}
    fields["name"] = collect_text(errors, "name", name, label=_("名称"), max_length=limits.NAME, required=True)
    fields["address"] = collect_text(errors, "address", address, label=_("地址"), max_length=limits.SHORT_TEXT,
                              required=True)
    fields["description"] = collect_text(errors, "description", description, label=_("简介"), max_length=limits.NOTE,
                                  required=False)
    fields["offerings"] = _offerings(errors, offerings)
    if not fields["offerings"] and "offerings" not in errors:
        errors["offerings"] = _("请至少选择一项服务内容")
    fields["elderly_discount"] = _discount(errors, fields["offerings"], elderly_discount)
    fields["open_24h"], fields["opens_at"], fields["closes_at"], fields["days"] = _hours(
        errors, open_24h=open_24h, opens_at=opens_at, closes_at=closes_at, days=days)
    if community is not None:
        fields["lat"], fields["lon"] = _coordinates(errors, community, lat, lon)
    fields["operator"] = _operator(errors, operator, community)
    if errors:
        raise ValidationError(errors)
    return fields


def _public(point: ServicePoint) -> dict:
    return {"name": point.name, "kind": point.kind, "address": point.address, "lat": str(point.lat),
            "lon": str(point.lon), "offerings": point.offerings,
            "elderly_discount": str(point.elderly_discount) if point.elderly_discount is not None else None,
            "hours": point.hours_label, "operator": point.operator_id}


def _saved(point: ServicePoint) -> ServicePoint:
    try:
        with transaction.atomic():
            point.save()
    except IntegrityError:
        raise ValidationError({"name": _("本社区已有同名的服务阵地：%(name)s") % {"name": point.name}}) from None
    return point


@transaction.atomic
def create_point(*, actor, community: RegionNode, kind: str, name: str, address: str, lat, lon,
                 offerings=(), elderly_discount=None, open_24h: bool = False, opens_at=None, closes_at=None,
                 days: str = WEEKDAYS, operator: Organisation | None = None, description: str = "") -> ServicePoint:
    if community is not None and actor is not None:
        require(may_maintain(actor, community))
    fields = _clean(community=community, kind=kind, name=name, address=address, lat=lat, lon=lon,
                    offerings=offerings, elderly_discount=elderly_discount, open_24h=open_24h, opens_at=opens_at,
                    closes_at=closes_at, days=days, operator=operator, description=description)
    now = clock.now()
    point = _saved(ServicePoint(**fields, created_by=actor, created_at=now, updated_at=now))
    record(point, "servicepoints.created", actor, _public(point))
    return point


EDITABLE = ("kind", "name", "address", "lat", "lon", "offerings", "elderly_discount", "open_24h", "opens_at",
            "closes_at", "days", "operator", "description")


@transaction.atomic
def change_point(*, actor, point: ServicePoint, **changes) -> ServicePoint:
    """Change any of EDITABLE; the others keep their values, and the whole point is checked again."""
    require(actor is None or may_maintain(actor, point.community))
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationError(_("不能修改的字段：%(f)s") % {"f": "、".join(sorted(unknown))})
    current = {f: getattr(point, f) for f in EDITABLE}
    fields = _clean(community=point.community, **{**current, **changes})
    before = _public(point)
    for field, value in fields.items():
        setattr(point, field, value)
    point.updated_at = clock.now()
    _saved(point)
    after = _public(point)
    record(point, "servicepoints.changed", actor, {k: after[k] for k in after if after[k] != before[k]})
    return point


@transaction.atomic
def set_point_active(*, actor, point: ServicePoint, active: bool, reason: str = "") -> ServicePoint:
    """Take a point out of use (closed, moved) or back into use; it is never deleted."""
    require(actor is None or may_maintain(actor, point.community))
    errors: dict[str, str] = {}
    reason = collect_text(errors, "reason", reason, label=_("原因"), max_length=limits.SHORT_TEXT, required=not active)
    if errors:
        raise ValidationError(errors)
    locked = ServicePoint.objects.select_for_update().get(pk=point.pk)
    if locked.active == bool(active):
        raise ValidationError(_("该服务阵地已经在用") if active else _("该服务阵地已经停用"))
    locked.active, locked.updated_at = bool(active), clock.now()
    locked.save(update_fields=["active", "updated_at"])
    record(locked, "servicepoints.reopened" if active else "servicepoints.closed", actor, {"reason": reason})
    point.active, point.updated_at = locked.active, locked.updated_at
    return point


@transaction.atomic
def set_neighbourhood_location(*, actor, neighbourhood: RegionNode, lat, lon) -> NeighbourhoodLocation:
    if neighbourhood is None or neighbourhood.kind != RegionKind.NEIGHBOURHOOD:
        raise ValidationError({"neighbourhood": _("请选择小区/院落")})
    require(actor is None or may_maintain(actor, neighbourhood))
    errors: dict[str, str] = {}
    lat_d, lon_d = _coordinates(errors, neighbourhood, lat, lon)
    if errors or lat_d is None or lon_d is None:
        raise ValidationError(errors)
    location, created = NeighbourhoodLocation.objects.select_for_update().get_or_create(
        neighbourhood=neighbourhood, defaults={"lat": lat_d, "lon": lon_d, "set_by": actor, "set_at": clock.now()})
    if not created:
        location.lat, location.lon, location.set_by, location.set_at = lat_d, lon_d, actor, clock.now()
        location.save()
    record(location, "servicepoints.neighbourhood_located", actor, {"lat": str(lat_d), "lon": str(lon_d)})
    return location


@transaction.atomic
def set_service_area(*, actor, region: RegionNode, min_lat, max_lat, min_lon, max_lon,
                     province: str = "广西壮族自治区", postal_code: str = "") -> ServiceArea:
    """A district's (or street's) bounding box. Points and neighbourhoods already placed must stay inside it."""
    if region is None or region.kind not in (RegionKind.DISTRICT, RegionKind.STREET):
        raise ValidationError({"region": _("地理范围须设在区或街道")})
    require(actor is None or may_set_area(actor, region))
    errors: dict[str, str] = {}
    s = _degrees(errors, "min_lat", min_lat, label=_("最南纬度"), low=-90, high=90)
    n = _degrees(errors, "max_lat", max_lat, label=_("最北纬度"), low=-90, high=90)
    w = _degrees(errors, "min_lon", min_lon, label=_("最西经度"), low=-180, high=180)
    e = _degrees(errors, "max_lon", max_lon, label=_("最东经度"), low=-180, high=180)
    province = collect_text(errors, "province", province, label=_("省份"), max_length=40, required=True)
    postal_code = collect_text(errors, "postal_code", postal_code, label=_("邮政编码"), max_length=6, required=False)
    if postal_code and not (postal_code.isascii() and postal_code.isdigit() and len(postal_code) == 6):
        errors["postal_code"] = _("邮政编码须为 6 位数字")
    if errors or s is None or n is None or w is None or e is None:
        raise ValidationError(errors)
    if n <= s or e <= w:
        errors["max_lat"] = _("最北纬度须大于最南纬度，最东经度须大于最西经度")
    else:
        outside = [p.name for p in ServicePoint.objects.filter(community__path__startswith=region.path)
                   if not (s <= p.lat <= n and w <= p.lon <= e)][:3]
        if outside:
            errors["min_lat"] = _("已登记的服务阵地不在新范围内：%(names)s") % {"names": "、".join(outside)}
    if errors:
        raise ValidationError(errors)
    area, _created = ServiceArea.objects.update_or_create(region=region, defaults={
        "min_lat": s, "max_lat": n, "min_lon": w, "max_lon": e, "province": province, "postal_code": postal_code,
        "set_by": actor, "set_at": clock.now()})
    record(area, "servicepoints.area_set", actor, {"box": [str(s), str(n), str(w), str(e)]})
    return area
