import datetime as dt

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PointsConfig(AppConfig):
    name = "gongzhi.points"
    label = "points"
    verbose_name = _("积分与积分超市")

    def ready(self) -> None:
        from gongzhi.core.registry import register_nav, register_resident_entry
        from gongzhi.points import board, chronicle_labels, signals, stats, todos  # noqa: F401

        signals.connect()
        board.register()
        stats.register()
        todos.register()
        register_nav("points:ledger", _("积分与积分超市"), "◎", {"grid_worker", "community_staff", "street_staff",
                                                            "district_staff", "system_admin"}, order=75)
        register_resident_entry("points:m_home", _("我的积分"), "◎", hint=_("积分余额与积分超市"), order=30)

        # periodic work, enqueued by `gongzhi scheduler` (intervals and why: ADR 0021)
        from gongzhi.core.registry import register_periodic
        from gongzhi.points.tasks import sweep_points

        register_periodic("points_sweep", sweep_points, every=dt.timedelta(minutes=15),
                          offset=dt.timedelta(minutes=4), label=_("志愿时长积分入账"))
