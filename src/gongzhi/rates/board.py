"""The community's public board section 接诉即办: this year's three rates, resolved cases and average
resolution time, with a link to the full public statistics page. Aggregates only — no personal data."""

from django.utils.translation import gettext_lazy as _

from gongzhi.core import clock
from gongzhi.core.registry import register_board_section
from gongzhi.rates import periods
from gongzhi.rates.selectors import node_figures


def cases_context(community) -> dict:
    year = clock.today().year
    line = node_figures(community, periods.year(year))
    return {"community": community, "year": year, "line": line}


def register() -> None:
    register_board_section("cases", _("接诉即办 · 三率公开"), "rates/board_section.html", cases_context, order=30)
