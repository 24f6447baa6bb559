"""What waits in the needs and resources lists (registered with `core.registry.register_todos`)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongzhi.core.registry import Todo, Urgency, register_todos
from gongzhi.lists.selectors import review_queue


def staff_todos(user) -> list[Todo]:
    """Community staff: submitted needs waiting for the periodic review (待审核), the queue's own count."""
    if not (user.scope.everything or user.has_role("community_staff")):
        return []
    return [Todo("needs.review", _("待审核的需求"), review_queue(user).count(), reverse("lists:queue"),
                 Urgency.WAITING, "☰")]


def register() -> None:
    register_todos("lists.staff", staff_todos, order=10)
