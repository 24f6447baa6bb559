import datetime as dt

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchedulerConfig(AppConfig):
    name = "gongzhi.scheduler"
    label = "scheduler"
    verbose_name = _("定时任务")

    def ready(self) -> None:
        from gongzhi.core.registry import register_periodic
        from gongzhi.scheduler.tasks import prune_scheduled_runs

        register_periodic("prune_scheduled_runs", prune_scheduled_runs, every=dt.timedelta(days=1),
                          offset=dt.timedelta(hours=4, minutes=30), label=_("清理定时任务的旧记录"))
