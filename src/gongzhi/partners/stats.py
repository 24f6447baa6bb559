"""Figures of 社区合伙人 for a region node (its subtree) and, optionally, a year (definitions in docs/figures.md,
"Partners"): one query per node and year for the kinds, shared by the tiles."""

from django.utils.translation import gettext_lazy as _

from gongzhi.core.registry import list_link, register_stat, shared
from gongzhi.partners.selectors import figures


def _figure(name):
    def compute(node, year=None):
        return shared(("partners.figures", node.path, year), lambda: figures(path=node.path, year=year))[name]

    return compute


def register() -> None:
    register_stat("partners_institutional", _("事业合伙人"), _figure("institutional"), unit=_("家"), order=80,
                  link=list_link("partners:list", "kind=institutional&status=approved"))
    register_stat("partners_public_good", _("公益合伙人"), _figure("public_good"), unit=_("家"), order=81,
                  link=list_link("partners:list", "kind=public_good&status=approved"))
    register_stat("partners_social_enterprise", _("社企合伙人"), _figure("social_enterprise"), unit=_("家"),
                  order=82, link=list_link("partners:list", "kind=social_enterprise&status=approved"))
    register_stat("partners_offers", _("商家联盟优惠"), _figure("offers"), unit=_("项"), order=83,
                  link=list_link("partners:offers", "status=published"))
