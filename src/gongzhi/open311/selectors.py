"""Read side of the Open311 interface: the service list and definitions, where a reported location belongs, and
the public view of cases as GeoReport service requests.

GeoReport GET is public, so a service request shows only what the public board may show: never the resident's
own words (the description is the public wording staff approved on the case page, and left out until there is
one), no name, phone or email, the address down to the neighbourhood (小区) and never a building, unit or floor,
coordinates snapped to a grid of about one kilometre, and the state without staff notes. Dispute cases (矛盾纠纷:
family, neighbour, labour disputes) are not published at all."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import CharField, Exists, F, OuterRef, Prefetch, Q, Subquery, Value
from django.utils.translation import gettext as _

from gongzhi.cases.models import (
    AttributeType,
    Case,
    CaseCategory,
    CaseEvent,
    CaseKind,
    CaseStatus,
    CategoryAttribute,
    Counting,
    Whistle,
    WhistleStatus,
)
from gongzhi.cases.permissions import public_note, public_wording
from gongzhi.core import clock
from gongzhi.core.scope import ancestor_paths
from gongzhi.open311.formats import Open311Error, w3c
from gongzhi.open311.models import RequestToken, ServiceArea
from gongzhi.regions.models import SEGMENT, RegionKind, RegionNode

MAX_REQUESTS = 1000
DEFAULT_SPAN = dt.timedelta(days=90)
COORDINATE_DECIMALS = 2  # about 1 km: the neighbourhood, never one building or home
OPEN = "open"
CLOSED = "closed"
CLOSED_STATUSES = (CaseStatus.CLOSED, CaseStatus.REJECTED)
LIST_TYPES = (AttributeType.SINGLE, AttributeType.MULTI)
# Nodes whose names locate a request from its address_string, and those an address is written with.
NAMED_PLACE_KINDS = (RegionKind.COMMUNITY, RegionKind.NEIGHBOURHOOD)
ADDRESS_KINDS = (RegionKind.NEIGHBOURHOOD, RegionKind.COMMUNITY, RegionKind.STREET, RegionKind.DISTRICT,
                 RegionKind.CITY)


def jurisdiction_id() -> str:
    return getattr(settings, "GONGZHI_OPEN311_JURISDICTION", "guilin.gongzhi")


def check_jurisdiction(params) -> None:
    """This endpoint serves one jurisdiction: jurisdiction_id is optional, but a different one is not found."""
    given = (params.get("jurisdiction_id", "") or "").strip()
    if given and given != jurisdiction_id():
        raise Open311Error(404, _("jurisdiction_id %(given)s 不存在；本接口服务的是 %(ours)s。")
                           % {"given": given[:60], "ours": jurisdiction_id()})


# --- services -------------------------------------------------------------------------------------------

def active_categories():
    return CaseCategory.objects.filter(active=True).order_by("order", "code")


def service_notice(category: CaseCategory) -> str:
    """What the jurisdiction commits to for this kind of request, from the category's own limits."""
    if category.resolution_counting == Counting.WORKING_DAYS:
        limit = _("%(n)d 个工作日内办结") % {"n": category.resolution_days}
    elif category.resolution_counting == Counting.WORKING:
        limit = _("%(n)d 个工作小时内办结") % {"n": category.resolution_hours}
    else:
        limit = _("%(n)d 小时内办结") % {"n": category.resolution_hours}
    return _("社区受理后 %(contact)d 小时内联系诉求人，%(limit)s；需要职能部门处理的，由社区吹哨、部门报到。") % {
        "contact": category.contact_hours, "limit": limit}


def service_list() -> list[dict]:
    has_attributes = Exists(CategoryAttribute.objects.filter(category=OuterRef("pk")))
    return [
        {
            "service_code": c.code,
            "service_name": c.name,
            "description": c.description,
            "metadata": c.metadata,
            "type": "realtime",
            "keywords": ", ".join(c.keywords.split()),
            "group": c.group,
        }
        for c in active_categories().annotate(metadata=has_attributes)
    ]


def get_category(code: str, *, status: int = 404) -> CaseCategory:
    category = active_categories().filter(code=code[:50]).first() if code else None
    if category is None:
        if not code:
            raise Open311Error(400, _("缺少 service_code。"))
        raise Open311Error(status, _("service_code %(code)s 不存在。") % {"code": code[:60]})
    return category


def service_definition(category: CaseCategory) -> dict:
    return {
        "service_code": category.code,
        "attributes": [
            {
                "variable": True,
                "code": a.code,
                "datatype": a.datatype,
                "required": a.required,
                "datatype_description": a.datatype_description or None,
                "order": a.order,
                "description": a.description,
                "values": [{"key": v.get("key"), "name": v.get("name")} for v in (a.values or [])
                           if isinstance(v, dict)] if a.datatype in LIST_TYPES else [],
            }
            for a in category.attributes.order_by("order", "code")
        ],
    }


