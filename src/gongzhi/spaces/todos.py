"""What waits on the space platform (registered with `core.registry.register_todos`): the applications waiting for
the community staff's decision, those starting within a day first. Each count comes from the selector of the
application list its link opens, with the same filter."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongzhi.core import clock
from gongzhi.core.registry import Todo, Urgency, register_todos
from gongzhi.spaces.permissions import runs_some_spaces
from gongzhi.spaces.selectors import application_rows, starts_soon


def staff_todos(user) -> list[Todo]:
    """Community staff: applications to approve or reject; those whose first waiting occurrence starts within a
    day (it lapses if nobody decides) are due soon."""
    if not runs_some_spaces(user):
        return []
    counts = application_rows(user, decide="1").aggregate(
        waiting=Count("pk"), soon=Count("pk", filter=starts_soon(clock.now())))
    url = reverse("spaces:applications")
    return [Todo("spaces.soon", _("24小时内开始的待审批场地申请"), counts["soon"], f"{url}?decide=soon", Urgency.SOON, "▦"),
            Todo("spaces.applied", _("待审批的场地申请"), counts["waiting"], f"{url}?decide=1", Urgency.WAITING, "▦")]


def register() -> None:
    register_todos("spaces.staff", staff_todos, order=40)
