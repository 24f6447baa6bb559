"""空间使用平台 JSON API under /api/v1/spaces: venues (create, change, opening hours, closures, their week, usage),
the preview of an application, applications (apply, approve, reject, cancel), single occurrences (cancel), exchange
commitments and their fulfilment, and the usage report.

Reads start from the scoped querysets; writes call the same services as the pages. Out of scope — or in sight but
not the user's to change — is 404; a refused change or bad input is 400 with a Chinese message. Applicants are shown
as on the pages (`permissions.shown_applicant`); other applicants' bookings appear as taken slots only."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from gongzhi.core import clock, limits
from gongzhi.core.listing import Presented
from gongzhi.core.schemas import Day, Id, id_query
from gongzhi.regions.models import RegionKind, RegionNode
from gongzhi.spaces import selectors, services
from gongzhi.spaces.models import Application, Booking, ExchangeCommitment, Venue
from gongzhi.spaces.permissions import (
    applicant_label,
    applicants_for,
    get_application_for_user,
    get_booking_for_user,
    get_commitment_for_user,
    get_venue_for_user,
    sees_details_of,
    shown_applicant,
)

router = Router(tags=["空间使用平台"])


# --- schemas ------------------------------------------------------------------------------------------------------

class SpacesHoursOut(Schema):
    weekday: int
    opens: dt.time
    closes: dt.time


class SpacesVenueOut(Schema):
    id: int
    community_id: int
    community_name: str
    name: str
    kind: str
    kind_label: str
    capacity: int
    location: str
    description: str
    active: bool
    hours: list[SpacesHoursOut]


class SpacesVenueIn(Schema):
    community_id: Id
    name: limits.text(limits.NAME)
    kind: limits.text(32) = "room"
    capacity: int
    location: limits.text(limits.TITLE) = ""
    description: limits.text(limits.SHORT_TEXT) = ""


class SpacesVenueChangeIn(Schema):
    name: limits.text(limits.NAME) | None = None
    kind: limits.text(32) | None = None
    capacity: int | None = None
    location: limits.text(limits.TITLE) | None = None
    description: limits.text(limits.SHORT_TEXT) | None = None
    active: bool | None = None


class SpacesHoursIn(Schema):
    hours: list[SpacesHoursOut]


class SpacesClosureIn(Schema):
    starts_on: Day
    ends_on: Day
    reason: limits.text(limits.SHORT_TEXT)


class SpacesClosureOut(Schema):
    id: int
    venue_id: int
    starts_on: dt.date
    ends_on: dt.date
    reason: str


class SpacesSlotIn(Schema):
    venue_id: Id
    first_date: Day
    starts: dt.time
    ends: dt.time
    attendance: int
    repeat_until: Day | None = None


class SpacesApplyIn(SpacesSlotIn):
    applicant: limits.text(40)  # "partner:<id>", "team:<id>" or "resident:<id>" (GET /venues/{id}/applicants lists them)
    purpose: limits.text(limits.TITLE)
    exchange_service: limits.text(limits.SHORT_TEXT) = ""


class SpacesOccurrenceOut(Schema):
    date: dt.date
    starts_at: dt.datetime
    ends_at: dt.datetime
    ok: bool
    problems: list[str]


class SpacesPreviewOut(Schema):
    ok: bool
    problems: list[str]
    occurrences: list[SpacesOccurrenceOut]


class SpacesApplicantOut(Schema):
    key: str
    label: str


class SpacesBookingOut(Schema):
    id: int
    venue_id: int
    application_id: int | None
    starts_at: dt.datetime
    ends_at: dt.datetime
    status: str
    status_label: str
    purpose: str | None
    applicant: str | None


class SpacesCommitmentOut(Schema):
    id: int
    application_id: int
    partner_id: int
    partner_name: str
    service: str
    status: str
    status_label: str
    services: int
    person_times: int


class SpacesApplicationOut(Schema):
    id: int
    venue_id: int
    venue_name: str
    community_id: int
    applicant_kind: str
    applicant: str
    purpose: str
    attendance: int
    first_date: dt.date
    repeat_until: dt.date | None
    starts: dt.time
    ends: dt.time
    status: str
    status_label: str
    decision_note: str
    applied_at: dt.datetime
    exchange_service: str | None


class SpacesDecisionIn(Schema):
    note: limits.text(limits.SHORT_TEXT) = ""


class SpacesReasonIn(Schema):
    reason: limits.text(limits.SHORT_TEXT) = ""


class SpacesFulfilmentIn(Schema):
    date: Day
    content: limits.text(limits.SHORT_TEXT)
    person_times: int
    confirm_unusual: bool = False
    unusual_reason: limits.text(limits.UNUSUAL_REASON_LENGTH) = ""


class SpacesFulfilmentOut(Schema):
    id: int
    commitment_id: int
    date: dt.date
    content: str
    person_times: int
    unusual_reason: str


class SpacesUsageOut(Schema):
    venue_id: int
    venue_name: str
    community_id: int
    start: dt.date
    end: dt.date
    open_hours: float
    booked_hours: float
    rate: float | None


# --- presenting ---------------------------------------------------------------------------------------------------

def _venue(v: Venue, hours=None) -> dict:
    rows = hours if hours is not None else list(v.opening_hours.all())
    return {"id": v.pk, "community_id": v.community_id, "community_name": v.community.name, "name": v.name,
            "kind": v.kind, "kind_label": str(v.get_kind_display()), "capacity": v.capacity, "location": v.location,
            "description": v.description, "active": v.active,
            "hours": [{"weekday": r.weekday, "opens": r.opens, "closes": r.closes} for r in rows]}


def _application(user, a: Application) -> dict:
    commitment = getattr(a, "commitment", None)
    return {"id": a.pk, "venue_id": a.venue_id, "venue_name": a.venue.name, "community_id": a.venue.community_id,
            "applicant_kind": a.applicant_kind, "applicant": shown_applicant(user, a), "purpose": a.purpose,
            "attendance": a.attendance, "first_date": a.first_date, "repeat_until": a.repeat_until,
            "starts": a.starts, "ends": a.ends, "status": a.status, "status_label": str(a.get_status_display()),
            "decision_note": a.decision_note, "applied_at": a.applied_at,
            "exchange_service": commitment.service if commitment else None}


def _booking(user, b: Booking) -> dict:
    details = sees_details_of(user, b.application)
    return {"id": b.pk, "venue_id": b.venue_id, "application_id": b.application_id if details else None,
            "starts_at": b.starts_at, "ends_at": b.ends_at, "status": b.status,
            "status_label": str(b.get_status_display()),
            "purpose": b.application.purpose if details else None,
            "applicant": shown_applicant(user, b.application) if details else None}


def _commitment(c: ExchangeCommitment) -> dict:
    return {"id": c.pk, "application_id": c.application_id, "partner_id": c.partner_id,
            "partner_name": c.partner.organisation.name, "service": c.service, "status": c.status,
            "status_label": str(c.get_status_display()), "services": getattr(c, "services", 0) or 0,
            "person_times": getattr(c, "person_times", 0) or 0}


def _community(pk: int) -> RegionNode:
    return get_object_or_404(RegionNode, pk=pk, kind=RegionKind.COMMUNITY)


class _Venues(Presented):
    """A page of venues with their opening hours loaded in one query."""

    def __getitem__(self, index):
        rows = list(self.queryset[index]) if isinstance(index, slice) else [self.queryset[index]]
        hours = selectors.hours_of(rows)
        out = [_venue(v, hours.get(v.pk, [])) for v in rows]
        return out if isinstance(index, slice) else out[0]


# --- venues ---------------------------------------------------------------------------------------------------------

@router.get("/venues", response=list[SpacesVenueOut], summary="场地（工作人员：辖区；申请方：可申请的社区）")
@paginate
def list_venues(request, kind: str = "", q: str = "", community_id: int | None = id_query()):
    return _Venues(selectors.venues(request.user, community=community_id, kind=kind, q=q), None)


@router.get("/venues/{int:venue_id}", response=SpacesVenueOut, summary="场地")
def get_venue(request, venue_id: int):
    return _venue(get_venue_for_user(request.user, venue_id))


@router.post("/venues", response={201: SpacesVenueOut}, summary="登记场地（社区工作人员）")
def create_venue(request, payload: SpacesVenueIn):
    venue = services.create_venue(actor=request.user, community=_community(payload.community_id),
                                  name=payload.name, kind=payload.kind, capacity=payload.capacity,
                                  location=payload.location, description=payload.description)
    return Status(201, _venue(venue))


@router.post("/venues/{int:venue_id}", response=SpacesVenueOut, summary="修改场地（名称、类别、容纳人数、开放预约）")
def change_venue(request, venue_id: int, payload: SpacesVenueChangeIn):
    venue = get_venue_for_user(request.user, venue_id, write=True)
    services.change_venue(actor=request.user, venue=venue, **payload.dict())
    return _venue(get_venue_for_user(request.user, venue_id))


@router.put("/venues/{int:venue_id}/hours", response=SpacesVenueOut,
            summary="设置每周开放时间（每天可多个时段，weekday 0 = 周一）")
def set_hours(request, venue_id: int, payload: SpacesHoursIn):
    venue = get_venue_for_user(request.user, venue_id, write=True)
    services.set_opening_hours(actor=request.user, venue=venue,
                               ranges=[(h.weekday, h.opens, h.closes) for h in payload.hours])
    return _venue(get_venue_for_user(request.user, venue_id))


@router.post("/venues/{int:venue_id}/closures", response={201: SpacesClosureOut}, summary="登记闭馆（日期与原因）")
def add_closure(request, venue_id: int, payload: SpacesClosureIn):
    venue = get_venue_for_user(request.user, venue_id, write=True)
    closure = services.add_closure(actor=request.user, venue=venue, starts_on=payload.starts_on,
                                   ends_on=payload.ends_on, reason=payload.reason)
    return Status(201, {"id": closure.pk, "venue_id": venue.pk, "starts_on": closure.starts_on,
                        "ends_on": closure.ends_on, "reason": closure.reason})


@router.get("/venues/{int:venue_id}/bookings", response=list[SpacesBookingOut],
            summary="场地一周内占用的时段（他人的预约只显示为已占用）")
def venue_week(request, venue_id: int, week: Day | None = None):
    venue = get_venue_for_user(request.user, venue_id)
    day = week or clock.today()
    days = selectors.week(venue, day - dt.timedelta(days=day.weekday()))
    return [_booking(request.user, b) for d in days for b in d["bookings"]]


@router.get("/venues/{int:venue_id}/applicants", response=list[SpacesApplicantOut],
            summary="我可以为谁申请这个场地（合伙人、志愿服务队、本人）")
def venue_applicants(request, venue_id: int):
    venue = get_venue_for_user(request.user, venue_id)
    return [{"key": k, "label": applicant_label(a)} for k, a in applicants_for(request.user, venue).items()]


@router.get("/venues/{int:venue_id}/usage", response=SpacesUsageOut,
            summary="场地使用率：period = 7、30、365（天）或 YYYY-MM（月份）")
def venue_usage(request, venue_id: int, period: str = "30"):
    venue = get_venue_for_user(request.user, venue_id)
    p = selectors.period(period)
    u = selectors.usage([venue.pk], p.start, p.end)[venue.pk]
    return {"venue_id": venue.pk, "venue_name": venue.name, "community_id": venue.community_id, "start": p.start,
            "end": p.end, "open_hours": round(u.open_hours, 2), "booked_hours": round(u.booked_hours, 2),
            "rate": u.rate}


@router.get("/usage", response=list[SpacesUsageOut], summary="各场地使用率（工作人员辖区）")
def usage(request, period: str = "30", community_id: int | None = id_query()):
    if not request.user.scope.is_region_staff:
        raise Http404
    p = selectors.period(period)
    rows = list(selectors.venues(request.user, community=community_id)[:500])
    found = selectors.usage([v.pk for v in rows], p.start, p.end)
    return [{"venue_id": v.pk, "venue_name": v.name, "community_id": v.community_id, "start": p.start, "end": p.end,
             "open_hours": round(found[v.pk].open_hours, 2), "booked_hours": round(found[v.pk].booked_hours, 2),
             "rate": found[v.pk].rate} for v in rows]


# --- applications ---------------------------------------------------------------------------------------------------

@router.post("/preview", response=SpacesPreviewOut, summary="提交前检查每一次（开放时间、闭馆、容量、冲突），不写入")
def preview(request, payload: SpacesSlotIn):
    venue = get_venue_for_user(request.user, payload.venue_id)
    checked = services.preview(venue=venue, first_date=payload.first_date, starts=payload.starts, ends=payload.ends,
                               attendance=payload.attendance, repeat_until=payload.repeat_until)
    return {"ok": checked.ok, "problems": checked.problems,
            "occurrences": [{"date": o.date, "starts_at": o.starts_at, "ends_at": o.ends_at, "ok": o.ok,
                             "problems": o.problems} for o in checked.occurrences]}


@router.post("/applications", response={201: SpacesApplicationOut},
             summary="申请使用场地（单次或每周重复；整组全部可约才接受；合伙人须写明交换的服务）")
def apply(request, payload: SpacesApplyIn):
    venue = get_venue_for_user(request.user, payload.venue_id)
    options = applicants_for(request.user, venue)
    if payload.applicant not in options:
        raise Http404
    application = services.apply(actor=request.user, venue=venue, applicant=options[payload.applicant],
                                 purpose=payload.purpose, attendance=payload.attendance,
                                 first_date=payload.first_date, starts=payload.starts, ends=payload.ends,
                                 repeat_until=payload.repeat_until, exchange_service=payload.exchange_service)
    return Status(201, _application(request.user, get_application_for_user(request.user, application.pk)))


@router.get("/applications", response=list[SpacesApplicationOut], summary="场地申请（工作人员：辖区；申请方：本人的）")
@paginate
def list_applications(request, status: str = "", q: str = "", community_id: int | None = id_query()):
    return Presented(selectors.applications(request.user, community=community_id, status=status, q=q),
                     lambda a: _application(request.user, a))


@router.get("/applications/{int:application_id}", response=SpacesApplicationOut, summary="场地申请")
def get_application(request, application_id: int):
    return _application(request.user, get_application_for_user(request.user, application_id))


@router.get("/applications/{int:application_id}/bookings", response=list[SpacesBookingOut], summary="申请的各次预约")
def application_bookings(request, application_id: int):
    application = get_application_for_user(request.user, application_id)
    return [_booking(request.user, b) for b in selectors.bookings_of(application).select_related("application")]


def _decided(request, application_id: int, act) -> dict:
    application = get_application_for_user(request.user, application_id)
    act(application)
    return _application(request.user, get_application_for_user(request.user, application_id))


@router.post("/applications/{int:application_id}/approve", response=SpacesApplicationOut, summary="批准（社区工作人员）")
def approve(request, application_id: int, payload: SpacesDecisionIn):
    return _decided(request, application_id,
                    lambda a: services.approve(actor=request.user, application=a, note=payload.note))


@router.post("/applications/{int:application_id}/reject", response=SpacesApplicationOut,
             summary="不批准（须写明原因；时段随即释放）")
def reject(request, application_id: int, payload: SpacesDecisionIn):
    return _decided(request, application_id,
                    lambda a: services.reject(actor=request.user, application=a, note=payload.note))


@router.post("/applications/{int:application_id}/cancel", response=SpacesApplicationOut,
             summary="取消整个申请（未开始的各次释放）")
def cancel_application(request, application_id: int, payload: SpacesReasonIn):
    return _decided(request, application_id,
                    lambda a: services.cancel_application(actor=request.user, application=a, reason=payload.reason))


@router.post("/bookings/{int:booking_id}/cancel", response=SpacesBookingOut, summary="取消其中一次（该时段随即释放）")
def cancel_booking(request, booking_id: int, payload: SpacesReasonIn):
    booking = get_booking_for_user(request.user, booking_id)
    services.cancel_booking(actor=request.user, booking=booking, reason=payload.reason)
    return _booking(request.user, get_booking_for_user(request.user, booking_id))


# --- commitments ------------------------------------------------------------------------------------------------------

@router.get("/commitments", response=list[SpacesCommitmentOut], summary="以服务换空间：交换服务承诺及履约")
@paginate
def list_commitments(request, community_id: int | None = id_query()):
    return Presented(selectors.commitments(request.user, community=community_id), _commitment)


@router.get("/commitments/{int:commitment_id}/fulfilments", response=list[SpacesFulfilmentOut],
            summary="交换服务的履约记录")
def list_fulfilments(request, commitment_id: int):
    commitment = get_commitment_for_user(request.user, commitment_id)
    return [{"id": f.pk, "commitment_id": f.commitment_id, "date": f.date, "content": f.content,
             "person_times": f.person_times, "unusual_reason": f.unusual_reason}
            for f in selectors.fulfilments_of(commitment)[:500]]


@router.post("/commitments/{int:commitment_id}/fulfilments", response={201: SpacesFulfilmentOut},
             summary="登记交换服务的履约（合伙人联络员或社区工作人员）")
def record_fulfilment(request, commitment_id: int, payload: SpacesFulfilmentIn):
    commitment = get_commitment_for_user(request.user, commitment_id)
    f = services.record_fulfilment(actor=request.user, commitment=commitment, **payload.dict())
    return Status(201, {"id": f.pk, "commitment_id": f.commitment_id, "date": f.date, "content": f.content,
                        "person_times": f.person_times, "unusual_reason": f.unusual_reason})
