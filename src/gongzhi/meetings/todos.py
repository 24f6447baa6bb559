"""What waits in 联席会议 (registered with `core.registry.register_todos`): each count comes from the selector of
the list its link opens, with the same filter (`selectors.due_condition`)."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongzhi.core import clock
from gongzhi.core.registry import Todo, Urgency, register_todos
from gongzhi.meetings import selectors
from gongzhi.meetings.permissions import RUNNERS, captained_team_ids

# Workbench roles that own tasks and have "my tasks" (its navigation entry shows for them too).
OWNER_ROLES = ("grid_worker", "community_staff", "street_staff", "unit_liaison", "department_receiver")


def _mine_counts(user) -> dict[str, int]:
    """The user's own open tasks, late and falling due today (one query)."""
    today = clock.today()
    return selectors.mine(user).aggregate(
        overdue=Count("pk", filter=selectors.due_condition("overdue", today)),
        today=Count("pk", filter=selectors.due_condition("today", today)))


def _mine(user, url: str, *, keep_zero: bool) -> list[Todo]:
    counts = _mine_counts(user)
    found = [Todo("meetings.mine_overdue", _("逾期的决议事项"), counts["overdue"], f"{url}?due=overdue",
                  Urgency.OVERDUE, "☑"),
             Todo("meetings.mine_today", _("今天到期的决议事项"), counts["today"], f"{url}?due=today", Urgency.SOON,
                  "☑")]
    return found if keep_zero else [t for t in found if t.count]


def staff_todos(user) -> list[Todo]:
    """Owners in the workbench (a unit's liaison, a department's receiver, a staff user): their own tasks late and
    due today. Those who run meetings (community and street staff): the tasks late in their communities."""
    if not user.is_authenticated:
        return []
    found = []
    if user.has_role(*OWNER_ROLES):
        found += _mine(user, reverse("meetings:my_tasks"), keep_zero=True)
    if user.scope.everything or user.has_role(*RUNNERS):
        n = selectors.tasks(user, overdue=True, today=clock.today()).count()
        found.append(Todo("meetings.overdue", _("辖区内逾期的决议事项"), n, f"{reverse('meetings:tasks')}?overdue=1",
                          Urgency.OVERDUE, "◇"))
    return found


def captain_todos(user) -> list[Todo]:
    """A volunteer team's captain on the phone: the team's tasks late and due today (only those that wait)."""
    if not user.is_authenticated or not captained_team_ids(user):
        return []
    return _mine(user, reverse("meetings:m_tasks"), keep_zero=False)


def register() -> None:
    register_todos("meetings.staff", staff_todos, order=60)
    register_todos("meetings.captain", captain_todos, shell="resident", order=60)
