"""The notification of a joint meeting's resolution: its owner hears that a task (决议事项) was handed to them — a
unit's liaisons, a department's receivers, the captain of a volunteer team (on the phone), or the staffer named."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongzhi.notifications.kinds import register_kind
from gongzhi.notifications.recipients import department_receivers, unit_liaisons
from gongzhi.notifications.services import notify


def register() -> None:
    register_kind("task_assigned", gettext_lazy("联席会议交办"), order=45,
                  roles={"unit_liaison", "department_receiver", "community_staff", "street_staff", "grid_worker",
                         "volunteer", "resident"},
                  description=gettext_lazy("联席会议把决议事项交给您（或您的单位、部门、队伍）办理"),
                  sms_text=gettext_lazy("【共治】联席会议有一项决议事项交由您办理，请登录共治查看。"))


def task_assigned(task) -> None:
    url = reverse("meetings:task", args=[task.pk])
    if task.owner_organisation_id:
        users = unit_liaisons(task.owner_organisation_id)
    elif task.owner_department_id:
        users = department_receivers(task.owner_department_id)
    elif task.owner_team_id:
        captain = task.owner_team.captain
        user_id = captain.person.user_id if captain is not None else None
        users = [user_id] if user_id else []
        url = reverse("meetings:m_task", args=[task.pk])
    else:
        users = [task.owner_user_id] if task.owner_user_id else []
    notify(kind="task_assigned", recipients=users, event_key=f"meetings.task:{task.pk}",
           title=_("联席会议决议事项：%(t)s") % {"t": task.title},
           body=_("完成时限 %(d)s") % {"d": task.deadline.isoformat()}, url=url)
