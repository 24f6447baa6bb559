from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongzhi.core.registry import list_link, register_stat
from gongzhi.party.models import BigCommitteeMembership, PartyOrganisation
from gongzhi.party.selectors import coverage


def count_party_orgs(node, year=None):
    return PartyOrganisation.objects.filter(region__path__startswith=node.path).count()


def count_big_committee_units(node, year=None):
    return (BigCommitteeMembership.objects.filter(committee__region__path__startswith=node.path)
            .values("member").distinct().count())


def coverage_rate(node, year=None):
    return coverage(node).rate


def _committees(node) -> str:
    """The community committees: each one's page lists its 大党委 member units and its neighbourhoods' coverage."""
    return f"{reverse('party:list')}?kind=community_committee"


def register() -> None:
    register_stat("party_organisations", _("党组织"), count_party_orgs, unit=_("个"), order=30,
                  link=list_link("party:list"))
    register_stat("big_committee_units", _("大党委成员单位"), count_big_committee_units, unit=_("个"), order=31,
                  link=_committees)
    register_stat("party_coverage", _("小区党组织覆盖率"), coverage_rate, percent=True, order=32, link=_committees)
