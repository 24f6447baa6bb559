"""Who must act, by role: the user ids an app passes to `notify`. Active role assignments of active accounts only."""

from __future__ import annotations

from gongzhi.accounts.models import RoleAssignment


def role_holders(role: str, **filters) -> list[int]:
    return sorted(set(RoleAssignment.objects.filter(role=role, active=True, user__is_active=True, **filters)
                      .values_list("user_id", flat=True)))


def community_staff(community) -> list[int]:
    return role_holders("community_staff", region=community)


def unit_liaisons(organisation) -> list[int]:
    return role_holders("unit_liaison", organisation=organisation)


def department_receivers(department) -> list[int]:
    return role_holders("department_receiver", department=department)
