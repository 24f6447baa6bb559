import datetime as dt

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteeringConfig(AppConfig):
    name = "gongzhi.volunteering"
    label = "volunteering"
    verbose_name = _("志愿服务")

    def ready(self) -> None:
        from gongzhi.volunteering import (  # noqa: F401
            chronicle_labels,
            setup_activities,
            setup_inservice,
            setup_rosters,
            todos,
        )

        setup_activities.register()
        setup_rosters.register()
        setup_inservice.register()
        todos.register()

        # periodic work, enqueued by `gongzhi scheduler` (intervals and why: ADR 0021)
        from gongzhi.core.registry import register_periodic
        from gongzhi.volunteering.tasks_activities import sweep_activity_checkins
        from gongzhi.volunteering.tasks_inservice import sweep_inservice_lapses
        from gongzhi.volunteering.tasks_rosters import sweep_roster_shifts

        register_periodic("volunteering_sweep", sweep_activity_checkins, every=dt.timedelta(minutes=10),
                          offset=dt.timedelta(minutes=2), label=_("志愿活动未签退巡检"))
        register_periodic("rosters_sweep", sweep_roster_shifts, every=dt.timedelta(days=1),
                          offset=dt.timedelta(hours=1), label=_("值守排班生成"))
        register_periodic("inservice_sweep", sweep_inservice_lapses, every=dt.timedelta(days=1),
                          offset=dt.timedelta(hours=1, minutes=30), label=_("在职党员报到过期记录"))
