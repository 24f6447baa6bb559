"""Every write to the region tree and grids."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gongzhi.chronicle.services import record
from gongzhi.core.pinyin import search_key
from gongzhi.regions.models import ALPHABET, CHILD_KIND, SEGMENT, Grid, RegionKind, RegionNode, segment


def _decode(seg: str) -> int:
    n = 0
    for ch in seg:
        n = n * 36 + ALPHABET.index(ch)
    return n


def next_child_path(parent: RegionNode | None) -> str:
    prefix = parent.path if parent else ""
    depth = parent.depth + 1 if parent else 0
    last = (RegionNode.objects.filter(path__startswith=prefix, depth=depth).order_by("-path")
            .values_list("path", flat=True).first())
    n = _decode(last[-SEGMENT - 1:-1]) + 1 if last else 1
    return prefix + segment(n)


def check_child_kind(parent: RegionNode | None, kind: str) -> None:
    allowed = CHILD_KIND[RegionKind(parent.kind) if parent else None]
    if kind not in allowed:
        raise ValidationError(_("“%(kind)s”不能设在“%(parent)s”之下") % {
            "kind": RegionKind(kind).label, "parent": parent.name if parent else _("顶层")})


@transaction.atomic
def create_node(*, actor, parent: RegionNode | None, kind: str, name: str, code: str = "") -> RegionNode:
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("名称不能为空"))
    check_child_kind(parent, kind)
    if parent is not None:
        RegionNode.objects.select_for_update().filter(pk=parent.pk).first()  # serialise sibling numbering
    if RegionNode.objects.filter(parent=parent, name=name).exists():
        raise ValidationError(_("同一上级下已有名为“%(name)s”的节点") % {"name": name})
    if code and RegionNode.objects.filter(code=code).exists():
        raise ValidationError(_("区划代码“%(code)s”已被使用") % {"code": code})
    path = next_child_path(parent)
    node = RegionNode.objects.create(parent=parent, kind=kind, name=name, code=code, path=path,
                                     depth=len(path) // (SEGMENT + 1) - 1, search_key=search_key(name))
    record(node, "region.created", actor, {"kind": kind, "name": name, "parent": parent.pk if parent else None})
    return node


@transaction.atomic
def rename_node(*, actor, node: RegionNode, name: str) -> RegionNode:
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("名称不能为空"))
    if RegionNode.objects.filter(parent=node.parent, name=name).exclude(pk=node.pk).exists():
        raise ValidationError(_("同一上级下已有名为“%(name)s”的节点") % {"name": name})
    old = node.name
    RegionNode.objects.filter(pk=node.pk).update(name=name, search_key=search_key(name))
    node.refresh_from_db()
    record(node, "region.renamed", actor, {"from": old, "to": name})
    return node


@transaction.atomic
def create_grid(*, actor, community: RegionNode, name: str, buildings=()) -> Grid:
    if community.kind != RegionKind.COMMUNITY:
        raise ValidationError(_("网格必须设在社区之下"))
    outside = [b.name for b in buildings if b.kind != RegionKind.BUILDING or not b.is_within(community)]
    if outside:
        raise ValidationError(_("这些楼栋不在本社区：%(names)s") % {"names": "、".join(outside)})
    grid = Grid.objects.create(community=community, name=name.strip())
    grid.buildings.set(buildings)
    record(grid, "grid.created", actor, {"name": grid.name, "buildings": [b.pk for b in buildings]})
    return grid


def plan_paths(rows: list[dict], existing_parent_paths: dict) -> None:
    """For bulk loads (demo, import): give each new row a path under its parent, in order.
    `rows` have 'parent_key' (key of a row earlier in the list, or of an existing node) and 'key'. One query per
    existing parent (where its numbering stands); a parent planned earlier in `rows` has no children yet."""
    counters: dict[str, int] = {}
    paths = dict(existing_parent_paths)
    for row in rows:
        parent_path = paths[row["parent_key"]] if row["parent_key"] is not None else ""
        if parent_path not in counters and row["parent_key"] is not None \
                and row["parent_key"] not in existing_parent_paths:
            counters[parent_path] = 0  # planned above in this list: its first child
        if parent_path not in counters:
            depth = parent_path.count("/")
            last = (RegionNode.objects.filter(path__startswith=parent_path, depth=depth)
                    .order_by("-path").values_list("path", flat=True).first())
            counters[parent_path] = _decode(last[-SEGMENT - 1:-1]) if last else 0
        counters[parent_path] += 1
        row["path"] = parent_path + segment(counters[parent_path])
        row["depth"] = row["path"].count("/") - 1
        paths[row["key"]] = row["path"]
