"""Every write to users and role assignments, and login throttling."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gongzhi.accounts.models import ROLE_NODE_KINDS, LoginAttempt, Role, RoleAssignment, User
from gongzhi.chronicle.services import record
from gongzhi.core import clock


@transaction.atomic
def create_user(*, actor, username: str, password: str | None, display_name: str = "", phone: str = "") -> User:
    username = username.strip()
    if not username:
        raise ValidationError(_("用户名不能为空"))
    if User.objects.filter(username=username).exists():
        raise ValidationError(_("用户名“%(u)s”已被使用") % {"u": username})
    user = User(username=username, display_name=display_name, phone=phone)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    record(user, "user.created", actor, {"username": username})
    return user


@transaction.atomic
def assign_role(*, actor, user: User, role: str, region=None, organisation=None, department=None,
                grid=None) -> RoleAssignment:
    role = Role(role)
    kinds = ROLE_NODE_KINDS.get(role)
    if kinds is not None and (region is None or region.kind not in kinds):
        raise ValidationError(_("“%(role)s”必须指定相应层级的区划范围") % {"role": role.label})
    if role == Role.UNIT_LIAISON and organisation is None:
        raise ValidationError(_("单位联络员必须指定所属单位"))
    if role == Role.DEPARTMENT_RECEIVER and department is None:
        raise ValidationError(_("部门接哨员必须指定所属部门"))
    if grid is not None and (role != Role.GRID_WORKER or grid.community_id != region.pk):
        raise ValidationError(_("网格只能分配给本社区的网格员"))
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user, role=role, region=region, organisation=organisation, department=department,
        defaults={"grid": grid},
    )
    if role == Role.SYSTEM_ADMIN:  # system administrators also keep the Django admin site
        User.objects.filter(pk=user.pk).update(is_staff=True, is_superuser=True)
        user.is_staff = user.is_superuser = True
    if not created and not assignment.active:
        RoleAssignment.objects.filter(pk=assignment.pk).update(active=True)
        assignment.active = True
    record(user, "user.role_assigned", actor,
           {"role": role.value, "scope": str(region or organisation or department or "")})
    for attr in ("active_roles", "role_set", "scope"):
        user.__dict__.pop(attr, None)
    return assignment


@transaction.atomic
def revoke_role(*, actor, assignment: RoleAssignment) -> None:
    RoleAssignment.objects.filter(pk=assignment.pk).update(active=False)
    record(assignment.user, "user.role_revoked", actor, {"role": assignment.role, "scope": str(assignment)})


# --- login throttling ------------------------------------------------------------------------------

def _window_start() -> dt.datetime:
    return clock.now() - dt.timedelta(minutes=settings.GONGZHI_LOGIN_WINDOW_MINUTES)


def login_allowed(username: str, address: str | None) -> bool:
    """False once a username, or an address, has failed too often within the window."""
    recent = LoginAttempt.objects.filter(at__gte=_window_start(), succeeded=False)
    limit = settings.GONGZHI_LOGIN_MAX_FAILURES
    if recent.filter(username=username.lower()).count() >= limit:
        return False
    return not (address and recent.filter(address=address).count() >= limit * 4)


def note_login(username: str, address: str | None, *, succeeded: bool) -> None:
    LoginAttempt.objects.create(username=username.lower()[:150], address=address or None, succeeded=succeeded,
                                at=clock.now())
    if succeeded:
        LoginAttempt.objects.filter(username=username.lower(), succeeded=False, at__gte=_window_start()).delete()
