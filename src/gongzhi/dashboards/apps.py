from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "gongzhi.dashboards"
    label = "dashboards"
    verbose_name = _("数据大屏")

    def ready(self) -> None:
        from gongzhi.core.registry import register_nav
        from gongzhi.dashboards.permissions import DASHBOARD_ROLES

        register_nav("dashboards:staff", _("数据大屏"), "▥", {*DASHBOARD_ROLES, "system_admin"}, order=100)
