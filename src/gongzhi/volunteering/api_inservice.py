"""In-service party members (在职党员) under /api/v1/volunteering/inservice: the member's own registration and her
application (报到 / 定期报到), the community's queue and decisions, the members a user follows (staff in scope,
the unit's liaison) with hours against the target, one member's record and quarterly service card, and the
district's yearly targets.

Reads start from the same scoped querysets as the pages; writes call the same services. Out of scope is 404; a
refused change or bad input is 400 with a Chinese message. The card carries the masked name and ID number only,
as on the page and the PDF."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from gongzhi.chronicle.versions import CountedByLeadUntilChange
from gongzhi.core import clock, limits
from gongzhi.core.listing import Presented
from gongzhi.core.schemas import Id, Year, year_query
from gongzhi.regions.models import RegionKind, RegionNode
from gongzhi.volunteering.models import InServiceReport, YearlyServiceTarget
from gongzhi.volunteering.permissions_inservice import (
    get_member_for_user,
    get_report_for_decision,
    own_member,
)
from gongzhi.volunteering.selectors_inservice import (
    STATUS_FILTERS,
    RegistrationState,
    member_list,
    member_record,
    pending_reports,
    quarter_card,
    quarter_of,
    target_at,
    target_path,
    targets_of_year,
)
from gongzhi.volunteering.services import inservice as services

router = Router(tags=["在职党员"])


# --- schemas ------------------------------------------------------------------------------------------------------

class InServiceStateOut(Schema):
    status: str  # unregistered | current | lapsed
    label: str
    community_id: int | None
    community_name: str
    registered_on: dt.date | None
    valid_until: dt.date | None
    renewal_open: bool


class InServiceReportOut(Schema):
    id: int
    member_id: int
    community_id: int
    community_name: str
    kind: str
    status: str
    note: str
    applied_at: dt.datetime
    decided_at: dt.datetime | None
    reason: str
    valid_until: dt.date | None


class InServiceQueueOut(InServiceReportOut):
    name: str
    work_unit: str


class InServiceMemberOut(Schema):
    id: int
    name: str
    work_unit_id: int | None
    work_unit: str
    registration: InServiceStateOut
    pending_kind: str | None
    hours_year: Decimal
    target_hours: int | None
    wish_claims: int


class InServiceQuarterOut(Schema):
    quarter: int
    hours: Decimal
    card_available: bool


class InServiceMemberDetailOut(InServiceMemberOut):
    year: int
    quarters: list[InServiceQuarterOut]
    reports: list[InServiceReportOut]


class InServiceEntryOut(Schema):
    served_on: dt.date
    community_name: str
    content: str
    hours: Decimal


class InServiceCardOut(Schema):
    number: str
    member_id: int
    name: str  # masked
    id_number: str  # masked
    work_unit: str
    party_organisation: str
    community_name: str
    year: int
    quarter: int
    start: dt.date
    end: dt.date
    registration: InServiceStateOut
    hours: Decimal
    hours_year: Decimal
    target_hours: int | None
    wish_claims: int
    entries: list[InServiceEntryOut]
    issued_on: dt.date


class InServiceMeOut(Schema):
    member_id: int
    home_community_id: int | None
    home_community_name: str
    registration: InServiceStateOut
    pending: InServiceReportOut | None
    year: int
    hours_year: Decimal
    target_hours: int | None
    reports: list[InServiceReportOut]


class InServiceApplyIn(Schema):
    note: limits.text(limits.SHORT_TEXT) = ""


class InServiceReturnIn(Schema):
    reason: limits.text(limits.SHORT_TEXT)


class InServiceTargetIn(Schema):
    district_id: Id
    year: Year
    hours: int


class InServiceTargetOut(Schema):
    id: int
    district_id: int
    district_name: str
    year: int
    hours: int
    set_at: dt.datetime


# --- presenting ---------------------------------------------------------------------------------------------------

def _state(state: RegistrationState) -> dict:
    return {"status": state.status, "label": state.label,
            "community_id": state.community.pk if state.community else None,
            "community_name": state.community.name if state.community else "", "registered_on": state.registered_on,
            "valid_until": state.valid_until, "renewal_open": state.renewal_open}


def _report(r: InServiceReport) -> dict:
    return {"id": r.pk, "member_id": r.member_id, "community_id": r.community_id, "community_name": r.community.name,
            "kind": r.kind, "status": r.status, "note": r.note, "applied_at": r.applied_at, "decided_at": r.decided_at,
            "reason": r.reason, "valid_until": r.valid_until}


def _queued(r: InServiceReport) -> dict:
    return {**_report(r), "name": r.member.person.name, "work_unit": r.member.work_unit.name if r.member.work_unit
            else ""}


def _target(t: YearlyServiceTarget) -> dict:
    return {"id": t.pk, "district_id": t.district_id, "district_name": t.district.name, "year": t.year,
            "hours": t.hours, "set_at": t.set_at}


def _reloaded_report(report: InServiceReport) -> dict:
    return _report(InServiceReport.objects.select_related("community").get(pk=report.pk))


# --- the member herself -----------------------------------------------------------------------------------------

def _own(request):
    member = own_member(request.user)
    if member is None:
        raise Http404
    return member


@router.get("/inservice/me", response=InServiceMeOut, summary="我的在职党员报到：状态、下次报到期限、本年服务时长与目标")
def get_my_registration(request):
    member = _own(request)
    rec = member_record(member)
    home = services.home_community_of(member.person)
    return {"member_id": member.pk, "home_community_id": home.pk if home else None,
            "home_community_name": home.name if home else "", "registration": _state(rec.state),
            "pending": _report(rec.state.pending) if rec.state.pending else None, "year": rec.year,
            "hours_year": rec.hours, "target_hours": rec.target, "reports": [_report(r) for r in rec.reports]}


@router.post("/inservice/me/apply", response={201: InServiceReportOut},
             summary="向居住地社区申请报到（首次报到，或到期前 30 天内的定期报到）")
def apply_to_report(request, payload: InServiceApplyIn):
    report = services.apply_to_report(actor=request.user, member=_own(request), note=payload.note)
    return Status(201, _reloaded_report(report))


# --- the community's queue --------------------------------------------------------------------------------------

@router.get("/inservice/reports", response=list[InServiceQueueOut], summary="待确认的报到申请（社区工作人员）")
@paginate
def list_pending_reports(request):
    return Presented(pending_reports(request.user), _queued)


@router.post("/inservice/reports/{int:report_id}/confirm", response=InServiceReportOut,
             summary="确认报到（有效期六个月，同时登记党员的报到社区）")
def confirm_report(request, report_id: Id):
    report = services.confirm_report(actor=request.user, report=get_report_for_decision(request.user, report_id))
    return _reloaded_report(report)


@router.post("/inservice/reports/{int:report_id}/return", response=InServiceReportOut, summary="退回报到申请（须说明理由）")
def return_report(request, report_id: Id, payload: InServiceReturnIn):
    report = services.return_report(actor=request.user, report=get_report_for_decision(request.user, report_id),
                                    reason=payload.reason)
    return _reloaded_report(report)


# --- the members a user follows -----------------------------------------------------------------------------------

@router.get("/inservice/members", response=list[InServiceMemberOut],
            summary="在职党员列表（社区、街道、城区工作人员及所在单位联络员）：报到状态、本年时长与目标；status=current|lapsed|pending|unregistered")
@paginate
def list_members(request, status: str = "", q: str = ""):
    year = clock.today().year
    targets: list = []
    loaded = []

    def present(m) -> dict:
        if not loaded:
            targets.extend(targets_of_year(year))
            loaded.append(True)
        return {"id": m.pk, "name": m.person.name, "work_unit_id": m.work_unit_id,
                "work_unit": m.work_unit.name if m.work_unit else "",
                "registration": _state(services.registration_state(m)), "pending_kind": m.pending_kind,
                "hours_year": m.hours_year, "target_hours": target_at(targets, target_path(m)),
                "wish_claims": m.claims_year}

    return Presented(CountedByLeadUntilChange(member_list(request.user, year=year, status=status if status in
                                                          STATUS_FILTERS else "", q=q), "inservice_members"), present)


@router.get("/inservice/members/{int:member_id}", response=InServiceMemberDetailOut,
            summary="在职党员记录：各社区报到、本年各季度时长、认领心愿")
def get_member(request, member_id: Id, year: int | None = year_query(None)):
    member = get_member_for_user(request.user, member_id)
    rec = member_record(member, year=year)
    return {"id": member.pk, "name": member.person.name, "work_unit_id": member.work_unit_id,
            "work_unit": member.work_unit.name if member.work_unit else "", "registration": _state(rec.state),
            "pending_kind": rec.state.pending.kind if rec.state.pending else None, "hours_year": rec.hours,
            "target_hours": rec.target, "wish_claims": rec.wish_claims, "year": rec.year,
            "quarters": [{"quarter": q["quarter"], "hours": q["hours"], "card_available": q["available"]}
                         for q in rec.by_quarter],
            "reports": [_report(r) for r in rec.reports]}


@router.get("/inservice/members/{int:member_id}/cards/{int:year}/{int:quarter}", response=InServiceCardOut,
            summary="季度服务卡（单位联络员及辖区工作人员；姓名、身份证号打码）")
def get_card(request, member_id: Id, year: Year, quarter: int):
    member = get_member_for_user(request.user, member_id)
    today = clock.today()
    if not 1 <= quarter <= 4 or (year, quarter) > (today.year, quarter_of(today)):
        raise Http404
    card = quarter_card(member, year, quarter)
    return {"number": card.number, "member_id": member.pk, "name": card.name, "id_number": card.id_number,
            "work_unit": member.work_unit.name if member.work_unit else "",
            "party_organisation": member.party_organisation.name,
            "community_name": card.community.name if card.community else "", "year": year, "quarter": quarter,
            "start": card.start, "end": card.end, "registration": _state(card.state), "hours": card.hours,
            "hours_year": card.hours_year, "target_hours": card.target, "wish_claims": card.wish_claims,
            "entries": [{"served_on": e.served_on, "community_name": e.community.name,
                         "content": e.activity.title if e.activity else (e.content or e.get_kind_display()),
                         "hours": e.hours} for e in card.entries],
            "issued_on": card.issued_on}


# --- the district's targets ---------------------------------------------------------------------------------------

@router.get("/inservice/targets", response=list[InServiceTargetOut], summary="城区设定的在职党员年度服务目标")
def list_targets(request, year: int | None = year_query(None)):
    qs = YearlyServiceTarget.objects.select_related("district").order_by("-year", "district__path")
    if year is not None:
        qs = qs.filter(year=year)
    return [_target(t) for t in qs]


@router.post("/inservice/targets", response=InServiceTargetOut, summary="设定城区年度服务目标（0–1000 小时，城区工作人员）")
def set_target(request, payload: InServiceTargetIn):
    district = get_object_or_404(RegionNode, pk=payload.district_id, kind=RegionKind.DISTRICT)
    target = services.set_yearly_target(actor=request.user, district=district, year=payload.year,
                                        hours=payload.hours)
    return _target(YearlyServiceTarget.objects.select_related("district").get(pk=target.pk))
