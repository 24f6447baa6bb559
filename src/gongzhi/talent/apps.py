from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentConfig(AppConfig):
    name = "gongzhi.talent"
    label = "talent"
    verbose_name = _("人才储备库")

    def ready(self) -> None:
        from gongzhi.core.registry import register_nav, register_page_section, register_resident_entry
        from gongzhi.people.sections import TEAM_PAGE
        from gongzhi.talent import chronicle_labels, sections, stats  # noqa: F401

        stats.register()
        register_page_section(TEAM_PAGE, "talent_suggestions", "talent/_suggestions.html", sections.team_context,
                              order=50)
        register_nav("talent:pool", _("人才储备库"), "✦", {"grid_worker", "community_staff", "street_staff",
                                                      "district_staff", "system_admin"}, order=87)
        register_resident_entry("talent:m_home", _("人才储备库"), "✦", hint=_("有一技之长，愿为邻里服务"), order=45)
