from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gongzhi.core.registry import register_stat
from gongzhi.regions.models import Grid, RegionKind, RegionNode


def count_kind(kind):
    def compute(node, year=None):
        return RegionNode.objects.filter(path__startswith=node.path, kind=kind).count()

    return compute


def count_grids(node, year=None):
    return Grid.objects.filter(community__path__startswith=node.path).count()


def _node_page(node) -> str:
    """The node's page: its children (streets, communities or neighbourhoods) and, for a community, its grids."""
    return reverse("regions:node", args=[node.pk])


def register() -> None:
    register_stat("communities", pgettext_lazy("figure", "社区"), count_kind(RegionKind.COMMUNITY), unit=_("个"), order=10,
                  link=_node_page)
    register_stat("neighbourhoods", pgettext_lazy("figure", "小区/院落"), count_kind(RegionKind.NEIGHBOURHOOD), unit=_("个"), order=11,
                  link=_node_page)
    register_stat("grids", _("网格"), count_grids, unit=_("个"), order=12, link=_node_page)
