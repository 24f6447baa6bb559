"""Working-time arithmetic on a `Calendar`, and the two writes to its special days.

Every function takes and returns aware datetimes. Arithmetic happens in the calendar's time zone and the
results are returned in UTC. A working period is closed at both ends for "is this instant in working
time" (12:00 is still the morning), so a duration that uses up a period exactly ends at its end (12:00),
not at the start of the next one (14:30).

Special days are read once per calendar and kept in an in-process cache keyed by the calendar's
`revision`; saving or deleting a `SpecialDay` (through the services below or the Django admin) bumps the
revision and clears this process's entry, so other processes reload when they next read the calendar row.
Callers should therefore fetch the calendar afresh per request or task, not hold one for days."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_save

from gongzhi.chronicle.services import record
from gongzhi.worktime.models import Calendar, SpecialDay, SpecialDayKind

Mode = Literal["working", "calendar"]
ZERO = dt.timedelta(0)

# calendar pk -> (revision the data belongs to, {date: kind})
_special_days: dict[int, tuple[int, dict[dt.date, str]]] = {}


# --- the cache -----------------------------------------------------------------------------------------

def special_days(calendar: Calendar) -> dict[dt.date, str]:
    """{date: SpecialDayKind} for the calendar, from the cache when it is current."""
    cached = _special_days.get(calendar.pk)
    if cached is not None and cached[0] == calendar.revision:
        return cached[1]
    # The revision is read before the rows, so the rows are never older than the revision they are kept under.
    revision = Calendar.objects.filter(pk=calendar.pk).values_list("revision", flat=True).first()
    days = dict(SpecialDay.objects.filter(calendar_id=calendar.pk).values_list("date", "kind"))
    if revision is not None:
        # stored under the database's revision: a stale calendar instance reloads but never poisons the cache
        _special_days[calendar.pk] = (revision, days)
    return days


def invalidate(calendar_id: int) -> None:
    _special_days.pop(calendar_id, None)


def _special_day_changed(sender, instance: SpecialDay, **kwargs) -> None:
    Calendar.objects.filter(pk=instance.calendar_id).update(revision=F("revision") + 1)
    invalidate(instance.calendar_id)


def connect_cache_invalidation() -> None:
    post_save.connect(_special_day_changed, sender=SpecialDay, dispatch_uid="worktime_special_day_saved")
    post_delete.connect(_special_day_changed, sender=SpecialDay, dispatch_uid="worktime_special_day_deleted")


# --- days and periods ----------------------------------------------------------------------------------

def _is_working_day(days: dict[dt.date, str], date: dt.date) -> bool:
    kind = days.get(date)
    if kind == SpecialDayKind.HOLIDAY:
        return False
    if kind == SpecialDayKind.MAKEUP_WORKDAY:
        return True
    return date.weekday() < 5


def is_working_day(calendar: Calendar, date: dt.date) -> bool:
    """Monday–Friday unless a 法定节假日; Saturday/Sunday only when a 调休上班 make-up day."""
    return _is_working_day(special_days(calendar), date)


def _require_aware(*values: dt.datetime) -> None:
    for value in values:
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("working-time arithmetic takes aware datetimes only")


def _utc(value: dt.datetime) -> dt.datetime:
    return value.astimezone(dt.UTC)


def _day_periods(calendar: Calendar, date: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
    tz = calendar.tz
    return [(dt.datetime.combine(date, start, tzinfo=tz), dt.datetime.combine(date, end, tzinfo=tz))
            for start, end in calendar.periods]


def _periods_from(calendar: Calendar, date: dt.date) -> Iterator[tuple[dt.datetime, dt.datetime]]:
    """The working periods of `date` and every later working day, in order (endless)."""
    days = special_days(calendar)
    while True:
        if _is_working_day(days, date):
            yield from _day_periods(calendar, date)
        date += dt.timedelta(days=1)


def day_length(calendar: Calendar) -> dt.timedelta:
    """Working time in one working day (7 h with the default periods)."""
    day = dt.date(2000, 1, 3)  # any date: read on the clock face, without a time zone's shifts
    return sum((dt.datetime.combine(day, end, tzinfo=dt.UTC) - dt.datetime.combine(day, start, tzinfo=dt.UTC)
                for start, end in calendar.periods), ZERO)


def in_working_time(calendar: Calendar, at: dt.datetime) -> bool:
    """Whether `at` lies in a working period of a working day (both ends of a period included)."""
    _require_aware(at)
    local = at.astimezone(calendar.tz)
    if not is_working_day(calendar, local.date()):
        return False
    return any(start <= local <= end for start, end in _day_periods(calendar, local.date()))


def next_working_instant(calendar: Calendar, at: dt.datetime) -> dt.datetime:
    """`at` itself when it is in working time, otherwise the start of the next working period (UTC)."""
    _require_aware(at)
    local = at.astimezone(calendar.tz)
    for start, end in _periods_from(calendar, local.date()):
        if local <= end:
            return _utc(max(start, local))
    raise AssertionError("unreachable: the periods never run out")


# --- arithmetic ----------------------------------------------------------------------------------------

def add_working_time(calendar: Calendar, start: dt.datetime, duration: dt.timedelta, *,
                     mode: Mode) -> dt.datetime:
    """`start` plus `duration`, counting either only the working periods of working days (mode="working")
    or every hour of the clock (mode="calendar", for emergencies: 2 h means 2 h, nights and holidays too).

    For "N working days" limits use `add_working_days`. A zero duration returns `start` unchanged."""
    _require_aware(start)
    if duration < ZERO:
        raise ValueError("the duration must not be negative")
    if mode == "calendar":
        return _utc(start) + duration
    if mode != "working":
        raise ValueError(f"unknown mode {mode!r}: 'working' or 'calendar'")
    if duration == ZERO:
        return _utc(start)
    local = start.astimezone(calendar.tz)
    remaining = duration
    for period_start, period_end in _periods_from(calendar, local.date()):
        if period_end <= local:
            continue
        begin = max(period_start, local)
        available = period_end - begin
        if remaining <= available:
            return _utc(begin + remaining)
        remaining -= available
    raise AssertionError("unreachable: the periods never run out")


def add_working_days(calendar: Calendar, start: dt.datetime, days: int) -> dt.datetime:
    """The same time of day `days` working days later. A start outside working time counts from the next
    working period's start (a request on Friday evening counts from Monday 08:30).

    Equivalently: the instant with `working_time_between(start, result) == days × day_length(calendar)`,
    read at the anchor's time of day."""
    _require_aware(start)
    if days < 0:
        raise ValueError("the number of working days must not be negative")
    anchor = next_working_instant(calendar, start).astimezone(calendar.tz)
    working = special_days(calendar)
    date, counted = anchor.date(), 0
    while counted < days:
        date += dt.timedelta(days=1)
        if _is_working_day(working, date):
            counted += 1
    return _utc(dt.datetime.combine(date, anchor.time(), tzinfo=calendar.tz))


