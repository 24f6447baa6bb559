"""服务阵地: who sees which rows and who may change what, one named helper per rule.

- The directory is public information: every logged-in user (a resident on her phone, a liaison, a receiver) sees
  the points in use everywhere; region staff also see the points taken out of use in their subtrees.
- Community, street and district staff maintain the points and neighbourhood coordinates of their subtrees;
  district staff (and administrators) set a district's bounding box.
- The HSDS export and the 15-minute circle show points in use and organisations only, never a person.
- Out of scope is 404, never 403."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from gongzhi.core.scope import get_visible
from gongzhi.lists.permissions import communities_where
from gongzhi.regions.models import RegionKind, RegionNode
from gongzhi.servicepoints.models import NeighbourhoodLocation, ServicePoint

MAINTAINERS = ("community_staff", "street_staff", "district_staff")
VIEWERS = ("grid_worker", "community_staff", "street_staff", "district_staff")
AREA_SETTERS = ("district_staff",)


def sees_servicepoints_as_staff(user) -> bool:
    """Region staff and administrators use the workbench's pages."""
    return bool(user.is_authenticated and user.scope.is_region_staff)


def may_maintain(user, node: RegionNode) -> bool:
    """Points of a community and coordinates of a neighbourhood: staff whose region covers it."""
    return bool(user.is_authenticated and (user.scope.everything
                                           or any(user.has_role_at(r, node.path) for r in MAINTAINERS)))


def may_set_area(user, region: RegionNode) -> bool:
    return bool(user.is_authenticated and (user.scope.everything
                                           or any(user.has_role_at(r, region.path) for r in AREA_SETTERS)))


def communities_maintained_by(user):
    return communities_where(user, MAINTAINERS)


def communities_seen_by(user):
    return communities_where(user, VIEWERS)


def points_visible_to(user) -> QuerySet[ServicePoint]:
    if not user.is_authenticated:
        return ServicePoint.objects.none()
    return ServicePoint.objects.filter(Q(active=True) | user.scope.in_regions("community__path"))


def public_points() -> QuerySet[ServicePoint]:
    """What the public outputs (HSDS export, the circle's figures) are made of: the points in use."""
    return ServicePoint.objects.filter(active=True)


def get_point_for_user(user, pk, *, write: bool = False) -> ServicePoint:
    """404 for "does not exist" and "not yours"; with write=True also for "yours to look at only"."""
    point = get_visible(points_visible_to(user).select_related("community", "operator"), pk)
    if write and not may_maintain(user, point.community):
        raise Http404
    return point


def neighbourhoods_visible_to(user) -> QuerySet[RegionNode]:
    """The neighbourhoods whose coordinates a staff member sees (and, maintaining, sets)."""
    return RegionNode.objects.filter(user.scope.in_regions("path"), kind=RegionKind.NEIGHBOURHOOD)


def get_neighbourhood_for_user(user, pk, *, write: bool = False) -> RegionNode:
    node = get_visible(neighbourhoods_visible_to(user), pk)
    if write and not may_maintain(user, node):
        raise Http404
    return node


def get_community_for_user(user, pk) -> RegionNode:
    """A community whose 15-minute circle a user may look at: staff in scope, or a resident's own community."""
    from gongzhi.lists.permissions import home_community

    node = get_visible(RegionNode.objects.filter(kind=RegionKind.COMMUNITY), pk)
    if user.is_authenticated and user.scope.covers(node.path):
        return node
    home = home_community(user) if user.is_authenticated else None
    if home is not None and home.pk == node.pk:
        return node
    raise Http404


def locations_in(node: RegionNode) -> QuerySet[NeighbourhoodLocation]:
    return NeighbourhoodLocation.objects.filter(neighbourhood__path__startswith=node.path)
