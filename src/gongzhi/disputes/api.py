"""The disputes' JSON API under /api/v1/disputes: the scoped list and detail (parties' phone numbers and addresses
whole, masked or absent per role, as on the pages), registering a dispute with its parties, adding a party,
recording a mediation session, the outcome, follow-ups, closing.

Reads start from `disputes_visible_to(user)`; writes call the same services as the pages. Out of scope — or in
sight but not the user's to change — is 404; a refused state change or bad input is 400 with a message."""

from __future__ import annotations

import datetime as dt
import decimal

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from gongzhi.accounts.models import User
from gongzhi.cases.models import CaseChannel
from gongzhi.core import limits
from gongzhi.core.listing import Presented
from gongzhi.core.privacy import scrub
from gongzhi.core.schemas import Day, Id, Moment, id_query
from gongzhi.disputes import services
from gongzhi.disputes.forms import dispute_categories
from gongzhi.disputes.models import FollowUpMethod, RiskLevel
from gongzhi.disputes.permissions import (
    FULL,
    contact_access,
    departments_for,
    get_dispute_for_user,
    shown_party_address,
    shown_party_phone,
)
from gongzhi.disputes.selectors import dispute_list, follow_ups_due, follow_ups_of, parties_of, sessions_of
from gongzhi.people.permissions import people_visible_to
from gongzhi.regions.models import RegionKind, RegionNode

router = Router(tags=["矛盾纠纷"])


# --- schemas ----------------------------------------------------------------------------------------------

class DisputePartyOut(Schema):
    id: int
    role: str
    name: str
    person_id: int | None
    phone: str | None = None  # None: not shown to this user (department receivers)
    address: str | None = None


class DisputeOut(Schema):
    id: int
    case_id: int
    number: str
    title: str
    category: str
    category_name: str
    community_id: int
    community_name: str
    subject: str
    amount: decimal.Decimal | None
    risk: str
    status: str
    outcome: str
    follow_up_on: dt.date | None
    registered_at: dt.datetime
    closed_at: dt.datetime | None
    case_status: str
    session_count: int | None = None
    parties: list[DisputePartyOut]


class SessionOut(Schema):
    id: int
    number: int
    held_at: dt.datetime
    place: str
    mediator_ids: list[int]
    mediator_names: str
    department_ids: list[int]
    notes: str
    result: str
    next_session_on: dt.date | None


class FollowUpOut(Schema):
    id: int
    done_on: dt.date
    method: str
    by_id: int
    note: str
    stable: bool


class DisputeDetailOut(DisputeOut):
    description: str
    outcome_note: str
    agreement_text: str
    agreed_amount: decimal.Decimal | None
    referred_department_id: int | None
    referred_to: str
    outcome_at: dt.datetime | None
    sessions: list[SessionOut]
    follow_ups: list[FollowUpOut]


class PartyIn(Schema):
    name: limits.text(60) = ""
    role: limits.text(limits.CODE)
    phone: limits.text(20) = ""
    address: limits.text(200) = ""
    person_id: Id | None = None


class DisputeIn(Schema):
    community_id: Id
    category: limits.text(limits.CODE)  # a dispute category's code: neighbour_dispute, family_dispute, labour_dispute
    title: limits.text(120)
    description: limits.text(4000)
    subject: limits.text(200)
    parties: list[PartyIn]
    channel: limits.text(limits.CODE) = CaseChannel.WINDOW
    risk: limits.text(limits.CODE) = RiskLevel.ORDINARY
    amount: decimal.Decimal | None = None
    place_id: Id | None = None
    address: limits.text(200) = ""


class SessionIn(Schema):
    held_at: Moment
    place: limits.text(120)
    notes: limits.text(limits.DESCRIPTION)
    result: limits.text(limits.CODE)  # agreed | not_agreed | continue
    mediator_ids: list[Id] = []
    mediator_names: limits.text(300) = ""
    department_ids: list[Id] = []
    next_session_on: Day | None = None


class OutcomeIn(Schema):
    outcome: limits.text(limits.CODE)  # agreement | referral | litigation | withdrawn
    agreement_text: limits.text(limits.DESCRIPTION) = ""
    agreed_amount: decimal.Decimal | None = None
    referred_department_id: Id | None = None
    referred_to: limits.text(120) = ""
    note: limits.text(limits.NOTE) = ""
    follow_up_on: Day | None = None


class FollowUpIn(Schema):
    done_on: Day
    note: limits.text(limits.NOTE)
    stable: bool
    method: limits.text(limits.CODE) = FollowUpMethod.VISIT
    next_follow_up_on: Day | None = None


class ScheduleIn(Schema):
    on: Day


class DisputeReasonIn(Schema):
    reason: limits.text(300)


class RiskIn(Schema):
    risk: limits.text(limits.CODE)
    reason: limits.text(300)


class CloseIn(Schema):
    note: limits.text(300) = ""


# --- presenting ---------------------------------------------------------------------------------------------

