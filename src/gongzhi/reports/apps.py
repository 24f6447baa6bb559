from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "gongzhi.reports"
    label = "reports"
    verbose_name = _("年度报告")

    def ready(self) -> None:
        from gongzhi.core.registry import register_board_section, register_nav
        from gongzhi.reports import board, chronicle_labels  # noqa: F401

        register_nav("reports:list", _("年度报告"), "▥", {"community_staff", "street_staff", "district_staff",
                                                         "system_admin"}, order=95)
        from gongzhi.core.registry import register_figures_snapshot
        from gongzhi.reports.snapshots import snapshot_of

        register_figures_snapshot(snapshot_of)
        register_board_section("annual_reports", _("年度报告"), "reports/board_section.html", board.context, order=90)

        import datetime as dt

        from gongzhi.core.registry import register_periodic
        from gongzhi.reports.tasks import figures_snapshot

        register_periodic("figures_snapshot", figures_snapshot, every=dt.timedelta(days=1),
                          offset=dt.timedelta(hours=2), label=_("各级数据快照"))
