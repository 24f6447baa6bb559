"""居民提议: who sees which rows and who may change what.

- Region staff see the proposals of the communities in their subtrees, with the author's name; the community's
  staff (and administrators) answer them and note a meeting's agenda.
- A resident sees the proposals of her home community WITHOUT authors' names (her own are marked as hers), writes
  proposals there and supports other residents' proposals once each.
- The public board shows answered proposals: title, support count and answer, nothing about the author.
- Out of scope is 404, never 403."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from gongzhi.core.scope import get_visible, holds_somewhere
from gongzhi.lists.permissions import communities_where, home_community
from gongzhi.people.models import Person
from gongzhi.proposals.models import Proposal
from gongzhi.regions.models import RegionNode

RUNNERS = ("community_staff",)


def own_person(user) -> Person | None:
    return getattr(user, "person", None) if user.is_authenticated else None


def sees_proposals_as_staff(user) -> bool:
    return user.is_authenticated and user.scope.is_region_staff


def may_answer(user, community: RegionNode) -> bool:
    return user.is_authenticated and (user.scope.everything
                                      or any(user.has_role_at(r, community.path) for r in RUNNERS))


def communities_run_by(user):
    return communities_where(user, RUNNERS)


def answers_somewhere(user) -> bool:
    """Community staff somewhere (or an administrator): answers proposals somewhere. No query."""
    return holds_somewhere(user, RUNNERS)


def answered_by(user) -> Q:
    """Proposals of the communities the user answers for: `may_answer` as a query condition."""
    return user.scope_for(*RUNNERS).in_regions("community__path")


def resident_community(user) -> RegionNode | None:
    """The community whose proposals a resident reads and supports: where her person record (else her role) lives."""
    if not user.is_authenticated:
        return None
    return home_community(user)


def proposals_visible_to(user) -> QuerySet[Proposal]:
    if not user.is_authenticated:
        return Proposal.objects.none()
    community = resident_community(user) if own_person(user) is not None or user.scope.home_paths else None
    as_resident = Q(community=community) if community is not None else Q(pk__in=[])
    return Proposal.objects.filter(user.scope.in_regions("community__path") | as_resident)


def get_proposal_for_user(user, pk, *, write: bool = False) -> Proposal:
    proposal = get_visible(proposals_visible_to(user).select_related("community", "author"), pk)
    if write and not may_answer(user, proposal.community):
        raise Http404
    return proposal


def shows_author(user, proposal: Proposal) -> bool:
    """Staff whose region covers the community read the author's name; residents never read another's."""
    return user.scope.covers(proposal.community.path) or proposal.author_id in user.scope.person_ids


def may_support(user, proposal: Proposal) -> bool:
    person = own_person(user)
    return (person is not None and proposal.author_id != person.pk and proposal.status == "open"
            and person.home.path.startswith(proposal.community.path))
