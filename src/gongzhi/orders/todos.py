"""What waits in 点单服务 (registered with `core.registry.register_todos`): each count comes from the selector
of the list its link opens, with the same filter."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongzhi.core.registry import Todo, Urgency, register_todos
from gongzhi.orders.models import ACTIVE_STATUSES, Order, OrderStatus
from gongzhi.orders.permissions import may_use_dispatch_board, providers_for, resident_person
from gongzhi.orders.selectors import board_counts, pool_for, provider_orders


def staff_todos(user) -> list[Todo]:
    """派单调度: orders late for a taker, orders to dispatch, low ratings to follow up."""
    if not may_use_dispatch_board(user):
        return []
    counts = board_counts(user)
    url = reverse("orders:board")
    return [Todo("orders.overdue", _("超时未接的订单"), counts["overdue"], f"{url}?flag=overdue", Urgency.OVERDUE, "⇄"),
            Todo("orders.open", _("待派单的订单"), counts[OrderStatus.OPEN], f"{url}?status=open", Urgency.WAITING, "⇄"),
            Todo("orders.follow_up", _("待回访的低评价"), counts["follow_up"], f"{url}?flag=follow_up",
                 Urgency.WAITING, "⇄")]


def provider_todos(user) -> list[Todo]:
    """接单大厅 of a unit's liaison: orders its units may take, and its own orders under way."""
    if not user.uses_workbench or not providers_for(user) or may_use_dispatch_board(user):
        return []
    url = reverse("orders:provider")
    return [Todo("orders.mine", _("本单位进行中的订单"), provider_orders(user).filter(status__in=ACTIVE_STATUSES).count(),
                 f"{url}#mine", Urgency.WAITING, "✋"),
            Todo("orders.pool", _("可接的订单"), pool_for(user).count(), f"{url}#pool", Urgency.WAITING, "✋")]


def resident_todos(user) -> list[Todo]:
    """A resident: services delivered to her, to confirm, and confirmed ones, to rate."""
    person = resident_person(user)
    if person is None:
        return []
    counts = Order.objects.filter(resident=person).aggregate(
        delivered=Count("pk", filter=Q(status=OrderStatus.DELIVERED)),
        confirmed=Count("pk", filter=Q(status=OrderStatus.CONFIRMED)))
    url = reverse("orders:m_orders")
    found = [Todo("orders.m_delivered", _("待我确认的服务"), counts["delivered"], f"{url}?status=delivered",
                  Urgency.WAITING, "☑"),
             Todo("orders.m_confirmed", _("待我评价的服务"), counts["confirmed"], f"{url}?status=confirmed",
                  Urgency.WAITING, "☑")]
    return [t for t in found if t.count]


def register() -> None:
    register_todos("orders.staff", staff_todos, order=20)
    register_todos("orders.provider", provider_todos, order=21)
    register_todos("orders.resident", resident_todos, shell="resident", order=20)
