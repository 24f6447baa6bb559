"""Which list entries a user sees, and who may change what.

- Staff (grid workers, community, street and district staff) see every entry of the communities in their
  region subtrees; system administrators see everything.
- A unit liaison sees the public entries (published needs, closed needs, published resources) of the
  communities where their unit is placed — the community whose subtree holds the unit, or every community
  below a unit placed at street level — plus everything of their own unit and the needs it claimed.
- A resident (or volunteer) sees the public entries of her own community and the needs she submitted.

Out of scope is 404, never 403: `get_*_for_user` answers Http404 for "missing" and "not yours" alike."""

from __future__ import annotations

from functools import reduce
from operator import or_
from typing import Protocol

from django.db.models import Q
from django.http import Http404

from gongzhi.core.scope import NO_ROWS, ancestor_paths, get_visible
from gongzhi.lists.models import Activity, Channel, Claim, Need, NeedStatus, Resource, ResourceStatus, Side
from gongzhi.organisations.models import Organisation
from gongzhi.regions.models import RegionKind, RegionNode

PUBLIC_NEED_STATUSES = (NeedStatus.PUBLISHED, NeedStatus.CLOSED)
# Roles that record needs on residents' behalf (window, forum, grid visit …).
NEED_RECORDERS = ("community_staff", "grid_worker")


class PlacedInCommunity(Protocol):
    """Anything that belongs to one community: a need, a resource, a wish (claimed by units the same way)."""

    @property
    def community(self) -> RegionNode: ...


# --- where a user belongs ---------------------------------------------------------------------------------

def unit_paths(user) -> tuple[str, ...]:
    """Home paths of the units the user speaks for (one query, remembered for the request's user object)."""
    ids = user.scope.organisation_ids
    if not ids:
        return ()
    cached = getattr(user, "_lists_unit_paths", None)
    if cached is None:
        cached = tuple(sorted(set(Organisation.objects.filter(pk__in=ids).values_list("home__path", flat=True))))
        user._lists_unit_paths = cached
    return cached


def _communities_of_places(paths, field: str) -> Q:
    """Communities where something placed at one of `paths` belongs: the community above it, or every
    community below it when it is placed higher up (a street-level unit)."""
    above = sorted({a for p in paths for a in ancestor_paths(p)})
    conditions = [Q(**{f"{field}__in": above})] if above else []
    conditions += [Q(**{f"{field}__startswith": p}) for p in paths]
    return reduce(or_, conditions) if conditions else NO_ROWS


def _home_communities(user) -> Q:
    """`community__path` conditions matching the community a resident lives in."""
    above = sorted({a for p in user.scope.home_paths for a in ancestor_paths(p)})
    return Q(community__path__in=above) if above else NO_ROWS


def unit_communities(organisation: Organisation):
    """The communities a unit serves: the one its home lies in, or all below a street-level home."""
    return RegionNode.objects.filter(Q(kind=RegionKind.COMMUNITY)
                                     & _communities_of_places([organisation.home.path], "path")).order_by("path")


def home_community(user) -> RegionNode | None:
    """The community a resident lives in (from her resident or volunteer role, else her person record)."""
    paths = list(user.scope.home_paths)
    if not paths:
        person = getattr(user, "person", None)
        paths = [person.home.path] if person is not None else []
    above = sorted({a for p in paths for a in ancestor_paths(p)})
    if not above:
        return None
    return RegionNode.objects.filter(kind=RegionKind.COMMUNITY, path__in=above).order_by("path").first()


def is_resident_of(user, community: RegionNode) -> bool:
    return any(p.startswith(community.path) for p in user.scope.home_paths)


# --- rows a user sees -------------------------------------------------------------------------------------

def needs_visible_to(user):
    scope = user.scope
    condition = scope.in_regions("community__path")
    if scope.organisation_ids:
        ids = scope.organisation_ids
        condition |= ((Q(status__in=PUBLIC_NEED_STATUSES)
                       & _communities_of_places(unit_paths(user), "community__path"))
                      | Q(organisation_id__in=ids)
                      | Q(pk__in=Claim.objects.filter(organisation_id__in=ids, need__isnull=False).values("need_id")))
    if scope.home_paths:
        condition |= (Q(status__in=PUBLIC_NEED_STATUSES) & _home_communities(user)) | Q(created_by_id=user.pk)
    return Need.objects.filter(condition)


