"""Figures of recognition for a region node (its subtree) and, optionally, a year (docs/figures.md)."""

from django.utils.translation import gettext_lazy as _

from gongzhi.core.registry import list_link, register_stat, shared
from gongzhi.recognition.selectors import figures


def _figure(name):
    def compute(node, year=None):
        return shared(("recognition.figures", node.path, year), lambda: figures(path=node.path, year=year))[name]

    return compute


def register() -> None:
    register_stat("certificates_issued", _("志愿服务时长证明出具"), _figure("certificates"), unit=_("份"), order=96,
                  link=list_link("recognition:certificates", "revoked=0"))
    register_stat("honours_awarded", _("表彰评选当选"), _figure("honours"), unit=_("个"), order=97,
                  link=list_link("recognition:honours"))  # the selections, each with its winners
