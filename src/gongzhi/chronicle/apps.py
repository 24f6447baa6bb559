import datetime as dt

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChronicleConfig(AppConfig):
    name = "gongzhi.chronicle"
    label = "chronicle"
    verbose_name = _("纪实档案")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        import gongzhi.chronicle.labels  # noqa: F401 (the chronicle's own labels)

        autodiscover_modules("chronicle_labels")  # each app's labels for its actions (see chronicle/labels.py)

        # periodic work, enqueued by `gongzhi scheduler` (intervals and why: ADR 0021)
        from gongzhi.chronicle.tasks import verify_chronicle
        from gongzhi.core.registry import register_periodic

        register_periodic("verify_chronicle", verify_chronicle, every=dt.timedelta(days=1),
                          offset=dt.timedelta(hours=3), label=_("纪实档案哈希链校验"))
