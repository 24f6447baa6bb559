"""Figures of joint meetings for a region node (its subtree) and, optionally, a year: meetings held (minutes
recorded), resolutions recorded and resolutions done. One query per node and year, shared by the three tiles."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from gongzhi.core.registry import list_link, register_stat, shared
from gongzhi.meetings.models import JointMeeting, MeetingStatus, Task, TaskStatus


def figures(*, path: str, year: int | None) -> dict[str, int]:
    meetings = JointMeeting.objects.filter(community__path__startswith=path, status=MeetingStatus.MINUTED)
    tasks = Task.objects.filter(meeting__community__path__startswith=path)
    if year is not None:
        meetings = meetings.filter(starts_at__year=year)
        tasks = tasks.filter(meeting__starts_at__year=year)
    counted = tasks.aggregate(total=Count("pk"), done=Count("pk", filter=Q(status=TaskStatus.DONE)))
    return {"held": meetings.count(), "resolutions": counted["total"], "done": counted["done"]}


def _figure(name):
    def compute(node, year=None):
        return shared(("meetings.figures", node.path, year), lambda: figures(path=node.path, year=year))[name]

    return compute


def register() -> None:
    register_stat("joint_meetings_held", _("联席会议召开"), _figure("held"), unit=_("次"), order=83,
                  link=list_link("meetings:list", f"status={MeetingStatus.MINUTED}"))
    register_stat("joint_resolutions", _("联席会议决议事项"), _figure("resolutions"), unit=_("项"), order=84,
                  link=list_link("meetings:tasks"))
    register_stat("joint_resolutions_done", _("决议事项办结"), _figure("done"), unit=_("项"), order=85,
                  link=list_link("meetings:tasks", f"status={TaskStatus.DONE}"))
