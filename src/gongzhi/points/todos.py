"""What waits in 积分超市 (registered with `core.registry.register_todos`): the redemptions the community's staff are
to hand out (the resident asked, the points and the stock are taken, she has not picked the item up). The count
comes from the selector of the redemption list its link opens, with the same filter."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongzhi.core.registry import Todo, Urgency, register_todos
from gongzhi.points.permissions import runs_some_points
from gongzhi.points.selectors import to_hand_out


def staff_todos(user) -> list[Todo]:
    """Community staff: redemptions waiting to be handed out."""
    if not runs_some_points(user):
        return []
    return [Todo("points.handout", _("待发放的积分兑换"), to_hand_out(user).count(),
                 f"{reverse('points:redemptions')}?handout=1", Urgency.WAITING, "◎")]


def register() -> None:
    register_todos("points.staff", staff_todos, order=43)
