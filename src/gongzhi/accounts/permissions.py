"""Whose password a user may reset: an administrator anyone's but their own (they change their own), a
community staffer the residents and volunteers living in their community who hold no staff role. Everyone
else is out of scope, and out of scope answers 404."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from gongzhi.accounts.models import WORKBENCH_ROLES, Role, User

RESIDENT_ROLES = (Role.RESIDENT, Role.VOLUNTEER)


def accounts_resettable_by(actor) -> QuerySet[User]:
    """The accounts whose password `actor` may reset (the one rule, used by the page, the API and the service)."""
    if not actor.is_authenticated or not actor.is_active:
        return User.objects.none()
    if Role.SYSTEM_ADMIN in actor.role_set:
        return User.objects.exclude(pk=actor.pk)
    scope = actor.scope_for(Role.COMMUNITY_STAFF)
    if not scope.region_paths:
        return User.objects.none()
    residents = User.objects.filter(Q(role_assignments__active=True, role_assignments__role__in=RESIDENT_ROLES)
                                    & scope.in_regions("role_assignments__region__path"))
    staff = User.objects.filter(role_assignments__active=True,
                                role_assignments__role__in=sorted(r.value for r in WORKBENCH_ROLES))
    return (User.objects.filter(pk__in=residents.values("pk"), is_superuser=False)
            .exclude(pk__in=staff.values("pk")).exclude(pk=actor.pk))


def may_reset_passwords(actor) -> bool:
    return actor.is_authenticated and actor.has_role(Role.SYSTEM_ADMIN, Role.COMMUNITY_STAFF)


def get_account_for_reset(actor, pk: int) -> User:
    """The account, or 404 for "no such account" and "not yours" alike."""
    user = accounts_resettable_by(actor).filter(pk=pk).first()
    if user is None:
        raise Http404
    return user
