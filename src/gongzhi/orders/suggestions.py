"""Dispatch suggestions: the matching engine (`gongzhi.matching.engine`) ranks a community's menu items for an
order — by meaning, category, community and places left — and assigns a batch of open orders to items within
their places. Only the engine's public API is used (Need, Resource, Index, rank, assign, prepare).
Each item's confirmed matches (orders dispatched to it and taken) are its history: docs/adr/0023."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from gongzhi.matching import engine
from gongzhi.orders.models import MenuItem, Order, OrderStatus


@dataclass(frozen=True)
class Suggestion:
    item: MenuItem
    score: float
    reason: str


@dataclass(frozen=True)
class Proposal:
    order: Order
    item: MenuItem | None
    score: float
    reason: str


def as_need(order: Order) -> engine.Need:
    text = f"{order.title} {order.description}".strip()
    return engine.Need(id=str(order.pk), text=text, category=order.category.code, community=str(order.community_id))


def as_resource(item: MenuItem) -> engine.Resource:
    return engine.Resource(id=str(item.pk), text=f"{item.title} {item.offer}".strip(), org=item.provider_label(),
                           category=item.category.code, community=str(item.community_id),
                           capacity=item.places_left if item.capacity is not None else None)


class MenuIndex:
    """The engine's index over a list of menu items (build once per page, score many orders), with each item's
    history: the orders staff dispatched to it before and its provider took (selectors.matched_order_texts), so an
    order worded like one served before is recognised even where the item's own text says it otherwise."""

    def __init__(self, items, *, history: bool = True, excluding=()):
        """``excluding``: orders (pks) whose own text must not count as history (an order ranked after it was
        served would otherwise be found similar to itself)."""
        from gongzhi.orders.selectors import matched_order_texts

        items = list(items)
        self.items = {str(i.pk): i for i in items}
        past = ({str(pk): texts for pk, texts in matched_order_texts(items, excluding=excluding).items()}
                if history and items else None)
        self.index = engine.Index([as_resource(i) for i in self.items.values()], history=past)

    def rank(self, orders, top_k: int = 3) -> list[list[Suggestion]]:
        orders = list(orders)
        if not orders:
            return []
        ranked = engine.rank([as_need(o) for o in orders], self.index, top_k=top_k)
        return [[Suggestion(self.items[s.resource.id], s.score, s.reason) for s in row] for row in ranked]

    def assign(self, orders) -> list[Proposal]:
        """Each order to at most one item, each item to at most its places left, maximising the total score."""
        orders = list(orders)
        if not orders:
            return []
        by_id = {str(o.pk): o for o in orders}
        needs = [as_need(o) for o in orders]
        reasons = {}
        for order, row in zip(orders, self.rank(orders, top_k=10), strict=True):
            reasons.update({(order.pk, s.item.pk): s.reason for s in row})
        result = []
        for a in engine.assign(needs, self.index):
            order = by_id[a.need.id]
            item = self.items[a.resource.id] if a.resource is not None else None
            reason = reasons.get((order.pk, item.pk), "") if item is not None else _("没有名额充足且内容相符的服务")
            result.append(Proposal(order, item, a.score, reason))
        return result


def propose(community, orders) -> list[Proposal]:
    """A batch dispatch proposal for open orders of one community, in the orders' order: an order for a menu item
    goes to that item (the resident chose it, and it holds its place); orders described in free text are assigned
    by the engine within the places left of the community's dispatchable items."""
    from gongzhi.orders.selectors import dispatchable_items

    orders = list(orders)
    rows: dict[int, Proposal] = {}
    free_text = []
    for o in orders:
        if o.menu_item_id:
            rows[o.pk] = Proposal(o, o.menu_item, 0.0, _("居民点选的服务"))
        else:
            free_text.append(o)
    items = list(dispatchable_items(community)) if free_text else []
    if items:
        rows.update({p.order.pk: p for p in MenuIndex(items).assign(free_text)})
    else:
        rows.update({o.pk: Proposal(o, None, 0.0, _("本社区菜单上暂无可派的服务")) for o in free_text})
    return [rows[o.pk] for o in orders]


EMBED_AHEAD = 2_000  # orders and items a run embeds at most (about a minute of one core when none was embedded yet)


def embed_ahead(limit: int = EMBED_AHEAD) -> dict[str, int]:
    """The sentence model's vectors (docs/adr/0027) for what dispatch will rank next: the open orders told in free
    text, newest first, the active menu items, and the items' history (the orders served before, whose meaning is
    compared with a new order's: docs/adr/0023); texts embedded before are read from the cache and cost nothing.
    Run every few minutes by the scheduler, so that a batch dispatch reads vectors instead of waiting for the model
    (30 ms a text). Safe to run any number of times."""
    from gongzhi.orders.selectors import ITEM_RELATED, matched_order_texts

    orders = list(Order.objects.filter(status=OrderStatus.OPEN, menu_item__isnull=True)
                  .select_related("category").order_by("-placed_at", "-pk")[:limit])
    items = list(MenuItem.objects.filter(active=True).select_related(*ITEM_RELATED).order_by("-pk")[:limit])
    past = [engine.Need(f"{pk}:{n}", text) for pk, texts in matched_order_texts(items).items()
            for n, text in enumerate(texts)]
    embedded = engine.prepare([*(as_need(o) for o in orders), *past], [as_resource(i) for i in items])
    return {"orders": len(orders), "items": len(items), "history": len(past), "embedded": embedded}
