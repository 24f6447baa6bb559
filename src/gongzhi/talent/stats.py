"""Figures of the talent pool for a region node (its subtree): residents in the pool now."""

from django.utils.translation import gettext_lazy as _

from gongzhi.core.registry import list_link, register_stat
from gongzhi.talent.selectors import figures


def register() -> None:
    register_stat("talent_active", _("人才储备库人数"), lambda node, year=None: figures(path=node.path)["active"],
                  unit=_("人"), order=97, link=list_link("talent:pool"))
