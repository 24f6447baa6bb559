"""The community's public board section: answered proposals (title, supporters, answer) — never the author."""

from django.utils.translation import gettext_lazy as _

from gongzhi.core.registry import register_board_section
from gongzhi.proposals.selectors import answered_in


def answered_context(community) -> dict:
    return {"community": community, "proposals": answered_in(community)}


def register() -> None:
    register_board_section("proposals_answered", _("居民提议答复"), "proposals/board_section.html", answered_context,
                           order=72)
