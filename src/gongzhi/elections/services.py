"""居民选举: every write (keyword-only functions, one transaction, the checks, the chronicle entry).

The secret ballot lives in `cast_vote`: the voter record (THAT she voted) and the counters (WHAT was voted, added
into every candidate row of the election at once) change in one transaction; nothing else is written — no ballot
row, no timestamp on the counters, nothing of the choice in the chronicle or the logs. See ADR
0017-elections-secret-ballot. `actor` None means the system (demo data): permission checks are skipped, the rules of
the election are not."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongzhi.cases.models import CaseCategory, CaseChannel
from gongzhi.cases.services import report_case
from gongzhi.chronicle.services import record
from gongzhi.core import clock, limits
from gongzhi.core.checks import clean_text, no_personal_data, require
from gongzhi.elections.models import (
    BALLOTS,
    MIN_AGE,
    NOTICE_DAYS,
    SEATS,
    VOTING_DAYS,
    Candidate,
    CandidateSource,
    CandidateStatus,
    Election,
    ElectionKind,
    ElectionStatus,
    Inspection,
    PaperTally,
    Problem,
    TallyStatus,
    VoteChannel,
    VoterRecord,
)
from gongzhi.elections.permissions import is_elected_supervisor, may_run_elections, own_person, phase
from gongzhi.people.models import Person
from gongzhi.regions.models import RegionKind, RegionNode


def _whole(value: Any, *, field: str, bound: limits.Bound, label: str) -> int:
    if isinstance(value, bool):
        value = None
    try:
        number = value if isinstance(value, int) else int(str(value).strip())
    except (TypeError, ValueError):
        number = None
    if number is None or not bound.holds(number):
        raise ValidationError({field: _("%(label)s须为 %(low)s—%(high)s 之间的整数")
                               % {"label": label, "low": bound.low, "high": bound.high}})
    return number


def _lock(election: Election) -> Election:
    return Election.objects.select_for_update(of=("self",)).select_related("community", "constituency").get(pk=election.pk)


def _not_cancelled(election: Election) -> None:
    if election.status == ElectionStatus.CANCELLED:
        raise ValidationError(_("该选举已经取消（%(reason)s）") % {"reason": election.cancel_reason})


def _local(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


# --- eligibility ------------------------------------------------------------------------------------------------------

def birth_date(person: Person) -> dt.date | None:
    """From the ID number (digits 7–14) when there is one, else None."""
    number = person.id_number or ""
    if len(number) == 18 and number[:17].isdigit():
        try:
            return dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
        except ValueError:
            return None
    return None


def ineligibility(person: Person, election: Election) -> str:
    """Why `person` may not vote or stand in `election` ("" when she may): she lives in the constituency and is of
    age on the day voting opens (from her ID number; from her birth year only when that leaves no doubt)."""
    if not person.home.path.startswith(election.constituency.path):
        return _("不在本次选举的选民范围内（须为%(place)s居民）") % {"place": election.constituency.name}
    on = timezone.localtime(election.opens_at).date()
    born = birth_date(person)
    if born is not None:
        of_age = (on.year - born.year - ((on.month, on.day) < (born.month, born.day))) >= election.min_age
    elif person.birth_year:
        of_age = on.year - person.birth_year > election.min_age  # certainly of age whatever her birthday
        if not of_age and on.year - person.birth_year == election.min_age:
            return _("无法确认是否年满%(age)d周岁，请到社区登记身份证号") % {"age": election.min_age}
    else:
        return _("未登记出生日期，无法确认是否年满%(age)d周岁，请到社区登记") % {"age": election.min_age}
    if not of_age:
        return _("未满%(age)d周岁，不能参加本次选举") % {"age": election.min_age}
    return ""


# --- defining an election -----------------------------------------------------------------------------------------

def _schedule(opens_at, closes_at, *, now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    if not isinstance(opens_at, dt.datetime) or not limits.FIRST_YEAR <= opens_at.year <= limits.LAST_YEAR:
        raise ValidationError({"opens_at": _("请填写投票开始时间")})
    if not isinstance(closes_at, dt.datetime) or not limits.FIRST_YEAR <= closes_at.year <= limits.LAST_YEAR:
        raise ValidationError({"closes_at": _("请填写投票截止时间")})
    if timezone.is_naive(opens_at) or timezone.is_naive(closes_at):
        raise ValidationError({"opens_at": _("投票时间须带时区")})
    if closes_at <= opens_at:
        raise ValidationError({"closes_at": _("投票截止时间须晚于开始时间")})
    if closes_at - opens_at > dt.timedelta(days=VOTING_DAYS):
        raise ValidationError({"closes_at": _("投票时间不能超过 %(n)d 天") % {"n": VOTING_DAYS}})
    if opens_at <= now:
        raise ValidationError({"opens_at": _("投票开始时间须晚于现在")})
    return opens_at, closes_at


@transaction.atomic
def create_election(*, actor, community: RegionNode, constituency: RegionNode | None = None, kind: str, title: str,
                    seats, opens_at, closes_at, project: str = "", notice_days=5, min_age=18) -> Election:
    if community is None or community.kind != RegionKind.COMMUNITY:
        raise ValidationError({"community": _("请选择社区")})
    require(actor is None or may_run_elections(actor, community))
    constituency = constituency or community
    if not constituency.path.startswith(community.path) or constituency.kind not in (
            RegionKind.COMMUNITY, RegionKind.NEIGHBOURHOOD):
        raise ValidationError({"constituency": _("选民范围须为本社区或本社区的一个小区")})
    if kind not in ElectionKind.values:
        raise ValidationError({"kind": _("请选择选举类别")})
    title = no_personal_data(clean_text(title, field="title", label=_("选举名称"), max_length=limits.TITLE, required=True),
                    field="title", label=_("选举名称"))
    project = no_personal_data(clean_text(project, field="project", label=_("监督项目"), max_length=limits.SHORT_TEXT,
                            required=kind == ElectionKind.SUPERVISOR), field="project", label=_("监督项目"))
    seats = _whole(seats, field="seats", bound=SEATS, label=_("应选名额"))
    notice_days = _whole(notice_days, field="notice_days", bound=NOTICE_DAYS, label=_("候选人公示天数"))
    min_age = _whole(min_age, field="min_age", bound=MIN_AGE, label=_("选民年龄"))
    now = clock.now()
    opens_at, closes_at = _schedule(opens_at, closes_at, now=now)
    election = Election.objects.create(community=community, constituency=constituency, kind=kind, title=title,
                                       project=project, seats=seats, notice_days=notice_days, min_age=min_age,
                                       opens_at=opens_at, closes_at=closes_at, created_by=actor, created_at=now)
    record(election, "elections.created", actor, {"kind": kind, "seats": seats, "constituency": constituency.pk,
                                                  "opens_at": _local(opens_at), "closes_at": _local(closes_at)})
    return election


@transaction.atomic
def reschedule(*, actor, election: Election, opens_at, closes_at) -> Election:
    election = _lock(election)
    require(actor is None or may_run_elections(actor, election.community))
    _not_cancelled(election)
    if election.status != ElectionStatus.DRAFT:
        raise ValidationError(_("候选人名单公布后不能再改投票时间"))
    election.opens_at, election.closes_at = _schedule(opens_at, closes_at, now=clock.now())
    election.save(update_fields=["opens_at", "closes_at"])
    record(election, "elections.rescheduled", actor, {"opens_at": _local(election.opens_at),
                                                      "closes_at": _local(election.closes_at)})
    return election


# --- candidates -------------------------------------------------------------------------------------------------------

def _open_for_candidates(election: Election) -> None:
    _not_cancelled(election)
    if election.status != ElectionStatus.DRAFT:
        raise ValidationError(_("候选人名单已经公布，不能再报名或提名"))


@transaction.atomic
def apply_as_candidate(*, actor, election: Election, statement: str = "", person: Person | None = None) -> Candidate:
    """A resident stands herself (status 待审核 until the community decides)."""
    election = _lock(election)
    person = person if actor is None else own_person(actor)
    if person is None:
        raise ValidationError(_("您的账号尚未关联居民档案，请先到社区登记"))
    _open_for_candidates(election)
    reason = ineligibility(person, election)
    if reason:
        raise ValidationError(reason)
    statement = no_personal_data(clean_text(statement, field="statement", label=_("参选说明"), max_length=limits.SHORT_TEXT,
                              required=False), field="statement", label=_("参选说明"))
    if Candidate.objects.filter(election=election, person=person).exists():
        raise ValidationError(_("您已经报名参选"))
    candidate = Candidate.objects.create(election=election, person=person, source=CandidateSource.APPLIED,
                                         status=CandidateStatus.APPLIED, statement=statement)
    record(candidate, "elections.applied", actor, {"election": election.pk})
    return candidate


@transaction.atomic
def nominate_candidate(*, actor, election: Election, person: Person, note: str = "") -> Candidate:
    """The community enters a nomination (e.g. by ten residents jointly): a candidate at once."""
    election = _lock(election)
    require(actor is None or may_run_elections(actor, election.community))
    _open_for_candidates(election)
    if person is None:
        raise ValidationError({"person": _("请选择被提名的居民")})
    reason = ineligibility(person, election)
    if reason:
        raise ValidationError({"person": reason})
    note = no_personal_data(clean_text(note, field="note", label=_("提名说明"), max_length=limits.SHORT_TEXT, required=False),
                   field="note", label=_("提名说明"))
    if Candidate.objects.filter(election=election, person=person).exists():
        raise ValidationError({"person": _("该居民已是本次选举的候选人或报名人")})
    candidate = Candidate.objects.create(election=election, person=person, source=CandidateSource.NOMINATED,
                                         status=CandidateStatus.ACCEPTED, nomination_note=note)
    record(candidate, "elections.nominated", actor, {"election": election.pk})
    return candidate


@transaction.atomic
def decide_application(*, actor, candidate: Candidate, accept: bool, reason: str = "") -> Candidate:
    election = _lock(candidate.election)
    require(actor is None or may_run_elections(actor, election.community))
    _open_for_candidates(election)
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    if candidate.status != CandidateStatus.APPLIED:
        raise ValidationError(_("该报名已经审核"))
    reason = clean_text(reason, field="reason", label=_("审核意见"), max_length=limits.SHORT_TEXT, required=not accept)
    candidate.status = CandidateStatus.ACCEPTED if accept else CandidateStatus.DECLINED
    candidate.decided_reason = reason
    candidate.save(update_fields=["status", "decided_reason"])
    record(candidate, "elections.accepted" if accept else "elections.declined", actor, {"election": election.pk})
    return candidate


@transaction.atomic
def publish_election(*, actor, election: Election) -> Election:
    """Publish the candidate list: more candidates than seats (差额), a set number of days before voting."""
    election = _lock(election)
    require(actor is None or may_run_elections(actor, election.community))
    _not_cancelled(election)
    if election.status != ElectionStatus.DRAFT:
        raise ValidationError(_("候选人名单已经公布"))
    if Candidate.objects.filter(election=election, status=CandidateStatus.APPLIED).exists():
        raise ValidationError(_("还有报名未审核，请先审核"))
    accepted = Candidate.objects.filter(election=election, status=CandidateStatus.ACCEPTED).count()
    if accepted <= election.seats:
        raise ValidationError(_("实行差额选举：正式候选人（现 %(n)d 名）须多于应选名额 %(seats)d 名")
                              % {"n": accepted, "seats": election.seats})
    now = clock.now()
    if election.opens_at - now < dt.timedelta(days=election.notice_days):
        raise ValidationError(_("候选人名单须在投票开始 %(days)d 天前公布；请推迟投票时间")
                              % {"days": election.notice_days})
    election.status, election.published_at = ElectionStatus.PUBLISHED, now
    election.save(update_fields=["status", "published_at"])
    record(election, "elections.published", actor, {"candidates": accepted, "seats": election.seats})
    return election


# --- withdrawing and cancelling -------------------------------------------------------------------------------------

@transaction.atomic
def withdraw_candidate(*, actor, candidate: Candidate, reason: str) -> Candidate:
    """A candidate steps down (herself, or the community records it), before voting opens: votes are never moved
    between candidates. Once the list is published the election must stay contested (差额): if too few would be left,
    the community cancels the election and calls a new one instead."""
    election = _lock(candidate.election)
    person = own_person(actor) if actor is not None else None
    herself = person is not None and person.pk == candidate.person_id
    require(actor is None or herself or may_run_elections(actor, election.community))
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    if candidate.status not in (CandidateStatus.APPLIED, CandidateStatus.ACCEPTED):
        raise ValidationError(_("该候选人现为“%(status)s”，不能再退出") % {"status": candidate.get_status_display()})
    current = phase(election)
    if current not in ("draft", "announced"):
        raise ValidationError(_("投票开始后候选人不能退出"))
    reason = no_personal_data(clean_text(reason, field="reason", label=_("退出原因"), max_length=limits.SHORT_TEXT,
                           required=True), field="reason", label=_("退出原因"))
    if current == "announced" and candidate.status == CandidateStatus.ACCEPTED:
        left = Candidate.objects.filter(election=election, status=CandidateStatus.ACCEPTED).count() - 1
        if left <= election.seats:
            raise ValidationError(_("退出后正式候选人（%(n)d 名）不再多于应选名额 %(seats)d 名，不符合差额选举；"
                                    "请取消本次选举并重新组织") % {"n": left, "seats": election.seats})
    candidate.status, candidate.withdrawn_reason = CandidateStatus.WITHDRAWN, reason
    candidate.save(update_fields=["status", "withdrawn_reason"])
    record(candidate, "elections.withdrawn", actor, {"election": election.pk, "reason": reason,
                                                     "by_herself": herself})
    return candidate


@transaction.atomic
def cancel_election(*, actor, election: Election, reason: str) -> Election:
    """The community calls an election off (renovation cancelled, a rule broken, too few candidates left) at any
    point before the result is declared. Votes already cast stay uncounted and unseen: counts show only once declared,
    and a cancelled election is never declared."""
    election = _lock(election)
    require(actor is None or may_run_elections(actor, election.community))
    if election.status == ElectionStatus.DECLARED:
        raise ValidationError(_("选举结果已经公布，不能取消"))
    if election.status == ElectionStatus.CANCELLED:
        raise ValidationError(_("该选举已经取消"))
    reason = no_personal_data(clean_text(reason, field="reason", label=_("取消原因"), max_length=limits.SHORT_TEXT,
                           required=True), field="reason", label=_("取消原因"))
    election.status, election.cancelled_at, election.cancel_reason = ElectionStatus.CANCELLED, clock.now(), reason
    election.save(update_fields=["status", "cancelled_at", "cancel_reason"])
    record(election, "elections.cancelled", actor, {"reason": reason})
    return election


# --- the secret ballot --------------------------------------------------------------------------------------------

def _ids(values: Iterable) -> list[int]:
    found = []
    for value in values or ():
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise ValidationError({"candidates": _("候选人选择无效")}) from None
        if number < 1 or number > limits.MAX_ID:
            raise ValidationError({"candidates": _("候选人选择无效")})
        found.append(number)
    return found


def _voting_open(election: Election) -> None:
    _not_cancelled(election)
    now = clock.now()
    current = phase(election, now)
    if current in ("draft", "announced"):
        raise ValidationError(_("投票尚未开始（%(at)s 开始）") % {"at": _local(election.opens_at)})
    if current != "voting":
        raise ValidationError(_("投票已于 %(at)s 截止") % {"at": _local(election.closes_at)})


def _count(election: Election, chosen: list[int]) -> None:
    """Add one to each chosen candidate's counter. EVERY accepted candidate row of the election is rewritten by this
    one statement (0 added to the others), so the rows, their versions and their transaction ids (PostgreSQL xmin)
    look the same whatever was chosen. It runs on the driver's own cursor, below Django's query log: with DEBUG or
    SQL logging switched on, the statement (which names the chosen ids) is neither logged nor kept in
    `connection.queries` next to the voter record's INSERT."""
    table = connection.ops.quote_name(Candidate._meta.db_table)
    marks = ", ".join(["%s"] * len(chosen))
    sql = (f"UPDATE {table} SET online_votes = online_votes + CASE WHEN id IN ({marks}) THEN 1 ELSE 0 END "
           "WHERE election_id = %s AND status = %s")
    with connection.cursor() as cursor:
        raw = getattr(cursor, "cursor", cursor)  # the DB-API cursor inside Django's (debug) wrapper
        raw.execute(sql, [*chosen, election.pk, CandidateStatus.ACCEPTED])


