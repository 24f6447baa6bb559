"""The region tree (行政区划) and grids (网格).

Each node stores its materialised path (`0001/0003/0012/`): four base-36 characters a level, one
level per ancestor. A subtree is `path LIKE 'prefix%'`, indexed on both SQLite and PostgreSQL
(`varchar_pattern_ops` there, so the prefix match uses the index whatever the collation)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

SEGMENT = 4  # characters per level in a path
ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz"


def segment(n: int) -> str:
    """Sibling number n (1-based) as four base-36 characters."""
    if not 0 < n < 36**SEGMENT:
        raise ValueError("sibling number out of range")
    out = ""
    while n:
        n, r = divmod(n, 36)
        out = ALPHABET[r] + out
    return out.rjust(SEGMENT, "0") + "/"


class RegionKind(models.TextChoices):
    CITY = "city", _("市")
    DISTRICT = "district", _("区")
    STREET = "street", _("街道")
    COMMUNITY = "community", _("社区")
    NEIGHBOURHOOD = "neighbourhood", _("小区/院落")
    BUILDING = "building", _("楼栋")
    ENTRANCE = "entrance", _("单元")


# Which kind of node may sit under which.
CHILD_KIND = {
    None: {RegionKind.CITY},
    RegionKind.CITY: {RegionKind.DISTRICT},
    RegionKind.DISTRICT: {RegionKind.STREET},
    RegionKind.STREET: {RegionKind.COMMUNITY},
    RegionKind.COMMUNITY: {RegionKind.NEIGHBOURHOOD},
    RegionKind.NEIGHBOURHOOD: {RegionKind.BUILDING},
    RegionKind.BUILDING: {RegionKind.ENTRANCE},
    RegionKind.ENTRANCE: set(),
}
LEVEL = {kind: i for i, kind in enumerate(RegionKind.values)}


class RegionNode(models.Model):
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="children", verbose_name=_("上级"))
    kind = models.CharField(_("层级"), max_length=16, choices=RegionKind.choices)
    name = models.CharField(_("名称"), max_length=100)
    code = models.CharField(_("区划代码"), max_length=32, blank=True,
                            help_text=_("行政区划代码或内部编号，在全库唯一"))
    path = models.CharField(max_length=255, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(editable=False)
    search_key = models.CharField(max_length=500, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("区划节点")
        verbose_name_plural = _("区划节点")
        ordering = ["path"]
        indexes = [
            models.Index(fields=["path"], name="region_path_prefix", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["kind", "path"], name="region_kind_path"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["code"], condition=~models.Q(code=""), name="region_code_unique"),
            models.UniqueConstraint(fields=["parent", "name"], name="region_sibling_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def level(self) -> int:
        return LEVEL[self.kind]

    def subtree(self):
        return RegionNode.objects.filter(path__startswith=self.path)

    def ancestors(self):
        """Root first, self excluded."""
        from gongzhi.core.scope import ancestor_paths

        return RegionNode.objects.filter(path__in=ancestor_paths(self.path)[:-1]).order_by("depth")

    def is_within(self, other: RegionNode) -> bool:
        return self.path.startswith(other.path)


class Grid(models.Model):
    """A patch of buildings in one community under one grid worker (the worker is a role assignment)."""

    community = models.ForeignKey(RegionNode, on_delete=models.PROTECT, related_name="grids",
                                  limit_choices_to={"kind": RegionKind.COMMUNITY}, verbose_name=_("社区"))
    name = models.CharField(_("网格名称"), max_length=100)
    buildings = models.ManyToManyField(RegionNode, related_name="grids_covering", blank=True,
                                       limit_choices_to={"kind": RegionKind.BUILDING}, verbose_name=_("楼栋"))

    class Meta:
        verbose_name = _("网格")
        verbose_name_plural = _("网格")
        ordering = ["community__path", "name"]
        constraints = [models.UniqueConstraint(fields=["community", "name"], name="grid_name_unique")]

    def __str__(self) -> str:
        return f"{self.community.name}·{self.name}"
