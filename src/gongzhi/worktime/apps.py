from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorktimeConfig(AppConfig):
    name = "gongzhi.worktime"
    label = "worktime"
    verbose_name = _("工作日历")

    def ready(self) -> None:
        from gongzhi.worktime import services

        services.connect_cache_invalidation()
