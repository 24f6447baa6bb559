"""Read queries about in-service party members: the list of members a user follows (status, hours this year
against the target, claims) in a fixed number of queries, one member's record, the quarterly service card and
the figures. Every query starts from `permissions_inservice.members_in_charge` (or the member's own record)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DecimalField, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from gongzhi.core import clock
from gongzhi.core.numbers import tenths
from gongzhi.core.privacy import mask_id_number
from gongzhi.people.models import PartyMember
from gongzhi.regions.models import RegionNode
from gongzhi.volunteering.models import (
    COUNTED,
    HoursEntry,
    InServiceLapse,
    InServiceReport,
    ReportStatus,
    YearlyServiceTarget,
)
from gongzhi.volunteering.permissions_inservice import members_in_charge
from gongzhi.volunteering.services.inservice import (
    RegistrationState,
    earliest_current,
    registration_state,
    valid_until_of,
)
from gongzhi.wishes.models import ClaimStatus, WishClaim

STATUS_FILTERS = ("current", "lapsed", "pending", "unregistered")
COUNTED_CLAIMS = (ClaimStatus.ACTIVE, ClaimStatus.DONE)  # released and abandoned claims are not service


def masked_name(name: str) -> str:
    """李建国 -> 李**: the card and public outputs carry the surname only."""
    name = (name or "").strip()
    return name[:1] + "*" * max(len(name) - 1, 1) if name else ""


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    first = dt.date(year, 3 * quarter - 2, 1)
    last = dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1)
    return first, last - dt.timedelta(days=1)


def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


# --- the district's targets -------------------------------------------------------------------------------------

def targets_of_year(year: int) -> list[tuple[str, int]]:
    """(district path, hours) of every district that set a target for `year` (one query)."""
    return list(YearlyServiceTarget.objects.filter(year=year).values_list("district__path", "hours"))


def target_at(targets: list[tuple[str, int]], path: str | None) -> int | None:
    """The target a place inherits from its district (None: the district set none)."""
    if not path:
        return None
    return next((hours for district, hours in targets if path.startswith(district)), None)


def target_path(member: PartyMember) -> str | None:
    """Where a member's target comes from: the community she reports to, else where she lives."""
    if member.registered_community is not None:
        return member.registered_community.path
    return member.person.home.path


# --- the list of members a user follows -----------------------------------------------------------------------

def _hours_in(start: dt.date, end: dt.date):
    return Coalesce(Subquery(
        HoursEntry.objects.filter(person_id=OuterRef("person_id"), status__in=COUNTED, served_on__gte=start,
                                  served_on__lte=end)
        .order_by().values("person_id").annotate(s=Sum("hours")).values("s")[:1],
        output_field=DecimalField(max_digits=8, decimal_places=1)), Value(Decimal(0)),
        output_field=DecimalField(max_digits=8, decimal_places=1))


def _claims_in(start: dt.date, end: dt.date):
    return Coalesce(Subquery(
        WishClaim.objects.filter(party_member_id=OuterRef("pk"), status__in=COUNTED_CLAIMS,
                                 claimed_at__date__gte=start, claimed_at__date__lte=end)
        .order_by().values("party_member_id").annotate(n=Count("pk")).values("n")[:1],
        output_field=IntegerField()), Value(0), output_field=IntegerField())


def _pending_kind():
    return Subquery(InServiceReport.objects.filter(member_id=OuterRef("pk"), status=ReportStatus.PENDING)
                    .values("kind")[:1])


