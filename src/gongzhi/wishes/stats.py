"""Figures of micro-wishes for a region node (its subtree) and, optionally, a year: one query set per node and
year, shared by the four tiles."""

from django.utils.translation import gettext_lazy as _

from gongzhi.core.registry import list_link, register_stat, shared
from gongzhi.wishes.selectors import figures


def _figure(name):
    def compute(node, year=None):
        return shared(("wishes.figures", node.path, year), lambda: figures(path=node.path, year=year))[name]

    return compute


def register() -> None:
    register_stat("wishes_posted", _("微心愿发布"), _figure("posted"), unit=_("个"), order=60, link=list_link("wishes:list"))
    register_stat("wishes_fulfilled", _("微心愿实现"), _figure("fulfilled"), unit=_("个"), order=61,
                  link=list_link("wishes:list", "status=confirmed"))
    register_stat("wishes_rate", _("微心愿实现率"), _figure("rate"), percent=True, order=62, link=list_link("wishes:list", "status=confirmed"))
    register_stat("wishes_days", _("心愿平均实现天数"), _figure("average_days"), unit=_("天"), order=63,
                  link=list_link("wishes:list", "status=confirmed"))
