"""Every write of the orders app: the service menu and its time limits (`menu`), the four-order loop
(`orders`) and the sweep of timeouts (`sweep`). Import from here: `from gongzhi.orders import services`."""

from gongzhi.orders.services.menu import (
    build_menu,
    create_item,
    plan_capacity,
    provider_serves,
    publish_item,
    update_item,
    update_policy,
    withdraw_item,
)
from gongzhi.orders.services.orders import (
    AUTO_CONFIRM_REASON,
    TAKEN_BY_OTHERS,
    cancel_order,
    confirm_order,
    deliver_order,
    dispatch_batch,
    dispatch_order,
    parse_provider,
    place_order,
    rate_order,
    resolve_follow_up,
    take_order,
)
from gongzhi.orders.services.sweep import OVERDUE_NOTE, escalate_overdue, refill_places, sweep_orders

__all__ = [
    "AUTO_CONFIRM_REASON", "OVERDUE_NOTE", "TAKEN_BY_OTHERS", "build_menu", "cancel_order", "confirm_order",
    "create_item", "deliver_order", "dispatch_batch", "dispatch_order", "escalate_overdue", "parse_provider",
    "place_order", "plan_capacity", "provider_serves", "publish_item", "rate_order", "refill_places",
    "resolve_follow_up", "sweep_orders", "take_order", "update_item", "update_policy", "withdraw_item",
]