@transaction.atomic
def cast_vote(*, actor, election: Election, candidate_ids: Iterable) -> None:
    """One person, one vote; the ballot is secret. Returns nothing: not even the caller learns a ballot id."""
    person = own_person(actor)
    if person is None:
        raise ValidationError(_("您的账号尚未关联居民档案，请先到社区登记"))
    election = _lock(election)  # votes of one election queue here (and the counters below lock every row anyway)
    _voting_open(election)
    reason = ineligibility(person, election)
    if reason:
        raise ValidationError(reason)
    chosen = _ids(candidate_ids)
    if not chosen:
        raise ValidationError({"candidates": _("请至少选择一名候选人")})
    if len(set(chosen)) != len(chosen):
        raise ValidationError({"candidates": _("同一候选人只能选一次")})
    if len(chosen) > election.seats:
        raise ValidationError({"candidates": _("最多选择 %(n)d 名候选人（应选名额）") % {"n": election.seats}})
    accepted = set(Candidate.objects.filter(election=election, status=CandidateStatus.ACCEPTED)
                   .values_list("pk", flat=True))
    if not set(chosen) <= accepted:
        raise ValidationError({"candidates": _("只能选择本次选举的正式候选人")})
    try:
        with transaction.atomic():
            VoterRecord.objects.create(election=election, person=person, channel=VoteChannel.ONLINE)
    except IntegrityError:
        raise ValidationError(_("您已经投过票，每人只能投一次")) from None
    _count(election, chosen)
    # The chronicle keeps THAT she voted (as her voter record does), never what.
    record(election, "elections.voted", actor, {"channel": VoteChannel.ONLINE})


