"""Figures of points for a region node (its subtree) and, optionally, a year (definitions in docs/figures.md,
"Points"): one query per node and year, shared by the two tiles."""

from django.utils.translation import gettext_lazy as _

from gongzhi.core.registry import list_link, register_stat, shared
from gongzhi.points.selectors import figures


def _figure(name):
    def compute(node, year=None):
        return shared(("points.figures", node.path, year), lambda: figures(path=node.path, year=year))[name]

    return compute


def register() -> None:
    register_stat("points_issued", _("积分发放"), _figure("issued"), unit=_("分"), order=95,
                  link=list_link("points:ledger"))  # the transactions whose pool legs are summed
    register_stat("points_spent", _("积分兑换"), _figure("spent"), unit=_("分"), order=96,
                  link=list_link("points:redemptions"))
