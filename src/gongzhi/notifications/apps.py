from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "gongzhi.notifications"
    label = "notifications"
    verbose_name = _("消息通知")

    def ready(self) -> None:
        import datetime as dt

        from gongzhi.core.registry import register_periodic
        from gongzhi.notifications.tasks import sweep_notification_deliveries

        register_periodic("notifications_sweep", sweep_notification_deliveries, every=dt.timedelta(minutes=5),
                          offset=dt.timedelta(minutes=3), label=_("消息投递重试"))