def resources_visible_to(user):
    scope = user.scope
    condition = scope.in_regions("community__path")
    if scope.organisation_ids:
        ids = scope.organisation_ids
        condition |= ((Q(status=ResourceStatus.PUBLISHED)
                       & _communities_of_places(unit_paths(user), "community__path"))
                      | Q(organisation_id__in=ids)
                      | Q(pk__in=Claim.objects.filter(organisation_id__in=ids, resource__isnull=False)
                          .values("resource_id")))
    if scope.home_paths:
        condition |= Q(status=ResourceStatus.PUBLISHED) & _home_communities(user)
    return Resource.objects.filter(condition)


def activities_visible_to(user):
    """Activities are public events: staff see their subtrees, liaisons those of their communities and the
    ones their unit organises, residents those of their community."""
    scope = user.scope
    condition = scope.in_regions("community__path")
    if scope.organisation_ids:
        condition |= (_communities_of_places(unit_paths(user), "community__path")
                      | Q(organiser_id__in=scope.organisation_ids))
    if scope.home_paths:
        condition |= _home_communities(user)
    return Activity.objects.filter(condition)


def claims_visible_to(user):
    """Claims on the entries the user sees, and the claims of the user's own unit."""
    return Claim.objects.filter(Q(need__in=needs_visible_to(user).values("pk"))
                                | Q(resource__in=resources_visible_to(user).values("pk"))
                                | Q(organisation_id__in=user.scope.organisation_ids))




def get_need_for_user(user, pk, *, write: bool = False) -> Need:
    """404 both for "does not exist" and "not yours"; with write=True also for "yours to read only"."""
    need = get_visible(needs_visible_to(user).select_related("community", "category", "organisation", "place__parent",
                                                      "merged_into", "created_by__person"), pk)
    if write and not may_review_need(user, need):
        raise Http404
    return need


def get_resource_for_user(user, pk, *, write: bool = False) -> Resource:
    resource = get_visible(resources_visible_to(user).select_related("community", "category", "organisation"), pk)
    if write and not may_manage_resource(user, resource):
        raise Http404
    return resource


def get_activity_for_user(user, pk) -> Activity:
    return get_visible(activities_visible_to(user).select_related("community", "category", "organiser"), pk)


def get_claim_for_user(user, pk) -> Claim:
    return get_visible(claims_visible_to(user).select_related("need__community", "resource__community", "organisation"),
                pk)


def may_see_item_chronicle(user) -> bool:
    """A need's, resource's or activity's chronicle is for region staff: it names who submitted a need, which a
    unit's liaison does not need."""
    return user.scope.is_region_staff


def sees_community_claims(user) -> bool:
    """Region staff speak for their communities' side of two-way claims (liaisons for their unit's)."""
    return user.scope.is_region_staff


# --- who may change what ----------------------------------------------------------------------------------

def speaks_for(user, organisation: Organisation | None) -> bool:
    """The user is the unit's liaison (or a system administrator)."""
    return organisation is not None and (user.scope.everything or organisation.pk in user.scope.organisation_ids)


def _community_staff(user, path: str) -> bool:
    return user.scope.everything or user.has_role_at("community_staff", path)


def may_record_needs(user, community: RegionNode) -> bool:
    """Community staff and grid workers record needs on residents' behalf (window, forum, grid visit …)."""
    return user.scope.everything or any(user.has_role_at(r, community.path) for r in NEED_RECORDERS)


def may_review_need(user, need: Need) -> bool:
    """The periodic review is the community party committee's: community staff of that community."""
    return _community_staff(user, need.community.path)


def may_close_need(user, need: Need) -> bool:
    """Community staff of the community; for a unit's own need also the unit's liaison."""
    return may_review_need(user, need) or (need.side == Side.UNIT and speaks_for(user, need.organisation))


def may_register_resource(user, *, community: RegionNode | None, organisation: Organisation | None) -> bool:
    """A unit's resource: its liaison, or community staff of the community where the unit is placed; the
    community's own resource: its community staff."""
    if organisation is None:
        return community is not None and _community_staff(user, community.path)
    return speaks_for(user, organisation) or _community_staff(user, organisation.home.path)


