"""Every write to disputes: registering one (a case of kind "dispute" with its parties, in one transaction),
adding a party, recording mediation sessions, the outcome and follow-up visits, closing, reopening mediation and
re-assessing the risk.

Each service takes keyword-only arguments, runs in one transaction, checks the actor's permission
(PermissionDenied) and the dispute's state (ValidationError with a Chinese message), makes the change and
records it in the chronicle. Chronicle data holds codes, ids and which fields were given — never parties' names,
phone numbers or addresses; the few free-text reasons kept there (reopening, risk) are scrubbed by the chronicle.

The case underneath belongs to the cases app: registering reports the case (`cases.services.report_case`) and
takes it as first responder (`accept_case`), so its contact and resolution deadlines, whistles and escalations
run as for every case; closing the dispute resolves the case (`resolve_case`) with the outcome as its result,
and the resident's confirmation and rating follow in the cases app."""

from __future__ import annotations

import datetime as dt
import decimal
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongzhi.cases import services as cases
from gongzhi.cases.models import Case, CaseCategory, CaseChannel, CaseKind, CaseStatus
from gongzhi.cases.permissions import may_manage_case
from gongzhi.chronicle.services import record
from gongzhi.core import clock, limits
from gongzhi.core.checks import require
from gongzhi.core.pinyin import search_key
from gongzhi.disputes.models import (
    MEDIATION_STATUSES,
    OUTCOME_STATUS,
    OUTCOME_STATUSES,
    Dispute,
    DisputeStatus,
    FollowUp,
    FollowUpMethod,
    MediationSession,
    Outcome,
    Party,
    PartyRole,
    RiskLevel,
    SessionResult,
)
from gongzhi.disputes.permissions import may_handle, may_register, mediators_for
from gongzhi.organisations.models import Department
from gongzhi.people.models import Person
from gongzhi.regions.models import RegionKind, RegionNode

PHONE_RE = re.compile(r"1[3-9]\d{9}|0\d{2,3}-?\d{7,8}")
# Channels through which staff register a dispute (the resident's own phone goes through the cases app).
REGISTER_CHANNELS = (CaseChannel.WINDOW, CaseChannel.GRID_WORKER, CaseChannel.HOTLINE)
MAX_PARTIES = 20
MAX_AMOUNT = limits.AMOUNT_YUAN.high  # a neighbours' quarrel over more than 1 亿元 is a court's, not a mediator's


@dataclass(frozen=True)
class PartyInput:
    """One party as the register form or the API gives it."""

    name: str
    role: str
    phone: str = ""
    address: str = ""
    person: Person | None = None


# --- shared checks ----------------------------------------------------------------------------------------

def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def _text(errors: dict, field: str, value, *, message: str, max_length: int) -> str:
    value = (value or "").strip()
    if not value:
        errors[field] = message
    elif len(value) > max_length:
        errors[field] = _("不能超过 %(n)d 个字") % {"n": max_length}
    return value


def _amount(errors: dict, field: str, value) -> decimal.Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = decimal.Decimal(str(value).strip().replace(",", ""))
        if not number.is_finite():
            raise decimal.InvalidOperation
    except (decimal.InvalidOperation, ValueError):
        errors[field] = _("金额须为数字")
        return None
    if number < 0 or number > MAX_AMOUNT:
        errors[field] = _("金额须在 0 至 %(max)s 元之间，请核对") % {"max": f"{MAX_AMOUNT:,.0f}"}
        return None
    return number.quantize(decimal.Decimal("0.01"))


def _lock(dispute: Dispute) -> Dispute:
    """Lock the row and copy its current state onto the caller's instance, which the service then changes."""
    fresh = Dispute.objects.select_for_update().get(pk=dispute.pk)
    for field in ("status", "outcome", "outcome_at", "follow_up_on", "risk", "closed_at", "search_key"):
        setattr(dispute, field, getattr(fresh, field))
    return dispute


def _check_case(dispute: Dispute) -> None:
    """A dispute whose case the cases app refused (不予受理) is not mediated further."""
    status, reason = Case.objects.filter(pk=dispute.case_id).values_list("status", "reject_reason").get()
    if status == CaseStatus.REJECTED:
        raise ValidationError(_("该纠纷的案件已不予受理（%(r)s），不能继续办理") % {"r": reason})


