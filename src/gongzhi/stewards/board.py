"""The community's public board section: stewards' commendations (date, title, the name the community chose to
publish, the neighbourhood — never the entrance, a phone or an address) and how many posts have a steward."""

from django.utils.translation import gettext_lazy as _

from gongzhi.core.registry import register_board_section
from gongzhi.stewards.selectors import board_commendations, board_figures


def commendations_context(community) -> dict:
    return {"community": community, "commendations": board_commendations(community),
            "figures": board_figures(community)}


def register() -> None:
    register_board_section("steward_commendations", _("楼门管家表彰"), "stewards/board_section.html",
                           commendations_context, order=72)
