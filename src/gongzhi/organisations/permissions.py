"""Which units and departments a user may see: units placed in their region subtrees, their own unit
(liaisons); departments in or above their subtrees, their own department (receivers)."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from gongzhi.core.scope import REGISTRAR_ROLES, get_visible
from gongzhi.organisations.models import Department, Organisation
from gongzhi.regions.models import RegionNode


def organisations_visible_to(user):
    scope = user.scope
    return Organisation.objects.filter(scope.in_regions("home__path") | Q(pk__in=scope.organisation_ids))


def get_organisation_for_user(user, pk, *, write: bool = False) -> Organisation:
    """404 both for "does not exist" and "not yours"; with write=True also for "yours to read only"."""
    org = get_visible(organisations_visible_to(user).select_related("home"), pk)
    if write and not may_edit_organisation(user, org):
        raise Http404
    return org


def departments_visible_to(user):
    scope = user.scope
    return Department.objects.filter(scope.in_regions_or_above("home__path") | Q(pk__in=scope.department_ids))


def get_department_for_user(user, pk) -> Department:
    return get_visible(departments_visible_to(user), pk)


def may_edit_organisation(user, organisation: Organisation) -> bool:
    """Community, street and district staff in scope, the unit's own liaison, and administrators."""
    if user.scope.everything or organisation.pk in user.scope.organisation_ids:
        return True
    return any(user.has_role_at(role, organisation.home.path)
               for role in ("community_staff", "street_staff", "district_staff"))


def may_see_contact_phone(user, organisation: Organisation) -> bool:
    return user.scope.may_see_phone(organisation.home.path, organisation_id=organisation.pk)


def may_register_organisation(user, home) -> bool:
    """Community, street and district staff register the units placed in their area."""
    return user.scope_for(*REGISTRAR_ROLES).covers(home.path)


def registration_homes(user):
    """Communities (and streets) where the user may register a unit."""
    qs = RegionNode.objects.filter(kind__in=["street", "community"]).select_related("parent")
    return qs.filter(user.scope_for(*REGISTRAR_ROLES).in_regions("path"))
