from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "gongzhi.organisations"
    label = "organisations"
    verbose_name = _("驻区单位与职能部门")

    def ready(self) -> None:
        from gongzhi.organisations import stats

        stats.register()
