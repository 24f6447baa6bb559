"""Every write to users and role assignments, and login throttling."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
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
        validate_password(password, user)  # the government rules in AUTH_PASSWORD_VALIDATORS
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


# --- passwords --------------------------------------------------------------------------------------
# The chronicle records that a password changed and who changed it, never the password.

@transaction.atomic
def change_password(*, actor: User, old_password: str, new_password: str) -> None:
    """A user changes their own password: the current one first, then the rules for the new one."""
    if not actor.check_password(old_password or ""):
        raise ValidationError({"old_password": _("当前密码不正确。")})
    if new_password == old_password:
        raise ValidationError({"new_password": _("新密码不能与当前密码相同。")})
    try:
        validate_password(new_password, actor)
    except ValidationError as error:
        raise ValidationError({"new_password": error.messages}) from error
    actor.set_password(new_password)
    actor.save(update_fields=["password"])
    record(actor, "user.password_changed", actor, {})


# Letters and digits that cannot be mistaken for each other when read out over the phone.
_READABLE = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def temporary_password() -> str:
    return "".join(secrets.choice(_READABLE) for _ in range(12))


@transaction.atomic
def reset_password(*, actor: User, user: User) -> str:
    """An administrator, or a community staffer for a resident of their community, sets a temporary password
    (returned once, to be handed to the resident, who changes it after logging in)."""
    from gongzhi.accounts.permissions import accounts_resettable_by

    if not accounts_resettable_by(actor).filter(pk=user.pk).exists():
        raise PermissionDenied
    password = temporary_password()
    while True:
        try:
            validate_password(password, user)
            break
        except ValidationError:
            password = temporary_password()
    user.set_password(password)
    user.save(update_fields=["password"])
    LoginAttempt.objects.filter(username=user.username.lower(), succeeded=False).delete()  # a fresh start
    record(user, "user.password_reset", actor, {"username": user.username})
    return password


# --- login throttling (docs/adr/0009-login-throttling.md) ---------------------------------------------
# Every count is a query on LoginAttempt, so all app servers share one throttle through the database.

def _window_start() -> dt.datetime:
    return clock.now() - dt.timedelta(minutes=settings.GONGZHI_LOGIN_WINDOW_MINUTES)


def _failures_since_last_success(attempts) -> int:
    """Failures within the window after the last success among `attempts` (a success wipes the slate)."""
    since = _window_start()
    last_success = attempts.filter(succeeded=True, at__gte=since).order_by("-at").values_list("at", flat=True).first()
    if last_success is not None:
        since = last_success
    return attempts.filter(succeeded=False, at__gte=since).count()


def login_allowed(username: str, address: str | None) -> bool:
    """Whether this address may try this account now.

    - one account from one address: GONGZHI_LOGIN_MAX_FAILURES failures lock that pair for the window;
    - one account from everywhere: GONGZHI_LOGIN_ACCOUNT_MAX_FAILURES lock the account (distributed guessing);
    - one address, any usernames: past GONGZHI_LOGIN_ADDRESS_MAX_FAILURES the address may still log in to
      accounts that logged in from it within the retention period, never to others. A spray of random
      usernames therefore never locks out a real user from another address, nor one who logged in here before.
    """
    username = username.strip().lower()
    account = LoginAttempt.objects.filter(username=username)
    if address and _failures_since_last_success(account.filter(address=address)) >= settings.GONGZHI_LOGIN_MAX_FAILURES:
        return False
    if _failures_since_last_success(account) >= settings.GONGZHI_LOGIN_ACCOUNT_MAX_FAILURES:
        return False
    if address:
        failures = LoginAttempt.objects.filter(address=address, succeeded=False, at__gte=_window_start()).count()
        if failures >= settings.GONGZHI_LOGIN_ADDRESS_MAX_FAILURES:
            known = clock.now() - dt.timedelta(days=settings.GONGZHI_LOGIN_ATTEMPT_RETENTION_DAYS)
            return account.filter(address=address, succeeded=True, at__gte=known).exists()
    return True


def note_login(username: str, address: str | None, *, succeeded: bool) -> None:
    """Record one attempt (never the password)."""
    LoginAttempt.objects.create(username=username.strip().lower()[:150], address=address or None,
                                succeeded=succeeded, at=clock.now())


def prune_login_attempts() -> int:
    """Delete failures older than a day and successes older than the retention period; idempotent."""
    now = clock.now()
    old_failures = LoginAttempt.objects.filter(succeeded=False, at__lt=now - dt.timedelta(
        days=1, minutes=settings.GONGZHI_LOGIN_WINDOW_MINUTES))
    old_successes = LoginAttempt.objects.filter(
        succeeded=True, at__lt=now - dt.timedelta(days=settings.GONGZHI_LOGIN_ATTEMPT_RETENTION_DAYS))
    return old_failures.delete()[0] + old_successes.delete()[0]
