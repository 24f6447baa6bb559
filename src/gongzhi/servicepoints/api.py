"""服务阵地 JSON API under /api/v1/servicepoints: the directory (list, one point, nearest a neighbourhood), every staff
action (register, change, close, reopen a point; set a neighbourhood's coordinates; set a district's bounding box),
the 15-minute circle of a community, and the Open Referral HSDS export (public, no login: points in use and
organisations only).

Reads start from the scoped querysets; writes call the same services as the pages. Out of scope — or in sight but
not the user's to change — is 404; bad input is 400 with a Chinese message and nothing written."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from gongzhi.core import limits
from gongzhi.core.listing import Presented
from gongzhi.core.schemas import Id, id_query
from gongzhi.organisations.models import Organisation
from gongzhi.regions.models import RegionKind, RegionNode
from gongzhi.servicepoints import hsds, selectors, services
from gongzhi.servicepoints.models import NeighbourhoodLocation, ServicePoint
from gongzhi.servicepoints.permissions import (
    get_community_for_user,
    get_neighbourhood_for_user,
    get_point_for_user,
    neighbourhoods_visible_to,
    sees_servicepoints_as_staff,
)

router = Router(tags=["服务阵地"])


# --- schemas ------------------------------------------------------------------------------------------------------

class SpOfferOut(Schema):
    id: int
    title: str
    description: str
    audience: str
    valid_until: dt.date | None


class SpPointOut(Schema):
    id: int
    community_id: int
    community_name: str
    kind: str
    kind_label: str
    name: str
    description: str
    address: str
    lat: float
    lon: float
    offerings: list[str]
    offering_labels: list[str]
    elderly_discount: float | None
    discount_label: str
    open_24h: bool
    opens_at: str | None
    closes_at: str | None
    days: str
    hours_label: str
    operator_id: int | None
    operator_name: str | None
    active: bool
    offers: list[SpOfferOut]


class SpNearbyOut(Schema):
    metres: int
    walk_minutes: int
    within_15_minutes: bool
    point: SpPointOut


Lat = Decimal | str | float
Text = limits.text(limits.SHORT_TEXT)


class SpPointIn(Schema):
    community_id: Id
    kind: limits.text(32)
    name: limits.text(limits.NAME)
    address: Text
    lat: Lat
    lon: Lat
    offerings: list[limits.text(32)] = Field(default_factory=list, max_length=40)
    elderly_discount: Decimal | str | None = None
    open_24h: bool = False
    opens_at: str | None = Field(None, max_length=8)
    closes_at: str | None = Field(None, max_length=8)
    days: str = Field("1234567", max_length=7)
    operator_id: Id | None = None
    description: limits.text(limits.NOTE) = ""


class SpPointChangeIn(Schema):
    kind: limits.text(32) | None = None
    name: limits.text(limits.NAME) | None = None
    address: Text | None = None
    lat: Lat | None = None
    lon: Lat | None = None
    offerings: list[limits.text(32)] | None = Field(None, max_length=40)
    elderly_discount: Decimal | str | None = None
    open_24h: bool | None = None
    opens_at: str | None = Field(None, max_length=8)
    closes_at: str | None = Field(None, max_length=8)
    days: str | None = Field(None, max_length=7)
    operator_id: Id | None = None
    description: limits.text(limits.NOTE) | None = None


class SpReasonIn(Schema):
    reason: Text = ""


class SpLocationIn(Schema):
    lat: Lat
    lon: Lat


class SpNeighbourhoodOut(Schema):
    id: int
    name: str
    community_id: int
    community_name: str
    lat: float | None
    lon: float | None


class SpAreaIn(Schema):
    region_id: Id
    min_lat: Lat
    max_lat: Lat
    min_lon: Lat
    max_lon: Lat
    province: limits.text(40) = "广西壮族自治区"
    postal_code: limits.text(6) = ""


class SpAreaOut(Schema):
    region_id: int
    min_lat: float
    max_lat: float
    min_lon: float
    max_lon: float
    province: str
    postal_code: str


class SpReachOut(Schema):
    need: str
    need_label: str
    point_id: int | None
    point_name: str | None
    metres: int | None
    walk_minutes: int | None
    within_15_minutes: bool


class SpCircleRowOut(Schema):
    neighbourhood_id: int
    neighbourhood_name: str
    lat: float | None
    lon: float | None
    reaches: list[SpReachOut]
    gaps: list[str]


class SpCircleOut(Schema):
    community_id: int
    community_name: str
    walk_kmh: float
    radius_m: int
    neighbourhoods: list[SpCircleRowOut]
    covered: dict[str, int]
    located: int
    complete: int


# --- presenters -----------------------------------------------------------------------------------------------------

def _point(p: ServicePoint) -> dict:
    return {
        "id": p.pk, "community_id": p.community_id, "community_name": p.community.name, "kind": p.kind,
        "kind_label": str(p.get_kind_display()), "name": p.name, "description": p.description,
        "address": p.address, "lat": float(p.lat), "lon": float(p.lon), "offerings": p.offerings,
        "offering_labels": p.offering_labels,
        "elderly_discount": float(p.elderly_discount) if p.elderly_discount is not None else None,
        "discount_label": p.discount_label, "open_24h": p.open_24h,
        "opens_at": f"{p.opens_at:%H:%M}" if p.opens_at else None,
        "closes_at": f"{p.closes_at:%H:%M}" if p.closes_at else None, "days": p.days, "hours_label": p.hours_label,
        "operator_id": p.operator_id, "operator_name": p.operator.name if p.operator else None, "active": p.active,
        "offers": [{"id": o.pk, "title": o.title, "description": o.description, "audience": o.audience,
                    "valid_until": o.valid_until} for o in getattr(p, "current_offers", [])]}


class _Points(Presented):
    """A page of points with their operators' offers loaded in one query."""

    def __init__(self, queryset):
        super().__init__(queryset, None)

    def __getitem__(self, index):
        rows = list(self.queryset[index]) if isinstance(index, slice) else [self.queryset[index]]
        out = [_point(p) for p in selectors.with_offers(rows)]
        return out if isinstance(index, slice) else out[0]


