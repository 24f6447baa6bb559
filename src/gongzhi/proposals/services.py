"""居民提议: every write (keyword-only functions, one transaction, the checks, the chronicle entry).

`actor` None means the system (demo data, the sweep): permission checks are skipped, the rules are not."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from gongzhi.chronicle.services import record
from gongzhi.core import clock, limits
from gongzhi.core.checks import public_text, require
from gongzhi.meetings.models import JointMeeting
from gongzhi.meetings.services import add_agenda_item
from gongzhi.people.models import Person
from gongzhi.proposals.models import ANSWER_DAYS, Proposal, ProposalStatus, Support
from gongzhi.proposals.permissions import may_answer, own_person, resident_community
from gongzhi.regions.models import RegionKind, RegionNode


@transaction.atomic
def submit_proposal(*, actor, title: str, problem: str, suggestion: str, author: Person | None = None,
                    community: RegionNode | None = None) -> Proposal:
    """A resident proposes in her home community; the answer is due ANSWER_DAYS calendar days later."""
    if actor is not None:
        author = own_person(actor)
        community = resident_community(actor) if author is not None else None
    if author is None:
        raise ValidationError(_("您的账号尚未关联居民档案，请先到社区登记"))
    if community is None or community.kind != RegionKind.COMMUNITY or not author.home.path.startswith(community.path):
        raise ValidationError(_("只能向您居住的社区提议"))
    title = public_text(title, field="title", label=_("标题"), max_length=60)
    problem = public_text(problem, field="problem", label=_("问题"), max_length=limits.NOTE)
    suggestion = public_text(suggestion, field="suggestion", label=_("建议"), max_length=limits.NOTE)
    now = clock.now()
    proposal = Proposal.objects.create(community=community, author=author, title=title, problem=problem,
                                       suggestion=suggestion, submitted_at=now,
                                       answer_due=timezone.localtime(now).date() + dt.timedelta(days=ANSWER_DAYS))
    record(proposal, "proposals.submitted", actor, {"answer_due": str(proposal.answer_due)})
    return proposal


@transaction.atomic
def support_proposal(*, actor, proposal: Proposal, person: Person | None = None) -> Proposal:
    """Another resident of the community supports it, once (the unique constraint holds under concurrency)."""
    person = own_person(actor) if actor is not None else person
    if person is None:
        raise ValidationError(_("您的账号尚未关联居民档案，请先到社区登记"))
    proposal = Proposal.objects.select_for_update(of=("self",)).select_related("community").get(pk=proposal.pk)
    if not person.home.path.startswith(proposal.community.path):
        raise ValidationError(_("只有本社区居民才能支持该提议"))
    if proposal.author_id == person.pk:
        raise ValidationError(_("不能支持自己的提议"))
    if proposal.status != ProposalStatus.OPEN:
        raise ValidationError(_("该提议已经答复，不再征集支持"))
    try:
        with transaction.atomic():
            Support.objects.create(proposal=proposal, person=person, supported_at=clock.now())
    except IntegrityError:
        raise ValidationError(_("您已经支持过该提议，每人只能支持一次")) from None
    Proposal.objects.filter(pk=proposal.pk).update(support_count=F("support_count") + 1)
    proposal.refresh_from_db(fields=["support_count"])
    record(proposal, "proposals.supported", actor, {"supporters": proposal.support_count})
    return proposal


@transaction.atomic
def answer_proposal(*, actor, proposal: Proposal, answer: str) -> Proposal:
    """The community's answer, published on the resident page and the board (so it is checked like public text)."""
    proposal = Proposal.objects.select_for_update(of=("self",)).select_related("community").get(pk=proposal.pk)
    require(actor is None or may_answer(actor, proposal.community))
    if proposal.status != ProposalStatus.OPEN:
        raise ValidationError(_("该提议已经答复"))
    proposal.answer = public_text(answer, field="answer", label=_("答复"), max_length=limits.NOTE)
    proposal.status, proposal.answered_at, proposal.answered_by = ProposalStatus.ANSWERED, clock.now(), actor
    proposal.save(update_fields=["answer", "status", "answered_at", "answered_by"])
    late = timezone.localtime(proposal.answered_at).date() > proposal.answer_due
    record(proposal, "proposals.answered", actor, {"late": late, "supporters": proposal.support_count})
    return proposal


@transaction.atomic
def put_on_agenda(*, actor, proposal: Proposal, meeting: JointMeeting, note: str = "") -> Proposal:
    """Put the proposal on a joint meeting's agenda: an agenda item whose source is the proposal (once per meeting,
    refused once the minutes are recorded, by the meetings app's own service). The proposal then names the meeting
    for residents."""
    proposal = Proposal.objects.select_for_update(of=("self",)).select_related("community").get(pk=proposal.pk)
    require(actor is None or may_answer(actor, proposal.community))
    meeting = JointMeeting.objects.select_related("community").get(pk=meeting.pk)
    if not proposal.community.path.startswith(meeting.community.path):
        raise ValidationError({"meeting": _("只能列入本社区或所在街道的联席会议")})
    note = public_text(note, field="note", label=_("说明"), max_length=limits.SHORT_TEXT, required=False)
    item = add_agenda_item(actor=actor, meeting=meeting, title=_("居民提议：%(t)s") % {"t": proposal.title}, note=note,
                           source_label=_("居民提议"), source_key=f"proposal:{proposal.pk}")
    proposal.agenda_item = item
    proposal.agenda_note = f"{meeting.title}（{timezone.localtime(meeting.starts_at):%Y-%m-%d}）"[:limits.SHORT_TEXT]
    proposal.save(update_fields=["agenda_item", "agenda_note"])
    record(proposal, "proposals.agenda", actor, {"meeting": meeting.pk, "item": item.pk})
    return proposal


def is_overdue(proposal: Proposal, today: dt.date | None = None) -> bool:
    return proposal.status == ProposalStatus.OPEN and proposal.answer_due < (today or clock.today())


@dataclass(frozen=True)
class SweepResult:
    reminded: int
    overdue: int


def sweep() -> SweepResult:
    """Remind once of every proposal past its answer date: a chronicle entry and `reminded_at`, claimed by a
    conditional update so two sweeps at once remind once."""
    today = clock.today()
    overdue = list(Proposal.objects.filter(status=ProposalStatus.OPEN, answer_due__lt=today)
                   .select_related("community").order_by("pk"))
    reminded = 0
    for proposal in overdue:
        with transaction.atomic():
            if Proposal.objects.filter(pk=proposal.pk, reminded_at__isnull=True).update(reminded_at=clock.now()):
                record(proposal, "proposals.overdue", None, {"answer_due": str(proposal.answer_due),
                                                             "community": proposal.community.name})
                reminded += 1
    return SweepResult(reminded=reminded, overdue=len(overdue))
