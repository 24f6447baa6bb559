"""Read queries of the menu and the orders, starting from the scoped querysets: a fixed number of queries
whatever the number of rows."""

from __future__ import annotations

from django.db.models import Count, F, Prefetch, Q

from gongzhi.core import clock
from gongzhi.core.listing import as_id, search
from gongzhi.core.privacy import scrub
from gongzhi.lists.models import Category
from gongzhi.orders.models import (
    COMPLETED_STATUSES,
    LOW_RATING,
    SERVED_STATUSES,
    WAITING_STATUSES,
    FollowUp,
    MenuItem,
    Order,
    OrderEvent,
    OrderPolicy,
    OrderStatus,
)
from gongzhi.orders.permissions import (
    menu_items_visible_to,
    orders_visible_to,
    pool_condition,
    providers_for,
    resident_person,
)

ITEM_RELATED = ("community", "category", "organisation", "team", "party_member__person")
ORDER_RELATED = ("community", "category", "resident__home__parent", "menu_item", "organisation", "team",
                 "party_member__person", "placed_by")
ORDER_SEARCH = ("title", "description", "resident__name", "resident__search_key", "organisation__name",
                "team__name", "category__name")


def policy_for(community) -> OrderPolicy:
    """The community's time limits (an unsaved row with the defaults when none was set)."""
    return OrderPolicy.objects.filter(community=community).first() or OrderPolicy(community=community)


def active_categories():
    return Category.objects.filter(active=True).order_by("order", "pk")


# --- the menu -------------------------------------------------------------------------------------------------

def community_menu(community):
    """The active items of a community's menu, by category then title (what residents and the board see)."""
    return (MenuItem.objects.filter(community=community, active=True).select_related(*ITEM_RELATED)
            .order_by("category__order", "category_id", "title", "pk"))


def menu_by_category(items) -> list[tuple[Category, list[MenuItem]]]:
    groups: dict[int, tuple[Category, list[MenuItem]]] = {}
    for item in items:
        groups.setdefault(item.category_id, (item.category, []))[1].append(item)
    return list(groups.values())


def menu_list(user, *, q: str = "", community=None, category: str = "", active: str = ""):
    """Menu items the user sees (menu management), by community, category and title."""
    qs = menu_items_visible_to(user).select_related(*ITEM_RELATED)
    qs = search(qs, q, ("title", "offer", "organisation__name", "team__name", "category__name"))
    if as_id(community):
        qs = qs.filter(community_id=as_id(community))
    if category:
        qs = qs.filter(category__code=category)
    if active in ("1", "0"):
        qs = qs.filter(active=active == "1")
    return qs.annotate(open_orders=Count("orders", filter=Q(orders__status__in=WAITING_STATUSES))).order_by(
        "community__path", "category__order", "title", "pk")


# --- orders ---------------------------------------------------------------------------------------------------

def order_list(user, *, q: str = "", status: str = "", category: str = "", community=None, overdue: bool = False,
               low_rating: bool = False, follow_up: bool = False, completed: bool = False):
    """The dispatch board: orders the user sees, waiting ones first (oldest deadline first), then the newest."""
    qs = orders_visible_to(user).select_related(*ORDER_RELATED)
    qs = search(qs, q, ORDER_SEARCH)
    if status in OrderStatus.values:
        qs = qs.filter(status=status)
    if category:
        qs = qs.filter(category__code=category)
    if as_id(community):
        qs = qs.filter(community_id=as_id(community))
    if overdue:
        qs = qs.filter(overdue_at__isnull=False, status__in=WAITING_STATUSES)
    if low_rating:
        qs = qs.filter(rating__lte=LOW_RATING)
    if follow_up:
        qs = qs.filter(follow_up=FollowUp.OPEN)
    if completed:
        qs = qs.filter(status__in=COMPLETED_STATUSES)
    return qs.order_by("-placed_at", "-pk")


