"""楼门管家: who sees which rows and who may change what (one named helper per rule).

- Region staff (grid workers, community, street, district staff) see the stewards, evaluations, suggestions and
  vacancies of the communities in their subtrees; administrators see everything.
- Community staff of the community (and administrators) appoint, set roles, evaluate, commend, retire, and turn
  suggestions into needs or cases.
- A steward sees her own posts, evaluations and commendations and the suggestions she collected; she records
  suggestions on her phone while she is in office.
- Out of scope is 404, never 403. Phones as `people.permissions.shown_phone` decides; the public board shows
  commendations with the name the community chose to publish and the neighbourhood, never the entrance."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from gongzhi.core.scope import get_visible, holds_somewhere
from gongzhi.lists.permissions import communities_where
from gongzhi.people.models import Person
from gongzhi.people.permissions import shown_phone
from gongzhi.regions.models import RegionNode
from gongzhi.stewards.models import Steward, StewardStatus, Suggestion

RUNNERS = ("community_staff",)
VIEWERS = ("grid_worker", "community_staff", "street_staff", "district_staff")


def own_person(user) -> Person | None:
    return getattr(user, "person", None) if user.is_authenticated else None


def sees_stewards_as_staff(user) -> bool:
    return user.is_authenticated and user.scope.is_region_staff


def may_run_stewards(user, community: RegionNode) -> bool:
    """Appointments, roles, evaluations, commendations, retirements and suggestions of a community."""
    return user.is_authenticated and (user.scope.everything
                                      or any(user.has_role_at(r, community.path) for r in RUNNERS))


def communities_run_by(user):
    return communities_where(user, RUNNERS)


def runs_some_stewards(user) -> bool:
    """Community staff somewhere (or an administrator): handles stewards' suggestions somewhere. No query."""
    return holds_somewhere(user, RUNNERS)


def run_by(user) -> Q:
    """Rows of the communities whose stewards the user runs: `may_run_stewards` as a query condition."""
    return user.scope_for(*RUNNERS).in_regions("community__path")


def communities_seen_by(user):
    return communities_where(user, VIEWERS)


def current_post_of(user) -> Steward | None:
    """The user's own current stewardship (none for a user without a person record or not in office)."""
    person = own_person(user)
    if person is None:
        return None
    return (Steward.objects.filter(person=person, status=StewardStatus.CURRENT)
            .select_related("post__parent__parent", "community").first())


def stewards_visible_to(user) -> QuerySet[Steward]:
    return Steward.objects.filter(user.scope.in_regions("community__path") | Q(person_id__in=user.scope.person_ids))


def suggestions_visible_to(user) -> QuerySet[Suggestion]:
    return Suggestion.objects.filter(user.scope.in_regions("community__path")
                                     | Q(steward__person_id__in=user.scope.person_ids))


def get_steward_for_user(user, pk, *, write: bool = False) -> Steward:
    """404 for "does not exist" and "not yours"; with write=True also for "yours to look at only"."""
    steward = get_visible(stewards_visible_to(user).select_related("community", "person__home",
                                                                   "post__parent__parent"), pk)
    if write and not may_run_stewards(user, steward.community):
        raise Http404
    return steward


def get_suggestion_for_user(user, pk, *, write: bool = False) -> Suggestion:
    suggestion = get_visible(suggestions_visible_to(user).select_related(
        "community", "steward__person__home", "steward__post__parent__parent", "need", "case"), pk)
    if write and not may_run_stewards(user, suggestion.community):
        raise Http404
    return suggestion


@dataclass(frozen=True)
class StewardShown:
    name: str
    phone: str


def shown_steward(user, steward: Steward) -> StewardShown:
    """The same on pages and in the API: the name (a steward serves her neighbours by name), the phone as
    `shown_phone` decides (community staff and grid workers of her community in full, street staff masked)."""
    return StewardShown(name=steward.person.name, phone=shown_phone(user, steward.person))