def _without_parties(dispute: Dispute, text: str) -> str:
    """A free-text reason for the chronicle with the parties' names, phones and addresses blotted out: the
    chronicle keeps why something happened, never who the parties are (phone and ID numbers it scrubs itself)."""
    values = {v.strip() for row in dispute.parties.values_list("name", "phone", "address") for v in row if v}
    for value in sorted((v for v in values if len(v) >= 2), key=len, reverse=True):
        text = text.replace(value, "＊＊")
    return text


def _day(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def _clean_party(party: PartyInput, community: RegionNode, *, actor) -> tuple[dict, list[str]]:
    """A party's fields, or the problems found in them (Chinese messages)."""
    problems: list[str] = []
    name = (party.name or "").strip()
    person = party.person
    if not name and person is not None:
        name = person.name
    if not name:
        problems.append(_("请填写姓名或名称"))
    elif len(name) > 60:
        problems.append(_("姓名或名称不能超过 60 个字"))
    if party.role not in PartyRole.values:
        problems.append(_("请选择当事人身份"))
    phone = (party.phone or "").strip().replace(" ", "")
    if not phone and person is not None:
        phone = person.phone
    if phone and not PHONE_RE.fullmatch(phone):
        problems.append(_("联系电话格式不正确（11位手机号或带区号的座机号）"))
    address = (party.address or "").strip()
    if len(address) > 200:
        problems.append(_("住址不能超过 200 个字"))
    if person is not None and actor is not None and not (actor.scope.covers(person.home.path)
                                                          or person.pk in actor.scope.person_ids):
        problems.append(_("只能关联本辖区登记的居民"))
    return {"name": name, "role": party.role, "phone": phone, "address": address, "person": person}, problems


def _match_person(community: RegionNode, name: str, phone: str) -> Person | None:
    """A resident of the community with exactly this name and phone number (so the party links to the resident
    register without anyone looking the person up); none when there is no single match."""
    if not phone:
        return None
    found = list(Person.objects.filter(home__path__startswith=community.path, name=name, phone=phone)[:2])
    return found[0] if len(found) == 1 else None


def _party_keys(names: Iterable[str]) -> str:
    return " ".join(f"{n} {search_key(n)}" for n in names if n)[:4000]


def _refresh_search_key(dispute: Dispute) -> None:
    dispute.search_key = _party_keys(dispute.parties.order_by("pk").values_list("name", flat=True))
    dispute.save(update_fields=["search_key"])


def _create_parties(dispute: Dispute, rows: list[dict], *, actor, now) -> list[Party]:
    made = []
    try:
        with transaction.atomic():
            for row in rows:
                made.append(Party.objects.create(dispute=dispute, added_by=actor, added_at=now, **row))
    except IntegrityError:  # the same resident twice (the database's unique constraint)
        raise ValidationError({"parties": _("同一居民不能重复登记为当事人")}) from None
    return made


# --- register ---------------------------------------------------------------------------------------------

@transaction.atomic
def register_dispute(*, actor, community: RegionNode, category: CaseCategory, title: str, description: str,
                     subject: str, parties: Iterable[PartyInput], channel: str = CaseChannel.WINDOW,
                     risk: str = RiskLevel.ORDINARY, amount=None, place: RegionNode | None = None,
                     address: str = "") -> Dispute:
    """A dispute brought to the community (window, grid visit, hotline): the case (kind "dispute"), taken by the
    registering staff member as first responder, the dispute record and its parties — all or nothing.

    Parties: at least one applicant (申请人) and one respondent (被申请人). The first applicant is the case's
    reporter. A party without a linked resident is linked when exactly one resident of the community has the
    same name and phone number."""
    if actor is None:
        raise ValueError("a dispute is registered by a user: pass the staff member as actor")
    if community is None or community.kind != RegionKind.COMMUNITY:
        raise ValidationError({"community": _("请选择社区")})
    require(may_register(actor, community))
    errors: dict = {}
    if category is None or not category.active or not category.is_dispute:
        errors["category"] = _("请选择矛盾纠纷类别")
    if channel not in REGISTER_CHANNELS:
        errors["channel"] = _("请选择来源渠道")
    subject = _text(errors, "subject", subject, message=_("请填写纠纷事由"), max_length=200)
    if risk not in RiskLevel.values:
        errors["risk"] = _("请选择风险等级")
    amount = _amount(errors, "amount", amount)
    if place is not None and not place.path.startswith(community.path):
        errors["place"] = _("地点须在本社区范围内")

    rows, party_problems = [], []
    given = list(parties or ())
    if len(given) > MAX_PARTIES:
        party_problems.append(_("当事人最多 %(n)d 位") % {"n": MAX_PARTIES})
        given = given[:MAX_PARTIES]
    for number, party in enumerate(given, start=1):
        row, problems = _clean_party(party, community, actor=actor)
        rows.append(row)
        party_problems += [_("第%(n)d位当事人：%(p)s") % {"n": number, "p": p} for p in problems]
    roles = {r["role"] for r in rows}
    if PartyRole.APPLICANT not in roles or PartyRole.RESPONDENT not in roles:
        party_problems.append(_("至少须有一位申请人和一位被申请人"))
    linked = [r["person"].pk for r in rows if r["person"] is not None]
    if len(linked) != len(set(linked)):
        party_problems.append(_("同一居民不能重复登记为当事人"))
    if party_problems:
        errors["parties"] = party_problems
    _raise(errors)

    for row in rows:
        if row["person"] is None:
            row["person"] = _match_person(community, row["name"], row["phone"])
    linked = [r["person"].pk for r in rows if r["person"] is not None]
    if len(linked) != len(set(linked)):  # two rows matched the same resident: keep the first link only
        seen: set[int] = set()
        for row in rows:
            if row["person"] is not None:
                if row["person"].pk in seen:
                    row["person"] = None
                else:
                    seen.add(row["person"].pk)

    applicant = next(r for r in rows if r["role"] == PartyRole.APPLICANT)
    case = cases.report_case(
        actor=actor, category=category, community=community, title=title, description=description,
        channel=channel, place=place, address=address, reporter=applicant["person"],
        reporter_name=applicant["name"], reporter_phone=applicant["phone"], kind=CaseKind.DISPUTE)
    cases.accept_case(actor=actor, case=case)
    now = clock.now()
    dispute = Dispute.objects.create(case=case, subject=subject, amount=amount, risk=risk,
                                     status=DisputeStatus.REGISTERED, registered_by=actor, registered_at=now,
                                     search_key=_party_keys(r["name"] for r in rows))
    made = _create_parties(dispute, rows, actor=actor, now=now)
    record(dispute, "dispute.registered", actor, {
        "case": case.number, "category": category.code, "risk": risk, "amount": amount is not None,
        "parties": [{"id": p.pk, "role": p.role, "person": p.person_id} for p in made]})
    if risk == RiskLevel.MAJOR:
        record(dispute, "dispute.flagged_major", actor, {"to": community.parent.path if community.parent else ""})
    return dispute


# --- parties ----------------------------------------------------------------------------------------------

@transaction.atomic
def add_party(*, actor, dispute: Dispute, name: str, role: str, phone: str = "", address: str = "",
              person: Person | None = None) -> Party:
    """Another party joins the dispute (a third party, a second respondent …) while it is not closed."""
    require(actor is not None and may_handle(actor, dispute))
    _lock(dispute)
    _check_case(dispute)
    if dispute.status == DisputeStatus.CLOSED:
        raise ValidationError(_("纠纷已结案，不能再添加当事人"))
    community = dispute.case.community
    row, problems = _clean_party(PartyInput(name=name, role=role, phone=phone, address=address, person=person),
                                 community, actor=actor)
    if problems:
        raise ValidationError({"__all__": problems})
    if row["person"] is None:
        row["person"] = _match_person(community, row["name"], row["phone"])
        if row["person"] is not None and dispute.parties.filter(person=row["person"]).exists():
            row["person"] = None
    elif dispute.parties.filter(person=row["person"]).exists():
        raise ValidationError({"person": _("该居民已是本纠纷的当事人")})
    (party,) = _create_parties(dispute, [row], actor=actor, now=clock.now())
    _refresh_search_key(dispute)
    record(dispute, "dispute.party_added", actor, {"party": party.pk, "role": party.role,
                                                   "person": party.person_id})
    return party


# --- mediation --------------------------------------------------------------------------------------------

def _check_departments(errors: dict, dispute: Dispute, departments: list[Department], field: str) -> None:
    path = dispute.case.community.path
    if any(not path.startswith(d.home.path) for d in departments):
        errors[field] = _("须为本社区所在区划的职能部门")


@transaction.atomic
def record_session(*, actor, dispute: Dispute, held_at: dt.datetime, place: str, notes: str, result: str,
                   mediators: Iterable = (), mediator_names: str = "", departments: Iterable[Department] = (),
                   next_session_on: dt.date | None = None) -> MediationSession:
    """A mediation session that was held: the dispute is then being mediated (调解中). A session that ends
    with "continue" names the date of the next one."""
    require(actor is not None and may_handle(actor, dispute))
    _lock(dispute)
    _check_case(dispute)
    if dispute.status not in MEDIATION_STATUSES:
        raise ValidationError(_("纠纷已有调解结果（%(s)s），不能再登记调解；如需重新调解请先恢复调解")
                              % {"s": dispute.get_status_display()})
    errors: dict = {}
    place = _text(errors, "place", place, message=_("请填写调解地点"), max_length=120)
    notes = _text(errors, "notes", notes, message=_("请填写调解情况"), max_length=5000)
    mediator_names = (mediator_names or "").strip()
    if len(mediator_names) > 300:
        errors["mediator_names"] = _("不能超过 %(n)d 个字") % {"n": 300}
    mediators, departments = list(mediators or ()), list(departments or ())
    if not mediators and not mediator_names:
        errors["mediators"] = _("请选择或填写调解人员")
    if mediators:
        allowed = set(mediators_for(dispute.case.community).filter(pk__in=[u.pk for u in mediators])
                      .values_list("pk", flat=True))
        if any(u.pk not in allowed for u in mediators):
            errors["mediators"] = _("调解人员须为本社区的工作人员或网格员；其他人员请填写在“其他调解人员”中")
    _check_departments(errors, dispute, departments, "departments")
    now = clock.now()
    if held_at is None or timezone.is_naive(held_at):
        errors["held_at"] = _("请填写调解时间")
    elif held_at > now + dt.timedelta(minutes=5):
        errors["held_at"] = _("调解时间不能晚于现在（请在调解后登记）")
    elif timezone.localdate(held_at) < timezone.localdate(dispute.case.reported_at) - dt.timedelta(days=30):
        errors["held_at"] = _("调解时间不能早于纠纷登记前 30 天")
    if result not in SessionResult.values:
        errors["result"] = _("请选择本次调解结果")
    elif result == SessionResult.CONTINUE and next_session_on is None:
        errors["next_session_on"] = _("继续调解须填写下次调解日期")
    if next_session_on is not None and next_session_on < clock.today():
        errors["next_session_on"] = _("下次调解日期不能早于今天")
    _raise(errors)
    number = (dispute.sessions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    session = MediationSession.objects.create(
        dispute=dispute, number=number, held_at=held_at, place=place, mediator_names=mediator_names, notes=notes,
        result=result, next_session_on=next_session_on if result != SessionResult.AGREED else None,
        recorded_by=actor, recorded_at=now)
    session.mediators.set(mediators)
    session.departments.set(departments)
    previous = dispute.status
    if previous == DisputeStatus.REGISTERED:
        dispute.status = DisputeStatus.MEDIATING
        dispute.save(update_fields=["status"])
    record(dispute, "dispute.session_recorded", actor, {
        "session": session.pk, "number": number, "result": result, "from": previous, "to": dispute.status,
        "mediators": sorted(u.pk for u in mediators), "departments": sorted(d.pk for d in departments),
        "next_session_on": _day(session.next_session_on)})
    return session


@transaction.atomic
def record_outcome(*, actor, dispute: Dispute, outcome: str, agreement_text: str = "", agreed_amount=None,
                   referred_department: Department | None = None, referred_to: str = "", note: str = "",
                   follow_up_on: dt.date | None = None) -> Dispute:
    """The outcome of the mediation:
    - agreement (人民调解协议): needs a session that ended in agreement and the agreement's summary;
    - referral to a department or the court, with the reason;
    - litigation (引导诉讼): needs at least one session, and the reason;
    - withdrawal by the applicant.
    Every outcome except a withdrawal schedules a follow-up visit (回访) by `follow_up_on`."""
    require(actor is not None and may_handle(actor, dispute))
    _lock(dispute)
    if dispute.status not in MEDIATION_STATUSES:
        raise ValidationError(_("纠纷已有调解结果（%(s)s）") % {"s": dispute.get_status_display()})
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("请选择调解结果")})
    if outcome in (Outcome.AGREEMENT, Outcome.LITIGATION):
        _check_case(dispute)  # a refused case may still be recorded as referred elsewhere or withdrawn
    errors: dict = {}
    sessions = dispute.sessions.all()
    if outcome in (Outcome.AGREEMENT, Outcome.LITIGATION) and not sessions.exists():
        raise ValidationError(_("尚未登记调解记录：请先登记至少一次调解"))
    note = (note or "").strip()
    agreement_text = (agreement_text or "").strip()
    referred_to = (referred_to or "").strip()
    agreed_amount = _amount(errors, "agreed_amount", agreed_amount)
    if outcome == Outcome.AGREEMENT:
        if not sessions.filter(result=SessionResult.AGREED).exists():
            errors["outcome"] = _("达成协议须有一次调解结果为“达成一致”的调解记录")
        _text(errors, "agreement_text", agreement_text, message=_("请填写人民调解协议书的主要内容"),
              max_length=5000)
    else:
        agreement_text, agreed_amount = "", None
    if outcome == Outcome.REFERRAL:
        if referred_department is None and not referred_to:
            errors["referred_department"] = _("请选择转办部门或填写转交机关（如人民法院）")
        if referred_department is not None:
            _check_departments(errors, dispute, [referred_department], "referred_department")
        if len(referred_to) > 120:
            errors["referred_to"] = _("不能超过 %(n)d 个字") % {"n": 120}
    else:
        referred_department, referred_to = None, ""
    if outcome in (Outcome.REFERRAL, Outcome.LITIGATION, Outcome.WITHDRAWN) and not note:
        errors["note"] = {Outcome.REFERRAL: _("请填写转办理由"), Outcome.LITIGATION: _("请填写引导诉讼的理由"),
                          Outcome.WITHDRAWN: _("请填写撤回情况")}[Outcome(outcome)]
    if len(note) > 2000:
        errors["note"] = _("不能超过 %(n)d 个字") % {"n": 2000}
    if outcome != Outcome.WITHDRAWN and follow_up_on is None:
        errors["follow_up_on"] = _("请安排回访日期")
    elif follow_up_on is not None and follow_up_on < clock.today():
        errors["follow_up_on"] = _("回访日期不能早于今天")
    _raise(errors)
    previous = dispute.status
    dispute.status, dispute.outcome, dispute.outcome_note = OUTCOME_STATUS[outcome], outcome, note
    dispute.agreement_text, dispute.agreed_amount = agreement_text, agreed_amount
    dispute.referred_department, dispute.referred_to = referred_department, referred_to
    dispute.outcome_at, dispute.outcome_by, dispute.follow_up_on = clock.now(), actor, follow_up_on
    dispute.save(update_fields=["status", "outcome", "outcome_note", "agreement_text", "agreed_amount",
                                "referred_department", "referred_to", "outcome_at", "outcome_by", "follow_up_on"])
    record(dispute, "dispute.outcome_recorded", actor, {
        "outcome": outcome, "from": previous, "to": dispute.status,
        "referred_department": referred_department.pk if referred_department else None,
        "referred_to": bool(referred_to), "agreed_amount": agreed_amount is not None,
        "follow_up_on": _day(follow_up_on)})
    return dispute


