"""Which region nodes and grids a user may see. Out of scope is 404, never 403."""

from __future__ import annotations

from gongzhi.core.scope import get_visible
from gongzhi.regions.models import Grid, RegionNode


def nodes_visible_to(user):
    return RegionNode.objects.filter(user.scope.in_regions("path"))


def get_node_for_user(user, pk) -> RegionNode:
    return get_visible(nodes_visible_to(user), pk)


def grids_visible_to(user):
    return Grid.objects.filter(user.scope.in_regions("community__path"))


def may_edit_regions(user, node: RegionNode) -> bool:
    """District staff and system administrators maintain the tree within their scope."""
    return user.scope.everything or (user.has_role_at("district_staff", node.path))
