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