# --- follow-up --------------------------------------------------------------------------------------------

@transaction.atomic
def schedule_follow_up(*, actor, dispute: Dispute, on: dt.date) -> Dispute:
    """Set (or move) the date of the next follow-up visit of a dispute that has an outcome."""
    require(actor is not None and may_handle(actor, dispute))
    _lock(dispute)
    if dispute.status not in OUTCOME_STATUSES:
        raise ValidationError(_("有调解结果且未结案的纠纷才能安排回访"))
    if on is None or on < clock.today():
        raise ValidationError({"on": _("回访日期不能早于今天")})
    previous = dispute.follow_up_on
    dispute.follow_up_on = on
    dispute.save(update_fields=["follow_up_on"])
    record(dispute, "dispute.follow_up_scheduled", actor, {"from": _day(previous), "to": _day(on)})
    return dispute


@transaction.atomic
def record_follow_up(*, actor, dispute: Dispute, done_on: dt.date, note: str, stable: bool,
                     method: str = FollowUpMethod.VISIT, next_follow_up_on: dt.date | None = None) -> FollowUp:
    """A follow-up visit (回访) after the outcome: how the parties are doing, and whether the dispute is settled
    (stable). It clears the scheduled date, or moves it to `next_follow_up_on`. An unsettled dispute needs the
    next visit scheduled (or mediation reopened)."""
    require(actor is not None and may_handle(actor, dispute))
    _lock(dispute)
    if dispute.status not in OUTCOME_STATUSES:
        if dispute.status == DisputeStatus.CLOSED:
            raise ValidationError(_("纠纷已结案"))
        raise ValidationError(_("纠纷尚无调解结果，不能登记回访"))
    errors: dict = {}
    note = _text(errors, "note", note, message=_("请填写回访情况"), max_length=2000)
    today = clock.today()
    if done_on is None:
        errors["done_on"] = _("请填写回访日期")
    elif done_on > today:
        errors["done_on"] = _("回访日期不能晚于今天")
    elif dispute.outcome_at and done_on < timezone.localdate(dispute.outcome_at):
        errors["done_on"] = _("回访日期不能早于调解结果登记日期")
    if method not in FollowUpMethod.values:
        errors["method"] = _("请选择回访方式")
    if next_follow_up_on is not None and next_follow_up_on <= today:
        errors["next_follow_up_on"] = _("下次回访日期须晚于今天")
    if not stable and next_follow_up_on is None:
        errors["next_follow_up_on"] = _("情况尚不稳定，请安排下次回访（或恢复调解）")
    _raise(errors)
    follow_up = FollowUp.objects.create(dispute=dispute, done_on=done_on, method=method, by=actor, note=note,
                                        stable=bool(stable), recorded_at=clock.now())
    dispute.follow_up_on = next_follow_up_on
    dispute.save(update_fields=["follow_up_on"])
    record(dispute, "dispute.follow_up_recorded", actor, {
        "follow_up": follow_up.pk, "done_on": _day(done_on), "method": method, "stable": bool(stable),
        "next_follow_up_on": _day(next_follow_up_on)})
    return follow_up


