import datetime as dt

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpacesConfig(AppConfig):
    name = "gongzhi.spaces"
    label = "spaces"
    verbose_name = _("空间使用平台")

    def ready(self) -> None:
        from gongzhi.core.registry import register_nav, register_page_section, register_resident_entry
        from gongzhi.partners.sections import PARTNER_PAGE
        from gongzhi.spaces import chronicle_labels, sections, stats, todos  # noqa: F401

        stats.register()
        todos.register()
        register_page_section(PARTNER_PAGE, "spaces_exchange", "spaces/partner_section.html",
                              sections.partner_context, order=40)
        register_nav("spaces:venues", _("空间使用"), "▦", {"grid_worker", "community_staff", "street_staff",
                                                          "district_staff", "unit_liaison", "system_admin"}, order=82)
        register_resident_entry("spaces:m_home", _("预约场地"), "▦", hint=_("社区活动室、菜园地块"), order=43)

        # periodic work, enqueued by `gongzhi scheduler` (intervals and why: ADR 0021)
        from gongzhi.core.registry import register_periodic
        from gongzhi.spaces.tasks import sweep_spaces

        register_periodic("spaces_sweep", sweep_spaces, every=dt.timedelta(minutes=15),
                          offset=dt.timedelta(minutes=3), label=_("场地预约逾期未审巡检"))
