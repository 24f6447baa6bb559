"""The community's public board section: thanks to the units and merchants who stocked the points supermarket
(organisations only, never a resident)."""

from django.utils.translation import gettext_lazy as _

from gongzhi.core.registry import register_board_section
from gongzhi.points.selectors import donors


def donors_context(community) -> dict:
    return {"community": community, "donors": donors(community)}


def register() -> None:
    register_board_section("points_donors", _("积分超市爱心捐赠"), "points/board_section.html", donors_context,
                           order=70)