def _parties(user, dispute, parties) -> list[dict]:
    access = contact_access(user, dispute)
    out = []
    for p in parties:
        p.dispute = dispute
        own = contact_access(user, dispute, p) if p.person_id in user.scope.person_ids else access
        out.append({"id": p.pk, "role": p.role, "name": p.name, "person_id": p.person_id,
                    "phone": shown_party_phone(user, p, access=own),
                    "address": shown_party_address(user, p, access=own)})
    return out


def _present(user, dispute, parties=None) -> dict:
    case = dispute.case
    return {
        "id": dispute.pk, "case_id": case.pk, "number": case.number, "title": case.title,
        "category": case.category.code, "category_name": case.category.name, "community_id": case.community_id,
        "community_name": case.community.name, "subject": dispute.subject, "amount": dispute.amount,
        "risk": dispute.risk, "status": dispute.status, "outcome": dispute.outcome,
        "follow_up_on": dispute.follow_up_on, "registered_at": dispute.registered_at,
        "closed_at": dispute.closed_at, "case_status": case.status,
        "session_count": getattr(dispute, "session_count", None),
        "parties": _parties(user, dispute, dispute.parties.all() if parties is None else parties),
    }


def _present_detail(user, dispute) -> dict:
    data = _present(user, dispute, parties_of(dispute))
    # Phone and ID numbers typed into free text are masked for those who see the parties' contacts masked.
    text = (lambda t: t) if contact_access(user, dispute) == FULL else scrub
    sessions = [{"id": s.pk, "number": s.number, "held_at": s.held_at, "place": s.place,
                 "mediator_ids": [u.pk for u in s.mediators.all()], "mediator_names": s.mediator_names,
                 "department_ids": [d.pk for d in s.departments.all()], "notes": text(s.notes), "result": s.result,
                 "next_session_on": s.next_session_on} for s in sessions_of(dispute)]
    follow_ups = [{"id": f.pk, "done_on": f.done_on, "method": f.method, "by_id": f.by_id, "note": text(f.note),
                   "stable": f.stable} for f in follow_ups_of(dispute)]
    data.update({
        "session_count": len(sessions), "description": text(dispute.case.description),
        "outcome_note": text(dispute.outcome_note), "agreement_text": text(dispute.agreement_text),
        "agreed_amount": dispute.agreed_amount, "referred_department_id": dispute.referred_department_id,
        "referred_to": dispute.referred_to, "outcome_at": dispute.outcome_at, "sessions": sessions,
        "follow_ups": follow_ups,
    })
    return data


def _detail(request, dispute_id: int) -> dict:
    return _present_detail(request.user, get_dispute_for_user(request.user, dispute_id))


# --- reads ------------------------------------------------------------------------------------------------

@router.get("", response=list[DisputeOut], summary="矛盾纠纷台账（本人范围内；当事人电话按角色显示）")
@paginate
def list_disputes(request, q: str = "", status: str = "", risk: str = "", outcome: str = "", follow_up: str = "",
                  community_id: int | None = id_query(), category: str = ""):
    qs = dispute_list(request.user, q=q, status=status, risk=risk, outcome=outcome, follow_up=follow_up,
                      community=community_id, category=category)
    return Presented(qs, lambda d: _present(request.user, d))


@router.get("/follow-ups/due", response=list[DisputeOut], summary="回访提醒：逾期及七天内到期的回访")
@paginate
def list_follow_ups_due(request):
    return Presented(follow_ups_due(request.user), lambda d: _present(request.user, d))


@router.get("/{dispute_id}", response=DisputeDetailOut, summary="矛盾纠纷详情：当事人、调解记录、结果、回访")
def get_dispute(request, dispute_id: int):
    return _detail(request, dispute_id)


# --- writes -----------------------------------------------------------------------------------------------

def _person(user, pk: int | None, field: str):
    if pk is None:
        return None
    person = people_visible_to(user).select_related("home").filter(pk=pk).first()
    if person is None:
        raise ValidationError({field: _("居民不存在")})
    return person


@router.post("", response={201: DisputeDetailOut}, summary="登记矛盾纠纷（生成案件并受理，连同当事人一次登记）")
def register_dispute(request, payload: DisputeIn):
    community = RegionNode.objects.filter(pk=payload.community_id, kind=RegionKind.COMMUNITY).first()
    if community is None:
        raise Http404
    category = dispute_categories().filter(code=payload.category).first()
    if category is None:
        raise ValidationError({"category": _("未知的矛盾纠纷类别：%(c)s") % {"c": payload.category}})
    place = None
    if payload.place_id is not None:
        place = RegionNode.objects.filter(pk=payload.place_id).first()
        if place is None:
            raise ValidationError({"place": _("地点不存在")})
    parties = [services.PartyInput(name=p.name, role=p.role, phone=p.phone, address=p.address,
                                   person=_person(request.user, p.person_id, "parties")) for p in payload.parties]
    dispute = services.register_dispute(actor=request.user, community=community, category=category,
                   title=payload.title, description=payload.description, subject=payload.subject, parties=parties,
                   channel=payload.channel, risk=payload.risk, amount=payload.amount, place=place,
                   address=payload.address)
    return Status(201, _detail(request, dispute.pk))


