import datetime as dt

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

        # periodic work, enqueued by `gongzhi scheduler` (intervals and why: ADR 0021)
        from gongzhi.contracts.tasks import sweep_contract_reminders
        from gongzhi.core.registry import register_periodic

        register_periodic("remind", sweep_contract_reminders, every=dt.timedelta(hours=1),
                          offset=dt.timedelta(minutes=5), label=_("契约履约提醒"))
