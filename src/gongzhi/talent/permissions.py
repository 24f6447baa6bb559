"""人才储备库: who sees which rows and who may change what (one named helper per rule).

- Region staff (grid workers, community, street, district staff) see and search the pool of the communities in
  their subtrees; administrators see everything.
- Community staff of a community (and administrators) add residents (with their recorded consent), change entries
  and take people off the list.
- A resident sees her own entries, registers herself on the phone and withdraws.
- Out of scope is 404. Phones as `people.permissions.shown_phone` decides (street and district staff read them
  masked); names in full to staff in scope."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from gongzhi.core.scope import get_visible
from gongzhi.lists.permissions import communities_where, home_community
from gongzhi.people.models import Person
from gongzhi.people.permissions import shown_phone
from gongzhi.regions.models import RegionNode
from gongzhi.talent.models import Talent

KEEPERS = ("community_staff",)
VIEWERS = ("grid_worker", "community_staff", "street_staff", "district_staff")


def own_person(user) -> Person | None:
    return getattr(user, "person", None) if user.is_authenticated else None


def sees_talent_as_staff(user) -> bool:
    return user.is_authenticated and user.scope.is_region_staff


def may_keep_pool(user, community: RegionNode) -> bool:
    """Add, change and withdraw entries of a community's pool: its community staff (and administrators)."""
    return user.is_authenticated and (user.scope.everything
                                      or any(user.has_role_at(r, community.path) for r in KEEPERS))


def may_see_pool(user, community: RegionNode) -> bool:
    """Search and be shown a community's pool: its region staff (grid workers up to district staff), administrators."""
    return user.is_authenticated and (user.scope.everything
                                      or any(user.has_role_at(r, community.path) for r in VIEWERS))


def communities_kept_by(user):
    return communities_where(user, KEEPERS)


def communities_seen_by(user):
    return communities_where(user, VIEWERS)


def may_register_self(user) -> RegionNode | None:
    """A resident with a person record registers in her home community (returned), else None."""
    if own_person(user) is None:
        return None
    return home_community(user)


def talents_visible_to(user) -> QuerySet[Talent]:
    return Talent.objects.filter(user.scope.in_regions("community__path") | Q(person_id__in=user.scope.person_ids))


def get_talent_for_user(user, pk, *, write: bool = False) -> Talent:
    """404 for "does not exist" and "not yours"; with write=True also for "yours to look at only" (a resident may
    write her own entry)."""
    talent = get_visible(talents_visible_to(user).select_related("community", "person__home"), pk)
    if write and not (may_keep_pool(user, talent.community) or talent.person_id in user.scope.person_ids):
        raise Http404
    return talent


def may_change(user, talent: Talent) -> bool:
    return talent.active and (may_keep_pool(user, talent.community) or talent.person_id in user.scope.person_ids)


@dataclass(frozen=True)
class TalentShown:
    name: str
    phone: str


def shown_talent(user, talent: Talent) -> TalentShown:
    """The same on pages and in the API: the name to staff in scope and to herself; the phone as `shown_phone`
    decides (community staff and grid workers of her community in full, street and district staff masked)."""
    return TalentShown(name=talent.person.name, phone=shown_phone(user, talent.person))
