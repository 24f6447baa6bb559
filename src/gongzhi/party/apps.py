from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartyConfig(AppConfig):
    name = "gongzhi.party"
    label = "party"
    verbose_name = _("党组织")

    def ready(self) -> None:
        from gongzhi.party import board, stats

        stats.register()
        board.register()