@transaction.atomic
def record_paper_voter(*, actor, election: Election, person: Person) -> VoterRecord:
    """At the on-site meeting: the staff member checks the resident off and hands her a paper ballot (she fills it
    in privately and drops it in the box). Her online vote and her paper vote exclude each other."""
    election = _lock(election)
    require(actor is None or may_run_elections(actor, election.community))
    _voting_open(election)
    if person is None:
        raise ValidationError({"person": _("请选择领取选票的居民")})
    reason = ineligibility(person, election)
    if reason:
        raise ValidationError({"person": reason})
    try:
        with transaction.atomic():
            voter = VoterRecord.objects.create(election=election, person=person, channel=VoteChannel.PAPER,
                                               recorded_by=actor)
    except IntegrityError:
        raise ValidationError({"person": _("该居民已经投过票，不能再领取选票")}) from None
    record(election, "elections.paper_ballot_issued", actor, {"person": person.pk})
    return voter


def _clean_counts(election: Election, counts: dict, ballots: int, invalid: int) -> dict[str, int]:
    candidates = {str(pk) for pk in Candidate.objects.filter(election=election, status=CandidateStatus.ACCEPTED)
                  .values_list("pk", flat=True)}
    clean: dict[str, int] = {}
    for key, value in (counts or {}).items():
        if str(key) not in candidates:
            raise ValidationError({"counts": _("只能录入本次选举正式候选人的得票")})
        clean[str(key)] = _whole(value, field="counts", bound=BALLOTS, label=_("得票数"))
    for key in candidates:
        clean.setdefault(key, 0)
    valid = ballots - invalid
    if any(n > valid for n in clean.values()):
        raise ValidationError({"counts": _("候选人得票不能多于有效票 %(n)d 张") % {"n": valid}})
    if sum(clean.values()) > valid * election.seats:
        raise ValidationError({"counts": _("得票合计不能多于有效票数乘以应选名额")})
    return clean


