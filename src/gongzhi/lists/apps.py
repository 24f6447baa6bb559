from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ListsConfig(AppConfig):
    name = "gongzhi.lists"
    label = "lists"
    verbose_name = _("需求与资源清单")

    def ready(self) -> None:
        from gongzhi.lists import stats

        stats.register()
