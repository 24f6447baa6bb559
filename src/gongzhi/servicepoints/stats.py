"""Figures of the 15-minute service circle for a region node (its subtree), definitions in docs/figures.md
("Service points"): queries over the recorded coordinates of neighbourhoods and points, shared by the tiles."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongzhi.core.registry import list_link, register_stat, shared
from gongzhi.servicepoints.selectors import figures


def _figure(name):
    def compute(node, year=None):
        return shared(("servicepoints.figures", node.path), lambda: figures(node.path))[name]

    return compute


def _circle(node) -> str:
    """The circle of the node's community (of the user's first community above one)."""
    url = reverse("servicepoints:circle")
    return f"{url}?community={node.pk}" if node.kind == "community" else url


def register() -> None:
    register_stat("servicepoints_points", _("服务阵地（在用）"), _figure("points"), unit=_("处"), order=110,
                  link=list_link("servicepoints:points", "active=1"))
    register_stat("servicepoints_red_stations", _("红色驿站"), _figure("red_stations"), unit=_("处"), order=111,
                  link=list_link("servicepoints:points", "kind=red_station&active=1"))
    register_stat("servicepoints_meals_within_15", _("15分钟内有助餐点的小区"), _figure("with_meals"),
                  unit=_("个"), order=112, link=_circle)
    register_stat("servicepoints_circle_complete", _("15分钟服务圈齐全的小区"), _figure("complete"), unit=_("个"),
                  order=113, link=_circle)