def board_counts(user, *, community=None) -> dict[str, int]:
    """{status: n} plus 'overdue' (escalated, still waiting) and 'follow_up' (low ratings to follow up)."""
    qs = orders_visible_to(user)
    if as_id(community):
        qs = qs.filter(community_id=as_id(community))
    counts = dict.fromkeys(OrderStatus.values, 0)
    counts.update(qs.order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    extra = qs.aggregate(overdue=Count("pk", filter=Q(overdue_at__isnull=False, status__in=WAITING_STATUSES)),
                         follow_up=Count("pk", filter=Q(follow_up=FollowUp.OPEN)))
    counts.update(extra)
    return counts


def _with_events(qs):
    return qs.prefetch_related(Prefetch("events", queryset=OrderEvent.objects.order_by("at", "pk")))


def resident_orders(user):
    """我的订单: the orders for the resident (placed by her or for her), unfinished first, newest first."""
    person = resident_person(user)
    if person is None:
        return Order.objects.none()
    return (_with_events(Order.objects.filter(resident=person).select_related(*ORDER_RELATED))
            .order_by("-placed_at", "-pk"))


def pool_for(user):
    """接单大厅: open orders the user's providers may pick, the oldest (closest to its deadline) first."""
    providers = providers_for(user)
    return (Order.objects.filter(pool_condition(providers)).select_related(*ORDER_RELATED)
            .order_by("take_deadline", "pk"))


def provider_orders(user, *, status: str = ""):
    """Orders dispatched to or taken by the user's providers, those needing action first."""
    providers = providers_for(user)
    qs = Order.objects.filter(providers.condition()).select_related(*ORDER_RELATED)
    if status in OrderStatus.values:
        qs = qs.filter(status=status)
    return qs.order_by("-placed_at", "-pk")


def events_of(order):
    return order.events.select_related("actor").order_by("at", "pk")


def open_orders_for_batch(user, community):
    """Orders of one community waiting for a dispatch (open), oldest first."""
    return (orders_visible_to(user).filter(community=community, status=OrderStatus.OPEN)
            .select_related(*ORDER_RELATED).order_by("placed_at", "pk"))


def dispatchable_items(community):
    """Active items of a community that still have places (or no limit): what dispatch may choose from."""
    return (MenuItem.objects.filter(Q(capacity__isnull=True) | Q(places_left__gt=0), community=community,
                                    active=True).select_related(*ITEM_RELATED)
            .order_by("category__order", "title", "pk"))


def waiting_too_long(order) -> bool:
    """Past its take deadline and still waiting (before or after the sweep escalated it)."""
    return order.status in WAITING_STATUSES and order.take_deadline <= clock.now()


MATCHED_PER_ITEM = 50  # past orders per menu item that the matching engine reads, the most recent first
MATCHED_AT_MOST = 2_000  # past orders read in all for one ranking (the most recent)


def matched_order_texts(items, *, excluding=()) -> dict[int, list[str]]:
    """How residents described what each menu item served: item pk → the texts (title and description, phone and
    ID numbers masked) of free-text orders staff dispatched to it and its provider took (taken, delivered,
    confirmed or rated), the most recent first, at most MATCHED_PER_ITEM per item. Orders placed from the menu
    (their title is the item's) say nothing new and are left out; cancelled orders are not confirmed matches.
    ``excluding``: orders (pks) left out — the ones being ranked, which must not be found similar to themselves.
    One query, whatever the number of items and orders."""
    pks = [item.pk for item in items]
    if not pks:
        return {}
    rows = (Order.objects.filter(menu_item__in=pks, dispatched_at__isnull=False, status__in=SERVED_STATUSES)
            .exclude(title=F("menu_item__title")).exclude(pk__in=list(excluding))
            .order_by("-dispatched_at", "-pk")
            .values_list("menu_item_id", "title", "description")[:MATCHED_AT_MOST])
    texts: dict[int, list[str]] = {}
    for item_pk, title, description in rows:
        kept = texts.setdefault(item_pk, [])
        if len(kept) < MATCHED_PER_ITEM:
            kept.append(scrub(f"{title} {description}".strip()))
    return texts
