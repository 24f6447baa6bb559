from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteeringConfig(AppConfig):
    name = "gongzhi.volunteering"
    label = "volunteering"
    verbose_name = _("志愿服务")

    def ready(self) -> None:
        from gongzhi.volunteering import (  # noqa: F401
            chronicle_labels,
            setup_activities,
            setup_inservice,
            setup_rosters,
            todos,
        )

        setup_activities.register()
        setup_rosters.register()
        setup_inservice.register()
        todos.register()
