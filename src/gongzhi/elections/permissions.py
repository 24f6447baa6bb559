"""居民选举: who sees which rows and who may change what (one named helper per rule).

- Region staff see the elections of the communities in their subtrees; the community's staff (and administrators)
  run them: define, nominate, decide applications, publish, hand out paper ballots, enter tallies, declare, turn a
  supervisor's problem into a case.
- A resident sees the elections whose constituency holds her home (any status: she may apply while candidates are
  being gathered), applies, votes, and — once elected as a supervisor — logs inspections.
- Vote counts are shown to nobody before the result is declared (`shows_counts`), on pages and in the API alike.
- Out of scope is 404, never 403."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from gongzhi.core import clock
from gongzhi.core.scope import ancestor_paths, get_visible
from gongzhi.elections.models import Candidate, CandidateStatus, Election, ElectionKind, ElectionStatus
from gongzhi.lists.permissions import communities_where
from gongzhi.people.models import Person
from gongzhi.regions.models import RegionNode

RUNNERS = ("community_staff",)


def own_person(user) -> Person | None:
    return getattr(user, "person", None) if user.is_authenticated else None


def _home_paths(user) -> list[str]:
    paths = set(user.scope.home_paths) if user.is_authenticated else set()
    person = own_person(user)
    if person is not None:
        paths.add(person.home.path)
    return sorted(paths)


def sees_elections_as_staff(user) -> bool:
    return user.is_authenticated and user.scope.is_region_staff


def may_run_elections(user, community: RegionNode) -> bool:
    return user.is_authenticated and (user.scope.everything
                                      or any(user.has_role_at(r, community.path) for r in RUNNERS))


def communities_run_by(user):
    return communities_where(user, RUNNERS)


def elections_visible_to(user) -> QuerySet[Election]:
    if not user.is_authenticated:
        return Election.objects.none()
    above = sorted({a for p in _home_paths(user) for a in ancestor_paths(p)} | set(_home_paths(user)))
    as_resident = Q(constituency__path__in=above) if above else Q(pk__in=[])
    return Election.objects.filter(user.scope.in_regions("community__path") | as_resident)


def get_election_for_user(user, pk, *, write: bool = False) -> Election:
    election = get_visible(elections_visible_to(user).select_related("community", "constituency"), pk)
    if write and not may_run_elections(user, election.community):
        raise Http404
    return election


def get_candidate_for_user(user, pk, *, write: bool = False) -> Candidate:
    candidate = get_visible(Candidate.objects.filter(election__in=elections_visible_to(user))
                            .select_related("election__community", "person__home"), pk)
    if write and not may_run_elections(user, candidate.election.community):
        raise Http404
    return candidate


# --- phases (time decides when voting opens and closes) -------------------------------------------------------------

def phase(election: Election, now: dt.datetime | None = None) -> str:
    """draft (候选人报名中) → announced (候选人公示) → voting (投票中) → counting (投票结束，待公布) → declared; or
    cancelled, from any phase before the declaration."""
    now = now or clock.now()
    if election.status == ElectionStatus.DRAFT:
        return "draft"
    if election.status == ElectionStatus.DECLARED:
        return "declared"
    if election.status == ElectionStatus.CANCELLED:
        return "cancelled"
    if now < election.opens_at:
        return "announced"
    if now < election.closes_at:
        return "voting"
    return "counting"


PHASE_LABELS = {"draft": _("候选人报名中"), "announced": _("候选人公示中"), "voting": _("投票中"),
                "counting": _("投票已结束，待公布结果"), "declared": _("已公布结果"), "cancelled": _("已取消")}


def withdrawable(candidate, current_phase: str) -> bool:
    """A candidacy that can still be withdrawn (services.withdraw_candidate says why not): applied or accepted while
    candidates are gathered, accepted while the list is announced and voting has not opened."""
    return ((current_phase == "draft" and candidate.status in (CandidateStatus.APPLIED, CandidateStatus.ACCEPTED))
            or (current_phase == "announced" and candidate.status == CandidateStatus.ACCEPTED))


def shows_counts(election: Election) -> bool:
    """Counts exist only once the result is declared: before, nobody (staff included) reads them."""
    return election.status == ElectionStatus.DECLARED


def shows_candidates_publicly(election: Election) -> bool:
    return election.status != ElectionStatus.DRAFT


def is_elected_supervisor(user, election: Election) -> Candidate | None:
    person = own_person(user)
    if person is None or election.kind != ElectionKind.SUPERVISOR or election.status != ElectionStatus.DECLARED:
        return None
    return Candidate.objects.filter(election=election, person=person, elected=True,
                                    status=CandidateStatus.ACCEPTED).first()


def may_log_inspection(user, election: Election) -> bool:
    return is_elected_supervisor(user, election) is not None