@router.post("/{dispute_id}/parties", response={201: DisputePartyOut}, summary="添加当事人")
def add_party(request, dispute_id: int, payload: PartyIn):
    dispute = get_dispute_for_user(request.user, dispute_id, write=True)
    party = services.add_party(actor=request.user, dispute=dispute, name=payload.name, role=payload.role,
                 phone=payload.phone, address=payload.address,
                 person=_person(request.user, payload.person_id, "person"))
    return Status(201, _parties(request.user, dispute, [party])[0])


@router.post("/{dispute_id}/sessions", response={201: DisputeDetailOut}, summary="登记调解")
def record_session(request, dispute_id: int, payload: SessionIn):
    dispute = get_dispute_for_user(request.user, dispute_id, write=True)
    community = dispute.case.community
    # The service checks that the mediators work in the dispute's community.
    mediators = list(User.objects.filter(pk__in=payload.mediator_ids))
    if len(mediators) != len(set(payload.mediator_ids)):
        raise ValidationError({"mediators": _("调解人员不存在")})
    departments = list(departments_for(community).filter(pk__in=payload.department_ids).select_related("home"))
    if len(departments) != len(set(payload.department_ids)):
        raise ValidationError({"departments": _("须为本社区所在区划的职能部门")})
    services.record_session(actor=request.user, dispute=dispute, held_at=payload.held_at,
         place=payload.place, notes=payload.notes, result=payload.result, mediators=mediators,
         mediator_names=payload.mediator_names, departments=departments, next_session_on=payload.next_session_on)
    return Status(201, _detail(request, dispute.pk))


@router.post("/{dispute_id}/outcome", response=DisputeDetailOut, summary="登记调解结果（协议、转办、诉讼、撤回）")
def record_outcome(request, dispute_id: int, payload: OutcomeIn):
    dispute = get_dispute_for_user(request.user, dispute_id, write=True)
    department = None
    if payload.referred_department_id is not None:
        department = (departments_for(dispute.case.community).select_related("home")
                      .filter(pk=payload.referred_department_id).first())
        if department is None:
            raise ValidationError({"referred_department": _("须为本社区所在区划的职能部门")})
    services.record_outcome(actor=request.user, dispute=dispute, outcome=payload.outcome,
         agreement_text=payload.agreement_text, agreed_amount=payload.agreed_amount, referred_department=department,
         referred_to=payload.referred_to, note=payload.note, follow_up_on=payload.follow_up_on)
    return _detail(request, dispute.pk)


@router.post("/{dispute_id}/follow-up-date", response=DisputeDetailOut, summary="安排回访日期")
def schedule_follow_up(request, dispute_id: int, payload: ScheduleIn):
    dispute = get_dispute_for_user(request.user, dispute_id, write=True)
    services.schedule_follow_up(actor=request.user, dispute=dispute, on=payload.on)
    return _detail(request, dispute.pk)


@router.post("/{dispute_id}/follow-ups", response={201: DisputeDetailOut}, summary="登记回访")
def record_follow_up(request, dispute_id: int, payload: FollowUpIn):
    dispute = get_dispute_for_user(request.user, dispute_id, write=True)
    services.record_follow_up(actor=request.user, dispute=dispute, done_on=payload.done_on,
         note=payload.note, stable=payload.stable, method=payload.method,
         next_follow_up_on=payload.next_follow_up_on)
    return Status(201, _detail(request, dispute.pk))


@router.post("/{dispute_id}/close", response=DisputeDetailOut, summary="回访结案（同时办结案件）")
def close_dispute(request, dispute_id: int, payload: CloseIn):
    dispute = get_dispute_for_user(request.user, dispute_id, write=True)
    services.close_dispute(actor=request.user, dispute=dispute, note=payload.note)
    return _detail(request, dispute.pk)


@router.post("/{dispute_id}/reopen", response=DisputeDetailOut, summary="恢复调解")
def reopen_mediation(request, dispute_id: int, payload: DisputeReasonIn):
    dispute = get_dispute_for_user(request.user, dispute_id, write=True)
    services.reopen_mediation(actor=request.user, dispute=dispute, reason=payload.reason)
    return _detail(request, dispute.pk)


@router.post("/{dispute_id}/risk", response=DisputeDetailOut, summary="调整风险等级（重大纠纷提示街道）")
def assess_risk(request, dispute_id: int, payload: RiskIn):
    dispute = get_dispute_for_user(request.user, dispute_id, write=True)
    services.assess_risk(actor=request.user, dispute=dispute, risk=payload.risk, reason=payload.reason)
    return _detail(request, dispute.pk)