# --- where a request belongs ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Location:
    community: RegionNode
    place: RegionNode | None = None


def _community_of(node: RegionNode) -> RegionNode | None:
    if node.kind == RegionKind.COMMUNITY:
        return node
    return RegionNode.objects.filter(kind=RegionKind.COMMUNITY, path__in=ancestor_paths(node.path)).first()


def _by_address_id(raw: str) -> Location:
    problem = Open311Error(400, _("address_id %(id)s 不是本平台的地址编号（社区、小区、楼栋或单元）。")
                           % {"id": raw[:40]})
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 18:
        raise problem
    node = RegionNode.objects.filter(pk=int(raw)).first()
    community = _community_of(node) if node is not None else None
    if community is None:
        raise problem
    return Location(community, None if node == community else node)


def _by_address_string(address: str) -> Location | None:
    """The community (and neighbourhood) whose names appear in the address, or None if no name appears."""
    matches = list(RegionNode.objects.filter(kind__in=NAMED_PLACE_KINDS)
                   .alias(address=Value(address, output_field=CharField()))
                   .filter(address__contains=F("name")).order_by("path"))
    communities = [n for n in matches if n.kind == RegionKind.COMMUNITY]
    neighbourhoods = [n for n in matches if n.kind == RegionKind.NEIGHBOURHOOD]
    if communities:
        inside = [n for n in neighbourhoods if any(n.path.startswith(c.path) for c in communities)]
        neighbourhoods = inside or ([] if len(communities) == 1 else neighbourhoods)
    if len(neighbourhoods) == 1:
        return Location(_community_of(neighbourhoods[0]), neighbourhoods[0])
    owners = {n.path[: -(SEGMENT + 1)] for n in neighbourhoods}
    if neighbourhoods and len(owners) == 1:
        return Location(_community_of(neighbourhoods[0]))
    if len(communities) == 1:
        return Location(communities[0])
    if not matches:
        return None
    names = "、".join(sorted({n.name for n in (neighbourhoods or communities)})[:5])
    raise Open311Error(400, _("address_string 同时符合多个地点（%(names)s），请写明社区名称或改用 address_id、lat/long。")
                       % {"names": names})


