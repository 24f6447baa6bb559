import datetime as dt

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

        # periodic work, enqueued by `gongzhi scheduler` (intervals and why: ADR 0021)
        from gongzhi.core.registry import register_periodic
        from gongzhi.proposals.tasks import sweep_proposals

        register_periodic("proposals_sweep", sweep_proposals, every=dt.timedelta(hours=1),
                          offset=dt.timedelta(minutes=7), label=_("居民提议逾期答复提醒"))
