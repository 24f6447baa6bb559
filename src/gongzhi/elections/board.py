"""The community's public board section: declared election results (candidates' names and counts, the number of
voters) — never who voted or how."""

from django.utils.translation import gettext_lazy as _

from gongzhi.core.registry import register_board_section
from gongzhi.elections.selectors import declared_in, ranked


def results_context(community) -> dict:
    return {"community": community,
            "elections": [{"e": e, "ranked": ranked(list(e.candidates.all()))} for e in declared_in(community)]}


def register() -> None:
    register_board_section("elections_results", _("居民选举结果公告"), "elections/board_section.html",
                           results_context, order=73)