def distance_m(lat1: float, long1: float, lat2: float, long2: float) -> float:
    """Great-circle distance in metres (haversine on a 6,371 km sphere)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(long2 - long1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6_371_000 * math.asin(min(1.0, math.sqrt(a)))


def _by_coordinates(lat: Decimal, long: Decimal) -> Location:
    best: tuple[float, ServiceArea] | None = None
    for area in ServiceArea.objects.filter(active=True).select_related("community"):
        d = distance_m(float(lat), float(long), float(area.lat), float(area.long))
        if d <= area.radius_m and (best is None or d < best[0]):
            best = (d, area)
    if best is None:
        raise Open311Error(400, _("位置（lat %(lat)s，long %(long)s）不在本平台任何社区的服务范围内，"
                                  "请核对坐标（WGS84）或改用 address_string、address_id。")
                           % {"lat": lat, "long": long})
    return Location(best[1].community)


def locate(*, address_id: str, address_string: str, coordinates: tuple[Decimal, Decimal] | None) -> Location:
    """address_id names a node exactly; then a community or neighbourhood named in address_string; then the
    service area around lat/long. At least one must be given and lead somewhere, else 400."""
    if address_id:
        return _by_address_id(address_id)
    if address_string:
        found = _by_address_string(address_string)
        if found is not None:
            return found
    if coordinates is not None:
        return _by_coordinates(*coordinates)
    if address_string:
        raise Open311Error(400, _("无法根据 address_string 确定所属社区：请写明社区或小区名称，或提供 lat/long、address_id。"))
    raise Open311Error(400, _("缺少位置：请提供 lat 和 long、address_string 或 address_id 之一。"))


# --- service requests ----------------------------------------------------------------------------------

def _status_notes(case: Case) -> str:
    """The case's own state (待受理 … 不予受理) and its latest public note (what the resident is told), unless
    that note names a person, a number, a building or a floor: then the state alone."""
    label = str(CaseStatus(case.status).label)
    note = public_note(case, case.last_public_note)
    return f"{label}：{note}" if note else label


def _coordinate(value: Decimal | None) -> float | None:
    return None if value is None else round(float(value), COORDINATE_DECIMALS)


def requests_queryset():
    """Every case the public may see: all but disputes."""
    last_public = CaseEvent.objects.filter(case=OuterRef("pk"), public=True).order_by("-at", "-pk")
    last_any = CaseEvent.objects.filter(case=OuterRef("pk")).order_by("-at", "-pk")
    return (Case.objects.exclude(kind=CaseKind.DISPUTE)
            .select_related("category", "community", "place", "reporter", "open311_request")
            .annotate(last_public_note=Subquery(last_public.values("note")[:1]),
                      last_event_at=Subquery(last_any.values("at")[:1]))
            .prefetch_related(Prefetch("whistles", to_attr="active_whistles",
                                       queryset=Whistle.objects.exclude(status=WhistleStatus.WITHDRAWN)
                                       .select_related("department").order_by("blown_at", "pk"))))


def find_requests(*, ids: list[str], codes: list[str], start: dt.datetime | None, end: dt.datetime | None,
                  statuses: list[str]) -> list[Case]:
    """GET requests: ids override every other filter; otherwise a window of at most 90 days (the last 90 by
    default), newest first, at most 1000."""
    qs = requests_queryset()
    if ids:
        return list(qs.filter(number__in=ids)[:MAX_REQUESTS])
    if start and end and start > end:
        raise Open311Error(400, _("start_date 晚于 end_date。"))
    if start and end and end - start > DEFAULT_SPAN:
        raise Open311Error(400, _("start_date 与 end_date 相差不得超过 90 天。"))
    if end is None:
        end = start + DEFAULT_SPAN if start else clock.now()
    if start is None:
        start = end - DEFAULT_SPAN
    qs = qs.filter(reported_at__gte=start, reported_at__lte=end)
    if codes:
        qs = qs.filter(category__code__in=codes)
    unknown = set(statuses) - {OPEN, CLOSED}
    if unknown:
        raise Open311Error(400, _("status 只能是 open 或 closed：%(value)s") % {"value": ",".join(sorted(unknown))[:60]})
    if set(statuses) == {CLOSED}:
        qs = qs.filter(status__in=CLOSED_STATUSES)
    elif set(statuses) == {OPEN}:
        qs = qs.exclude(status__in=CLOSED_STATUSES)
    return list(qs.order_by("-reported_at", "-pk")[:MAX_REQUESTS])


def _addresses(cases: list[Case]) -> dict[int, tuple[str, RegionNode | None]]:
    """Case pk → ("五美小区，五美社区，象山街道，象山区，桂林市", the neighbourhood node or None): one query for
    every ancestor of every case; a building, unit or room is never named."""
    paths = {p for c in cases for p in ancestor_paths((c.place or c.community).path)}
    nodes = {n.path: n for n in RegionNode.objects.filter(path__in=paths, kind__in=ADDRESS_KINDS)}
    out = {}
    for case in cases:
        chain = [nodes[p] for p in reversed(ancestor_paths((case.place or case.community).path)) if p in nodes]
        neighbourhood = next((n for n in chain if n.kind == RegionKind.NEIGHBOURHOOD), None)
        out[case.pk] = ("，".join(n.name for n in chain), neighbourhood)
    return out


def request_items(cases: list[Case]) -> list[dict]:
    addresses = _addresses(cases)
    items = []
    for case in cases:
        agencies = [w.department.name for w in case.active_whistles]
        updated = max(t for t in (case.reported_at, case.last_event_at, case.closed_at) if t is not None)
        address, neighbourhood = addresses[case.pk]
        items.append({
            "service_request_id": case.number,
            "status": CLOSED if case.status in CLOSED_STATUSES else OPEN,
            "status_notes": _status_notes(case),
            "service_name": case.category.name,
            "service_code": case.category.code,
            "description": public_wording(case),
            "agency_responsible": "、".join(dict.fromkeys(agencies)) or case.community.name,
            "service_notice": service_notice(case.category),
            "requested_datetime": w3c(case.reported_at),
            "updated_datetime": w3c(updated),
            "expected_datetime": w3c(case.due_at),
            "address": address,
            "address_id": str((neighbourhood or case.community).pk),
            "zipcode": None,
            "lat": _coordinate(case.lat),
            "long": _coordinate(case.long),
            "media_url": None,  # a resident's photo shows a home: never public
        })
    return items


def get_request(number: str) -> Case:
    case = requests_queryset().filter(number=number[:32]).first() if number else None
    if case is None:
        raise Open311Error(404, _("service_request_id %(id)s 不存在。") % {"id": number[:40]})
    return case


def get_token(token: str) -> RequestToken:
    found = RequestToken.objects.select_related("case").filter(token=token[:32]).first() if token else None
    if found is None:
        raise Open311Error(404, _("token %(token)s 不存在。") % {"token": token[:40]})
    return found


def changeset() -> dt.datetime:
    """When the service list or a definition last changed: the newest chronicle entry about a category or an
    attribute (administrators' edits are chronicled), else the interface's first publication."""
    from gongzhi.chronicle.models import Entry

    latest = (Entry.objects.filter(Q(subject_type="cases.casecategory") | Q(subject_type="cases.categoryattribute"))
              .order_by("-seq").values_list("at", flat=True).first())
    return latest or dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
