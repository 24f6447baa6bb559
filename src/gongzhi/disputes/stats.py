"""Figures of the disputes for a region node (its subtree) and, optionally, a year — one query for all four
within a dashboard panel (core.registry.shared)."""

from django.utils.translation import gettext_lazy as _

from gongzhi.core.registry import list_link, register_stat, shared
from gongzhi.disputes.selectors import figures


def _figure(name):
    def compute(node, year=None):
        return shared(("disputes.figures", node.path, year), lambda: figures(path=node.path, year=year))[name]

    return compute


def register() -> None:
    register_stat("disputes_registered", _("登记矛盾纠纷"), _figure("registered"), unit=_("件"), order=70,
                  link=list_link("disputes:list"))
    register_stat("disputes_mediated", _("调解成功"), _figure("agreements"), unit=_("件"), order=71,
                  link=list_link("disputes:list", "outcome=agreement"))
    register_stat("disputes_success_rate", _("调解成功率"), _figure("success_rate"), percent=True, order=72,
                  link=list_link("disputes:list"))
    register_stat("disputes_follow_up_overdue", _("纠纷回访逾期"), _figure("overdue"), unit=_("件"), order=73,
                  link=list_link("disputes:list", "follow_up=overdue"))
