"""Users and their role assignments. A user holds one or more roles, each scoped to a region node,
a unit (liaisons) or a department (receivers); `user.scope` turns them into what the user may see."""

from __future__ import annotations

from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongzhi.core.scope import NOBODY, Scope
from gongzhi.organisations.models import Department, Organisation
from gongzhi.regions.models import Grid, RegionKind, RegionNode


class Role(models.TextChoices):
    RESIDENT = "resident", _("居民")
    VOLUNTEER = "volunteer", _("志愿者")
    GRID_WORKER = "grid_worker", _("网格员")
    COMMUNITY_STAFF = "community_staff", _("社区工作人员")
    STREET_STAFF = "street_staff", _("街道工作人员")
    DISTRICT_STAFF = "district_staff", _("城区工作人员")
    UNIT_LIAISON = "unit_liaison", _("单位联络员")
    DEPARTMENT_RECEIVER = "department_receiver", _("部门接哨员")
    SYSTEM_ADMIN = "system_admin", _("系统管理员")


REGION_ROLES = {Role.RESIDENT, Role.VOLUNTEER, Role.GRID_WORKER, Role.COMMUNITY_STAFF, Role.STREET_STAFF,
                Role.DISTRICT_STAFF}
# The level of node each region role is scoped to (residents and volunteers: where they live, at any level
# from community down).
ROLE_NODE_KINDS = {
    Role.GRID_WORKER: {RegionKind.COMMUNITY},
    Role.COMMUNITY_STAFF: {RegionKind.COMMUNITY},
    Role.STREET_STAFF: {RegionKind.STREET},
    Role.DISTRICT_STAFF: {RegionKind.DISTRICT, RegionKind.CITY},
    Role.RESIDENT: {RegionKind.COMMUNITY, RegionKind.NEIGHBOURHOOD, RegionKind.BUILDING, RegionKind.ENTRANCE},
    Role.VOLUNTEER: {RegionKind.COMMUNITY, RegionKind.NEIGHBOURHOOD, RegionKind.BUILDING, RegionKind.ENTRANCE},
}
STAFF_REGION_ROLES = {Role.GRID_WORKER, Role.COMMUNITY_STAFF, Role.STREET_STAFF, Role.DISTRICT_STAFF}
# Roles that need residents' phone numbers to do their work (calling back, visiting), within their subtree.
PHONE_ROLES = {Role.GRID_WORKER, Role.COMMUNITY_STAFF}
# Roles that need ID numbers (registering residents, checking hardship eligibility).
ID_NUMBER_ROLES = {Role.COMMUNITY_STAFF}
WORKBENCH_ROLES = STAFF_REGION_ROLES | {Role.UNIT_LIAISON, Role.DEPARTMENT_RECEIVER, Role.SYSTEM_ADMIN}


