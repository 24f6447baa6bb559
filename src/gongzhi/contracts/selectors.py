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

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DecimalField, F, IntegerField, Max, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils.translation import gettext_lazy as _

from gongzhi.contracts.models import (
    Area,
    Commitment,
    Contract,
    ContractStatus,
    Fulfilment,
    MeetingStatus,
    Milestone,
    Party,
)
from gongzhi.contracts.permissions import commitments_visible_to, contracts_visible_to, meetings_visible_to
from gongzhi.core import clock


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


def completed_condition() -> Q:
    """`is_completed` as a filter over `with_progress`'s annotations."""
    return Q(services__gte=F("required_services"), person_times_done__gte=F("target_person_times"),
             open_milestones=0)


# --- the work lists (项目清单, 共建契约, 商谈会) and the to-do list share these filters -------------------------------

APPROACHING_DAYS = 14  # as the reminders' sweep: a deadline within two weeks is 即将到期
DUE_CHOICES = [("overdue", _("已逾期未完成")), ("soon", _("14天内到期未完成"))]


def due_condition(due: str, today: dt.date) -> Q | None:
    """Commitments not completed past their deadline ("overdue") or due within APPROACHING_DAYS ("soon"), over
    `with_progress`'s annotations; None for any other value (no filter)."""
    if due == "overdue":
        return Q(deadline__lt=today) & ~completed_condition()
    if due == "soon":
        return (Q(deadline__gte=today, deadline__lte=today + dt.timedelta(days=APPROACHING_DAYS))
                & ~completed_condition())
    return None


def projects(user, *, area: str = "", q: str = "", due: str = "", mine: bool = False, today: dt.date | None = None,
             year: str = ""):
    """项目清单: the commitments of the current (signed) contracts the user sees, with their progress; `mine`: only
    those the user's own units undertake; `due`: see `due_condition`; `year`: of that year's contracts only."""
    qs = commitments_visible_to(user).filter(contract__status=ContractStatus.SIGNED)
    if str(year).isdigit() and len(str(year)) == 4:
        qs = qs.filter(contract__year=int(year))
    if area in Area.values:
        qs = qs.filter(area=area)
    if q:
        qs = qs.filter(title__icontains=q)
    if mine:
        qs = qs.filter(pk__in=Commitment.undertakers.through.objects.filter(
            organisation_id__in=sorted(user.scope.organisation_ids)).values("commitment_id"))
    qs = with_progress(qs)
    condition = due_condition(due, today or clock.today())
    if condition is not None:
        qs = qs.filter(condition)
    return qs


CONTRACT_STEPS = [("agree", _("待本单位确认")), ("sign", _("待签订"))]


def contract_step_condition(step: str, user) -> Q | None:
    """"agree": drafts one of the user's units has not agreed to yet; "sign": drafts with commitments that every
    unit agreed to, waiting for the community's signature; None for any other value (no filter)."""
    if step == "agree":
        return Q(status=ContractStatus.DRAFT, pk__in=Party.objects.filter(
            organisation_id__in=sorted(user.scope.organisation_ids), agreed_at__isnull=True).values("contract_id"))
    if step == "sign":
        return (Q(status=ContractStatus.DRAFT, pk__in=Commitment.objects.values("contract_id"))
                & ~Q(pk__in=Party.objects.filter(agreed_at__isnull=True).values("contract_id")))
    return None


def contracts(user, *, year: str = "", status: str = "", step: str = ""):
    """共建契约 the user sees, of a year, a status, a step waiting (`contract_step_condition`)."""
    qs = contracts_visible_to(user)
    if str(year).isdigit():
        qs = qs.filter(year=int(year))
    if status in ContractStatus.values:
        qs = qs.filter(status=status)
    condition = contract_step_condition(step, user)
    return qs if condition is None else qs.filter(condition)


MEETING_STEPS = [("minutes", _("待记录纪要")), ("draft", _("待起草契约"))]


def meeting_step_condition(step: str, now: dt.datetime) -> Q | None:
    """"minutes": convened meetings whose time has come, minutes not recorded yet; "draft": held meetings no
    contract has been drafted from; None for any other value (no filter)."""
    if step == "minutes":
        return Q(status=MeetingStatus.CONVENED, starts_at__lte=now)
    if step == "draft":
        # (a subquery without OuterRef: the to-do list counts with this inside an aggregate's filter)
        return Q(status=MeetingStatus.HELD) & ~Q(pk__in=Contract.objects.filter(meeting__isnull=False)
                                                 .values("meeting_id"))
    return None


def negotiation_meetings(user, *, step: str = "", now: dt.datetime | None = None):
    """商谈会 the user sees, or those at one step (`meeting_step_condition`)."""
    qs = meetings_visible_to(user)
    condition = meeting_step_condition(step, now or clock.now())
    return qs if condition is None else qs.filter(condition)


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
