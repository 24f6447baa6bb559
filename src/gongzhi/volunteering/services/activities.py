"""Every write of an activity's volunteers: sign-up with a waiting list, cancellation before the cut-off (the freed
place goes to the first waiting), check-in and check-out with the rotating code (check-out writes the hours entry),
and the sweep that closes the check-ins left open at the activity's end.

Each service takes keyword-only arguments, runs in one transaction, locks the activity's row (so places are
counted one sign-up at a time: 20 volunteers on the last place, exactly one gets it), checks the actor's permission
(PermissionDenied) and the state (ValidationError with a Chinese message), makes the change and records it in the
chronicle under the activity (data holds ids and codes, never names).

**The rotating code** is a 6-digit TOTP-like code: HMAC-SHA256 over (SECRET_KEY, activity id, purpose in/out,
the number of the 60-second window), truncated as in RFC 4226. The organiser's phone shows the current code and a
QR code of it; a photo sent to a friend stops working when the window ends. A code is accepted in its own window
and, for CODE_GRACE_SECONDS after a window turns, the previous window's code (the volunteer was typing while the
code turned); anything older is refused."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongzhi.chronicle.services import record
from gongzhi.core import clock, limits
from gongzhi.core.checks import require
from gongzhi.lists.models import Activity
from gongzhi.people.models import Person
from gongzhi.volunteering.models import (
    ACTIVE_SIGNUP,
    HoursEntry,
    HoursKind,
    HoursStatus,
    SignUp,
    SignUpStatus,
)
from gongzhi.volunteering.permissions_activities import may_sign_up, organises, own_person

CODE_WINDOW_SECONDS = 60
CODE_GRACE_SECONDS = 10  # the previous window's code still counts this long after the window turns
CODE_DIGITS = 6
CHECK_IN_OPENS = dt.timedelta(minutes=30)  # check-in opens this long before the start …
CHECK_OUT_GRACE = dt.timedelta(minutes=15)  # … check-out closes this long after the end; then the sweep closes it
PURPOSES = ("in", "out")


# --- shared steps ----------------------------------------------------------------------------------------------------

def _lock(activity: Activity) -> Activity:
    """Lock the activity's row: sign-ups, cancellations and promotions of one activity happen one at a time."""
    return Activity.objects.select_for_update().select_related("community").get(pk=activity.pk)


def _recruiting(activity: Activity) -> None:
    if not activity.recruits or activity.ends_at is None or activity.quota is None:
        raise ValidationError(_("该活动不招募志愿者"))


def _record(activity: Activity, action: str, actor, data: dict) -> None:
    record(activity, f"volunteering.{action}", actor, data)


def signed_count(activity: Activity) -> int:
    return SignUp.objects.filter(activity=activity, status=SignUpStatus.SIGNED).count()


# --- sign-up, waiting list, cancellation ------------------------------------------------------------------------------

@transaction.atomic
def sign_up(*, actor, activity: Activity, person: Person | None = None) -> SignUp:
    """The volunteer signs up from the phone: a place while the quota lasts, else the waiting list (in order)."""
    person = person or own_person(actor)
    if person is None:
        raise ValidationError(_("您的账号尚未关联居民档案，请联系社区登记后再报名"))
    if actor is not None:
        require(may_sign_up(actor, activity) and own_person(actor) == person)
    activity = _lock(activity)
    _recruiting(activity)
    now = clock.now()
    if now >= activity.starts_at:
        raise ValidationError(_("活动已开始，报名已截止"))
    if SignUp.objects.filter(activity=activity, person=person, status__in=ACTIVE_SIGNUP).exists():
        raise ValidationError(_("您已报名该活动"))
    assert activity.quota is not None
    status = SignUpStatus.SIGNED if signed_count(activity) < activity.quota else SignUpStatus.WAITING
    last = SignUp.objects.filter(activity=activity).order_by("-position").values_list("position", flat=True).first()
    signup = SignUp.objects.create(activity=activity, person=person, status=status, position=(last or 0) + 1,
                                   signed_by=actor, signed_at=now)
    _record(activity, "signed_up" if status == SignUpStatus.SIGNED else "waiting", actor,
            {"signup": signup.pk, "person": person.pk, "position": signup.position})
    return signup


def cancel_deadline(activity: Activity) -> dt.datetime:
    return activity.starts_at - dt.timedelta(hours=activity.cancel_cutoff_hours)


@transaction.atomic
def cancel_signup(*, actor, signup: SignUp) -> SignUp:
    """The volunteer cancels before the cut-off; a freed place goes to the first waiting, who is told (the phone
    page shows 候补已转正, the chronicle records the promotion)."""
    if actor is not None:
        require(signup.person_id == getattr(own_person(actor), "pk", None))
    activity = _lock(signup.activity)
    signup.refresh_from_db(from_queryset=SignUp.objects.select_for_update())
    if signup.status not in ACTIVE_SIGNUP:
        raise ValidationError(_("该报名已取消"))
    if signup.checked_in_at is not None:
        raise ValidationError(_("您已签到，不能再取消报名"))
    now = clock.now()
    if signup.status == SignUpStatus.SIGNED and now >= cancel_deadline(activity):
        raise ValidationError(_("已过取消截止时间（活动开始前 %(n)d 小时），如不能参加请联系组织方")
                              % {"n": activity.cancel_cutoff_hours})
    was = signup.status
    signup.status, signup.cancelled_at = SignUpStatus.CANCELLED, now
    signup.save(update_fields=["status", "cancelled_at"])
    _record(activity, "cancelled", actor, {"signup": signup.pk, "person": signup.person_id, "from": was})
    if was == SignUpStatus.SIGNED:
        _promote_waiting(activity, freed_by=signup, now=now)
    return signup


