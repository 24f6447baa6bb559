from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicepointsConfig(AppConfig):
    name = "gongzhi.servicepoints"
    label = "servicepoints"
    verbose_name = _("服务阵地")

    def ready(self) -> None:
        from gongzhi.core.registry import register_nav, register_resident_entry
        from gongzhi.servicepoints import board, chronicle_labels, stats  # noqa: F401

        stats.register()
        board.register()
        register_nav("servicepoints:points", _("服务阵地"), "⌖", {"grid_worker", "community_staff", "street_staff",
                                                              "district_staff", "system_admin"}, order=88)
        register_resident_entry("servicepoints:m_directory", _("身边服务"), "⌖",
                                hint=_("红色驿站、助餐点，15分钟步行可达"), order=42)
