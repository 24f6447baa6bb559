from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContractsConfig(AppConfig):
    name = "gongzhi.contracts"
    label = "contracts"
    verbose_name = _("契约化共建")

    def ready(self) -> None:
        from gongzhi.contracts import board, notices, stats, todos

        board.register()
        notices.register()
        stats.register()
        todos.register()
