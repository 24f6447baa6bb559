"""The community's public board section: its party committee and big party committee member units."""

from django.utils.translation import gettext_lazy as _

from gongzhi.core.registry import register_board_section
from gongzhi.party.selectors import big_committee_members, community_committee, coverage


def context(community) -> dict:
    committee = community_committee(community)
    return {
        "committee": committee,
        "members": list(big_committee_members(committee)) if committee else [],
        "coverage": coverage(community),
    }


def register() -> None:
    register_board_section("party", _("社区大党委"), "party/board_section.html", context, order=10)
