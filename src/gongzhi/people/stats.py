from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gongzhi.core.registry import list_link, register_stat
from gongzhi.people.models import PartyMember, Person, Volunteer, VolunteerTeam


def count_residents(node, year=None):
    return Person.objects.filter(home__path__startswith=node.path).count()


def count_party_members(node, year=None):
    return PartyMember.objects.filter(person__home__path__startswith=node.path).count()


def count_registered_members(node, year=None):
    """In-service party members who registered (报到) with a community in the subtree."""
    qs = PartyMember.objects.filter(in_service=True, registered_community__path__startswith=node.path)
    if year:
        qs = qs.filter(registered_on__year__lte=year)
    return qs.count()


def count_volunteers(node, year=None):
    return Volunteer.objects.filter(person__home__path__startswith=node.path).count()


def count_teams(node, year=None):
    return VolunteerTeam.objects.filter(community__path__startswith=node.path).count()


def register() -> None:
    register_stat("residents", pgettext_lazy("figure", "登记居民"), count_residents, unit=_("人"), order=40,
                  link=list_link("people:list"))
    register_stat("party_members", pgettext_lazy("figure", "党员"), count_party_members, unit=_("人"), order=41,
                  link=list_link("people:list", "kind=party_member"))
    register_stat("registered_members", _("在职党员报到"), count_registered_members, unit=_("人"), order=42,
                  link=list_link("volunteering:inservice_list"))
    register_stat("volunteers", _("注册志愿者"), count_volunteers, unit=_("人"), order=43,
                  link=list_link("people:list", "kind=volunteer"))
    register_stat("volunteer_teams", _("志愿服务队"), count_teams, unit=_("支"), order=44,
                  link=list_link("people:teams"))
