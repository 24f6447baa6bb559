"""The community's public board: its approved partners by kind (organisation names and what they give — no person,
no phone) and its published partner projects (合伙人项目清单)."""

from django.utils.translation import gettext_lazy as _

from gongzhi.core.registry import register_board_section
from gongzhi.partners.selectors import board_partners, board_projects


def partners_context(community) -> dict:
    return {"community": community, "groups": board_partners(community)}


def projects_context(community) -> dict:
    return {"community": community, "projects": list(board_projects(community))}


def register() -> None:
    register_board_section("partners", _("社区合伙人"), "partners/board_partners.html", partners_context, order=45)
    register_board_section("partner_projects", _("合伙人项目清单"), "partners/board_projects.html",
                           projects_context, order=46)
