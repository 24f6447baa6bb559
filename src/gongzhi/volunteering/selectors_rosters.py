"""Read queries of duty rosters: upcoming shifts with their sign-up counts, the gaps (shifts of the next two weeks
with fewer sign-ups than slots), a shift's sign-ups, duty hours awaiting confirmation. Each list is one query
whatever its length (counts are annotations)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, F, OuterRef, Q

from gongzhi.core import clock
from gongzhi.volunteering.models import ACTIVE_SIGNUPS, HoursStatus, Shift, ShiftSignup, SignupStatus

GAP_DAYS = 14  # gaps are looked for in the next two weeks


def with_counts(shifts, *, volunteer=None):
    """Shifts annotated with `taken` (sign-ups holding a slot) and, for a member, `mine` (their active sign-up)."""
    qs = shifts.annotate(taken=Count("signups", filter=Q(signups__status__in=ACTIVE_SIGNUPS), distinct=True))
    if volunteer is not None:
        qs = qs.annotate(mine=Exists(ShiftSignup.objects.filter(shift=OuterRef("pk"), volunteer=volunteer,
                                                                status__in=ACTIVE_SIGNUPS)))
    return qs.select_related("roster__team__community")


def upcoming(shifts, *, days: int = GAP_DAYS, volunteer=None):
    now = clock.now()
    return (with_counts(shifts.filter(starts_at__gt=now, starts_at__lte=now + dt.timedelta(days=days)),
                        volunteer=volunteer).order_by("starts_at", "pk"))


def gaps(shifts, *, days: int = GAP_DAYS):
    """Shifts in the next `days` days that still need members (fewer sign-ups than slots), soonest first."""
    return upcoming(shifts, days=days).filter(taken__lt=F("slots"))


def awaiting_attendance(shifts, *, days: int = 30):
    """Shifts that have started in the last `days` days and still have sign-ups to mark."""
    now = clock.now()
    pending = ShiftSignup.objects.filter(shift=OuterRef("pk"), status=SignupStatus.SIGNED)
    return (with_counts(shifts.filter(starts_at__lte=now, starts_at__gt=now - dt.timedelta(days=days)))
            .filter(Exists(pending)).order_by("-starts_at", "pk"))


def signups_of(shift):
    return (ShiftSignup.objects.filter(shift=shift).exclude(status=SignupStatus.CANCELLED)
            .select_related("volunteer__person__home").order_by("signed_at", "pk"))


def pending_duty_hours(entries):
    return (entries.filter(status=HoursStatus.PENDING).select_related("person", "team", "shift__roster", "community")
            .order_by("served_on", "pk"))


def my_signups(volunteer, *, days: int = GAP_DAYS):
    now = clock.now()
    return (ShiftSignup.objects.filter(volunteer=volunteer, status__in=ACTIVE_SIGNUPS,
                                       shift__starts_at__gt=now - dt.timedelta(days=days))
            .select_related("shift__roster__team").order_by("shift__starts_at", "pk"))


__all__ = ["GAP_DAYS", "Shift", "awaiting_attendance", "gaps", "my_signups", "pending_duty_hours", "signups_of",
           "upcoming", "with_counts"]
