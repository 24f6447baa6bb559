"""What waits in 接诉即办 (registered with `core.registry.register_todos`): each count is the length of the list
its link opens, because both come from the same selector with the same filter."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongzhi.cases.models import CaseStatus
from gongzhi.cases.permissions import RESPONDER_ROLES, cases_visible_to, my_reported_cases
from gongzhi.cases.selectors import due_soon_condition, inbox_counts, overdue_condition
from gongzhi.core import clock
from gongzhi.core.registry import Todo, Urgency, register_todos


def staff_todos(user) -> list[Todo]:
    """Region staff: cases late and about to be late in their area; responders (grid workers, community
    staff …) also the cases waiting to be accepted."""
    if not user.scope.is_region_staff:
        return []
    now = clock.now()
    counts = cases_visible_to(user).aggregate(
        submitted=Count("pk", filter=Q(status=CaseStatus.SUBMITTED)),
        overdue=Count("pk", filter=overdue_condition(now)),
        soon=Count("pk", filter=due_soon_condition(now)))
    url = reverse("cases:list")
    found = [Todo("cases.overdue", _("超期诉求"), counts["overdue"], f"{url}?overdue=1", Urgency.OVERDUE, "☎"),
             Todo("cases.soon", _("即将超时的诉求"), counts["soon"], f"{url}?overdue=soon", Urgency.SOON, "☎")]
    if user.scope.everything or user.has_role(*RESPONDER_ROLES):
        found.append(Todo("cases.submitted", _("待受理诉求"), counts["submitted"], f"{url}?status=submitted",
                          Urgency.WAITING, "☎"))
    return found


def receiver_todos(user) -> list[Todo]:
    """A department's receiver: whistles past a deadline, whistles to report (报到), whistles being acted on."""
    if not user.scope.department_ids:
        return []
    counts = inbox_counts(user)
    url = reverse("cases:inbox")
    return [Todo("whistles.overdue", _("已超时的哨"), counts["overdue"], f"{url}?state=overdue", Urgency.OVERDUE, "✉"),
            Todo("whistles.sent", _("待报到的哨"), counts["waiting"], f"{url}?state=sent", Urgency.WAITING, "✉"),
            Todo("whistles.reported", _("办理中的哨"), counts["working"], f"{url}?state=reported", Urgency.WAITING,
                 "✉")]


def resident_todos(user) -> list[Todo]:
    """A resident: her resolved cases waiting for her confirmation."""
    n = my_reported_cases(user).filter(status=CaseStatus.RESOLVED).count()
    return [Todo("cases.m_resolved", _("待我确认的诉求"), n, f"{reverse('cases:m_list')}?status=resolved",
                 Urgency.WAITING, "☎")] if n else []


def register() -> None:
    register_todos("cases.staff", staff_todos, order=30)
    register_todos("cases.receiver", receiver_todos, order=31)
    register_todos("cases.resident", resident_todos, shell="resident", order=30)
