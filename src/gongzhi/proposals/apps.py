from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "gongzhi.proposals"
    label = "proposals"
    verbose_name = _("居民提议")

    def ready(self) -> None:
        from gongzhi.core.registry import register_nav, register_resident_entry
        from gongzhi.proposals import board, chronicle_labels, todos  # noqa: F401

        board.register()
        todos.register()
        register_nav("proposals:list", _("居民提议"), "✎", {"grid_worker", "community_staff", "street_staff",
                                                           "district_staff", "system_admin"}, order=84)
        register_resident_entry("proposals:m_list", _("居民提议"), "✎", hint=_("提出问题和建议，支持邻居的提议"),
                                order=40)
