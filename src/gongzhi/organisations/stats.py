from django.utils.translation import gettext_lazy as _

from gongzhi.core.registry import list_link, register_stat
from gongzhi.organisations.models import Organisation


def count_units(node, year=None):
    return Organisation.objects.filter(home__path__startswith=node.path).count()


def count_partners(node, year=None):
    return Organisation.objects.filter(home__path__startswith=node.path).exclude(partner_type="").count()


def register() -> None:
    register_stat("units", _("驻区单位"), count_units, unit=_("个"), order=20,
                  link=list_link("organisations:list"))
    register_stat("partners", _("社区合伙人"), count_partners, unit=_("个"), order=21,
                  link=list_link("organisations:list", "partner=any"))
