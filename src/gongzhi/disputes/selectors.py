"""Read queries over disputes, starting from `disputes_visible_to(user)`: the community dispute list (台账) with
its filters, the follow-ups due, a dispute's timeline, and the figures registered as statistics."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Prefetch, Q

from gongzhi.core import clock
from gongzhi.core.listing import as_id, search
from gongzhi.disputes.models import (
    OUTCOME_STATUSES,
    Dispute,
    DisputeStatus,
    FollowUp,
    MediationSession,
    Outcome,
    Party,
    RiskLevel,
)
from gongzhi.disputes.permissions import disputes_visible_to

SEARCH_FIELDS = ("search_key", "case__number", "case__title", "subject")
FOLLOW_UP_FILTERS = ("week", "overdue", "due")
LIST_RELATED = ("case__community", "case__category", "case__owner")


def week_end(today: dt.date) -> dt.date:
    """The Sunday of today's week."""
    return today + dt.timedelta(days=6 - today.weekday())


def follow_up_condition(which: str, today: dt.date | None = None) -> Q:
    """week: due from today to Sunday; overdue: the date has passed; due: overdue or within the next 7 days."""
    today = today or clock.today()
    pending = Q(status__in=OUTCOME_STATUSES, follow_up_on__isnull=False)
    if which == "week":
        return pending & Q(follow_up_on__gte=today, follow_up_on__lte=week_end(today))
    if which == "overdue":
        return pending & Q(follow_up_on__lt=today)
    if which == "due":
        return pending & Q(follow_up_on__lte=today + dt.timedelta(days=7))
    return Q()


def dispute_list(user, *, q: str = "", status: str = "", risk: str = "", outcome: str = "", follow_up: str = "",
                 community=None, category: str = ""):
    """The disputes the user sees, newest first, each with its parties (one query for the page) and the
    number of mediation sessions."""
    # A NUL character in a query string reaches PostgreSQL as a text parameter and fails there (a 500).
    q, category = (q or "").replace("\x00", ""), (category or "").replace("\x00", "")
    qs = disputes_visible_to(user).select_related(*LIST_RELATED)
    qs = search(qs, q, SEARCH_FIELDS)
    if status in DisputeStatus.values:
        qs = qs.filter(status=status)
    if risk in RiskLevel.values:
        qs = qs.filter(risk=risk)
    if outcome in Outcome.values:
        qs = qs.filter(outcome=outcome)
    if follow_up in FOLLOW_UP_FILTERS:
        qs = qs.filter(follow_up_condition(follow_up))
    if as_id(community):
        qs = qs.filter(case__community_id=as_id(community))
    if category:
        qs = qs.filter(case__category__code=category)
    return (qs.annotate(session_count=Count("sessions", distinct=True))
            .prefetch_related(Prefetch("parties", queryset=Party.objects.order_by("pk")))
            .order_by("-registered_at", "-pk"))


def status_counts(user) -> dict[str, int]:
    """{status: number} of the disputes the user sees, plus the follow-ups due this week and overdue and the
    open 重大 disputes (the list's tabs and the street's flag)."""
    qs = disputes_visible_to(user)
    today = clock.today()
    figures = qs.aggregate(
        **{s: Count("pk", filter=Q(status=s)) for s in DisputeStatus.values},
        all=Count("pk"),
        week=Count("pk", filter=follow_up_condition("week", today)),
        overdue=Count("pk", filter=follow_up_condition("overdue", today)),
        due=Count("pk", filter=follow_up_condition("due", today)),
        major_open=Count("pk", filter=Q(risk=RiskLevel.MAJOR) & ~Q(status=DisputeStatus.CLOSED)),
    )
    return figures


def follow_ups_due(user, *, within_days: int = 7):
    """回访提醒: disputes with an outcome whose follow-up is overdue or due within `within_days`, soonest first."""
    today = clock.today()
    return (disputes_visible_to(user)
            .filter(status__in=OUTCOME_STATUSES, follow_up_on__lte=today + dt.timedelta(days=within_days))
            .select_related(*LIST_RELATED)
            .prefetch_related(Prefetch("parties", queryset=Party.objects.order_by("pk")))
            .order_by("follow_up_on", "pk"))


def sessions_of(dispute: Dispute):
    return (MediationSession.objects.filter(dispute=dispute).select_related("recorded_by")
            .prefetch_related("mediators", "departments").order_by("number"))


def follow_ups_of(dispute: Dispute):
    return FollowUp.objects.filter(dispute=dispute).select_related("by").order_by("done_on", "pk")


def parties_of(dispute: Dispute):
    return Party.objects.filter(dispute=dispute).select_related("person").order_by("pk")


# --- figures for a region node (statistics) ---------------------------------------------------------------

def figures(*, path: str, year: int | None = None) -> dict[str, int | float | None]:
    """Disputes registered, mediated successfully (agreement), the success rate (agreements ÷ disputes with an
    outcome) and the follow-ups overdue, for the subtree at `path` (registered in `year` when given)."""
    qs = Dispute.objects.filter(case__community__path__startswith=path)
    if year:
        qs = qs.filter(registered_at__year=year)
    today = clock.today()
    row = qs.aggregate(
        registered=Count("pk"),
        agreements=Count("pk", filter=Q(outcome=Outcome.AGREEMENT)),
        with_outcome=Count("pk", filter=~Q(outcome="")),
        overdue=Count("pk", filter=follow_up_condition("overdue", today)),
        major_open=Count("pk", filter=Q(risk=RiskLevel.MAJOR) & ~Q(status=DisputeStatus.CLOSED)),
    )
    row["success_rate"] = row["agreements"] / row["with_outcome"] if row["with_outcome"] else None
    return row
