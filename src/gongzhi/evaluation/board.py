"""The community's public board section 评约结果: published outcomes only (grades, commendations)."""

from django.utils.translation import gettext_lazy as _

from gongzhi.core.registry import register_board_section
from gongzhi.evaluation.selectors import published_outcomes


def context(community) -> dict:
    return {"outcomes": published_outcomes(community)}


def register() -> None:
    register_board_section("evaluation", _("评约结果"), "evaluation/board_section.html", context, order=60)
