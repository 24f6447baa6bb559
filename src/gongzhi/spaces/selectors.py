"""Read queries of the space platform: venues, applications, a venue's week, commitments, and the usage figures
(docs/figures.md, "Spaces"). Lists start from the scoped querysets of `permissions` and load what they show in a
fixed number of queries."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db.models import Count, Exists, Min, OuterRef, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from gongzhi.core import clock
from gongzhi.core.listing import as_id, search
from gongzhi.regions.models import RegionNode
from gongzhi.spaces.models import (
    HOLDING,
    Application,
    ApplicationStatus,
    Booking,
    BookingStatus,
    Closure,
    ExchangeCommitment,
    ExchangeFulfilment,
    OpeningHours,
    Venue,
)
from gongzhi.spaces.permissions import (
    applications_visible_to,
    commitments_visible_to,
    run_by,
    venues_visible_to,
)
from gongzhi.spaces.services import at, local


def _community(qs, community, field: str = "community_id") -> QuerySet:
    pk = as_id(community.pk if isinstance(community, RegionNode) else community)
    return qs.filter(**{field: pk}) if pk is not None else (qs.none() if community not in (None, "") else qs)


def venues(user, *, community=None, kind: str = "", q: str = "") -> QuerySet[Venue]:
    qs = search(_community(venues_visible_to(user), community), q, ("name", "location"))
    if kind:
        qs = qs.filter(kind=kind)
    return qs.select_related("community").order_by("community__path", "kind", "name")


def hours_of(venues_) -> dict[int, list[OpeningHours]]:
    found: dict[int, list[OpeningHours]] = {}
    for r in OpeningHours.objects.filter(venue__in=[v.pk for v in venues_]).order_by("venue_id", "weekday", "opens"):
        found.setdefault(r.venue_id, []).append(r)
    return found


# `?decide=` of the application list: the applications waiting for the user's decision (待我审批), and of those the
# ones whose first waiting occurrence starts within a day (it lapses, 逾期未审, if nobody decides by then).
DECIDE_CHOICES = (("1", _("待我审批")), ("soon", _("24小时内开始")))
SOON = dt.timedelta(hours=24)


def starts_soon(now: dt.datetime) -> Exists:
    """An application with an occurrence still waiting for a decision that starts within a day (or has started
    and not yet lapsed)."""
    return Exists(Booking.objects.filter(application=OuterRef("pk"), status=BookingStatus.APPLIED,
                                         starts_at__lt=now + SOON))


def to_decide(user) -> QuerySet[Application]:
    """Applications waiting for a decision in the communities whose venues the user runs."""
    return applications_visible_to(user).filter(run_by(user), status=ApplicationStatus.APPLIED)


def application_rows(user, *, community=None, venue=None, status: str = "", q: str = "",
                     decide: str = "") -> QuerySet[Application]:
    """The application list's rows, filtered (`decide`: "1" waiting for the user's decision, "soon" those of them
    starting within a day; anything else is ignored), not yet annotated."""
    qs = _community(to_decide(user) if decide in ("1", "soon") else applications_visible_to(user), community,
                    "venue__community_id")
    if decide == "soon":
        qs = qs.filter(starts_soon(clock.now()))
    if venue is not None:
        qs = qs.filter(venue_id=as_id(venue.pk if isinstance(venue, Venue) else venue) or 0)
    if status:
        qs = qs.filter(status=status)
    return search(qs, q, ("purpose", "venue__name", "partner__organisation__name", "team__name"))


def applications(user, *, community=None, venue=None, status: str = "", q: str = "",
                 decide: str = "") -> QuerySet[Application]:
    qs = application_rows(user, community=community, venue=venue, status=status, q=q, decide=decide)
    return (qs.select_related("venue__community", "partner__organisation", "team", "person__home", "commitment")
            .annotate(occurrences=Count("bookings"),
                      live=Count("bookings", filter=Q(bookings__status__in=HOLDING)),
                      next_at=Min("bookings__starts_at", filter=Q(bookings__status__in=HOLDING,
                                                                  bookings__starts_at__gt=clock.now())))
            .order_by("-applied_at", "-pk"))


def bookings_of(application: Application) -> QuerySet[Booking]:
    return application.bookings.order_by("starts_at", "pk")


def week(venue: Venue, monday: dt.date) -> list[dict]:
    """The venue's seven days from `monday`: opening ranges, closures and the bookings that hold a slot."""
    days = [monday + dt.timedelta(days=i) for i in range(7)]
    hours: dict[int, list[OpeningHours]] = {}
    for r in venue.opening_hours.order_by("weekday", "opens"):
        hours.setdefault(r.weekday, []).append(r)
    closures = list(Closure.objects.filter(venue=venue, ends_on__gte=days[0], starts_on__lte=days[-1]))
    taken = list(Booking.objects.filter(venue=venue, status__in=HOLDING, starts_at__lt=at(days[-1], dt.time(23, 59)),
                                        ends_at__gt=at(days[0], dt.time(0)))
                 .select_related("application__partner__organisation", "application__team",
                                 "application__person__home", "application__venue__community")
                 .order_by("starts_at"))
    out = []
    for day in days:
        out.append({"date": day, "hours": hours.get(day.weekday(), []),
                    "closures": [c for c in closures if c.starts_on <= day <= c.ends_on],
                    "bookings": [b for b in taken if local(b.starts_at).date() == day]})
    return out