def working_time_between(calendar: Calendar, start: dt.datetime, end: dt.datetime) -> dt.timedelta:
    """The working time from `start` to `end` (negative when `end` is earlier). The inverse of
    `add_working_time(..., mode="working")`: working_time_between(s, add_working_time(s, d)) == d."""
    _require_aware(start, end)
    if end < start:
        return -working_time_between(calendar, end, start)
    local_start, local_end = start.astimezone(calendar.tz), end.astimezone(calendar.tz)
    total = ZERO
    for period_start, period_end in _periods_from(calendar, local_start.date()):
        if period_start >= local_end:
            break
        overlap = min(period_end, local_end) - max(period_start, local_start)
        if overlap > ZERO:
            total += overlap
    return total


# --- writes --------------------------------------------------------------------------------------------

def _check_may_edit(actor) -> None:
    if actor is None:
        return  # the system itself (seed data, imports)
    scope = getattr(actor, "scope", None)
    if not (getattr(actor, "is_superuser", False) or getattr(scope, "everything", False)):
        raise PermissionDenied("only system administrators edit working calendars")


@transaction.atomic
def set_special_day(*, actor, calendar: Calendar, date: dt.date, kind: str, name: str) -> SpecialDay:
    """Mark `date` as a 法定节假日 or 调休上班 day (creating or replacing the calendar's entry for it)."""
    _check_may_edit(actor)
    day = SpecialDay.objects.filter(calendar=calendar, date=date).first()
    adding = day is None
    if day is None:
        day = SpecialDay(calendar=calendar, date=date)
    day.kind, day.name = kind, name
    day.full_clean()
    day.save()
    record(day, "worktime.special_day_set", actor,
           {"calendar": calendar.code, "date": date.isoformat(), "kind": kind, "created": adding})
    calendar.refresh_from_db(fields=["revision"])
    return day


@transaction.atomic
def remove_special_day(*, actor, calendar: Calendar, date: dt.date) -> bool:
    """Make `date` an ordinary day again. Returns whether there was an entry to remove."""
    _check_may_edit(actor)
    day = SpecialDay.objects.filter(calendar=calendar, date=date).first()
    if day is None:
        return False
    record(day, "worktime.special_day_removed", actor,
           {"calendar": calendar.code, "date": date.isoformat(), "kind": day.kind})
    day.delete()
    calendar.refresh_from_db(fields=["revision"])
    return True
