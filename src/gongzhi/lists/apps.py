from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ListsConfig(AppConfig):
    name = "gongzhi.lists"
    label = "lists"
    verbose_name = _("需求与资源清单")

    def ready(self) -> None:
        from gongzhi.lists import notices, stats, todos
        from gongzhi.lists.models import Need
        from gongzhi.lists.permissions import need_text_access
        from gongzhi.people.permissions import register_text_access

        notices.register()
        stats.register()
        todos.register()
        register_text_access(Need, need_text_access)
