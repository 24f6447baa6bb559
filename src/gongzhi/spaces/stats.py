"""Figures of the space platform for a region node (its subtree) and, optionally, a year (definitions in
docs/figures.md, "Spaces"): one computation per node and year, shared by the four tiles."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongzhi.core.registry import register_stat, shared
from gongzhi.spaces.selectors import figures


def _figure(name):
    def compute(node, year=None):
        return shared(("spaces.figures", node.path, year), lambda: figures(path=node.path, year=year))[name]

    return compute


def _usage(node) -> str:
    """The usage page over the last 365 days (the figures' period without a year): each venue's open and booked
    hours and the services given in exchange."""
    return f"{reverse('spaces:usage')}?period=365"


def register() -> None:
    register_stat("spaces_usage_rate", _("场地使用率"), _figure("usage_rate"), percent=True, order=82, link=_usage)
    register_stat("spaces_booked_hours", _("场地预约时长"), _figure("booked_hours"), unit=_("小时"), order=83,
                  link=_usage)
    register_stat("spaces_exchange_services", _("以服务换空间：服务次数"), _figure("services"), unit=_("次"), order=84,
                  link=_usage)
    register_stat("spaces_exchange_person_times", _("以服务换空间：服务人次"), _figure("person_times"),
                  unit=_("人次"), order=85, link=_usage)
