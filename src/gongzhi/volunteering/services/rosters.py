"""Duty rosters: every write (a roster, its shifts, sign-ups, cancellations, attendance, confirming duty hours).

Each service takes keyword-only arguments, runs in one transaction, checks the actor's permission
(PermissionDenied), checks the input and the state (ValidationError with a Chinese message, nothing written), makes
the change and records it in the chronicle (ids and codes only, never names or phone numbers).

`actor` None means the system itself (the sweep, the demo): permission checks are skipped, state checks are not.

A shift never has more sign-ups than slots: a sign-up locks the shift's row (select_for_update) and counts under
the lock; the database also holds one sign-up per member and shift. The sweep creates missing shifts only, through
the unique (roster, date) pair, so two sweeps at once create each shift once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongzhi.chronicle.services import record
from gongzhi.core import clock, limits
from gongzhi.core.checks import collect_text, require
from gongzhi.people.models import TeamMembership, Volunteer, VolunteerTeam
from gongzhi.volunteering.models import (
    ACTIVE_SIGNUPS,
    SLOTS,
    HoursEntry,
    HoursKind,
    HoursStatus,
    Roster,
    Shift,
    ShiftSignup,
    SignupStatus,
)
from gongzhi.volunteering.permissions_rosters import (
    is_own_signup,
    may_confirm_duty_hours,
    may_manage_roster,
    may_manage_team,
    my_volunteer,
)
from gongzhi.volunteering.services.hours import decide

DEFAULT_WEEKS = 4  # the sweep keeps this many weeks of shifts ahead
MAX_WEEKS = 12
MIN_SHIFT = dt.timedelta(minutes=30)
MAX_SHIFT = dt.timedelta(hours=int(limits.HOURS_PER_PERSON_TIME.high))  # nobody serves more than 12 h a day
FULL = _("该班次已报满")


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def _time(errors: dict, field: str, value, label: str) -> dt.time | None:
    if isinstance(value, dt.time):
        return value.replace(second=0, microsecond=0, tzinfo=None)
    try:
        return dt.time.fromisoformat(str(value or "").strip()).replace(second=0, microsecond=0, tzinfo=None)
    except ValueError:
        errors[field] = _("%(label)s格式不正确（例如 19:30）") % {"label": label}
        return None


def _int(errors: dict, field: str, value, *, low: int, high: int, message: str) -> int:
    try:
        number = int(value)
        if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
            raise ValueError
    except (TypeError, ValueError, OverflowError):
        errors[field] = message
        return 0
    if not low <= number <= high:
        errors[field] = message
    return number


def shift_times(date: dt.date, starts: dt.time, ends: dt.time) -> tuple[dt.datetime, dt.datetime]:
    """Aware start and end of a shift on `date` in the platform's time zone (Beijing time)."""
    tz = timezone.get_default_timezone()
    return (timezone.make_aware(dt.datetime.combine(date, starts), tz),
            timezone.make_aware(dt.datetime.combine(date, ends), tz))


# --- rosters and their shifts ----------------------------------------------------------------------------------

@transaction.atomic
def create_roster(*, actor, team: VolunteerTeam, title: str, weekday, starts_at, ends_at, slots, place: str = "",
                  weeks: int = DEFAULT_WEEKS) -> Roster:
    """A weekly duty of the team (e.g. 周五晚巡逻 19:30–21:30, 3 members), set up by the community's staff or the
    team's captain; its shifts for the next `weeks` weeks are made at once (the sweep keeps them coming)."""
    require(actor is None or may_manage_team(actor, team))
    errors: dict = {}
    title = collect_text(errors, "title", title, required=True, label=_("值班名称"), max_length=limits.TITLE)
    place = collect_text(errors, "place", place, required=False, label=_("值班地点"), max_length=limits.TITLE)
    weekday = _int(errors, "weekday", weekday, low=0, high=6, message=_("请选择星期几"))
    low, high = int(SLOTS.low), int(SLOTS.high)
    slots = _int(errors, "slots", slots, low=low, high=high,
                 message=_("所需人数须在 %(low)d—%(high)d 人之间") % {"low": low, "high": high})
    starts = _time(errors, "starts_at", starts_at, _("开始时间"))
    ends = _time(errors, "ends_at", ends_at, _("结束时间"))
    if starts is not None and ends is not None:
        length = dt.datetime.combine(dt.date.min, ends) - dt.datetime.combine(dt.date.min, starts)
        if length <= dt.timedelta(0):
            errors["ends_at"] = _("结束时间须晚于开始时间")
        elif not MIN_SHIFT <= length <= MAX_SHIFT:
            errors["ends_at"] = _("每班时长须在 30 分钟到 12 小时之间")
    _raise(errors)
    assert starts is not None and ends is not None
    roster = Roster.objects.create(team=team, title=title, place=place, weekday=weekday, starts_at=starts,
                                   ends_at=ends, slots=slots, created_by=actor, created_at=clock.now())
    record(roster, "roster.created", actor, {"team": team.pk, "weekday": weekday, "starts_at": starts.isoformat(),
                                             "ends_at": ends.isoformat(), "slots": slots})
    _generate(roster, weeks=weeks)
    return roster


