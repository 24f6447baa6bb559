import datetime as dt

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "gongzhi.meetings"
    label = "meetings"
    verbose_name = _("联席会议")

    def ready(self) -> None:
        from gongzhi.core.registry import register_nav, register_resident_entry
        from gongzhi.meetings import chronicle_labels, notices, stats, todos  # noqa: F401
        from gongzhi.meetings.permissions import my_tasks

        stats.register()
        todos.register()
        notices.register()
        register_nav("meetings:list", _("联席会议"), "◇", {"grid_worker", "community_staff", "street_staff",
                                                       "district_staff", "unit_liaison", "department_receiver",
                                                       "system_admin"}, order=83)
        register_nav("meetings:my_tasks", _("我的决议事项"), "☑", set(todos.OWNER_ROLES), order=84)
        register_resident_entry("meetings:m_tasks", _("我的决议事项"), "☑", hint=_("联席会议交办给我队的事项"),
                                order=80, visible=lambda user: my_tasks(user).exists())

        # periodic work, enqueued by `gongzhi scheduler` (intervals and why: ADR 0021)
        from gongzhi.core.registry import register_periodic
        from gongzhi.meetings.tasks import sweep_meeting_tasks

        register_periodic("meetings_sweep", sweep_meeting_tasks, every=dt.timedelta(hours=1),
                          offset=dt.timedelta(minutes=6), label=_("联席会议决议事项逾期提醒"))