def _fresh(user, pk: int) -> dict:
    point = get_point_for_user(user, pk)
    return _point(selectors.with_offers([point])[0])


def _operator(pk: int | None) -> Organisation | None:
    return get_object_or_404(Organisation, pk=pk) if pk is not None else None


def _staff(request) -> None:
    if not sees_servicepoints_as_staff(request.user):
        raise Http404


# --- the directory --------------------------------------------------------------------------------------------------

@router.get("/points", response=list[SpPointOut], summary="服务阵地目录（居民：在用的；工作人员：本辖区全部）")
@paginate
def list_points(request, kind: str = "", q: str = "", active: str = "", community_id: int | None = id_query()):
    if sees_servicepoints_as_staff(request.user):
        qs = selectors.staff_points(request.user, community=community_id, kind=kind, active=active, q=q)
    else:
        qs = selectors.directory(request.user, community=community_id, kind=kind, q=q)
    return _Points(qs)


@router.get("/points/{int:point_id}", response=SpPointOut, summary="一处服务阵地及其商家优惠")
def get_point(request, point_id: int):
    return _fresh(request.user, point_id)


@router.get("/nearby", response=list[SpNearbyOut], summary="离某个小区最近的服务阵地（3 公里内，由近到远，含步行分钟）")
def nearby(request, neighbourhood_id: int = id_query(...), need: str = "", kind: str = ""):
    location = get_object_or_404(NeighbourhoodLocation, neighbourhood_id=neighbourhood_id)
    return [{"metres": r.metres, "walk_minutes": r.minutes, "within_15_minutes": r.in_circle,
             "point": _point(r.point)}
            for r in selectors.nearby(request.user, origin=location, kind=kind, need=need)]


# --- staff actions --------------------------------------------------------------------------------------------------

@router.post("/points", response={201: SpPointOut}, summary="登记服务阵地（坐标须在本区范围内）")
def create_point(request, payload: SpPointIn):
    _staff(request)
    data = payload.dict()
    community = get_object_or_404(RegionNode, pk=data.pop("community_id"), kind=RegionKind.COMMUNITY)
    if not request.user.scope.covers(community.path):
        raise Http404
    data["operator"] = _operator(data.pop("operator_id"))
    point = services.create_point(actor=request.user, community=community, **data)
    return Status(201, _fresh(request.user, point.pk))


@router.post("/points/{int:point_id}", response=SpPointOut, summary="修改服务阵地（只改给出的字段）")
def change_point(request, point_id: int, payload: SpPointChangeIn):
    point = get_point_for_user(request.user, point_id, write=True)
    changes = payload.dict(exclude_unset=True)
    if "operator_id" in changes:
        changes["operator"] = _operator(changes.pop("operator_id"))
    services.change_point(actor=request.user, point=point, **changes)
    return _fresh(request.user, point_id)


@router.post("/points/{int:point_id}/close", response=SpPointOut, summary="停用服务阵地（须写原因）")
def close_point(request, point_id: int, payload: SpReasonIn):
    point = get_point_for_user(request.user, point_id, write=True)
    services.set_point_active(actor=request.user, point=point, active=False, reason=payload.reason)
    return _fresh(request.user, point_id)


