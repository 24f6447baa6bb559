import datetime as dt

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchedulerConfig(AppConfig):
    name = "gongzhi.scheduler"
    label = "scheduler"
    verbose_name = _("定时任务")

    def ready(self) -> None:
        from gongzhi.core.registry import register_periodic
        from gongzhi.scheduler.tasks import fail_lost_tasks, prune_scheduled_runs

        register_periodic("prune_scheduled_runs", prune_scheduled_runs, every=dt.timedelta(days=1),
                          offset=dt.timedelta(hours=4, minutes=30), label=_("清理定时任务的旧记录"))
        register_periodic("fail_lost_tasks", fail_lost_tasks, every=dt.timedelta(minutes=10),
                          offset=dt.timedelta(minutes=7), label=_("标记工作进程中断而未完成的后台任务"))