def member_list(user, *, year: int | None = None, status: str = "", q: str = "", community: int | None = None):
    """The in-service members the user follows, each with `hours_year` (confirmed hours this year),
    `claims_year` (micro-wishes claimed this year) and `pending_kind` (an application awaiting a decision)."""
    today = clock.today()
    year = year or today.year
    start, end = year_bounds(year)
    qs = (members_in_charge(user)
          .select_related("person__home", "work_unit", "registered_community")
          .annotate(hours_year=_hours_in(start, end), claims_year=_claims_in(start, end),
                    pending_kind=_pending_kind()))
    cutoff = earliest_current(today)
    if status == "current":
        qs = qs.filter(registered_community__isnull=False, registered_on__gte=cutoff)
    elif status == "lapsed":
        qs = qs.filter(registered_community__isnull=False, registered_on__lt=cutoff)
    elif status == "unregistered":
        qs = qs.filter(registered_community__isnull=True)
    elif status == "pending":
        qs = qs.filter(inservice_reports__status=ReportStatus.PENDING)
    q = (q or "").strip()[:50]
    if q:
        qs = qs.filter(Q(person__name__icontains=q) | Q(work_unit__name__icontains=q))
    if community is not None:
        qs = qs.filter(Q(registered_community_id=community))
    return qs.order_by("registered_community__path", "person__name", "pk")


@dataclass
class MemberRow:
    member: PartyMember
    state: RegistrationState
    hours: Decimal
    target: int | None
    wish_claims: int
    pending_kind: str | None

    @property
    def percent(self) -> int | None:
        if not self.target:
            return None
        return min(100, int(self.hours * 100 / self.target))


def present_rows(members, *, year: int) -> list[MemberRow]:
    """Rows of `member_list` with their registration state and inherited target (one query for the targets)."""
    targets = targets_of_year(year)
    today = clock.today()
    return [MemberRow(m, registration_state(m, today=today), tenths(m.hours_year), target_at(targets, target_path(m)),
                      m.claims_year, m.pending_kind) for m in members]


def pending_reports(user):
    """Applications awaiting the community's decision, oldest first, for the community staff who decide them."""
    from gongzhi.volunteering.permissions_inservice import reports_to_decide

    return (reports_to_decide(user).filter(status=ReportStatus.PENDING)
            .select_related("community", "member__person__home", "member__work_unit", "member__registered_community")
            .order_by("applied_at", "pk"))


# --- one member's record --------------------------------------------------------------------------------------

@dataclass
class MemberRecord:
    member: PartyMember
    state: RegistrationState
    year: int
    hours: Decimal
    target: int | None
    by_quarter: list[dict]
    reports: list[InServiceReport]
    lapses: list[InServiceLapse]
    wish_claims: int
    entries: list[HoursEntry] = field(default_factory=list)

    @property
    def percent(self) -> int | None:
        if not self.target:
            return None
        return min(100, int(self.hours * 100 / self.target))


def member_record(member: PartyMember, *, year: int | None = None) -> MemberRecord:
    today = clock.today()
    year = year or today.year
    start, end = year_bounds(year)
    entries = list(HoursEntry.objects.filter(person_id=member.person_id, status__in=COUNTED, served_on__gte=start,
                                             served_on__lte=end)
                   .select_related("activity", "community").order_by("served_on", "pk"))
    quarters = [{"quarter": q, "hours": sum((e.hours for e in entries if quarter_of(e.served_on) == q), Decimal(0)),
                 "available": dt.date(year, 3 * q - 2, 1) <= today} for q in (1, 2, 3, 4)]
    reports = list(InServiceReport.objects.filter(member=member).select_related("community", "decided_by"))
    pending = next((r for r in reports if r.status == ReportStatus.PENDING), None)
    claims = WishClaim.objects.filter(party_member=member, status__in=COUNTED_CLAIMS,
                                      claimed_at__date__gte=start, claimed_at__date__lte=end).count()
    return MemberRecord(member, registration_state(member, today=today, pending=pending), year,
                        sum((e.hours for e in entries), Decimal(0)), target_at(targets_of_year(year),
                                                                              target_path(member)),
                        quarters, reports, list(InServiceLapse.objects.filter(member=member)
                                                .select_related("community")), claims, entries)


# --- the quarterly service card --------------------------------------------------------------------------------

