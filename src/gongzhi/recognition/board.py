"""The community's public board section: the honours published by the community and its street (masked names,
a family's masked name, a building as neighbourhood + building)."""

from django.utils.translation import gettext_lazy as _

from gongzhi.core.registry import register_board_section
from gongzhi.recognition.selectors import board_honours


def honours_context(community) -> dict:
    return {"community": community, "honours": board_honours(community)}


def register() -> None:
    register_board_section("honours", _("表彰公示"), "recognition/board_section.html", honours_context, order=70)
