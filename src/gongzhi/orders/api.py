"""The orders' JSON API under /api/v1/orders: the service menu, orders (place, list, detail) and their loop
(dispatch, take, deliver, confirm, rate, cancel), dispatch suggestions and batch assignment.

Reads start from the scoped querysets; writes call the same services as the pages. Out of scope — or in sight
but not the user's to change — is 404; a refused state change or bad input is 400 with a message. A resident's
name and phone number are shown per viewer, as on the pages."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from gongzhi.core import limits
from gongzhi.core.listing import Presented
from gongzhi.core.schemas import Id, id_query
from gongzhi.orders import services
from gongzhi.orders.models import Channel, MenuItem, Order, OrderStatus
from gongzhi.orders.permissions import (
    ORDER_FOR_OTHERS_ROLES,
    communities_where,
    get_order_for_user,
    get_order_to_take,
    menu_items_visible_to,
    orders_visible_to,
    resident_name,
    resident_phone,
    residents_for,
    staff_communities,
)
from gongzhi.orders.selectors import (
    active_categories,
    dispatchable_items,
    events_of,
    menu_list,
    open_orders_for_batch,
    order_list,
)
from gongzhi.orders.suggestions import MenuIndex, propose
from gongzhi.people.permissions import shown_text, shown_text_of, text_access
from gongzhi.regions.models import RegionKind, RegionNode

router = Router(tags=["点单服务"])


# --- schemas ----------------------------------------------------------------------------------------------

class MenuItemOut(Schema):
    id: int
    community_id: int
    community_name: str
    category: str
    category_name: str
    title: str
    offer: str
    schedule: str
    place: str
    period: str
    capacity: int | None
    places_left: int | None
    cost: str
    price_note: str
    active: bool
    provider_kind: str
    provider_id: int
    provider_name: str
    resource_id: int | None
    commitment_id: int | None

    @staticmethod
    def resolve_community_name(obj) -> str:
        return obj.community.name

    @staticmethod
    def resolve_category(obj) -> str:
        return obj.category.code

    @staticmethod
    def resolve_category_name(obj) -> str:
        return obj.category.name

    @staticmethod
    def resolve_provider_id(obj) -> int:
        return obj.provider_key[1]

    @staticmethod
    def resolve_provider_name(obj) -> str:
        return obj.provider_label()


class OrderEventOut(Schema):
    from_status: str
    to_status: str
    at: dt.datetime
    note: str


class OrderOut(Schema):
    id: int
    community_id: int
    community_name: str
    resident_name: str
    resident_phone: str
    menu_item_id: int | None
    title: str
    description: str
    category: str
    channel: str
    status: str
    status_label: str
    provider_kind: str
    provider_id: int | None
    provider_name: str
    placed_at: dt.datetime
    take_deadline: dt.datetime
    overdue: bool
    dispatched_at: dt.datetime | None
    taken_at: dt.datetime | None
    delivered_at: dt.datetime | None
    delivery_note: str
    confirm_deadline: dt.datetime | None
    confirmed_at: dt.datetime | None
    confirm_note: str
    rating: int | None
    comment: str
    follow_up: str
    cancelled_at: dt.datetime | None
    cancel_reason: str


class OrderDetailOut(OrderOut):
    events: list[OrderEventOut]


class OrderIn(Schema):
    menu_item_id: Id | None = None  # an item of the resident's community menu …
    title: limits.text(120) = ""  # … or a need in free text with its category code
    category: limits.text(limits.CODE) = ""
    description: limits.text(1000) = ""
    resident_id: Id | None = None  # grid workers and community staff ordering for a resident
    channel: limits.text(limits.CODE) = Channel.PHONE  # phone | grid_worker | window when ordering for a resident


class DispatchIn(Schema):
    menu_item_id: Id


class TakeIn(Schema):
    provider: limits.text(limits.CODE) = ""  # "organisation:12", "team:3" or "party_member:7" when the user serves as several


class OrderNoteIn(Schema):
    note: limits.text(1000)


class OrderReasonIn(Schema):
    reason: limits.text(200) = ""


class OrderRateIn(Schema):
    rating: int
    comment: limits.text(500) = ""


class SuggestionOut(Schema):
    menu_item_id: int
    title: str
    provider_name: str
    places_left: int | None
    score: float
    reason: str


class ProposalIn(Schema):
    community_id: Id
    order_ids: list[Id] = []  # empty: every open order of the community


class ProposalOut(Schema):
    order_id: int
    order_title: str
    menu_item_id: int | None
    menu_item_title: str | None
    provider_name: str | None
    score: float | None
    reason: str


class PairIn(Schema):
    order_id: Id
    menu_item_id: Id


class BatchIn(Schema):
    pairs: list[PairIn]


class FailedOut(Schema):
    order_id: int
    message: str


class BatchOut(Schema):
    dispatched: list[int]
    failed: list[FailedOut]


class BuildIn(Schema):
    community_id: Id


# --- presenting and resolving -----------------------------------------------------------------------------

def _present(user, order: Order, *, events: bool = False) -> dict:
    data = {f: getattr(order, f) for f in (
        "id", "community_id", "menu_item_id", "title", "description", "channel", "status", "provider_kind",
        "placed_at", "take_deadline", "dispatched_at", "taken_at", "delivered_at", "delivery_note", "confirm_deadline",
        "confirmed_at", "confirm_note", "rating", "comment", "follow_up", "cancelled_at", "cancel_reason")}
    data.update(community_name=order.community.name, resident_name=resident_name(user, order),
                resident_phone=resident_phone(user, order), category=order.category.code,
                status_label=str(OrderStatus(order.status).label), provider_id=order.provider_key[1],
                provider_name=order.provider_label(), overdue=order.is_overdue)
    access = text_access(user, order)
    for field in ("title", "description", "delivery_note", "confirm_note", "comment", "follow_up", "cancel_reason"):
        data[field] = shown_text(data[field], access)
    if events:
        data["events"] = [{"from_status": e.from_status, "to_status": e.to_status, "at": e.at,
                           "note": shown_text(e.note, access)}
                          for e in events_of(order)]
    return data


def _community(pk: int) -> RegionNode:
    community = RegionNode.objects.filter(pk=pk, kind=RegionKind.COMMUNITY).first()
    if community is None:
        raise Http404
    return community


def _detail(request, order: Order) -> dict:
    return _present(request.user, get_order_for_user(request.user, order.pk), events=True)


# --- the menu ---------------------------------------------------------------------------------------------

@router.get("/menu", response=list[MenuItemOut], summary="服务菜单（居民：本社区上架的服务；工作人员：辖区内全部）")
@paginate
def list_menu(request, q: str = "", community_id: int | None = id_query(), category: str = "", active: str = ""):
    return menu_list(request.user, q=q, community=community_id, category=category, active=active)


@router.post("/menu/build", response=dict[str, int], summary="从已公布的资源清单和生效契约的承诺事项生成菜单（已有的不重复）")
def build_menu(request, payload: BuildIn):
    return services.build_menu(actor=request.user, community=_community(payload.community_id))


# --- orders -----------------------------------------------------------------------------------------------

@router.get("", response=list[OrderOut], summary="订单（本人范围内：居民本人的、服务方的与待接的、辖区内的）")
@paginate
def list_orders(request, q: str = "", status: str = "", category: str = "", community_id: int | None = id_query(),
                overdue: bool = False, low_rating: bool = False, follow_up: bool = False):
    qs = order_list(request.user, q=q, status=status, category=category, community=community_id, overdue=overdue,
                    low_rating=low_rating, follow_up=follow_up)
    return Presented(qs, lambda o: _present(request.user, o))


@router.post("", response={201: OrderDetailOut}, summary="点单：居民点菜单上的服务或描述求助；网格员、社区工作人员代居民点单")
def place_order(request, payload: OrderIn):
    user = request.user
    item = resident = category = None
    if payload.menu_item_id is not None:
        item = menu_items_visible_to(user).filter(pk=payload.menu_item_id, active=True).first()
        if item is None:
            raise Http404
    elif payload.category:
        category = active_categories().filter(code=payload.category).first()
        if category is None:
            raise ValidationError({"category": _("未知的服务类别：%(c)s") % {"c": payload.category}})
    if payload.resident_id is not None:
        resident = next((found for community in communities_where(user, ORDER_FOR_OTHERS_ROLES)
                         if (found := residents_for(user, community).filter(pk=payload.resident_id).first())), None)
        if resident is None:
            raise Http404
    order = services.place_order(actor=user, resident=resident, menu_item=item, title=payload.title,
                 category=category, description=payload.description, channel=payload.channel)
    return Status(201, _detail(request, order))


# --- batch assignment -------------------------------------------------------------------------------------

@router.post("/batch-assign/proposal", response=list[ProposalOut],
             summary="批量派单方案：点选服务的订单派给该服务，求助订单由匹配引擎在名额内整体分配（不写入）")
def batch_proposal(request, payload: ProposalIn):
    community = staff_communities(request.user).filter(pk=payload.community_id).first()
    if community is None:
        raise Http404
    orders = list(open_orders_for_batch(request.user, community))
    if payload.order_ids:
        wanted = set(payload.order_ids)
        orders = [o for o in orders if o.pk in wanted]
    return [{"order_id": p.order.pk, "order_title": shown_text_of(request.user, p.order, p.order.title), "menu_item_id": p.item.pk if p.item else None,
             "menu_item_title": p.item.title if p.item else None,
             "provider_name": p.item.provider_label() if p.item else None, "score": p.score, "reason": p.reason}
            for p in propose(community, orders)]


@router.post("/batch-assign", response=BatchOut, summary="按方案批量派单（每单各自成功或失败）")
def batch_assign(request, payload: BatchIn):
    orders = {o.pk: o for o in orders_visible_to(request.user).filter(pk__in=[p.order_id for p in payload.pairs])
              .select_related("community")}
    pairs = []
    for p in payload.pairs:
        order = orders.get(p.order_id)
        if order is None:
            raise Http404
        item = MenuItem.objects.filter(pk=p.menu_item_id, community=order.community).first()
        if item is None:
            raise ValidationError({"menu_item": _("只能派给本社区菜单上的服务")})
        pairs.append((order, item))
    result = services.dispatch_batch(actor=request.user, pairs=pairs)
    return {"dispatched": [o.pk for o in result["dispatched"]],
            "failed": [{"order_id": o.pk, "message": m} for o, m in result["failed"]]}


# --- one order (after the fixed paths above: /{order_id} would match them) -----------------------------

@router.get("/{order_id}", response=OrderDetailOut, summary="订单详情及实时进度")
def get_order(request, order_id: int):
    return _present(request.user, get_order_for_user(request.user, order_id), events=True)


@router.get("/{order_id}/suggestions", response=list[SuggestionOut], summary="派单推荐：本社区菜单中最相符的服务（得分与理由）")
def suggestions(request, order_id: int, top: int = 3):
    order = get_order_for_user(request.user, order_id, write=True)
    items = list(dispatchable_items(order.community))
    ranked = MenuIndex(items, excluding=[order.pk]).rank([order], top_k=max(1, min(top, 10)))[0] if items else []
    return [{"menu_item_id": s.item.pk, "title": s.item.title, "provider_name": s.item.provider_label(),
             "places_left": s.item.places_left, "score": s.score, "reason": s.reason} for s in ranked]


@router.post("/{order_id}/dispatch", response=OrderDetailOut, summary="派单给本社区菜单上的服务")
def dispatch(request, order_id: int, payload: DispatchIn):
    order = get_order_for_user(request.user, order_id, write=True)
    item = MenuItem.objects.filter(pk=payload.menu_item_id, community=order.community).first()
    if item is None:
        raise ValidationError({"menu_item": _("只能派给本社区菜单上的服务")})
    services.dispatch_order(actor=request.user, order=order, menu_item=item)
    return _detail(request, order)


@router.post("/{order_id}/take", response=OrderDetailOut, summary="接单（派给本方的订单，或本社区待接的订单）")
def take(request, order_id: int, payload: TakeIn):
    order = get_order_to_take(request.user, order_id)
    services.take_order(actor=request.user, order=order, provider=payload.provider or None)
    return _detail(request, order)


@router.post("/{order_id}/deliver", response=OrderDetailOut, summary="服务已完成（须填写服务情况）")
def deliver(request, order_id: int, payload: OrderNoteIn):
    order = get_order_for_user(request.user, order_id)
    services.deliver_order(actor=request.user, order=order, note=payload.note)
    return _detail(request, order)


@router.post("/{order_id}/confirm", response=OrderDetailOut, summary="确认服务完成（居民；社区工作人员超时代为确认须说明原因）")
def confirm(request, order_id: int, payload: OrderReasonIn):
    order = get_order_for_user(request.user, order_id)
    services.confirm_order(actor=request.user, order=order, reason=payload.reason)
    return _detail(request, order)


@router.post("/{order_id}/rate", response=OrderDetailOut, summary="评单：1–5 星与评价（2 星及以下提交社区回访）")
def rate(request, order_id: int, payload: OrderRateIn):
    order = get_order_for_user(request.user, order_id)
    services.rate_order(actor=request.user, order=order, rating=payload.rating, comment=payload.comment)
    return _detail(request, order)


@router.post("/{order_id}/cancel", response=OrderDetailOut, summary="取消订单（服务完成前，须说明原因）")
def cancel(request, order_id: int, payload: OrderReasonIn):
    order = get_order_for_user(request.user, order_id)
    services.cancel_order(actor=request.user, order=order, reason=payload.reason)
    return _detail(request, order)
