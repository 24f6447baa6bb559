"""居民选举 JSON API under /api/v1/elections: elections, candidates (counts only once the result is declared, as on
the pages), and every action — define, apply, nominate, decide, publish, vote (answers 204: not even the voter gets
a ballot id back), paper ballots, double-entered tallies, declare, inspections, problem → case. 404 out of scope,
400 with a Chinese message for refused input."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from gongzhi.cases.models import CaseCategory
from gongzhi.core import limits
from gongzhi.core.listing import Presented
from gongzhi.core.schemas import Day, Id, Moment
from gongzhi.elections import selectors, services
from gongzhi.elections.models import Candidate, CandidateStatus, Election, Problem, VoterRecord
from gongzhi.elections.permissions import (
    PHASE_LABELS,
    get_candidate_for_user,
    get_election_for_user,
    may_run_elections,
    own_person,
    phase,
    shows_candidates_publicly,
    shows_counts,
)
from gongzhi.people.permissions import people_visible_to
from gongzhi.regions.models import RegionNode

router = Router(tags=["居民选举"])


class ElectionCandidateOut(Schema):
    id: int
    name: str
    source: str
    status: str
    statement: str
    votes: int | None
    elected: bool | None


class ElectionOut(Schema):
    id: int
    community_id: int
    constituency_id: int
    constituency_name: str
    kind: str
    title: str
    project: str
    seats: int
    min_age: int
    notice_days: int
    opens_at: dt.datetime
    closes_at: dt.datetime
    status: str
    phase: str
    phase_label: str
    voters: int
    result_note: str
    cancel_reason: str
    candidates: list[ElectionCandidateOut]


class ElectionIn(Schema):
    community_id: Id
    constituency_id: Id | None = None
    kind: limits.text(32)
    title: limits.text(limits.TITLE)
    project: limits.text(limits.SHORT_TEXT) = ""
    seats: int
    notice_days: int = 5
    min_age: int = 18
    opens_at: Moment
    closes_at: Moment


class ElectionApplyIn(Schema):
    statement: limits.text(limits.SHORT_TEXT) = ""


class ElectionNominateIn(Schema):
    person_id: Id
    note: limits.text(limits.SHORT_TEXT) = ""


class ElectionDecideIn(Schema):
    accept: bool
    reason: limits.text(limits.SHORT_TEXT) = ""


class ElectionReasonIn(Schema):
    reason: limits.text(limits.SHORT_TEXT)


class ElectionVoteIn(Schema):
    candidate_ids: list[Id]


class ElectionPaperVoterIn(Schema):
    person_id: Id


class ElectionTallyIn(Schema):
    ballots: int
    invalid: int = 0
    counts: dict[str, int]


class ElectionTallyOut(Schema):
    id: int
    status: str
    status_label: str


class ElectionInspectionIn(Schema):
    inspected_on: Day
    findings: limits.text(limits.NOTE)
    problems: list[limits.text(limits.SHORT_TEXT)] = []


class ElectionProblemOut(Schema):
    id: int
    description: str
    case_number: str | None


class ElectionInspectionOut(Schema):
    id: int
    inspected_on: dt.date
    supervisor: str
    findings: str
    problems: list[ElectionProblemOut]


class ElectionCaseIn(Schema):
    category_id: Id


def _candidate(c: Candidate, counts: bool) -> dict:
    return {"id": c.pk, "name": c.person.name, "source": c.source, "status": c.status, "statement": c.statement,
            "votes": c.votes if counts else None, "elected": c.elected if counts else None}


def _out(user, e: Election) -> dict:
    counts = shows_counts(e)
    candidates = list(selectors.candidates(e))
    if not may_run_elections(user, e.community) and not user.scope.covers(e.community.path):
        candidates = [c for c in candidates if c.status == CandidateStatus.ACCEPTED
                      and shows_candidates_publicly(e)]
    current = phase(e)
    return {"id": e.pk, "community_id": e.community_id, "constituency_id": e.constituency_id,
            "constituency_name": e.constituency.name, "kind": e.kind, "title": e.title, "project": e.project,
            "seats": e.seats, "min_age": e.min_age, "notice_days": e.notice_days, "opens_at": e.opens_at,
            "closes_at": e.closes_at, "status": e.status, "phase": current, "phase_label": str(PHASE_LABELS[current]),
            "voters": VoterRecord.objects.filter(election=e).count(), "result_note": e.result_note,
            "cancel_reason": e.cancel_reason, "candidates": [_candidate(c, counts) for c in candidates]}


def _summary(e: Election) -> dict:
    current = phase(e)
    return {"id": e.pk, "community_id": e.community_id, "constituency_id": e.constituency_id,
            "constituency_name": e.constituency.name, "kind": e.kind, "title": e.title, "project": e.project,
            "seats": e.seats, "min_age": e.min_age, "notice_days": e.notice_days, "opens_at": e.opens_at,
            "closes_at": e.closes_at, "status": e.status, "phase": current, "phase_label": str(PHASE_LABELS[current]),
            "voters": getattr(e, "n_voters", 0), "result_note": e.result_note, "cancel_reason": e.cancel_reason,
            "candidates": []}


@router.get("/", response=list[ElectionOut], summary="选举列表（候选人见详情）")
@paginate
def list_elections(request):
    return Presented(selectors.staff_list(request.user), _summary)


@router.get("/{int:election_id}", response=ElectionOut, summary="一次选举：候选人；票数只在公布结果后显示")
def get_election(request, election_id: int):
    return _out(request.user, get_election_for_user(request.user, election_id))


@router.post("/", response={201: ElectionOut}, summary="创建选举（应选名额、选民范围、投票时间）")
def create(request, payload: ElectionIn):
    community = get_object_or_404(RegionNode, pk=payload.community_id)
    constituency = get_object_or_404(RegionNode, pk=payload.constituency_id) if payload.constituency_id else None
    data = payload.dict(exclude={"community_id", "constituency_id"})
    election = services.create_election(actor=request.user, community=community, constituency=constituency, **data)
    return Status(201, _out(request.user, get_election_for_user(request.user, election.pk)))


@router.post("/{int:election_id}/apply", response={201: ElectionCandidateOut}, summary="居民报名参选")
def apply(request, election_id: int, payload: ElectionApplyIn):
    candidate = services.apply_as_candidate(actor=request.user, election=get_election_for_user(request.user, election_id),
                                            statement=payload.statement)
    return Status(201, _candidate(candidate, False))


@router.post("/{int:election_id}/nominate", response={201: ElectionCandidateOut}, summary="登记推荐提名的候选人")
def nominate(request, election_id: int, payload: ElectionNominateIn):
    election = get_election_for_user(request.user, election_id, write=True)
    person = get_object_or_404(people_visible_to(request.user), pk=payload.person_id)
    return Status(201, _candidate(services.nominate_candidate(actor=request.user, election=election, person=person,
                                                              note=payload.note), False))


@router.post("/candidates/{int:candidate_id}/decide", response=ElectionCandidateOut, summary="审核报名")
def decide(request, candidate_id: int, payload: ElectionDecideIn):
    candidate = get_candidate_for_user(request.user, candidate_id, write=True)
    return _candidate(services.decide_application(actor=request.user, candidate=candidate, accept=payload.accept,
                                                  reason=payload.reason), False)


@router.post("/{int:election_id}/publish", response=ElectionOut, summary="公布候选人名单（差额；投票前公示）")
def publish(request, election_id: int):
    services.publish_election(actor=request.user, election=get_election_for_user(request.user, election_id, write=True))
    return _out(request.user, get_election_for_user(request.user, election_id))


@router.post("/candidates/{int:candidate_id}/withdraw", response=ElectionCandidateOut,
             summary="候选人退出（本人或社区登记；投票开始前，公示期间须仍为差额）")
def withdraw(request, candidate_id: int, payload: ElectionReasonIn):
    candidate = get_candidate_for_user(request.user, candidate_id)
    return _candidate(services.withdraw_candidate(actor=request.user, candidate=candidate, reason=payload.reason),
                      False)


@router.post("/{int:election_id}/cancel", response=ElectionOut, summary="取消选举（公布结果前；已投的票不计、不公开）")
def cancel(request, election_id: int, payload: ElectionReasonIn):
    election = get_election_for_user(request.user, election_id, write=True)
    services.cancel_election(actor=request.user, election=election, reason=payload.reason)
    return _out(request.user, get_election_for_user(request.user, election_id))


@router.post("/{int:election_id}/vote", response={204: None}, summary="无记名投票（每人一次；不返回任何选票编号）")
def vote(request, election_id: int, payload: ElectionVoteIn):
    services.cast_vote(actor=request.user, election=get_election_for_user(request.user, election_id),
                       candidate_ids=payload.candidate_ids)
    return Status(204, None)


@router.get("/{int:election_id}/voted", summary="我是否已投票")
def voted(request, election_id: int):
    election = get_election_for_user(request.user, election_id)
    person = own_person(request.user)
    return {"voted": person is not None and VoterRecord.objects.filter(election=election, person=person).exists()}


@router.post("/{int:election_id}/paper-voters", response={201: None}, summary="现场书面投票：登记领取选票的居民")
def paper_voter(request, election_id: int, payload: ElectionPaperVoterIn):
    election = get_election_for_user(request.user, election_id, write=True)
    person = get_object_or_404(people_visible_to(request.user), pk=payload.person_id)
    services.record_paper_voter(actor=request.user, election=election, person=person)
    return Status(201, None)


@router.post("/{int:election_id}/tallies", response={201: ElectionTallyOut}, summary="录入现场计票（两名工作人员分别录入，一致方有效）")
def tally(request, election_id: int, payload: ElectionTallyIn):
    election = get_election_for_user(request.user, election_id, write=True)
    t = services.enter_paper_tally(actor=request.user, election=election, ballots=payload.ballots,
                                   invalid=payload.invalid, counts=payload.counts)
    return Status(201, {"id": t.pk, "status": t.status, "status_label": t.get_status_display()})


@router.post("/{int:election_id}/declare", response=ElectionOut, summary="投票截止后计票并公布结果")
def declare(request, election_id: int):
    services.declare_results(actor=request.user, election=get_election_for_user(request.user, election_id, write=True))
    return _out(request.user, get_election_for_user(request.user, election_id))


def _inspection(i) -> dict:
    return {"id": i.pk, "inspected_on": i.inspected_on, "supervisor": i.supervisor.person.name,
            "findings": i.findings, "problems": [{"id": p.pk, "description": p.description,
                                                   "case_number": p.case.number if p.case else None}
                                                  for p in i.problems.all()]}


@router.get("/{int:election_id}/inspections", response=list[ElectionInspectionOut], summary="百姓监督员巡查记录")
def inspections(request, election_id: int):
    election = get_election_for_user(request.user, election_id)
    if not request.user.scope.covers(election.community.path):
        raise Http404
    return [_inspection(i) for i in selectors.inspections(election)]


@router.post("/{int:election_id}/inspections", response={201: ElectionInspectionOut}, summary="百姓监督员记录巡查")
def inspect(request, election_id: int, payload: ElectionInspectionIn):
    election = get_election_for_user(request.user, election_id)
    i = services.log_inspection(actor=request.user, election=election, inspected_on=payload.inspected_on,
                                findings=payload.findings, problems=payload.problems)
    return Status(201, _inspection(election.inspections.select_related("supervisor__person").get(pk=i.pk)))


@router.post("/problems/{int:problem_id}/case", response=ElectionProblemOut, summary="巡查问题转为诉求（接诉即办）")
def to_case(request, problem_id: int, payload: ElectionCaseIn):
    problem = get_object_or_404(Problem.objects.select_related("inspection__election"), pk=problem_id)
    get_election_for_user(request.user, problem.inspection.election_id, write=True)
    category = get_object_or_404(CaseCategory, pk=payload.category_id, active=True)
    problem = services.problem_to_case(actor=request.user, problem=problem, category=category)
    return {"id": problem.pk, "description": problem.description, "case_number": problem.case.number}
