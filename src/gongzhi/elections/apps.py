from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ElectionsConfig(AppConfig):
    name = "gongzhi.elections"
    label = "elections"
    verbose_name = _("居民选举")

    def ready(self) -> None:
        from gongzhi.core.registry import register_nav, register_resident_entry
        from gongzhi.elections import board, chronicle_labels  # noqa: F401

        board.register()
        register_nav("elections:list", _("居民选举"), "☑", {"grid_worker", "community_staff", "street_staff",
                                                           "district_staff", "system_admin"}, order=85)
        register_resident_entry("elections:m_list", _("居民选举"), "☑", hint=_("报名参选、无记名投票、查看结果"),
                                order=41)