def may_manage_resource(user, resource: Resource) -> bool:
    return _community_staff(user, resource.community.path) or speaks_for(user, resource.organisation)


def may_create_activity(user, community: RegionNode) -> bool:
    return _community_staff(user, community.path)


def claimant_units(user, item: PlacedInCommunity):
    """Units the user may claim a community-side item for: their own units placed in its community."""
    if user.scope.everything:
        qs = Organisation.objects.all()
    elif user.scope.organisation_ids:
        qs = Organisation.objects.filter(pk__in=user.scope.organisation_ids)
    else:
        return Organisation.objects.none()
    return qs.filter(Q(home__path__in=ancestor_paths(item.community.path))
                     | Q(home__path__startswith=item.community.path)).order_by("name")


def may_claim(user, item: Need | Resource) -> bool:
    """Two-way claiming: units claim the community's items, the community claims units' items."""
    if item.side == Side.UNIT:
        return _community_staff(user, item.community.path)
    return claimant_units(user, item).exists()


def is_claimant(user, claim: Claim) -> bool:
    if claim.side == Side.UNIT:
        return speaks_for(user, claim.organisation)
    return _community_staff(user, claim.item.community.path)


def may_withdraw_claim(user, claim: Claim) -> bool:
    return is_claimant(user, claim)


def may_fulfil_claim(user, claim: Claim) -> bool:
    """The claimant reports fulfilment; the item's community staff may confirm it too."""
    return is_claimant(user, claim) or _community_staff(user, claim.item.community.path)


# --- choices offered on forms -----------------------------------------------------------------------------

def communities_where(user, roles: tuple[str, ...]):
    """Communities covered by the user's assignments of `roles` (all communities for administrators)."""
    qs = RegionNode.objects.filter(kind=RegionKind.COMMUNITY).order_by("path")
    if user.scope.everything:
        return qs
    paths = sorted({a.region.path for a in user.active_roles if a.role in roles and a.region})
    if not paths:
        return qs.none()
    return qs.filter(reduce(or_, [Q(path__startswith=p) for p in paths]))


def own_units(user):
    """The units the user speaks for (all units for administrators)."""
    if user.scope.everything:
        return Organisation.objects.order_by("name")
    return Organisation.objects.filter(pk__in=user.scope.organisation_ids).order_by("name")


def own_unit_communities(user):
    """The communities where the user's own units are placed."""
    paths = unit_paths(user)
    if user.scope.everything:
        return RegionNode.objects.filter(kind=RegionKind.COMMUNITY).order_by("path")
    if not paths:
        return RegionNode.objects.none()
    return RegionNode.objects.filter(Q(kind=RegionKind.COMMUNITY) & _communities_of_places(paths, "path")
                                     ).order_by("path")


def units_in(communities):
    """Units placed in the subtrees of `communities` (a queryset of community nodes)."""
    paths = list(communities.values_list("path", flat=True))
    if not paths:
        return Organisation.objects.none()
    return Organisation.objects.filter(reduce(or_, [Q(home__path__startswith=p) for p in paths])).order_by("name")


# --- who proposed a need, and numbers in its text ---------------------------------------------------------------

def need_author(need: Need):
    """The resident who filed a need herself on her phone (load with select_related("created_by__person")); None
    for needs recorded by staff or units."""
    if need.organisation_id or need.channel != Channel.ONLINE or need.created_by_id is None:
        return None
    return getattr(need.created_by, "person", None)


def need_proposer(user, need: Need) -> str:
    """提出方 as this viewer may read it: the unit; the resident who filed it (full name for staff of the
    community and for herself, "王**" for everyone else); else the community."""
    from django.utils.translation import gettext as _

    if need.organisation is not None:
        return need.organisation.name
    person = need_author(need)
    if person is None:
        return str(Side.COMMUNITY.label)
    scope = user.scope
    name = person.name if scope.covers(need.community.path) or person.pk in scope.person_ids \
        else person.name[:1] + "*" * max(len(person.name) - 1, 1)
    return _("居民 %(name)s") % {"name": name}


def need_text_access(user, need: Need):
    from gongzhi.people.permissions import FULL_TEXT, text_access_at

    person = need_author(need)
    if person is not None and person.pk in user.scope.person_ids:
        return FULL_TEXT
    return text_access_at(user, need.community.path, person_id=person.pk if person else None)