# --- close, reopen, risk ----------------------------------------------------------------------------------

def may_close(user, dispute: Dispute) -> bool:
    """Closing resolves the case, which is its owner's or supervising staff's to do (cases.may_manage_case)."""
    return user is not None and may_handle(user, dispute) and may_manage_case(user, dispute.case)


def _case_result(dispute: Dispute) -> str:
    outcome = Outcome(dispute.outcome)
    parts = [_("矛盾纠纷调解结果：%(o)s") % {"o": outcome.label}]
    if dispute.outcome == Outcome.AGREEMENT:
        parts.append(dispute.agreement_text)
    elif dispute.outcome == Outcome.REFERRAL:
        target = dispute.referred_department.name if dispute.referred_department else dispute.referred_to
        parts.append(_("转交：%(t)s") % {"t": target})
    if dispute.outcome_note:
        parts.append(dispute.outcome_note)
    return "\n".join(p for p in parts if p)[:4000]


@transaction.atomic
def close_dispute(*, actor, dispute: Dispute, note: str = "") -> Dispute:
    """已回访结案. After an agreement, the latest follow-up must find the dispute settled; after a referral or
    litigation, at least one follow-up is needed; a withdrawal needs none. The case is resolved through the
    cases app with the outcome as its result (when it is still being handled), so its deadline stops and the
    resident's confirmation and rating follow there."""
    require(may_close(actor, dispute))
    _lock(dispute)
    if dispute.status not in OUTCOME_STATUSES:
        if dispute.status == DisputeStatus.CLOSED:
            raise ValidationError(_("纠纷已结案"))
        raise ValidationError(_("纠纷尚无调解结果，不能结案"))
    latest = dispute.follow_ups.order_by("-done_on", "-pk").first()
    if dispute.outcome != Outcome.WITHDRAWN and latest is None:
        raise ValidationError(_("请先登记回访，再结案"))
    if dispute.outcome == Outcome.AGREEMENT and latest is not None and not latest.stable:
        raise ValidationError(_("最近一次回访情况尚不稳定，不能结案：请继续回访或恢复调解"))
    case = dispute.case
    resolved = False
    if case.status in (CaseStatus.ACCEPTED, CaseStatus.WHISTLED):
        cases.resolve_case(actor=actor, case=case, result=_case_result(dispute))
        resolved = True
    previous = dispute.status
    dispute.status, dispute.closed_at, dispute.closed_by, dispute.follow_up_on = (
        DisputeStatus.CLOSED, clock.now(), actor, None)
    dispute.save(update_fields=["status", "closed_at", "closed_by", "follow_up_on"])
    record(dispute, "dispute.closed", actor, {"from": previous, "outcome": dispute.outcome,
                                              "case_resolved": resolved, "note": bool((note or "").strip())})
    return dispute


