"""居民选举: read queries, each starting from the scoped queryset."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from gongzhi.elections.models import Candidate, CandidateStatus, Election, ElectionStatus, Inspection, Problem
from gongzhi.elections.permissions import elections_visible_to


def staff_list(user) -> QuerySet[Election]:
    return (elections_visible_to(user).select_related("community", "constituency")
            .annotate(n_candidates=Count("candidates", filter=Q(candidates__status=CandidateStatus.ACCEPTED),
                                         distinct=True),
                      n_voters=Count("voters", distinct=True)).order_by("-opens_at", "-pk"))


def resident_list(user) -> QuerySet[Election]:
    return elections_visible_to(user).select_related("community", "constituency")


def candidates(election: Election) -> QuerySet[Candidate]:
    return election.candidates.select_related("person").order_by("person__name", "pk")


def ranked(accepted) -> list[Candidate]:
    return sorted(accepted, key=lambda c: (-c.votes, c.person.name))


def inspections(election: Election, supervisor: Candidate | None = None) -> list[Inspection]:
    qs = election.inspections.select_related("supervisor__person").prefetch_related(
        Prefetch("problems", queryset=Problem.objects.select_related("case")))
    if supervisor is not None:
        qs = qs.filter(supervisor=supervisor)
    return list(qs[:50])


def declared_in(community, limit: int = 5) -> list[Election]:
    return list(Election.objects.filter(community=community, status=ElectionStatus.DECLARED)
                .prefetch_related(Prefetch("candidates", queryset=Candidate.objects.filter(
                    status=CandidateStatus.ACCEPTED).select_related("person")))
                .select_related("constituency").order_by("-declared_at")[:limit])


# The talent pool's skills each post asks for: a renovation's supervisor follows works and money; a residents'
# representative speaks for neighbours.
POST_SKILLS = {"supervisor": ("repairs", "finance", "legal", "mediation"),
               "representative": ("mediation", "party", "legal")}


def talent_suggestions(election: Election, *, limit: int = 5) -> list:
    """People of the talent pool (人才储备库) to propose as candidates: living in the constituency, not yet
    candidates, with a skill the post asks for (talent.selectors.suggest ranks them and gives the reasons)."""
    from gongzhi.talent.selectors import suggest

    taken = list(election.candidates.values_list("person_id", flat=True))
    found = suggest(community=election.community, skills=POST_SKILLS.get(election.kind, ()),
                    exclude_person_ids=taken, limit=50)
    return [s for s in found if s.talent.person.home.path.startswith(election.constituency.path)][:limit]