def commitments(user, *, partner=None, community=None) -> QuerySet[ExchangeCommitment]:
    qs = _community(commitments_visible_to(user), community)
    if partner is not None:
        qs = qs.filter(partner=partner)
    return (qs.select_related("partner__organisation", "application__venue", "community")
            .annotate(services=Count("fulfilments"), person_times=Sum("fulfilments__person_times"))
            .order_by("-created_at", "-pk"))


def fulfilments_of(commitment: ExchangeCommitment) -> QuerySet[ExchangeFulfilment]:
    return commitment.fulfilments.select_related("recorded_by").order_by("-date", "-pk")


# --- usage (docs/figures.md, "Spaces") -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # included
    label: str


PERIOD_CHOICES = (("7", "近7天"), ("30", "近30天"), ("365", "近365天"))
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def period(value: str | None, *, today: dt.date | None = None) -> Period:
    """"7" / "30" / "365": that many days up to and including today; "YYYY-MM": that calendar month. Anything else
    is the last 30 days."""
    today = today or clock.today()
    value = (value or "").strip()
    match = _MONTH.match(value)
    if match:
        year, month = int(match[1]), int(match[2])
        if 2000 <= year <= 2100 and 1 <= month <= 12:
            start = dt.date(year, month, 1)
            end = (dt.date(year + month // 12, month % 12 + 1, 1)) - dt.timedelta(days=1)
            return Period(start, end, f"{year}年{month}月")
    days = {"7": 7, "30": 30, "365": 365}.get(value, 30)
    return Period(today - dt.timedelta(days=days - 1), today, dict(PERIOD_CHOICES)[str(days)])


@dataclass
class Usage:
    open_hours: float
    booked_hours: float

    @property
    def rate(self) -> float | None:
        return self.booked_hours / self.open_hours if self.open_hours else None


def usage(venue_ids: list[int], start: dt.date, end: dt.date) -> dict[int, Usage]:
    """Per venue: open hours (the weekly opening ranges of every day from `start` to `end`, closure days left out)
    and booked hours (approved occurrences, the part of each that lies in the period). Three queries."""
    result = {pk: Usage(0.0, 0.0) for pk in venue_ids}
    if not venue_ids or end < start:
        return result
    weekly: dict[int, list[float]] = {pk: [0.0] * 7 for pk in venue_ids}
    for r in OpeningHours.objects.filter(venue_id__in=venue_ids):
        span = dt.datetime.combine(start, r.closes) - dt.datetime.combine(start, r.opens)
        weekly[r.venue_id][r.weekday] += span.total_seconds() / 3600
    closed: dict[int, set[dt.date]] = {pk: set() for pk in venue_ids}
    for c in Closure.objects.filter(venue_id__in=venue_ids, ends_on__gte=start, starts_on__lte=end):
        day = max(c.starts_on, start)
        while day <= min(c.ends_on, end):
            closed[c.venue_id].add(day)
            day += dt.timedelta(days=1)
    days = (end - start).days + 1
    for pk in venue_ids:
        hours = 0.0
        for i in range(days):
            day = start + dt.timedelta(days=i)
            if day not in closed[pk]:
                hours += weekly[pk][day.weekday()]
        result[pk].open_hours = hours
    lo, hi = at(start, dt.time(0)), at(end + dt.timedelta(days=1), dt.time(0))
    for venue_id, s, e in Booking.objects.filter(venue_id__in=venue_ids, status=BookingStatus.APPROVED,
                                                 starts_at__lt=hi, ends_at__gt=lo).values_list(
            "venue_id", "starts_at", "ends_at"):
        result[venue_id].booked_hours += (min(e, hi) - max(s, lo)).total_seconds() / 3600
    return result


def figures(*, path: str, year: int | None = None) -> dict[str, float | int | None]:
    """For the venues of a node's subtree: the usage rate and booked hours over the year (up to today for the
    current year) or, without a year, the last 365 days; the services given in exchange (fulfilment records) and
    their person-times by the date of service."""
    today = clock.today()
    if year is None:
        start, end = today - dt.timedelta(days=364), today
    else:
        start, end = dt.date(year, 1, 1), min(dt.date(year, 12, 31), today)
    ids = list(Venue.objects.filter(community__path__startswith=path).values_list("pk", flat=True))
    found = usage(ids, start, end)
    open_hours = sum(u.open_hours for u in found.values())
    booked = sum(u.booked_hours for u in found.values())
    done = ExchangeFulfilment.objects.filter(commitment__community__path__startswith=path)
    done = done.filter(date__year=year) if year is not None else done.filter(date__gte=start, date__lte=end)
    sums = done.aggregate(n=Count("pk"), p=Sum("person_times"))
    return {"usage_rate": booked / open_hours if open_hours else None, "booked_hours": round(booked, 1),
            "services": sums["n"] or 0, "person_times": sums["p"] or 0}