def registration_at(member: PartyMember, day: dt.date, reports: list[InServiceReport]) -> RegistrationState:
    """The member's registration as it stood on `day`, from her confirmed reports (and the registration date kept
    on her record, for a registration made before the page flow existed)."""
    confirmed = [(timezone.localdate(r.decided_at), r.community) for r in reports
                 if r.status == ReportStatus.CONFIRMED and r.decided_at is not None]
    if member.registered_on is not None and member.registered_community is not None:
        confirmed.append((member.registered_on, member.registered_community))
    before = sorted((c for c in confirmed if c[0] <= day), key=lambda c: c[0])
    if not before:
        return RegistrationState("unregistered", None, None, None, True)
    on, community = before[-1]
    until = valid_until_of(on)
    return RegistrationState("current" if day <= until else "lapsed", community, on, until, False)


@dataclass
class QuarterCard:
    member: PartyMember
    year: int
    quarter: int
    start: dt.date
    end: dt.date
    name: str
    id_number: str
    community: RegionNode | None
    state: RegistrationState
    entries: list[HoursEntry]
    hours: Decimal
    hours_year: Decimal
    target: int | None
    wish_claims: int
    issued_on: dt.date

    @property
    def number(self) -> str:
        return f"ZZ{self.year}Q{self.quarter}-{self.member.pk:06d}"


def quarter_card(member: PartyMember, year: int, quarter: int) -> QuarterCard:
    today = clock.today()
    start, end = quarter_bounds(year, quarter)
    as_of = min(end, today)
    entries = list(HoursEntry.objects.filter(person_id=member.person_id, status__in=COUNTED, served_on__gte=start,
                                             served_on__lte=end)
                   .select_related("activity", "community").order_by("served_on", "pk"))
    hours_year = (HoursEntry.objects.filter(person_id=member.person_id, status__in=COUNTED,
                                            served_on__gte=dt.date(year, 1, 1), served_on__lte=end)
                  .aggregate(s=Sum("hours"))["s"] or Decimal(0))
    hours_year = tenths(hours_year)
    reports = list(InServiceReport.objects.filter(member=member).select_related("community"))
    state = registration_at(member, as_of, reports)
    claims = WishClaim.objects.filter(party_member=member, status__in=COUNTED_CLAIMS, claimed_at__date__gte=start,
                                      claimed_at__date__lte=end).count()
    return QuarterCard(member, year, quarter, start, end, masked_name(member.person.name),
                       mask_id_number(member.person.id_number), state.community or member.registered_community,
                       state, entries, sum((e.hours for e in entries), Decimal(0)), hours_year,
                       target_at(targets_of_year(year), target_path(member)), claims, today)


# --- figures --------------------------------------------------------------------------------------------------------

def _reference_day(year: int | None) -> dt.date:
    today = clock.today()
    return today if year is None or year >= today.year else dt.date(year, 12, 31)


def registered_count(node: RegionNode, year: int | None = None) -> int:
    """In-service party members whose registration with a community of `node`'s subtree was current on the
    reference day (today; for a past year, 31 December): a confirmed report on or before that day, no more than
    six months old. Counts each member once."""
    day = _reference_day(year)
    since = earliest_current(day)
    ids = set(InServiceReport.objects.filter(status=ReportStatus.CONFIRMED, community__path__startswith=node.path,
                                             member__in_service=True, valid_until__gte=day,
                                             decided_at__lt=_start_of(day + dt.timedelta(days=1)))
              .values_list("member_id", flat=True))
    ids |= set(PartyMember.objects.filter(in_service=True, registered_community__path__startswith=node.path,
                                          registered_on__gte=since, registered_on__lte=day)
               .values_list("pk", flat=True))
    return len(ids)


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def member_hours(node: RegionNode, year: int | None = None) -> Decimal:
    """Confirmed hours served in the communities of `node`'s subtree by in-service party members, in `year`
    (all years when None)."""
    qs = HoursEntry.objects.filter(status__in=COUNTED, community__path__startswith=node.path,
                                   person__party_member__in_service=True)
    if year is not None:
        start, end = year_bounds(year)
        qs = qs.filter(served_on__gte=start, served_on__lte=end)
    return tenths(qs.aggregate(s=Sum("hours"))["s"])
