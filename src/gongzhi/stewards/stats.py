"""Figures of 楼门管家 for a region node (its subtree) and a year: stewards in office, commendations."""

from django.utils.translation import gettext_lazy as _

from gongzhi.core.registry import list_link, register_stat, shared
from gongzhi.stewards.selectors import figures


def _figure(name):
    def compute(node, year=None):
        return shared(("stewards.figures", node.path, year), lambda: figures(path=node.path, year=year))[name]

    return compute


def register() -> None:
    register_stat("stewards_current", _("在任楼门管家"), _figure("current"), unit=_("人"), order=98,
                  link=list_link("stewards:index", "status=current"))
    register_stat("stewards_commended", _("楼门管家表彰"), _figure("commendations"), unit=_("次"), order=99,
                  link=list_link("stewards:index", "commended=1"))  # each one's page lists them
