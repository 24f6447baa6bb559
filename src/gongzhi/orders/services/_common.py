"""Helpers shared by the orders' services: checks, the timeline row, and places on menu items."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from gongzhi.core import clock
from gongzhi.orders.models import MenuItem, Order, OrderEvent, period_start


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def raise_errors(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def clean_text(value, max_length: int) -> str:
    return (value or "").strip()[:max_length]


def local_text(at) -> str:
    return timezone.localtime(at).strftime("%Y-%m-%d %H:%M")


def user_or_none(actor):
    return actor if actor is not None and getattr(actor, "pk", None) else None


def add_event(order: Order, *, from_status: str, to_status: str, actor, note: str = "") -> OrderEvent:
    return OrderEvent.objects.create(order=order, from_status=from_status, to_status=to_status,
                                     actor=user_or_none(actor), at=clock.now(), note=note[:300])


def roll_period(item: MenuItem) -> None:
    """A new period refills the item's places (a conditional UPDATE: concurrent callers refill it once)."""
    if item.capacity is None:
        return
    current = period_start(item.period, clock.today())
    if MenuItem.objects.filter(pk=item.pk, period_start__lt=current).update(period_start=current,
                                                                         places_left=F("capacity")):
        item.period_start, item.places_left = current, item.capacity


def take_place(item: MenuItem):
    """Take one place of the item's current period, or refuse when none is left. Returns the period's start (None
    for an item without a limit). The decrement is a conditional UPDATE (`places_left > 0`), so concurrent
    orders never oversell; the database's check constraint keeps places_left >= 0 besides."""
    if item.capacity is None:
        return None
    roll_period(item)
    current = period_start(item.period, clock.today())
    taken = MenuItem.objects.filter(pk=item.pk, active=True, period_start=current, places_left__gt=0).update(
        places_left=F("places_left") - 1)
    if not taken:
        raise ValidationError({"menu_item": _("“%(t)s”本期名额已满，请下期再点或选择其他服务") % {"t": item.title}})
    return current


def release_place(order: Order) -> bool:
    """Give the order's place back to its item — only within the period it was taken from, never above the
    item's capacity."""
    if not order.holds_place or order.menu_item_id is None or order.place_period is None:
        return False
    freed = MenuItem.objects.filter(pk=order.menu_item_id, period_start=order.place_period,
                                    places_left__lt=F("capacity")).update(places_left=F("places_left") + 1)
    Order.objects.filter(pk=order.pk).update(holds_place=False)
    order.holds_place = False
    return bool(freed)