def _promote_waiting(activity: Activity, *, freed_by: SignUp, now: dt.datetime) -> SignUp | None:
    """Fill the free places with the first waiting (in order of signing); the activity's row is locked. The
    promotion is the rule's doing, not the canceller's: the chronicle records it without an actor (系统), with the
    cancelled sign-up that freed the place."""
    assert activity.quota is not None
    free = activity.quota - signed_count(activity)
    promoted = None
    for waiting in SignUp.objects.filter(activity=activity, status=SignUpStatus.WAITING).order_by("position")[:max(free, 0)]:
        waiting.status, waiting.promoted_at = SignUpStatus.SIGNED, now
        waiting.save(update_fields=["status", "promoted_at"])
        _record(activity, "promoted", None, {"signup": waiting.pk, "person": waiting.person_id,
                                             "position": waiting.position, "freed_by": freed_by.pk})
        promoted = waiting
    return promoted


# --- the rotating code ---------------------------------------------------------------------------------------------------

def _window(moment: dt.datetime) -> int:
    return int(moment.timestamp()) // CODE_WINDOW_SECONDS


def code_for(activity_id: int, purpose: str, window: int) -> str:
    """The code of one activity, purpose and 60-second window (HMAC-SHA256, RFC 4226 dynamic truncation)."""
    message = f"gongzhi.volunteering.checkin:{activity_id}:{purpose}:{window}".encode()
    digest = hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).digest()
    offset = digest[-1] & 0x0F
    value = int.from_bytes(digest[offset:offset + 4], "big") & 0x7FFFFFFF
    return f"{value % 10 ** CODE_DIGITS:0{CODE_DIGITS}d}"


@dataclass(frozen=True)
class CurrentCode:
    purpose: str
    code: str
    valid_until: dt.datetime

    @property
    def seconds_left(self) -> int:
        return max(0, int((self.valid_until - clock.now()).total_seconds()))


def current_code(*, actor, activity: Activity, purpose: str) -> CurrentCode:
    """What the organiser's phone shows now (a read; only the organisers may see it)."""
    require(actor is None or organises(actor, activity))
    if purpose not in PURPOSES:
        raise ValidationError({"purpose": _("用途须为签到或签退")})
    _recruiting(activity)
    window = _window(clock.now())
    until = dt.datetime.fromtimestamp((window + 1) * CODE_WINDOW_SECONDS, tz=dt.UTC)
    return CurrentCode(purpose, code_for(activity.pk, purpose, window), timezone.localtime(until))


def parse_code(code) -> str:
    """Six ASCII digits (spaces around are forgiven); anything else is a clear error."""
    value = str(code or "").strip().replace(" ", "")
    if not value:
        raise ValidationError({"code": _("请输入组织方手机上显示的 6 位签到码")})
    if len(value) > 32 or not (value.isascii() and value.isdigit()):
        raise ValidationError({"code": _("签到码只能是 6 位数字，请核对后重新输入")})
    if len(value) != CODE_DIGITS:
        raise ValidationError({"code": _("签到码是 6 位数字，请核对后重新输入")})
    return value


def code_accepted(activity_id: int, purpose: str, code: str, at: dt.datetime) -> bool:
    window = _window(at)
    if hmac.compare_digest(code, code_for(activity_id, purpose, window)):
        return True
    turned = at.timestamp() - window * CODE_WINDOW_SECONDS
    return turned < CODE_GRACE_SECONDS and hmac.compare_digest(code, code_for(activity_id, purpose, window - 1))


def _check_code(activity: Activity, purpose: str, code) -> None:
    value = parse_code(code)
    if not code_accepted(activity.pk, purpose, value, clock.now()):
        raise ValidationError({"code": _("签到码不正确或已过期（每 60 秒更换），请输入组织方手机上当前显示的数字")})


def _own_signup(actor, activity: Activity, person: Person | None = None) -> SignUp:
    """The actor's own sign-up; `person` only for the system itself (actor None: demo data, imports)."""
    person = own_person(actor) if actor is not None else person
    signup = (SignUp.objects.select_for_update().filter(activity=activity, person=person,
                                                         status__in=ACTIVE_SIGNUP).first()
              if person is not None else None)
    if signup is None:
        raise ValidationError(_("您没有报名该活动"))
    if signup.status == SignUpStatus.WAITING:
        raise ValidationError(_("您在候补名单中，尚未获得名额，不能签到"))
    return signup


