"""The three rates of a region node (its subtree's cases) for a year, on the dashboard and the public board.
The three tiles share one computation per page (core.registry.shared)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongzhi.core import clock
from gongzhi.core.registry import register_stat, shared
from gongzhi.rates import periods
from gongzhi.rates.selectors import node_figures


def year_line(node, year=None):
    year = year or clock.today().year
    return shared(("rates.node", node.path, year),
                  lambda: node_figures(node, periods.year(year), with_times=False))


def _rate(name):
    def compute(node, year=None):
        return getattr(year_line(node, year), name).value

    return compute


def _league(node) -> str:
    """The league table of the user's scope for this year (the figures' period)."""
    return f"{reverse('rates:league')}?period={clock.today().year}"


def register() -> None:
    register_stat("rate_response", _("本年度响应率"), _rate("response"), percent=True, order=70, link=_league)
    register_stat("rate_resolution", _("本年度解决率"), _rate("resolution"), percent=True, order=71, link=_league)
    register_stat("rate_satisfaction", _("本年度满意率"), _rate("satisfaction"), percent=True, order=72, link=_league)