@transaction.atomic
def reopen_mediation(*, actor, dispute: Dispute, reason: str) -> Dispute:
    """Set an outcome aside and mediate again (an agreement not kept, a referral sent back): the dispute is
    being mediated again; the earlier outcome stays in the chronicle."""
    require(actor is not None and may_handle(actor, dispute))
    _lock(dispute)
    _check_case(dispute)
    if dispute.status not in OUTCOME_STATUSES:
        raise ValidationError(_("只有已有调解结果且未结案的纠纷可以恢复调解"))
    reason = (reason or "").strip()[:300]
    if not reason:
        raise ValidationError({"reason": _("请填写恢复调解的原因")})
    previous, outcome = dispute.status, dispute.outcome
    dispute.status, dispute.outcome, dispute.outcome_note = DisputeStatus.MEDIATING, "", ""
    dispute.agreement_text, dispute.agreed_amount = "", None
    dispute.referred_department, dispute.referred_to = None, ""
    dispute.outcome_at, dispute.outcome_by, dispute.follow_up_on = None, None, None
    dispute.save(update_fields=["status", "outcome", "outcome_note", "agreement_text", "agreed_amount",
                                "referred_department", "referred_to", "outcome_at", "outcome_by", "follow_up_on"])
    record(dispute, "dispute.reopened", actor, {"from": previous, "outcome": outcome,
                                                "reason": _without_parties(dispute, reason)})
    return dispute


@transaction.atomic
def assess_risk(*, actor, dispute: Dispute, risk: str, reason: str) -> Dispute:
    """Re-assess the risk level; raising it to 重大 flags the dispute to street staff (chronicled)."""
    require(actor is not None and may_handle(actor, dispute))
    _lock(dispute)
    if dispute.status == DisputeStatus.CLOSED:
        raise ValidationError(_("纠纷已结案"))
    if risk not in RiskLevel.values:
        raise ValidationError({"risk": _("请选择风险等级")})
    if risk == dispute.risk:
        raise ValidationError({"risk": _("风险等级未改变")})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写调整风险等级的理由")})
    previous = dispute.risk
    dispute.risk = risk
    dispute.save(update_fields=["risk"])
    record(dispute, "dispute.risk_assessed", actor, {"from": previous, "to": risk,
                                                     "reason": _without_parties(dispute, reason[:300])})
    if risk == RiskLevel.MAJOR:
        community = dispute.case.community
        record(dispute, "dispute.flagged_major", actor,
               {"to": community.parent.path if community.parent is not None else ""})
    return dispute
