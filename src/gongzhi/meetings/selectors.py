"""联席会议: read queries, each starting from the scoped querysets in `permissions.py` and running a fixed number of
queries whatever the number of rows."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from gongzhi.core import clock
from gongzhi.core.listing import as_id, search
from gongzhi.meetings.models import JointMeeting, MeetingKind, MeetingStatus, OwnerKind, Task, TaskStatus
from gongzhi.meetings.permissions import meetings_visible_to, my_tasks, tasks_visible_to

TASK_RELATED = ("meeting__community", "owner_organisation", "owner_department", "owner_team", "owner_user")


# Which open tasks are late (past their deadline) and which fall due today (the last day, less than 24 h left): the
# to-do list's counts and the task lists' `due` filter share these.
DUE_CHOICES = [("overdue", _("已逾期")), ("today", _("今天到期"))]


def due_condition(due: str, today: dt.date) -> Q | None:
    """The open tasks of one `due` value ("overdue", "today"); None for any other value (no filter)."""
    if due == "overdue":
        return Q(status=TaskStatus.OPEN, deadline__lt=today)
    if due == "today":
        return Q(status=TaskStatus.OPEN, deadline=today)
    return None


def meetings(user, *, community=None, kind: str = "", status: str = "", q: str = "") -> QuerySet[JointMeeting]:
    qs = meetings_visible_to(user).select_related("community")
    community_id = as_id(community)
    if community_id is not None:
        qs = qs.filter(community_id=community_id)
    if kind in MeetingKind.values:
        qs = qs.filter(kind=kind)
    if status in MeetingStatus.values:
        qs = qs.filter(status=status)
    qs = search(qs, q, ("title", "place", "convener"))
    return qs.annotate(
        task_count=Count("tasks", distinct=True),
        open_task_count=Count("tasks", filter=Q(tasks__status=TaskStatus.OPEN), distinct=True),
        invitation_count=Count("invitations", distinct=True),
    ).order_by("-starts_at", "-pk")


def _task_filters(qs, *, status: str, owner_kind: str, overdue: bool, today: dt.date, community=None, q: str = ""):
    if status in TaskStatus.values:
        qs = qs.filter(status=status)
    owner_field = {OwnerKind.ORGANISATION: "owner_organisation", OwnerKind.DEPARTMENT: "owner_department",
                   OwnerKind.TEAM: "owner_team", OwnerKind.USER: "owner_user"}.get(owner_kind)
    if owner_field:
        qs = qs.filter(**{f"{owner_field}__isnull": False})
    if overdue:
        qs = qs.filter(due_condition("overdue", today))
    community_id = as_id(community)
    if community_id is not None:
        qs = qs.filter(meeting__community_id=community_id)
    return search(qs, q, ("title", "meeting__title"))


def tasks(user, *, status: str = "", owner_kind: str = "", overdue: bool = False, today: dt.date, community=None,
          q: str = "") -> QuerySet[Task]:
    qs = tasks_visible_to(user).select_related(*TASK_RELATED)
    return _task_filters(qs, status=status, owner_kind=owner_kind, overdue=overdue, today=today,
                         community=community, q=q).order_by("status", "deadline", "pk")


def mine(user, *, status: str = "", due: str = "", today: dt.date | None = None) -> QuerySet[Task]:
    """The user's own tasks, open ones first (nearest deadline first), then the finished; `due` ("overdue",
    "today"; anything else ignored) keeps the open ones late or falling due today."""
    qs = my_tasks(user).select_related(*TASK_RELATED)
    if status in TaskStatus.values:
        qs = qs.filter(status=status)
    condition = due_condition(due, today or clock.today())
    if condition is not None:
        qs = qs.filter(condition)
    return qs.order_by("-status", "deadline", "pk")  # "open" sorts after "done"/"closed": reversed puts it first


def carried_over(meeting: JointMeeting) -> QuerySet[Task]:
    """Every task still open from earlier meetings of the same body (community or street, and kind): the next
    meeting's agenda shows them until they are done or closed."""
    return (Task.objects.filter(status=TaskStatus.OPEN, meeting__community_id=meeting.community_id,
                                meeting__kind=meeting.kind, meeting__starts_at__lt=meeting.starts_at)
            .select_related(*TASK_RELATED).order_by("meeting__starts_at", "number"))


def meeting_tasks(meeting: JointMeeting) -> QuerySet[Task]:
    return meeting.tasks.select_related(*TASK_RELATED[1:]).order_by("number")


def agenda(meeting: JointMeeting):
    return meeting.agenda_items.select_related("need", "resource", "case").order_by("order", "pk")


def invitations(meeting: JointMeeting):
    return meeting.invitations.select_related("organisation", "department").order_by("pk")


def updates(task: Task):
    return task.updates.select_related("written_by").order_by("-written_at", "-pk")


def reminders_for(user):
    return (user.joint_meeting_reminders.select_related("task__meeting").order_by("-created_at", "-pk")
            if user.is_authenticated else [])
