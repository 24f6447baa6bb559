"""Finding the region nodes that the cells of an import file name, with a fixed number of queries.

A cell names a node by its code (区划代码) or by a path of names separated by "/": from the root
(桂林市/象山区/象山街道/五美社区) or from one of the highest nodes of the user's scope (五美社区/五美小区/1栋).
The lookup finds nodes whether or not they are in the user's scope; the importer checks the scope and
answers "not found or not in your scope" for both, so an error never reveals an existing node."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from gongzhi.core.scope import ancestor_paths
from gongzhi.regions.models import RegionNode

SEPARATOR = re.compile(r"[/／\\]")
MAX_DEPTH = 8  # city → entrance is seven levels


def split_path(value: str) -> tuple[str, ...]:
    return tuple(part for part in (p.strip() for p in SEPARATOR.split(value or "")) if part)


@dataclass(frozen=True)
class Located:
    """The node a cell names, if it exists, and the full path of names (from the root) of the place it
    means: known as far as the path could be followed, so that a region row can name a node created by an
    earlier row of the same file."""

    node: RegionNode | None
    names: tuple[str, ...] | None


NOWHERE = Located(None, None)


class RegionLookup:
    def __init__(self, *, user, values: Iterable[str]):
        paths = {split_path(v) for v in values if v}
        paths = {p for p in paths if 0 < len(p) <= MAX_DEPTH}
        codes = {p[0] for p in paths if len(p) == 1}
        self._by_code = {n.code: n for n in RegionNode.objects.filter(code__in=codes)} if codes else {}
        starts = self._start_nodes(user)
        self._names = self._full_names([*starts, *self._by_code.values()])
        self._by_path = self._walk(paths, starts)

    @staticmethod
    def _start_nodes(user) -> list[RegionNode]:
        """Roots first, then the highest nodes of the user's scope."""
        scope_paths = user.scope.region_paths
        tops = [p for p in scope_paths if not any(p != q and p.startswith(q) for q in scope_paths)]
        return list(RegionNode.objects.filter(Q(parent__isnull=True) | Q(path__in=tops)).order_by("depth", "path"))

    @staticmethod
    def _full_names(nodes: list[RegionNode]) -> dict[int, tuple[str, ...]]:
        wanted = {a for n in nodes for a in ancestor_paths(n.path)}
        name_at = dict(RegionNode.objects.filter(path__in=wanted).values_list("path", "name")) if wanted else {}
        return {n.pk: tuple(name_at[a] for a in ancestor_paths(n.path)) for n in nodes}

    def _walk(self, paths: set[tuple[str, ...]], starts: list[RegionNode]) -> dict[tuple[str, ...], RegionNode]:
        """Follow every path one level at a time: one query per level, whatever the number of rows."""
        first: dict[str, RegionNode] = {}
        for node in starts:
            first.setdefault(node.name, node)
        level = {(p[0],): first[p[0]] for p in paths if p[0] in first}
        found = dict(level)
        for i in range(1, MAX_DEPTH):
            wanted = {(level[p[:i]].pk, p[i]) for p in paths if len(p) > i and p[:i] in level}
            if not wanted:
                break
            children = RegionNode.objects.filter(parent_id__in={pk for pk, _ in wanted},
                                                 name__in={name for _, name in wanted})
            by_key = {(c.parent_id, c.name): c for c in children}
            level = {p[: i + 1]: by_key[(level[p[:i]].pk, p[i])] for p in paths
                     if len(p) > i and p[:i] in level and (level[p[:i]].pk, p[i]) in by_key}
            found.update(level)
        return found

    def locate(self, value: str) -> Located:
        parts = split_path(value)
        if not parts or len(parts) > MAX_DEPTH:
            return NOWHERE
        if len(parts) == 1 and parts[0] in self._by_code:
            node = self._by_code[parts[0]]
            return Located(node, self._names[node.pk])
        for k in range(len(parts), 0, -1):
            node = self._by_path.get(parts[:k])
            if node is not None:
                start = self._by_path[parts[:1]]
                names = self._names[start.pk] + parts[1:]
                return Located(node if k == len(parts) else None, names)
        return Located(None, parts)  # nothing matched: read as a path from the root of a new tree
