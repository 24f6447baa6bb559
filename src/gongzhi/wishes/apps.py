import datetime as dt

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WishesConfig(AppConfig):
    name = "gongzhi.wishes"
    label = "wishes"
    verbose_name = _("微心愿")

    def ready(self) -> None:
        from gongzhi.core.registry import register_nav, register_resident_entry
        from gongzhi.wishes import board, stats, todos

        board.register()
        stats.register()
        todos.register()
        from gongzhi.people.permissions import register_text_access
        from gongzhi.wishes.models import Wish
        from gongzhi.wishes.permissions import wish_text_access

        register_text_access(Wish, wish_text_access)
        register_nav("wishes:list", _("微心愿"), "♡", {"grid_worker", "community_staff", "street_staff",
                                                      "district_staff", "system_admin", "unit_liaison"}, order=45)
        register_resident_entry("wishes:m_list", _("微心愿"), "♡", hint=_("许个小心愿"), order=20)

        # periodic work, enqueued by `gongzhi scheduler` (intervals and why: ADR 0021)
        from gongzhi.core.registry import register_periodic
        from gongzhi.wishes.tasks import sweep_overdue_wishes

        register_periodic("sweep_wishes", sweep_overdue_wishes, every=dt.timedelta(hours=1),
                          offset=dt.timedelta(minutes=8), label=_("微心愿认领逾期巡检"))
