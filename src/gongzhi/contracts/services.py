"""Every write of the contract lifecycle: 商约 (meetings, drafts, agreement), 签约 (sign, amend), 履约
(fulfilment with evidence, milestones, reminders, board publications)."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from gongzhi.chronicle.services import record
from gongzhi.contracts import documents, notices, snapshots
from gongzhi.contracts.dates import check_meeting_date
from gongzhi.contracts.models import (
    Area,
    Commitment,
    Contract,
    ContractStatus,
    Evidence,
    Fulfilment,
    Meeting,
    MeetingStatus,
    Milestone,
    Party,
    Publication,
    Reminder,
    ReminderKind,
)
from gongzhi.contracts.permissions import (
    may_agree_for,
    may_appoint_officer,
    may_convene,
    may_draft,
    may_publish,
    may_record_fulfilment,
    may_sign,
    officer_candidates,
)
from gongzhi.core import clock, limits
from gongzhi.core.checks import require
from gongzhi.core.uploads import JPEG_PNG_PDF, read_checked
from gongzhi.party.models import PartyOrganisation, PartyOrgKind

MAX_EVIDENCE_FILES = 6
APPROACHING_DAYS = 14


def _draft_only(contract: Contract) -> None:
    if contract.status != ContractStatus.DRAFT:
        raise ValidationError(_("契约已签订，文本不可修改；如需变更请发起修订（新版本）。"))


def _units_in(community, units) -> None:
    street_path = community.path[: -5]  # the street above the community
    outside = [u.name for u in units if not u.home.path.startswith(street_path)]
    if outside:
        raise ValidationError(_("这些单位不在本街道：%(names)s") % {"names": "、".join(outside)})


def _same_community(community, items, label) -> None:
    if any(i.community_id != community.pk for i in items):
        raise ValidationError(_("%(label)s必须属于本社区") % {"label": label})


# --- 商约 ------------------------------------------------------------------------------------------

@transaction.atomic
def convene_meeting(*, actor, community, title: str, starts_at: dt.datetime, place: str, units, needs=(),
                    resources=(), agenda: str = "", attendees: str = "") -> Meeting:
    """The street party working committee convenes a negotiation meeting (商谈会) with an agenda from the lists."""
    require(may_convene(actor, community))
    units, needs, resources = list(units), list(needs), list(resources)
    if not units:
        raise ValidationError(_("请选择参会单位"))
    _units_in(community, units)
    _same_community(community, needs, _("议题中的需求"))
    _same_community(community, resources, _("议题中的资源"))
    if not title.strip() or not place.strip():
        raise ValidationError(_("会议名称和地点不能为空"))
    try:
        check_meeting_date(starts_at)
    except ValidationError as e:
        raise ValidationError({"starts_at": e.messages}) from None
    meeting = Meeting.objects.create(street=community.parent, community=community, title=title.strip(),
                                     starts_at=starts_at, place=place.strip(), agenda=agenda, attendees=attendees,
                                     convened_by=actor, created_at=clock.now())
    meeting.units.set(units)
    meeting.needs.set(needs)
    meeting.resources.set(resources)
    record(meeting, "meeting.convened", actor, {"units": [u.pk for u in units], "needs": [n.pk for n in needs],
                                                "resources": [r.pk for r in resources]})
    return meeting


@transaction.atomic
def record_meeting_minutes(*, actor, meeting: Meeting, notes: str) -> Meeting:
    require(may_convene(actor, meeting.community))
    if Meeting.objects.filter(pk=meeting.pk, status=MeetingStatus.HELD).exists():
        raise ValidationError(_("会议纪要已记录，不可改写"))
    if not notes.strip():
        raise ValidationError(_("请填写讨论纪要"))
    Meeting.objects.filter(pk=meeting.pk).update(notes=notes, status=MeetingStatus.HELD)
    meeting.refresh_from_db()
    record(meeting, "meeting.held", actor, {"notes_sha256": hashlib.sha256(notes.encode()).hexdigest()})
    return meeting


def _unit_party_organisation(unit) -> PartyOrganisation:
    party = unit.party_organisations.order_by("kind", "pk").first()
    if party is None:
        raise ValidationError(_("%(unit)s 尚未登记党组织，不能签约") % {"unit": unit.name})
    return party


def _next_number(community, year: int) -> str:
    n = Contract.objects.filter(community=community, year=year, version=1).count() + 1
    return f"{community.code or community.pk}-{year}-{n:03d}"


@transaction.atomic
def draft_contract(*, actor, community, title: str, year: int, term_start: dt.date, term_end: dt.date, units,
                   meeting: Meeting | None = None) -> Contract:
    """The outcome of negotiation: a draft contract binding the community party committee and the units."""
    require(may_draft(actor, community))
    units = list(units)
    if not units:
        raise ValidationError(_("契约至少要有一家签约单位"))
    _units_in(community, units)
    if term_end < term_start:
        raise ValidationError(_("截止日期不能早于起始日期"))
    if meeting is not None and meeting.community_id != community.pk:
        raise ValidationError(_("商谈会不属于本社区"))
    committee = PartyOrganisation.objects.filter(region=community, kind=PartyOrgKind.COMMUNITY_COMMITTEE).first()
    if committee is None:
        raise ValidationError(_("本社区尚未登记社区党委"))
    contract = Contract.objects.create(number=_next_number(community, year), title=title.strip(),
                                       community=community, community_party=committee, meeting=meeting, year=year,
                                       term_start=term_start, term_end=term_end, created_by=actor,
                                       created_at=clock.now())
    for unit in units:
        Party.objects.create(contract=contract, organisation=unit, party_organisation=_unit_party_organisation(unit))
    record(contract, "contract.drafted", actor, {"number": contract.number, "units": [u.pk for u in units]})
    return contract


COMMITMENT_FIELDS = ("area", "title", "content", "beneficiaries", "unit_duties", "community_duties", "rights",
                     "unit_liaison", "community_liaison", "deadline", "target_services", "target_person_times",
                     "target_note")


def _check_commitment(contract: Contract, fields: dict, undertakers) -> None:
    if fields.get("area") not in Area.values:
        raise ValidationError({"area": _("请选择共建领域")})
    if not (fields.get("title") or "").strip() or not (fields.get("content") or "").strip():
        raise ValidationError({"title": _("项目名称和服务内容不能为空")})
    deadline = fields.get("deadline")
    if deadline is None or not contract.term_start <= deadline <= contract.term_end:
        raise ValidationError({"deadline": _("完成时限须在契约期限之内")})
    party_units = set(contract.parties.values_list("organisation_id", flat=True))
    if not undertakers or any(u.pk not in party_units for u in undertakers):
        raise ValidationError({"undertakers": _("承办单位须为本契约的签约单位")})
    for key, bound in (("target_services", limits.TARGET_SERVICES), ("target_person_times", limits.TARGET_PERSON_TIMES)):
        if not bound.holds(int(fields.get(key) or 0)):
            raise ValidationError({key: _("目标须在 %(low)d 到 %(high)d 之间，请核对")
                                   % {"low": bound.low, "high": bound.high}})


@transaction.atomic
def add_commitment(*, actor, contract: Contract, undertakers, needs=(), resources=(), milestones=(),
                   **fields) -> Commitment:
    """A commitment (承诺事项) of a draft contract; `milestones` are (title, due_on) pairs."""
    require(may_draft(actor, contract.community))
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    _draft_only(contract)
    undertakers, needs, resources = list(undertakers), list(needs), list(resources)
    unknown = set(fields) - set(COMMITMENT_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields {unknown}")
    _check_commitment(contract, fields, undertakers)
    _same_community(contract.community, needs, _("回应的需求"))
    _same_community(contract.community, resources, _("使用的资源"))
    commitment = Commitment.objects.create(contract=contract, order=contract.commitments.count() + 1, **fields)
    commitment.undertakers.set(undertakers)
    commitment.needs.set(needs)
    commitment.resources.set(resources)
    for title, due_on in milestones:
        if not contract.term_start <= due_on <= contract.term_end:
            raise ValidationError({"milestones": _("实施步骤的计划日期须在契约期限之内")})
        Milestone.objects.create(commitment=commitment, title=title, due_on=due_on)
    record(contract, "contract.commitment_added", actor, {"commitment": commitment.pk, "title": commitment.title})
    _reopen_agreement(actor, contract)
    return commitment


def _reopen_agreement(actor, contract: Contract) -> None:
    """The units agreed to the commitments as they stood: a change to them asks every unit to agree again."""
    agreed = contract.parties.filter(agreed_at__isnull=False)
    if agreed.exists():
        units = list(agreed.values_list("organisation_id", flat=True))
        agreed.update(agreed_at=None, representative="")
        record(contract, "contract.agreement_reopened", actor, {"units": units})


@transaction.atomic
def remove_commitment(*, actor, commitment: Commitment) -> None:
    contract = Contract.objects.select_for_update().get(pk=commitment.contract_id)
    require(may_draft(actor, contract.community))
    _draft_only(contract)
    record(contract, "contract.commitment_removed", actor, {"commitment": commitment.pk, "title": commitment.title})
    commitment.delete()
    _reopen_agreement(actor, contract)


@transaction.atomic
def record_agreement(*, actor, contract: Contract, organisation, representative: str) -> Party:
    """Who agreed for a unit at the negotiation (a unit's liaison for their own unit, or the convening street)."""
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    require(may_agree_for(actor, contract, organisation))
    _draft_only(contract)
    party = contract.parties.filter(organisation=organisation).first()
    if party is None:
        raise ValidationError(_("该单位不是本契约的签约单位"))
    if not representative.strip():
        raise ValidationError({"representative": _("请填写签约代表")})
    Party.objects.filter(pk=party.pk).update(representative=representative.strip(), agreed_at=clock.now())
    record(contract, "contract.agreed", actor, {"unit": organisation.pk})
    party.refresh_from_db()
    return party


# --- 签约 ------------------------------------------------------------------------------------------

@transaction.atomic
def sign_contract(*, actor, contract: Contract) -> Contract:
    """Freeze the text: render the signed document, store its hash in the contract and the chronicle."""
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    require(may_sign(actor, contract))
    _draft_only(contract)
    if not contract.commitments.exists():
        raise ValidationError(_("契约至少要有一项承诺事项"))
    pending = [p.organisation.name for p in contract.parties.select_related("organisation") if p.agreed_at is None]
    if pending:
        raise ValidationError(_("以下单位尚未确认：%(names)s") % {"names": "、".join(pending)})
    now = clock.now()
    contract.status, contract.signed_at, contract.signed_by = ContractStatus.SIGNED, now, actor
    pdf = documents.contract_pdf(contract)
    digest = hashlib.sha256(pdf).hexdigest()
    contract.document.save(f"{contract.number}-v{contract.version}.pdf", ContentFile(pdf), save=False)
    contract.document_sha256 = digest
    contract.save(update_fields=["status", "signed_at", "signed_by", "document", "document_sha256"])
    if contract.previous is not None:
        Contract.objects.filter(pk=contract.previous.pk).update(status=ContractStatus.SUPERSEDED)
        # What was fulfilled under the old version counts for the new one: records move to the copies.
        carried = 0
        for copy in contract.commitments.filter(previous__isnull=False):
            assert copy.previous_id is not None  # filtered above
            carried += Fulfilment.objects.filter(commitment_id=copy.previous_id).update(commitment=copy)
        record(contract.previous, "contract.superseded", actor, {"by": contract.pk, "fulfilments_carried": carried})
    record(contract, "contract.signed", actor, {"number": contract.number, "version": contract.version,
                                                "document_sha256": digest})
    return contract


@transaction.atomic
def amend_contract(*, actor, contract: Contract, reason: str) -> Contract:
    """A signed contract is never edited: an amendment is a new draft version that copies it."""
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    require(may_draft(actor, contract.community))
    if contract.status != ContractStatus.SIGNED:
        raise ValidationError(_("只有已签订的契约可以修订"))
    if Contract.objects.filter(previous=contract).exists():
        raise ValidationError(_("该契约已有一份修订草案"))
    if not reason.strip():
        raise ValidationError({"reason": _("请说明修订原因")})
    new = Contract.objects.create(
        number=f"{contract.number.split('-v')[0]}-v{contract.version + 1}", title=contract.title,
        community=contract.community, community_party=contract.community_party, meeting=contract.meeting,
        year=contract.year, term_start=contract.term_start, term_end=contract.term_end,
        version=contract.version + 1, previous=contract, amendment_reason=reason.strip(), created_by=actor,
        created_at=clock.now())
    for party in contract.parties.all():
        Party.objects.create(contract=new, organisation_id=party.organisation_id,
                             party_organisation_id=party.party_organisation_id,
                             liaison_officer_id=party.liaison_officer_id)
    for old in contract.commitments.prefetch_related("undertakers", "needs", "resources", "milestones"):
        copy = Commitment.objects.create(contract=new, order=old.order, previous=old,
                                         **{f: getattr(old, f) for f in COMMITMENT_FIELDS})
        copy.undertakers.set(old.undertakers.all())
        copy.needs.set(old.needs.all())
        copy.resources.set(old.resources.all())
        for m in old.milestones.all():
            Milestone.objects.create(commitment=copy, title=m.title, due_on=m.due_on, done_on=m.done_on)
    record(new, "contract.amendment_drafted", actor, {"amends": contract.pk, "reason": reason.strip()})
    return new


@transaction.atomic
def appoint_liaison_officer(*, actor, contract: Contract, organisation, officer) -> Party:
    """The district organisation department appoints a liaison officer for a unit to push fulfilment."""
    require(may_appoint_officer(actor, contract))
    party = contract.parties.filter(organisation=organisation).first()
    if party is None:
        raise ValidationError(_("该单位不是本契约的签约单位"))
    if not officer_candidates(contract).filter(pk=officer.pk).exists():
        raise ValidationError(_("联络员须为本城区工作人员"))
    Party.objects.filter(pk=party.pk).update(liaison_officer=officer)
    record(contract, "contract.liaison_officer_appointed", actor, {"unit": organisation.pk, "officer": officer.pk})
    party.refresh_from_db()
    return party


# --- 履约 ------------------------------------------------------------------------------------------

def check_evidence(files) -> list[tuple[str, str, bytes]]:
    """Evidence must be JPEG, PNG or PDF (checked by content, not by name), at most 5 MB each."""
    files = list(files)
    if len(files) > MAX_EVIDENCE_FILES:
        raise ValidationError({"evidence": _("佐证材料最多 %(n)d 个文件") % {"n": MAX_EVIDENCE_FILES}})
    checked = []
    for f in files:
        name, kind, data = read_checked(f, field="evidence", types=JPEG_PNG_PDF, default_name="file",
                                        not_allowed=_("“%(name)s”不是 JPG、PNG 或 PDF 文件"))
        checked.append((name[-200:], kind, data))
    return checked


def _fulfilment_figures(contract: Contract, date: dt.date, person_times, volunteer_hours, confirm_unusual: bool,
                       unusual_reason: str) -> tuple[int, Decimal, str]:
    """The figures of one service within the hard bounds of `core.limits`, and the reason given for figures
    above the usual ones (refused without a confirmation and a reason)."""
    if date < limits.PLATFORM_START:
        raise ValidationError({"date": _("服务日期不能早于 %(day)s（平台启用之日）")
                               % {"day": limits.PLATFORM_START.strftime("%Y-%m-%d")}})
    if not contract.term_start <= date <= contract.term_end:
        raise ValidationError({"date": _("服务日期须在契约期限之内（%(start)s 至 %(end)s）")
                               % {"start": contract.term_start.isoformat(), "end": contract.term_end.isoformat()}})
    if date > clock.today():
        raise ValidationError({"date": _("服务日期不能晚于今天")})
    try:
        person_times, hours = int(person_times), Decimal(str(volunteer_hours)).quantize(Decimal("0.1"))
    except (TypeError, ValueError, ArithmeticError):
        raise ValidationError({"person_times": _("人次和时长须为数字")}) from None
    if not limits.PERSON_TIMES.holds(person_times):
        raise ValidationError({"person_times": _("服务人次须在 %(low)d 到 %(high)d 之间，请核对")
                               % {"low": limits.PERSON_TIMES.low, "high": limits.PERSON_TIMES.high}})
    if not limits.VOLUNTEER_HOURS.holds(hours):
        raise ValidationError({"volunteer_hours": _("志愿服务时长须在 %(low)d 到 %(high)d 小时之间，请核对")
                               % {"low": limits.VOLUNTEER_HOURS.low, "high": limits.VOLUNTEER_HOURS.high}})
    per_person = hours / max(person_times, 1)
    if per_person > limits.HOURS_PER_PERSON_TIME.high:
        raise ValidationError({"volunteer_hours": _(
            "一人次一天的志愿服务不会超过 %(max)d 小时：%(n)d 人次最多登记 %(total)d 小时，请核对")
            % {"max": limits.HOURS_PER_PERSON_TIME.high, "n": max(person_times, 1),
               "total": max(person_times, 1) * limits.HOURS_PER_PERSON_TIME.high}})
    unusual = []
    if limits.PERSON_TIMES.is_unusual(person_times):
        unusual.append(_("服务人次超过 %(n)d") % {"n": limits.PERSON_TIMES.usual})
    if limits.VOLUNTEER_HOURS.is_unusual(hours):
        unusual.append(_("时长超过 %(n)d 小时") % {"n": limits.VOLUNTEER_HOURS.usual})
    if limits.HOURS_PER_PERSON_TIME.is_unusual(per_person):
        unusual.append(_("每人次超过 %(n)d 小时") % {"n": limits.HOURS_PER_PERSON_TIME.usual})
    reason = (unusual_reason or "").strip()
    if not unusual:
        return person_times, hours, ""
    if len(reason) > limits.UNUSUAL_REASON_LENGTH:
        raise ValidationError({"unusual_reason": _("原因请控制在 %(n)d 字以内") % {"n": limits.UNUSUAL_REASON_LENGTH}})
    if not confirm_unusual or not reason:
        raise ValidationError({"confirm_unusual": _(
            "这条记录的数字远超常见范围（%(what)s）。请再核对一遍；确实无误的，请勾选“确认数字无误”并写明原因。")
            % {"what": "；".join(unusual)}})
    return person_times, hours, reason


@transaction.atomic
def record_fulfilment(*, actor, commitment: Commitment, date: dt.date, content: str, person_times: int,
                      volunteer_hours: Decimal | int | float = 0, organisation=None, evidence=(),
                      confirm_unusual: bool = False, unusual_reason: str = "") -> Fulfilment:
    """履约记录: one service delivered, by a unit's liaison (for their unit) or community staff. Its figures are
    held to `core.limits`; figures above the usual range need `confirm_unusual` and an `unusual_reason`."""
    commitment = Commitment.objects.select_related("contract__community").get(pk=commitment.pk)  # current state
    contract = commitment.contract
    require(may_record_fulfilment(actor, commitment, organisation))
    if contract.status != ContractStatus.SIGNED:
        raise ValidationError(_("只有已签订且现行有效的契约可以登记履约"))
    if organisation is None:
        own = [pk for pk in commitment.undertakers.values_list("pk", flat=True) if pk in actor.scope.organisation_ids]
        organisation = commitment.undertakers.filter(pk__in=own[:1]).first()
    if organisation is not None and not commitment.undertakers.filter(pk=organisation.pk).exists():
        raise ValidationError({"organisation": _("该单位不是本事项的承办单位")})
    content = (content or "").strip()
    if not content:
        raise ValidationError({"content": _("请填写服务内容")})
    if len(content) > limits.NOTE:
        raise ValidationError({"content": _("服务内容请控制在 %(n)d 字以内") % {"n": limits.NOTE}})
    person_times, hours, reason = _fulfilment_figures(contract, date, person_times, volunteer_hours,
                                                      confirm_unusual, unusual_reason)
    files = check_evidence(evidence)
    fulfilment = Fulfilment.objects.create(commitment=commitment, organisation=organisation, date=date,
                                           content=content, person_times=person_times, volunteer_hours=hours,
                                           unusual_reason=reason, recorded_by=actor, recorded_at=clock.now())
    for name, kind, data in files:
        item = Evidence(fulfilment=fulfilment, original_name=name, content_type=kind, size=len(data),
                        sha256=hashlib.sha256(data).hexdigest())
        item.file.save(name, ContentFile(data), save=False)
        item.save()
    facts: dict[str, object] = {
        "fulfilment": fulfilment.pk, "date": date.isoformat(), "person_times": person_times,
        "volunteer_hours": str(fulfilment.volunteer_hours),
        "evidence": [hashlib.sha256(content).hexdigest() for *_, content in files]}
    if reason:
        facts["unusual_reason"] = reason
    record(commitment, "commitment.fulfilled", actor, facts)
    return fulfilment


@transaction.atomic
def complete_milestone(*, actor, milestone: Milestone, on: dt.date) -> Milestone:
    milestone = Milestone.objects.select_related("commitment__contract__community").get(pk=milestone.pk)
    commitment = milestone.commitment
    require(may_record_fulfilment(actor, commitment))
    if commitment.contract.status != ContractStatus.SIGNED:
        raise ValidationError(_("只有已签订的契约可以登记实施步骤"))
    if milestone.done_on is not None:
        raise ValidationError(_("该步骤已完成"))
    if on > clock.today():
        raise ValidationError(_("完成日期不能晚于今天"))
    Milestone.objects.filter(pk=milestone.pk).update(done_on=on)
    milestone.refresh_from_db()
    record(commitment, "commitment.milestone_done", actor, {"milestone": milestone.pk, "on": on.isoformat()})
    return milestone


def sweep_reminders(*, today: dt.date | None = None) -> int:
    """Create the reminders due today: a commitment not yet completed whose deadline is within
    APPROACHING_DAYS gets an 'approaching' reminder, one past its deadline an 'overdue' one. Safe to run
    any number of times: the database holds one reminder per commitment and kind."""
    from gongzhi.contracts.selectors import is_completed, with_progress

    today = today or clock.today()
    created = 0
    open_commitments = with_progress(Commitment.objects.filter(
        contract__status=ContractStatus.SIGNED, deadline__lte=today + dt.timedelta(days=APPROACHING_DAYS),
    ).select_related("contract__community"))
    for commitment in open_commitments:
        if is_completed(commitment):
            continue
        kind = ReminderKind.OVERDUE if commitment.deadline < today else ReminderKind.APPROACHING
        if Reminder.objects.filter(commitment=commitment, kind=kind).exists():
            continue
        try:
            with transaction.atomic():
                reminder = Reminder.objects.create(
                    commitment=commitment, kind=kind, created_at=clock.now(),
                    message=(_("“%(title)s”已逾期（时限 %(d)s）") if kind == ReminderKind.OVERDUE
                             else _("“%(title)s”将于 %(d)s 到期")) % {"title": commitment.title,
                                                                     "d": commitment.deadline.isoformat()})
                reminder.recipients.set(_reminder_recipients(commitment))
                notices.reminded(reminder)
                record(commitment, f"commitment.reminder_{kind}", None, {"reminder": reminder.pk})
        except IntegrityError:  # a concurrent sweep created it first
            continue
        created += 1
    return created


def _reminder_recipients(commitment):
    from gongzhi.accounts.models import RoleAssignment

    units = list(commitment.undertakers.values_list("pk", flat=True))
    liaisons = RoleAssignment.objects.filter(role="unit_liaison", active=True, organisation_id__in=units) \
        .values_list("user_id", flat=True)
    officers = commitment.contract.parties.filter(organisation_id__in=units, liaison_officer__isnull=False) \
        .values_list("liaison_officer_id", flat=True)
    return sorted({*liaisons, *officers})


# --- the public board ---------------------------------------------------------------------------------

QUARTER_END = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}


