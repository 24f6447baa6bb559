from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongzhi.contracts.selectors import figures
from gongzhi.core import clock
from gongzhi.core.registry import register_stat, shared


def _figure(name):
    def compute(node, year=None):
        year = year or clock.today().year
        report = shared(("contracts.figures", node.path, year), lambda: figures(path=node.path, year=year))
        return getattr(report, name)

    return compute


def _this_year(url_name: str, query: str = ""):
    def link(node) -> str:
        return f"{reverse(url_name)}?year={clock.today().year}{query}"

    return link


def _report(node) -> str:
    """The figures report of the node for this year, with its line per community."""
    return f"{reverse('contracts:report')}?node={node.pk}&year={clock.today().year}"


def register() -> None:
    register_stat("contract_units", _("本年度签约共建单位"), _figure("participating_units"), unit=_("个"), order=50,
                  link=_this_year("contracts:list", "&status=signed"))  # this year's signed contracts, their units
    register_stat("contract_items", _("本年度承诺服务事项"), _figure("committed_items"), unit=_("项"), order=51,
                  link=_this_year("contracts:projects"))
    register_stat("contract_person_times", _("本年度服务群众"), _figure("person_times"), unit=_("人次"), order=52,
                  link=_report)