@transaction.atomic
def check_in(*, actor, activity: Activity, code, person: Person | None = None) -> SignUp:
    """The volunteer types (or scans) the organiser's current check-in code: from 30 minutes before the start to
    the end. A second check-in of the same sign-up is refused."""
    activity = _lock(activity)
    _recruiting(activity)
    _check_code(activity, "in", code)
    signup = _own_signup(actor, activity, person)
    if signup.checked_in_at is not None:
        raise ValidationError(_("您已签到，不能重复签到"))
    now = clock.now()
    assert activity.ends_at is not None
    if now < activity.starts_at - CHECK_IN_OPENS:
        raise ValidationError(_("签到尚未开始（活动开始前 30 分钟开放）"))
    if now >= activity.ends_at:
        raise ValidationError(_("活动已结束，不能再签到"))
    signup.checked_in_at = now
    signup.save(update_fields=["checked_in_at"])
    _record(activity, "checked_in", actor, {"signup": signup.pk, "person": signup.person_id})
    return signup


def hours_between(activity: Activity, start: dt.datetime, end: dt.datetime) -> Decimal:
    """Hours from check-in to check-out, counted within the activity's time and capped at its length (one decimal;
    at least 0.1)."""
    assert activity.ends_at is not None
    start, end = max(start, activity.starts_at), min(end, activity.ends_at)
    seconds = Decimal(max((end - start).total_seconds(), 0))
    hours = (seconds / 3600).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    cap = min(activity.length_hours or limits.SERVICE_HOURS.high, limits.SERVICE_HOURS.high)
    return Decimal(max(min(hours, cap), limits.SERVICE_HOURS.low))


def _write_hours(activity: Activity, signup: SignUp, *, actor, flagged: bool) -> HoursEntry:
    assert signup.checked_in_at is not None and signup.checked_out_at is not None
    return HoursEntry.objects.create(
        person_id=signup.person_id, community_id=activity.community_id, kind=HoursKind.SERVICE, activity=activity,
        team_id=activity.organiser_team_id, served_on=timezone.localdate(signup.checked_in_at),
        started_at=signup.checked_in_at, ended_at=signup.checked_out_at,
        hours=hours_between(activity, signup.checked_in_at, signup.checked_out_at),
        content=activity.title[:limits.TITLE], status=HoursStatus.PENDING, flagged=flagged, recorded_by=actor,
        recorded_at=clock.now())


@transaction.atomic
def check_out(*, actor, activity: Activity, code, person: Person | None = None) -> HoursEntry:
    """The volunteer types the check-out code: the hours entry is written (pending the organiser's confirmation),
    hours from check-in to check-out capped at the activity's length."""
    activity = _lock(activity)
    _recruiting(activity)
    _check_code(activity, "out", code)
    signup = _own_signup(actor, activity, person)
    if signup.checked_in_at is None:
        raise ValidationError(_("您还没有签到"))
    if signup.checked_out_at is not None:
        raise ValidationError(_("您已签退，不能重复签退"))
    now = clock.now()
    assert activity.ends_at is not None
    if now > activity.ends_at + CHECK_OUT_GRACE:
        raise ValidationError(_("签退已截止，系统已在活动结束时自动签退，请联系组织方核对时长"))
    signup.checked_out_at = max(now, signup.checked_in_at)
    signup.save(update_fields=["checked_out_at"])
    entry = _write_hours(activity, signup, actor=actor, flagged=False)
    _record(activity, "checked_out", actor, {"signup": signup.pk, "person": signup.person_id, "entry": entry.pk,
                                             "hours": str(entry.hours)})
    return entry


# --- the sweep ---------------------------------------------------------------------------------------------------------

def sweep_unclosed_checkins(now: dt.datetime | None = None) -> int:
    """Close every check-in left open after its activity ended (plus the check-out grace): check-out at the end,
    hours written and flagged for the organiser. One activity at a time, its row locked and the sign-up re-read,
    so two sweeps at once close each check-in once. Returns how many were closed."""
    now = now or clock.now()
    closed = 0
    ids = (SignUp.objects.filter(checked_in_at__isnull=False, checked_out_at__isnull=True,
                                 activity__ends_at__lte=now - CHECK_OUT_GRACE)
           .values_list("activity_id", flat=True).distinct())
    for activity_id in sorted(set(ids)):
        with transaction.atomic():
            activity = _lock(Activity(pk=activity_id))
            assert activity.ends_at is not None
            for signup in SignUp.objects.select_for_update().filter(activity=activity, checked_in_at__isnull=False,
                                                                    checked_out_at__isnull=True):
                assert signup.checked_in_at is not None
                signup.checked_out_at, signup.auto_closed = max(activity.ends_at, signup.checked_in_at), True
                signup.save(update_fields=["checked_out_at", "auto_closed"])
                entry = _write_hours(activity, signup, actor=None, flagged=True)
                _record(activity, "auto_checked_out", None, {"signup": signup.pk, "person": signup.person_id,
                                                             "entry": entry.pk, "hours": str(entry.hours)})
                closed += 1
    return closed