@router.post("/points/{int:point_id}/reopen", response=SpPointOut, summary="恢复使用服务阵地")
def reopen_point(request, point_id: int, payload: SpReasonIn):
    point = get_point_for_user(request.user, point_id, write=True)
    services.set_point_active(actor=request.user, point=point, active=True, reason=payload.reason)
    return _fresh(request.user, point_id)


def _neighbourhood(n: RegionNode) -> dict:
    loc = getattr(n, "location", None)
    return {"id": n.pk, "name": n.name, "community_id": n.parent_id, "community_name": n.parent.name,
            "lat": float(loc.lat) if loc else None, "lon": float(loc.lon) if loc else None}


@router.get("/neighbourhoods", response=list[SpNeighbourhoodOut], summary="小区位置（本辖区）")
@paginate
def list_neighbourhoods(request, community_id: int | None = id_query()):
    _staff(request)
    qs = neighbourhoods_visible_to(request.user).select_related("parent", "location").order_by("path")
    if community_id is not None:
        qs = qs.filter(parent_id=community_id)
    return Presented(qs, _neighbourhood)


@router.post("/neighbourhoods/{int:neighbourhood_id}/location", response=SpNeighbourhoodOut,
             summary="设定小区位置（坐标须在本区范围内）")
def set_location(request, neighbourhood_id: int, payload: SpLocationIn):
    node = get_neighbourhood_for_user(request.user, neighbourhood_id, write=True)
    services.set_neighbourhood_location(actor=request.user, neighbourhood=node, lat=payload.lat, lon=payload.lon)
    node = neighbourhoods_visible_to(request.user).select_related("parent", "location").get(pk=node.pk)
    return _neighbourhood(node)


@router.post("/areas", response=SpAreaOut, summary="设定区（或街道）的地理范围（区级工作人员）")
def set_area(request, payload: SpAreaIn):
    _staff(request)
    region = get_object_or_404(RegionNode, pk=payload.region_id)
    if not request.user.scope.covers(region.path):
        raise Http404
    data = payload.dict()
    data.pop("region_id")
    area = services.set_service_area(actor=request.user, region=region, **data)
    return {"region_id": area.region_id, "min_lat": float(area.min_lat), "max_lat": float(area.max_lat),
            "min_lon": float(area.min_lon), "max_lon": float(area.max_lon), "province": area.province,
            "postal_code": area.postal_code}


# --- the 15-minute circle and the HSDS export -------------------------------------------------------------------------

@router.get("/circle/{int:community_id}", response=SpCircleOut, summary="社区的15分钟服务圈：各小区可达的服务与缺口")
def get_circle(request, community_id: int):
    from gongzhi.servicepoints.geometry import CIRCLE_RADIUS_M, WALK_KMH

    community = get_community_for_user(request.user, community_id)
    found = selectors.circle(community)
    rows = []
    for r in found.rows:
        rows.append({
            "neighbourhood_id": r.neighbourhood.pk, "neighbourhood_name": r.neighbourhood.name,
            "lat": float(r.location.lat) if r.location else None, "lon": float(r.location.lon) if r.location else None,
            "reaches": [{"need": x.need.code, "need_label": x.need.label, "point_id": x.point.pk if x.point else None,
                         "point_name": x.point.name if x.point else None, "metres": x.metres,
                         "walk_minutes": x.minutes,
                         "within_15_minutes": x.metres is not None and x.metres <= CIRCLE_RADIUS_M}
                        for x in r.reaches],
            "gaps": [g.code for g in r.gaps] if r.location else []})
    return {"community_id": community.pk, "community_name": community.name, "walk_kmh": float(WALK_KMH),
            "radius_m": int(CIRCLE_RADIUS_M), "neighbourhoods": rows,
            "covered": {n.code: found.covered(n.code) for n in found.needs}, "located": len(found.located),
            "complete": found.complete_count}


@router.get("/hsds", auth=None, summary="Open Referral HSDS 3.0.1 导出（公开：在用的服务阵地与单位，不含个人信息）")
def hsds_export(request, region_id: int | None = id_query()):
    region = get_object_or_404(RegionNode, pk=region_id) if region_id is not None else None
    return hsds.export(region)


@router.get("/hsds.zip", auth=None, summary="Open Referral HSDS 导出（CSV 表格，ZIP 压缩包；公开）")
def hsds_zip(request, region_id: int | None = id_query()):
    region = get_object_or_404(RegionNode, pk=region_id) if region_id is not None else None
    response = HttpResponse(hsds.export_zip(region), content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="hsds.zip"'
    return response