@transaction.atomic
def set_roster_active(*, actor, roster: Roster, active: bool) -> Roster:
    """Pause or resume a roster: a paused one gets no new shifts (shifts already made stay as they are)."""
    require(actor is None or may_manage_roster(actor, roster))
    Roster.objects.filter(pk=roster.pk).update(active=bool(active))
    roster.active = bool(active)
    record(roster, "roster.resumed" if active else "roster.paused", actor, {})
    if active:
        _generate(roster, weeks=DEFAULT_WEEKS)
    return roster


def _generate(roster: Roster, *, weeks: int) -> int:
    """Create the roster's missing shifts from today for `weeks` weeks; returns how many were made."""
    today = clock.today()
    now = clock.now()
    created = 0
    for offset in range(weeks * 7):
        day = today + dt.timedelta(days=offset)
        if day.weekday() != roster.weekday:
            continue
        starts, ends = shift_times(day, roster.starts_at, roster.ends_at)
        if starts <= now:
            continue  # today's shift already under way: not made after the fact
        try:
            with transaction.atomic():
                _shift, made = Shift.objects.get_or_create(roster=roster, date=day, defaults={
                    "starts_at": starts, "ends_at": ends, "slots": roster.slots})
        except IntegrityError:  # another sweep made it in the meantime
            made = False
        created += made
    return created


def sweep_rosters(*, weeks: int = DEFAULT_WEEKS) -> dict[str, int]:
    """`gongzhi rosters_sweep`: keep the next `weeks` weeks of shifts made for every active roster. Idempotent:
    a second run (or two at once) makes nothing new."""
    weeks = max(1, min(int(weeks), MAX_WEEKS))
    rosters = created = 0
    for roster in Roster.objects.filter(active=True).select_related("team__community").order_by("pk"):
        with transaction.atomic():
            made = _generate(roster, weeks=weeks)
            if made:
                record(roster, "roster.shifts_made", None, {"shifts": made})
        rosters += 1
        created += made
    return {"rosters": rosters, "created": created}


# --- sign-ups ----------------------------------------------------------------------------------------------------

def _locked(shift: Shift) -> Shift:
    shift.refresh_from_db(from_queryset=Shift.objects.select_for_update())
    return shift


def taken(shift: Shift) -> int:
    return ShiftSignup.objects.filter(shift=shift, status__in=ACTIVE_SIGNUPS).count()


@transaction.atomic
def sign_up(*, actor, shift: Shift, volunteer: Volunteer | None = None) -> ShiftSignup:
    """A member takes one of the shift's free slots (their own sign-up; the captain or staff may put a member
    down). Refused once the shift has started, when it is full, or when the member is already down for it."""
    if volunteer is None:
        volunteer = my_volunteer(actor)
        if volunteer is None:
            raise ValidationError(_("您还不是注册志愿者，请联系社区登记"))
    elif actor is not None and volunteer.person.user_id != actor.pk:
        require(may_manage_roster(actor, shift.roster))
    team_id = shift.roster.team_id
    if not TeamMembership.objects.current().filter(volunteer=volunteer, team_id=team_id).exists():
        raise ValidationError(_("只有本队现任队员才能报名值班"))
    _locked(shift)
    if shift.starts_at <= clock.now():
        raise ValidationError(_("该班次已开始，不能再报名"))
    if ShiftSignup.objects.filter(shift=shift, volunteer=volunteer, status__in=ACTIVE_SIGNUPS).exists():
        raise ValidationError(_("您已报名该班次"))
    if taken(shift) >= shift.slots:
        raise ValidationError(FULL)
    signup = ShiftSignup.objects.create(shift=shift, volunteer=volunteer, signed_at=clock.now())
    record(shift, "roster.signed_up", actor, {"signup": signup.pk, "volunteer": volunteer.pk})
    return signup