@transaction.atomic
def enter_paper_tally(*, actor, election: Election, ballots, invalid, counts: dict) -> PaperTally:
    """Double entry of the on-site count: the first entry waits; a second by ANOTHER staff member confirms both when
    every figure agrees (then the paper counts are added) or voids both (the count is entered again)."""
    election = _lock(election)
    require(actor is not None and may_run_elections(actor, election.community))
    _not_cancelled(election)
    if phase(election) != "counting":
        raise ValidationError(_("投票截止后、公布结果前才能录入现场计票"))
    if PaperTally.objects.filter(election=election, status=TallyStatus.CONFIRMED).exists():
        raise ValidationError(_("现场计票已经双人录入一致，不能再录入"))
    ballots = _whole(ballots, field="ballots", bound=BALLOTS, label=_("收回选票"))
    invalid = _whole(invalid, field="invalid", bound=BALLOTS, label=_("无效票"))
    issued = VoterRecord.objects.filter(election=election, channel=VoteChannel.PAPER).count()
    if ballots > issued:
        raise ValidationError({"ballots": _("收回选票不能多于发出的选票 %(n)d 张") % {"n": issued}})
    if invalid > ballots:
        raise ValidationError({"invalid": _("无效票不能多于收回选票")})
    clean = _clean_counts(election, counts, ballots, invalid)
    first = PaperTally.objects.filter(election=election, status=TallyStatus.PENDING).first()
    if first is not None and first.entered_by_id == actor.pk:
        raise ValidationError(_("第二次录入须由另一名工作人员完成"))
    tally = PaperTally.objects.create(election=election, entered_by=actor, entered_at=clock.now(), ballots=ballots,
                                      invalid=invalid, counts=clean, status=TallyStatus.PENDING, pair=first)
    if first is None:
        record(tally, "elections.tally_entered", actor, {"entry": 1, "ballots": ballots, "invalid": invalid,
                                                         "counts": clean})
        return tally
    agree = (first.ballots, first.invalid, first.counts) == (ballots, invalid, clean)
    status = TallyStatus.CONFIRMED if agree else TallyStatus.MISMATCH
    PaperTally.objects.filter(pk__in=[first.pk, tally.pk]).update(status=status)
    tally.status = status
    if agree:
        for pk, n in clean.items():
            Candidate.objects.filter(pk=int(pk)).update(paper_votes=n)
    record(tally, "elections.tally_confirmed" if agree else "elections.tally_mismatch", actor,
           {"entry": 2, "first": first.pk, "ballots": ballots, "invalid": invalid, "counts": clean})
    return tally


