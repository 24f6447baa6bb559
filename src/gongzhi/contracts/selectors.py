"""Read queries of the contract lifecycle, and the figures every report uses — one definition everywhere.

Definitions (docs/figures.md repeats them):
- a contract *counts* for a year when it is signed (the current version; superseded versions never count)
  and the year is its `year`;
- *participating units*: distinct units that are parties of counted contracts;
- *committed items*: commitments of counted contracts;
- *services held*: fulfilment records of those commitments dated in the year; *people served* and
  *volunteer hours*: their sums;
- a commitment is *completed* when its recorded fulfilment meets every target — at least `target_services`
  records (at least one), at least `target_person_times` person-times — and every milestone is done; it was
  completed *on time* when the record that completed it is dated on or before the deadline."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DecimalField, IntegerField, Max, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Greatest

from gongzhi.contracts.models import Commitment, Contract, ContractStatus, Fulfilment, Milestone


def counted_contracts(*, path: str, year: int):
    return Contract.objects.filter(status=ContractStatus.SIGNED, year=year, community__path__startswith=path)


def with_progress(commitments, *, year: int | None = None):
    """Annotate commitments with services, person_times, volunteer_hours, last_service, open_milestones and
    `completed` (bool) — in one query, whatever the number of rows."""
    fulfilments = Fulfilment.objects.filter(commitment=OuterRef("pk"))
    if year is not None:
        fulfilments = fulfilments.filter(date__year=year)

    def agg(expr, output):
        return Coalesce(Subquery(fulfilments.values("commitment").annotate(v=expr).values("v")[:1],
                                 output_field=output), Value(0, output_field=output))

    open_milestones = Milestone.objects.filter(commitment=OuterRef("pk"), done_on__isnull=True)
    qs = commitments.annotate(
        services=agg(Count("pk"), IntegerField()),
        person_times_done=agg(Sum("person_times"), IntegerField()),
        volunteer_hours_done=agg(Sum("volunteer_hours"), DecimalField(max_digits=10, decimal_places=1)),
        last_service=Subquery(fulfilments.values("commitment").annotate(v=Max("date")).values("v")[:1]),
        open_milestones=Coalesce(Subquery(open_milestones.values("commitment").annotate(v=Count("pk"))
                                          .values("v")[:1], output_field=IntegerField()), Value(0)),
    )
    return qs.annotate(
        required_services=Greatest("target_services", Value(1)),
    )


def is_completed(c) -> bool:
    return (c.services >= c.required_services and c.person_times_done >= c.target_person_times
            and c.open_milestones == 0)


def completion_date(commitment):
    """The date of the fulfilment record with which every target was met (None while not completed)."""
    if commitment.open_milestones:
        return None
    person_times = 0
    required = max(commitment.target_services, 1)
    records = commitment.fulfilments.order_by("date", "pk").only("date", "person_times")
    for services, f in enumerate(records, start=1):
        person_times += f.person_times
        if services >= required and person_times >= commitment.target_person_times:
            return f.date
    return None


@dataclass(frozen=True)
class Figures:
    participating_units: int
    contracts: int
    committed_items: int
    completed_items: int
    services_held: int
    person_times: int
    volunteer_hours: Decimal

    def as_rows(self) -> list[tuple[str, object]]:
        from django.utils.translation import gettext as _

        return [(_("参与共建单位（个）"), self.participating_units), (_("签订契约（份）"), self.contracts),
                (_("承诺服务事项（项）"), self.committed_items), (_("已完成事项（项）"), self.completed_items),
                (_("开展服务（次）"), self.services_held), (_("服务群众（人次）"), self.person_times),
                (_("志愿服务时长（小时）"), self.volunteer_hours)]


def figures(*, path: str, year: int) -> Figures:
    """The report for a region subtree (a node's path) and a year."""
    contracts = counted_contracts(path=path, year=year)
    commitments = Commitment.objects.filter(contract__in=contracts)
    done = Fulfilment.objects.filter(commitment__in=commitments, date__year=year).aggregate(
        n=Count("pk"), people=Sum("person_times"), hours=Sum("volunteer_hours"))
    completed = sum(1 for c in with_progress(commitments) if is_completed(c))
    return Figures(
        participating_units=contracts.values("parties__organisation").exclude(parties__organisation=None)
        .distinct().count(),
        contracts=contracts.count(),
        committed_items=commitments.count(),
        completed_items=completed,
        services_held=done["n"] or 0,
        person_times=done["people"] or 0,
        volunteer_hours=done["hours"] or Decimal("0"),
    )


@dataclass(frozen=True)
class UnitFigures:
    """One unit's record for a year, used to pre-fill assessment indicators."""

    committed_items: int
    completed_items: int
    completed_on_time: int
    services_held: int
    person_times: int
    target_person_times: int
    volunteer_hours: Decimal

    @property
    def fulfilment_rate(self) -> Decimal:
        return _ratio(self.completed_items, self.committed_items)

    @property
    def person_times_rate(self) -> Decimal:
        return _ratio(self.person_times, self.target_person_times)

    @property
    def timeliness(self) -> Decimal:
        return _ratio(self.completed_on_time, self.committed_items)


def _ratio(a, b) -> Decimal:
    """a ÷ b as a 0–100 score, capped at 100; 0 when there is nothing to measure."""
    if not b:
        return Decimal("0")
    return min(Decimal("100"), (Decimal(a) * 100 / Decimal(b)).quantize(Decimal("0.01")))


def unit_figures(*, organisation, year: int) -> UnitFigures:
    commitments = Commitment.objects.filter(contract__status=ContractStatus.SIGNED, contract__year=year,
                                            undertakers=organisation).distinct()
    progress = list(with_progress(commitments))
    completed = [c for c in progress if is_completed(c)]
    on_time = sum(1 for c in completed if (d := completion_date(c)) is not None and d <= c.deadline)
    own = Fulfilment.objects.filter(commitment__in=commitments, date__year=year).filter(
        Q(organisation=organisation) | Q(organisation__isnull=True))
    done = own.aggregate(n=Count("pk"), people=Sum("person_times"), hours=Sum("volunteer_hours"))
    return UnitFigures(
        committed_items=len(progress),
        completed_items=len(completed),
        completed_on_time=on_time,
        services_held=done["n"] or 0,
        person_times=done["people"] or 0,
        target_person_times=sum(c.target_person_times for c in progress),
        volunteer_hours=done["hours"] or Decimal("0"),
    )
