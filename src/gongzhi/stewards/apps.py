import datetime as dt

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StewardsConfig(AppConfig):
    name = "gongzhi.stewards"
    label = "stewards"
    verbose_name = _("楼门管家")

    def ready(self) -> None:
        from gongzhi.core.registry import register_nav, register_resident_entry
        from gongzhi.stewards import board, chronicle_labels, stats, todos  # noqa: F401

        board.register()
        stats.register()
        todos.register()
        register_nav("stewards:index", _("楼门管家"), "⌂", {"grid_worker", "community_staff", "street_staff",
                                                        "district_staff", "system_admin"}, order=86)
        register_resident_entry("stewards:m_home", _("楼门管家"), "⌂", hint=_("我家楼栋的楼门管家"), order=44)

        # periodic work, enqueued by `gongzhi scheduler` (intervals and why: ADR 0021)
        from gongzhi.core.registry import register_periodic
        from gongzhi.stewards.tasks import sweep_stewards

        register_periodic("stewards_sweep", sweep_stewards, every=dt.timedelta(hours=1),
                          offset=dt.timedelta(minutes=9), label=_("楼门管家月度评价提醒"))