@transaction.atomic
def declare_results(*, actor, election: Election) -> Election:
    """After the close: rank by votes (online + confirmed paper); the first `seats` are elected; a tie across the last
    seat elects none of the tied (the community holds a run-off) and says so."""
    election = _lock(election)
    require(actor is None or may_run_elections(actor, election.community))
    _not_cancelled(election)
    if election.status == ElectionStatus.DECLARED:
        raise ValidationError(_("选举结果已经公布"))
    if phase(election) != "counting":
        raise ValidationError(_("投票截止后才能公布结果（%(at)s 截止）") % {"at": _local(election.closes_at)})
    if PaperTally.objects.filter(election=election, status=TallyStatus.PENDING).exists():
        raise ValidationError(_("现场计票尚待第二名工作人员复核录入"))
    paper_voters = VoterRecord.objects.filter(election=election, channel=VoteChannel.PAPER).exists()
    if paper_voters and not PaperTally.objects.filter(election=election, status=TallyStatus.CONFIRMED).exists():
        raise ValidationError(_("有居民现场书面投票，请先由两名工作人员录入现场计票"))
    candidates = list(Candidate.objects.select_for_update().filter(election=election, status=CandidateStatus.ACCEPTED)
                      .select_related("person").order_by("pk"))
    ranked = sorted(candidates, key=lambda c: -c.votes)
    elected: list[Candidate] = []
    note = ""
    if len(ranked) > election.seats and ranked[election.seats - 1].votes == ranked[election.seats].votes:
        boundary = ranked[election.seats].votes
        elected = [c for c in ranked if c.votes > boundary]
        note = _("第 %(n)d 名有 %(k)d 人得票相同（%(v)d 票），须另行投票决定") % {
            "n": election.seats, "k": sum(1 for c in ranked if c.votes == boundary), "v": boundary}
    else:
        elected = [c for c in ranked[:election.seats] if c.votes > 0]
    Candidate.objects.filter(pk__in=[c.pk for c in elected]).update(elected=True)
    election.status, election.declared_at, election.result_note = ElectionStatus.DECLARED, clock.now(), note
    election.save(update_fields=["status", "declared_at", "result_note"])
    voters = VoterRecord.objects.filter(election=election).count()
    record(election, "elections.declared", actor, {
        "voters": voters, "counts": {str(c.pk): c.votes for c in candidates}, "elected": [c.pk for c in elected],
        "note": note})
    return election


