from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Who sees the dispute list in the workbench side navigation (receivers see the disputes whistled to them).
NAV_ROLES = {"grid_worker", "community_staff", "street_staff", "district_staff", "system_admin",
             "department_receiver"}


class DisputesConfig(AppConfig):
    name = "gongzhi.disputes"
    label = "disputes"
    verbose_name = _("矛盾纠纷")

    def ready(self) -> None:
        from gongzhi.core.registry import register_nav
        from gongzhi.disputes import stats

        register_nav("disputes:list", _("矛盾纠纷"), "⚖", NAV_ROLES, order=60)
        stats.register()
