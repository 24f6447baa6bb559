"""The daily (or hourly) sweep of the orders, safe to run any number of times:

- an order nobody took within its community's limit is marked overdue and escalated to the community staff —
  once: the database holds one `Escalation` per order and kind (like contracts' `Reminder`);
- a delivered order the resident did not confirm within the confirmation limit is confirmed for her
  ("居民逾期未确认");
- menu items whose period has ended get their places back."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F

from gongzhi.accounts.models import RoleAssignment
from gongzhi.chronicle.services import record
from gongzhi.core import clock
from gongzhi.core.scope import ancestor_paths
from gongzhi.orders.models import (
    WAITING_STATUSES,
    Escalation,
    EscalationKind,
    MenuItem,
    Order,
    OrderStatus,
    Period,
    period_start,
)
from gongzhi.orders.services._common import add_event, local_text
from gongzhi.orders.services.orders import AUTO_CONFIRM_REASON, confirm_order

OVERDUE_NOTE = "超时未接单，已提交社区督办"


def escalation_recipients(community) -> list[int]:
    """The community's staff (assigned at the community or above it)."""
    return sorted(set(RoleAssignment.objects.filter(role="community_staff", active=True,
                                                    region__path__in=ancestor_paths(community.path))
                      .values_list("user_id", flat=True)))


def escalate_overdue() -> int:
    now = clock.now()
    late = (Order.objects.filter(status__in=WAITING_STATUSES, take_deadline__lte=now)
            .exclude(escalations__kind=EscalationKind.NOT_TAKEN).select_related("community").order_by("pk"))
    escalated = 0
    for order in late:
        try:
            with transaction.atomic():
                if not Order.objects.select_for_update().filter(pk=order.pk, status__in=WAITING_STATUSES).exists():
                    continue  # taken or cancelled meanwhile
                escalation = Escalation.objects.create(
                    order=order, kind=EscalationKind.NOT_TAKEN, created_at=now,
                    message=f"“{order.title}”超时未接单（时限 {local_text(order.take_deadline)}），请社区督办")
                escalation.recipients.set(escalation_recipients(order.community))
                Order.objects.filter(pk=order.pk, overdue_at__isnull=True).update(overdue_at=now)
                add_event(order, from_status=order.status, to_status=order.status, actor=None, note=OVERDUE_NOTE)
                record(order, "order.escalated", None, {"escalation": escalation.pk,
                                                         "take_deadline": order.take_deadline.isoformat()})
        except IntegrityError:  # a concurrent sweep escalated it first
            continue
        escalated += 1
    return escalated


def close_unconfirmed() -> int:
    closed = 0
    for order in Order.objects.filter(status=OrderStatus.DELIVERED, confirm_deadline__lte=clock.now()).order_by("pk"):
        try:
            confirm_order(actor=None, order=order, reason=AUTO_CONFIRM_REASON)
        except ValidationError:  # the resident (or a concurrent sweep) confirmed it first
            continue
        closed += 1
    return closed


@transaction.atomic
def refill_places() -> int:
    """Items whose period ended start the new period with all their places (conditional UPDATEs)."""
    today = clock.today()
    refilled = 0
    for period in Period.values:
        current = period_start(period, today)
        refilled += MenuItem.objects.filter(period=period, capacity__isnull=False, period_start__lt=current).update(
            period_start=current, places_left=F("capacity"))
    if refilled:
        record(("orders.menu", today.isoformat()), "menu.places_refilled", None, {"items": refilled})
    return refilled


def sweep_orders() -> dict[str, int]:
    """Escalate overdue orders, close unconfirmed ones, refill menu places. Returns what it did."""
    return {"escalated": escalate_overdue(), "confirmed": close_unconfirmed(), "refilled": refill_places()}
