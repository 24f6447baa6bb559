"""Which people a user may see, and which of their personal data unmasked.

Staff see the people who live in their subtrees; a unit liaison sees the in-service party members who work
in the unit; everybody sees their own record. Phone numbers are shown whole only to grid workers and
community staff in scope (and to the person); ID numbers only to community staff in scope."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from gongzhi.core.privacy import mask_id_number, mask_phone
from gongzhi.core.scope import REGISTRAR_ROLES, get_visible
from gongzhi.people.models import Person, VolunteerTeam
from gongzhi.regions.models import RegionNode


def people_visible_to(user):
    scope = user.scope
    return Person.objects.filter(
        scope.in_regions("home__path")
        | Q(pk__in=scope.person_ids)
        | Q(party_member__work_unit_id__in=scope.organisation_ids)
    )


def get_person_for_user(user, pk, *, write: bool = False) -> Person:
    """404 both for "does not exist" and "not yours"; with write=True also for "yours to read only"."""
    person = get_visible(people_visible_to(user).select_related("home__parent"), pk)
    if write and not may_edit_person(user, person):
        raise Http404
    return person


def shown_phone(user, person: Person) -> str:
    if user.scope.may_see_phone(person.home.path, person_id=person.pk):
        return person.phone
    return mask_phone(person.phone)


def shown_id_number(user, person: Person) -> str:
    if user.scope.may_see_id_number(person.home.path, person_id=person.pk):
        return person.id_number
    return mask_id_number(person.id_number)


def teams_visible_to(user):
    scope = user.scope
    return VolunteerTeam.objects.filter(scope.in_regions("community__path")
                                        | Q(organisation_id__in=scope.organisation_ids))


def may_edit_person(user, person: Person) -> bool:
    """Community staff keep the register of their community's residents (they see ID numbers in full)."""
    return user.scope.everything or user.has_role_at("community_staff", person.home.path)


def may_register_person(user, home) -> bool:
    """Community staff register their residents; street and district staff may do so in bulk for their area."""
    return user.scope_for(*REGISTRAR_ROLES).covers(home.path)


def registration_neighbourhoods(user):
    """Neighbourhoods in which the user may register residents (for the home picker)."""
    qs = RegionNode.objects.filter(kind="neighbourhood").select_related("parent")
    return qs.filter(user.scope_for(*REGISTRAR_ROLES).in_regions("path"))