def quarter_end(year: int, quarter: int) -> dt.date:
    month, day = QUARTER_END[quarter]
    return dt.date(year, month, day)


@transaction.atomic
def publish(*, actor, community, year: int, period: int) -> Publication:
    """Freeze a board page: period 0 is the start-of-year publication (contracts in force, resource list,
    needs list), 1–4 a quarter's progress report, only once that quarter has ended. Never changes after."""
    require(may_publish(actor, community))
    if period not in (0, 1, 2, 3, 4):
        raise ValidationError(_("期次须为 0（年初公示）或 1–4 季度"))
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": _("年度须在 2000–2100 之间")})
    if Publication.objects.filter(community=community, year=year, period=period).exists():
        raise ValidationError(_("本期已公示，公示内容不可更改"))
    if period and clock.today() <= quarter_end(year, period):
        raise ValidationError(_("第%(q)d季度尚未结束，不能发布季度履约情况") % {"q": period})
    if period == 0:
        snapshot = snapshots.start_of_year(community, year)
        title = _("%(c)s %(y)d年度共建契约及清单公示") % {"c": community.name, "y": year}
    else:
        snapshot = snapshots.quarter(community, year, period, quarter_end(year, period))
        title = _("%(c)s %(y)d年第%(q)d季度契约履约情况") % {"c": community.name, "y": year, "q": period}
    if period == 0 and not snapshot["contracts"]:
        raise ValidationError(_("本年度尚无已签订的契约，无需公示"))
    canonical = snapshots.canonical(snapshot)
    publication = Publication(community=community, year=year, period=period, title=title, snapshot=snapshot,
                              sha256=hashlib.sha256(canonical.encode()).hexdigest(), published_at=clock.now(),
                              published_by=actor)
    pdf = documents.publication_pdf(publication)
    publication.document_sha256 = hashlib.sha256(pdf).hexdigest()
    publication.document.save(f"{community.pk}-{year}-{period}.pdf", ContentFile(pdf), save=False)
    try:
        publication.save()
    except IntegrityError:
        raise ValidationError(_("本期已公示，公示内容不可更改")) from None
    record(publication, "board.published", actor, {"year": year, "period": period, "sha256": publication.sha256})
    return publication
