"""The community's public board section: the latest wishes waiting for a claimant, with a link to the wall."""

from django.utils.translation import gettext_lazy as _

from gongzhi.core.registry import register_board_section
from gongzhi.wishes.selectors import latest_open, wall_counts


def wishes_context(community) -> dict:
    return {"community": community, "wishes": latest_open(community), "counts": wall_counts(community)}


def register() -> None:
    register_board_section("wishes", _("微心愿"), "wishes/board_section.html", wishes_context, order=40)
