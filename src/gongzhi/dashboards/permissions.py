"""Who opens the staff dashboard, and for which nodes. Out of scope is 404, never 403.

The staff dashboard (数据大屏) is for the community, street and district staff of a node (and administrators): the
nodes they may choose are the city, district, street and community nodes in the subtrees of those roles only — a
grid worker, a unit's liaison or a department's receiver has none. The public dashboard shows any street, district
or city node to anybody: aggregates only (see selectors.node_data)."""

from __future__ import annotations

from django.db.models import QuerySet

from gongzhi.core.scope import get_visible
from gongzhi.regions.models import RegionKind, RegionNode

DASHBOARD_ROLES = ("community_staff", "street_staff", "district_staff")
STAFF_KINDS = (RegionKind.CITY, RegionKind.DISTRICT, RegionKind.STREET, RegionKind.COMMUNITY)
PUBLIC_KINDS = (RegionKind.CITY, RegionKind.DISTRICT, RegionKind.STREET)


def dashboard_nodes_for(user) -> QuerySet[RegionNode]:
    """The nodes `user` may open the staff dashboard for (none for a user without a dashboard role)."""
    scope = user.scope_for(*DASHBOARD_ROLES)
    if not scope.everything and not scope.region_paths:
        return RegionNode.objects.none()
    return RegionNode.objects.filter(scope.in_regions("path"), kind__in=STAFF_KINDS).order_by("path")


def may_open_dashboard(user) -> bool:
    scope = user.scope_for(*DASHBOARD_ROLES)
    return scope.everything or bool(scope.region_paths)


def default_node_for(user) -> RegionNode:
    """The highest node the user may open (the first by path); 404 when there is none."""
    node = dashboard_nodes_for(user).order_by("depth", "path").first()
    if node is None:
        from django.http import Http404

        raise Http404
    return node


def get_dashboard_node_for_user(user, pk) -> RegionNode:
    return get_visible(dashboard_nodes_for(user), pk)


def get_public_dashboard_node(pk) -> RegionNode:
    """Any street, district or city node (a community has its own board, /board/<id>/)."""
    return get_visible(RegionNode.objects.filter(kind__in=PUBLIC_KINDS), pk)