# --- supervisors at work -------------------------------------------------------------------------------------------

@transaction.atomic
def log_inspection(*, actor, election: Election, inspected_on, findings: str,
                   problems: Iterable[str] = ()) -> Inspection:
    election = Election.objects.select_related("community").get(pk=election.pk)
    supervisor = is_elected_supervisor(actor, election)
    require(supervisor is not None)
    assert supervisor is not None
    today = clock.today()
    if not isinstance(inspected_on, dt.date) or inspected_on > today or inspected_on < limits.PLATFORM_START:
        raise ValidationError({"inspected_on": _("请填写有效的巡查日期（不能晚于今天）")})
    findings = clean_text(findings, field="findings", label=_("巡查情况"), max_length=limits.NOTE, required=True)
    cleaned = [clean_text(p, field="problems", label=_("发现的问题"), max_length=limits.SHORT_TEXT, required=False)
               for p in problems or ()]
    cleaned = [p for p in cleaned if p]
    if len(cleaned) > 20:
        raise ValidationError({"problems": _("一次巡查最多记录 20 个问题")})
    inspection = Inspection.objects.create(election=election, supervisor=supervisor, inspected_on=inspected_on,
                                           findings=findings, recorded_at=clock.now())
    Problem.objects.bulk_create([Problem(inspection=inspection, description=p) for p in cleaned])
    record(inspection, "elections.inspection", actor, {"election": election.pk, "problems": len(cleaned)})
    return inspection


@transaction.atomic
def problem_to_case(*, actor, problem: Problem, category: CaseCategory) -> Problem:
    """The community turns a supervisor's problem into an ordinary 接诉即办 case (the supervisor is its reporter)."""
    problem = Problem.objects.select_for_update().select_related(
        "inspection__election__community", "inspection__supervisor__person").get(pk=problem.pk)
    election = problem.inspection.election
    require(actor is None or may_run_elections(actor, election.community))
    if problem.case_id is not None:
        raise ValidationError(_("该问题已经转为诉求"))
    supervisor = problem.inspection.supervisor.person
    case = report_case(actor=actor, category=category, community=election.community,
                       title=problem.description[:60], channel=CaseChannel.WINDOW, reporter=supervisor,
                       description=_("百姓监督员巡查发现（%(project)s，%(day)s）：%(text)s") % {
                           "project": election.project or election.title, "day": problem.inspection.inspected_on,
                           "text": problem.description})
    problem.case = case
    problem.save(update_fields=["case"])
    record(problem, "elections.problem_to_case", actor, {"case": case.number})
    return problem