class User(AbstractUser):
    display_name = models.CharField(_("姓名"), max_length=50, blank=True)
    phone = models.CharField(_("手机号"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.display_name or self.username

    @cached_property
    def active_roles(self) -> list[RoleAssignment]:
        return list(self.role_assignments.filter(active=True).select_related("region", "organisation",
                                                                               "department", "grid"))

    @cached_property
    def role_set(self) -> set[str]:
        roles = {a.role for a in self.active_roles}
        if self.is_superuser:
            roles.add(Role.SYSTEM_ADMIN)
        return roles

    def chronicle_region_path(self) -> str:
        """Where entries about this account are filed: the place of its first region role (a resident's
        community), so the community's staff see them in their chronicle."""
        paths = sorted(a.region.path for a in self.active_roles if a.region is not None)
        return paths[0] if paths else ""

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_set & set(roles))

    def has_role_at(self, role: str, path: str) -> bool:
        """True when one of the user's `role` assignments covers the node at `path`."""
        return any(a.role == role and a.region is not None and path.startswith(a.region.path)
                   for a in self.active_roles)

    def scope_for(self, *roles: str) -> Scope:
        """The region subtrees of the user's assignments of `roles` only (everything for administrators)."""
        if not self.is_active:
            return NOBODY
        if Role.SYSTEM_ADMIN in self.role_set:
            return Scope(everything=True)
        return Scope(region_paths=tuple(sorted({a.region.path for a in self.active_roles
                                                if a.role in roles and a.region})))

    @property
    def uses_workbench(self) -> bool:
        return bool(self.role_set & WORKBENCH_ROLES)

    @cached_property
    def scope(self) -> Scope:
        if not self.is_active:
            return NOBODY
        person = getattr(self, "person", None)
        person_ids = frozenset({person.pk}) if person is not None else frozenset()
        if Role.SYSTEM_ADMIN in self.role_set:
            return Scope(everything=True, person_ids=person_ids)
        paths = {role: tuple(sorted({a.region.path for a in self.active_roles if a.role == role and a.region}))
                 for role in REGION_ROLES}
        return Scope(
            region_paths=tuple(sorted({p for r in STAFF_REGION_ROLES for p in paths[r]})),
            personal_data_paths=tuple(sorted({p for r in PHONE_ROLES for p in paths[r]})),
            id_number_paths=tuple(sorted({p for r in ID_NUMBER_ROLES for p in paths[r]})),
            organisation_ids=frozenset(a.organisation_id for a in self.active_roles if a.role == Role.UNIT_LIAISON),
            department_ids=frozenset(a.department_id for a in self.active_roles
                                     if a.role == Role.DEPARTMENT_RECEIVER),
            person_ids=person_ids,
            home_paths=tuple(sorted({*paths[Role.RESIDENT], *paths[Role.VOLUNTEER]})),
        )


class RoleAssignment(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments", verbose_name=_("用户"))
    role = models.CharField(_("角色"), max_length=32, choices=Role.choices)
    region = models.ForeignKey(RegionNode, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="role_assignments", verbose_name=_("区划范围"))
    grid = models.ForeignKey(Grid, on_delete=models.PROTECT, null=True, blank=True, related_name="workers",
                             verbose_name=_("负责网格"))
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="liaisons", verbose_name=_("所属单位"))
    department = models.ForeignKey(Department, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="receivers", verbose_name=_("所属部门"))
    active = models.BooleanField(_("有效"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("角色分配")
        verbose_name_plural = _("角色分配")
        constraints = [
            models.CheckConstraint(
                name="role_scope_matches_role",
                condition=(
                    Q(role__in=sorted(r.value for r in REGION_ROLES), region__isnull=False,
                      organisation__isnull=True, department__isnull=True)
                    | Q(role=Role.UNIT_LIAISON, organisation__isnull=False, region__isnull=True,
                        department__isnull=True)
                    | Q(role=Role.DEPARTMENT_RECEIVER, department__isnull=False, region__isnull=True,
                        organisation__isnull=True)
                    | Q(role=Role.SYSTEM_ADMIN, region__isnull=True, organisation__isnull=True,
                        department__isnull=True)
                ),
            ),
        ]

    def __str__(self) -> str:
        target = self.region or self.organisation or self.department
        return f"{self.get_role_display()}·{target}" if target else self.get_role_display()


class LoginAttempt(models.Model):  # noqa: DJ008 - a log row, shown in lists only
    """One login attempt (never the password); the throttle counts them in the database, so every app server
    sees the same counts (docs/adr/0009-login-throttling.md)."""

    username = models.CharField(max_length=150, db_index=True)
    address = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    succeeded = models.BooleanField(default=False)
    at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("登录记录")
        verbose_name_plural = _("登录记录")
        # The throttle's counts: one account (from one address), one address, both within a time window.
        indexes = [models.Index(fields=["username", "address", "at"], name="login_attempt_account_idx"),
                   models.Index(fields=["address", "succeeded", "at"], name="login_attempt_address_idx")]
