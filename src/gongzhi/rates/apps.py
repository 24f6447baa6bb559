from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Who opens the league table: staff of every level and department receivers (their own line).
LEAGUE_ROLES = {"grid_worker", "community_staff", "street_staff", "district_staff", "system_admin",
                "department_receiver"}
REVIEW_ROLES = {"community_staff", "street_staff", "district_staff", "system_admin"}


class RatesConfig(AppConfig):
    name = "gongzhi.rates"
    label = "rates"
    verbose_name = _("三率考评")

    def ready(self) -> None:
        from gongzhi.core.registry import register_nav
        from gongzhi.rates import board, stats

        register_nav("rates:league", _("三率排行"), "▲", LEAGUE_ROLES, order=55)
        register_nav("rates:reviews", _("评价复核"), "☑", REVIEW_ROLES, order=56)
        stats.register()
        board.register()
