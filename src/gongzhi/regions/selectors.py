"""Read queries over the region tree."""

from __future__ import annotations

from django.db.models import Count

from gongzhi.core.scope import ancestor_paths
from gongzhi.regions.models import RegionNode


def top_nodes_for(user):
    """The highest nodes a user sees: the roots of their scope (every city for administrators)."""
    scope = user.scope
    if scope.everything:
        return RegionNode.objects.filter(parent__isnull=True)
    paths = sorted(scope.region_paths)
    tops = [p for p in paths if not any(p != q and p.startswith(q) for q in paths)]
    return RegionNode.objects.filter(path__in=tops)


def children_of(node: RegionNode):
    return node.children.annotate(child_count=Count("children")).order_by("path")


def breadcrumb(node: RegionNode, user) -> list[RegionNode]:
    """Ancestors the user can see, root first, then the node itself."""
    paths = ancestor_paths(node.path)
    nodes = RegionNode.objects.filter(path__in=paths).order_by("depth")
    return [n for n in nodes if user.scope.covers(n.path)]

