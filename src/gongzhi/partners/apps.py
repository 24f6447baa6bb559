import datetime as dt

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "gongzhi.partners"
    label = "partners"
    verbose_name = _("社区合伙人")

    def ready(self) -> None:
        from gongzhi.core.registry import register_nav, register_resident_entry
        from gongzhi.partners import board, chronicle_labels, stats, todos  # noqa: F401

        board.register()
        stats.register()
        todos.register()
        register_nav("partners:list", _("社区合伙人"), "♢", {"community_staff", "street_staff", "district_staff",
                                                         "grid_worker", "system_admin", "unit_liaison"}, order=80)
        register_resident_entry("partners:m_offers", _("商家优惠"), "¥", hint=_("商家联盟的老年人优惠等"), order=60)

        # periodic work, enqueued by `gongzhi scheduler` (intervals and why: ADR 0021)
        from gongzhi.core.registry import register_periodic
        from gongzhi.partners.tasks import sweep_partners

        register_periodic("partners_sweep", sweep_partners, every=dt.timedelta(days=1),
                          offset=dt.timedelta(minutes=15), label=_("合伙协议到期巡检"))