@transaction.atomic
def cancel_signup(*, actor, signup: ShiftSignup) -> ShiftSignup:
    """The member (or the captain, staff) cancels before the shift starts; the slot is free again."""
    require(actor is None or is_own_signup(actor, signup) or may_manage_roster(actor, signup.shift.roster))
    shift = _locked(signup.shift)
    signup.refresh_from_db()
    if signup.status != SignupStatus.SIGNED:
        raise ValidationError(_("该报名已是“%(s)s”，不能取消") % {"s": signup.get_status_display()})
    if shift.starts_at <= clock.now():
        raise ValidationError(_("班次已开始，不能再取消报名"))
    signup.status, signup.cancelled_at = SignupStatus.CANCELLED, clock.now()
    signup.save(update_fields=["status", "cancelled_at"])
    record(shift, "roster.cancelled", actor, {"signup": signup.pk, "volunteer": signup.volunteer_id})
    return signup


# --- attendance and hours ----------------------------------------------------------------------------------------

@transaction.atomic
def record_attendance(*, actor, shift: Shift, served: Iterable[int]) -> list[HoursEntry]:
    """After the shift has started the captain or the community's staff mark who served: each signed-up member in
    `served` (volunteer ids) is marked served and gets a pending duty HoursEntry of the shift's length for the team
    (to be confirmed by the community); the others are marked absent. Members already marked stay as they are."""
    require(actor is None or may_manage_roster(actor, shift.roster))
    _locked(shift)
    if shift.starts_at > clock.now():
        raise ValidationError(_("班次尚未开始，不能登记到岗"))
    try:
        served_ids = {int(v) for v in served}
    except (TypeError, ValueError):
        raise ValidationError({"served": _("到岗名单不正确")}) from None
    signups = list(ShiftSignup.objects.select_for_update().filter(shift=shift, status=SignupStatus.SIGNED)
                   .select_related("volunteer__person").order_by("pk"))
    unknown = served_ids - {s.volunteer_id for s in signups}
    if unknown:
        raise ValidationError({"served": _("到岗名单中有未报名本班次（或已登记过）的队员")})
    if not signups:
        raise ValidationError(_("本班次没有待登记的报名"))
    roster, now = shift.roster, clock.now()
    team = roster.team
    entries = []
    for signup in signups:
        signup.status = SignupStatus.SERVED if signup.volunteer_id in served_ids else SignupStatus.ABSENT
        signup.marked_by, signup.marked_at = actor, now
        signup.save(update_fields=["status", "marked_by", "marked_at"])
        if signup.status == SignupStatus.SERVED:
            entries.append(HoursEntry.objects.create(
                person=signup.volunteer.person, community=team.community, kind=HoursKind.DUTY, team=team,
                shift=shift, served_on=shift.date, started_at=shift.starts_at, ended_at=shift.ends_at,
                hours=shift.hours, content=roster.title[:limits.TITLE], status=HoursStatus.PENDING,
                recorded_by=actor, recorded_at=now))
    Shift.objects.filter(pk=shift.pk).update(attendance_by=actor, attendance_at=now)
    shift.attendance_by, shift.attendance_at = actor, now
    record(shift, "roster.attendance", actor, {"served": sorted(s.volunteer_id for s in signups
                                                                 if s.status == SignupStatus.SERVED),
                                               "absent": sorted(s.volunteer_id for s in signups
                                                                if s.status == SignupStatus.ABSENT),
                                               "hours": str(shift.hours)})
    return entries


@transaction.atomic
def confirm_duty_hours(*, actor, entries: Iterable[HoursEntry]) -> int:
    """The community confirms pending duty hours (one or many): pending → confirmed, with who and when. All or
    nothing: one entry that is not a pending duty entry in the actor's community refuses the whole batch.
    Stricter than `hours.confirm_many` (which skips decided entries), but the decision is written the same way."""
    ids = sorted({e.pk for e in entries})
    if not ids:
        raise ValidationError(_("请选择要确认的时长记录"))
    locked = list(HoursEntry.objects.select_for_update().filter(pk__in=ids).select_related("community")
                  .order_by("pk"))
    if len(locked) != len(ids):
        raise ValidationError(_("时长记录不存在"))
    for entry in locked:
        require(actor is None or may_confirm_duty_hours(actor, entry))
        if entry.kind != HoursKind.DUTY:
            raise ValidationError(_("只能在这里确认值班时长"))
        if entry.status != HoursStatus.PENDING:
            raise ValidationError(_("该时长记录已是“%(s)s”，不能再次确认") % {"s": entry.get_status_display()})
    for entry in locked:
        decide(entry, HoursStatus.CONFIRMED, actor)  # saved, as every decision: the points ledger pays on commit
        record(entry, "duty_hours.confirmed", actor, {"hours": str(entry.hours), "shift": entry.shift_id,
                                                       "team": entry.team_id})
    return len(locked)


__all__ = ["DEFAULT_WEEKS", "FULL", "MAX_WEEKS", "cancel_signup", "confirm_duty_hours",
           "create_roster", "record_attendance", "set_roster_active", "shift_times", "sign_up", "sweep_rosters",
           "taken"]
