from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "gongzhi.core"
    label = "core"
    verbose_name = _("核心")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from gongzhi.core.middleware import SlidingSessionMiddleware

        user_logged_in.connect(SlidingSessionMiddleware.signed_in, dispatch_uid="gongzhi.sliding_session")
