"""What waits in 楼门管家 (registered with `core.registry.register_todos`): the suggestions stewards collected from
their neighbours, waiting for the community's staff to turn them into a need or a case or decline them. The count
comes from the selector of the suggestion list its link opens, with the same filter."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongzhi.core.registry import Todo, Urgency, register_todos
from gongzhi.stewards.permissions import runs_some_stewards
from gongzhi.stewards.selectors import to_handle


def staff_todos(user) -> list[Todo]:
    """Community staff: stewards' suggestions waiting for an answer."""
    if not runs_some_stewards(user):
        return []
    return [Todo("stewards.suggestions", _("待处理的楼门管家意见"), to_handle(user).count(),
                 f"{reverse('stewards:suggestions')}?handle=1", Urgency.WAITING, "⌂")]


def register() -> None:
    register_todos("stewards.staff", staff_todos, order=46)
