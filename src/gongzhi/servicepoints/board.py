"""The community's public board section: its service points in use (name, kind, what they offer, hours, the elderly
meal discount, the point's own address — a public place, never a resident's home) and the 15-minute service circle's
figures (how many of its located neighbourhoods reach each kind of point within a 15-minute walk)."""

from django.utils.translation import gettext_lazy as _

from gongzhi.core.registry import register_board_section
from gongzhi.servicepoints.permissions import public_points
from gongzhi.servicepoints.selectors import circle_needs, figures


def points_context(community) -> dict:
    points = list(public_points().filter(community=community).order_by("kind", "name", "pk")[:30])
    numbers = figures(community.path)
    coverage = [{"label": n.label, "covered": numbers[f"with_{n.code}"]} for n in circle_needs()]
    return {"community": community, "points": points, "located": numbers["located"],
            "complete": numbers["complete"], "coverage": coverage}


def register() -> None:
    register_board_section("service_points", _("身边服务阵地"), "servicepoints/board_section.html", points_context,
                           order=47)
