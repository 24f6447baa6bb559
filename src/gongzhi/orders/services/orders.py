"""The four-order loop (四单): 点单 → 派单 → 接单 → service delivered → confirmed → 评单, and cancellation.

One service per transition. Each checks the actor (PermissionDenied) and the source state (ValidationError with
a Chinese message), changes the order with a conditional UPDATE on its status (or under a row lock), stamps the
step's time on the order, writes the timeline row (`OrderEvent`) and the chronicle entry — all in one
transaction. Taking is a conditional `UPDATE ... WHERE status IN (open, dispatched)`: of many providers taking the
same order at once exactly one wins, the others are told "该订单已被其他服务方接单". Places on a menu item are
taken by a conditional decrement (`places_left > 0`), so an item is never oversold.

`actor` None means the system itself (the sweep, demo data): permission checks are skipped, state checks are
not."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongzhi.chronicle.services import record
from gongzhi.core import clock
from gongzhi.lists.models import Category
from gongzhi.orders import notices
from gongzhi.orders.models import (
    ACTIVE_STATUSES,
    CANCELLABLE_STATUSES,
    LOW_RATING,
    OFFLINE_CHANNELS,
    SERVED_STATUSES,
    WAITING_STATUSES,
    Channel,
    FollowUp,
    MenuItem,
    Order,
    OrderStatus,
    ProviderKind,
)
from gongzhi.orders.permissions import (
    community_of,
    is_orderer,
    may_cancel,
    may_confirm_for_resident,
    may_dispatch,
    may_order_for_others,
    providers_for,
    resident_person,
)
from gongzhi.orders.selectors import policy_for
from gongzhi.orders.services._common import (
    add_event,
    clean_text,
    local_text,
    raise_errors,
    release_place,
    require,
    take_place,
    user_or_none,
)
from gongzhi.people.models import Person

AUTO_CONFIRM_REASON = "居民逾期未确认"
TAKEN_BY_OTHERS = gettext_lazy("该订单已被其他服务方接单")
PROVIDER_FIELDS = ("provider_kind", "organisation_id", "team_id", "party_member_id")
STATE_FIELDS = ("status", "menu_item_id", "holds_place", "place_period", *PROVIDER_FIELDS, "overdue_at",
                "follow_up", "delivered_at", "rating")


def _refresh(order: Order, *, lock: bool = False) -> Order:
    """Re-read the order's state onto the caller's instance (under a row lock when `lock`), so the service
    checks the state as it is now and the caller's object reflects the transition."""
    qs = Order.objects.select_for_update() if lock else Order.objects
    fresh = qs.get(pk=order.pk)
    for f in STATE_FIELDS:
        setattr(order, f, getattr(fresh, f))
    return order


def _reload(order: Order) -> Order:
    order.refresh_from_db()
    return order


def _state_error(order: Order, message: str) -> ValidationError:
    return ValidationError(message % {"s": OrderStatus(order.status).label})


def parse_provider(value) -> tuple[str, int] | None:
    """'organisation:12' (a form's choice) or (kind, id) → (kind, id); None when empty."""
    if value in (None, ""):
        return None
    if isinstance(value, tuple):
        return value
    kind, _sep, pk = str(value).partition(":")
    if kind not in ProviderKind.values or not pk.isdigit():
        raise ValidationError({"provider": _("服务方不正确")})
    return kind, int(pk)


def _columns(kind: str, pk: int | None) -> dict:
    return {"provider_kind": kind, "organisation_id": pk if kind == ProviderKind.ORGANISATION else None,
            "team_id": pk if kind == ProviderKind.TEAM else None,
            "party_member_id": pk if kind == ProviderKind.PARTY_MEMBER else None}


# --- 点单 ------------------------------------------------------------------------------------------------------

@transaction.atomic
def place_order(*, actor, resident: Person | None = None, menu_item: MenuItem | None = None, title: str = "",
                category: Category | None = None, description: str = "", channel: str = Channel.ONLINE) -> Order:
    """A resident orders an item of her community's menu, or describes what she needs in free text (title and
    category). A grid worker or community staffer orders for a resident of their community (`resident`), naming
    the channel it came through (phone, grid worker, service window). An item with limited places gives up one."""
    if resident is None:
        if actor is None:
            raise ValueError("the system orders for a named resident")
        resident = resident_person(actor)
        if resident is None:
            raise ValidationError(_("您的账号尚未关联居民信息，请联系社区登记后再点单"))
    on_behalf = actor is None or resident.user_id != actor.pk
    community = community_of(resident.home)
    if community is None:
        raise ValidationError({"resident": _("该居民不在任何社区")})
    if on_behalf:
        if actor is not None:
            require(may_order_for_others(actor, community))
        if channel not in OFFLINE_CHANNELS and actor is not None:
            raise ValidationError({"channel": _("请选择点单渠道（电话、网格员代点或服务窗口）")})
        if channel not in Channel.values:
            raise ValidationError({"channel": _("点单渠道不正确")})
    else:
        channel = Channel.ONLINE
    errors: dict = {}
    if menu_item is not None:
        if menu_item.community_id != community.pk:
            errors["menu_item"] = _("只能点所在社区菜单上的服务")
        elif not menu_item.active:
            errors["menu_item"] = _("该服务已下架")
        title, category = menu_item.title, menu_item.category
    else:
        title = clean_text(title, 120)
        if not title:
            errors["title"] = _("请说明需要什么帮助")
        if category is None or not category.active:
            errors["category"] = _("请选择服务类别")
    raise_errors(errors)
    assert category is not None  # an active category is required above
    duplicate = ValidationError(_("已点过“%(t)s”，该订单尚未完成，请勿重复点单") % {"t": title})
    if menu_item is not None and Order.objects.filter(menu_item=menu_item, resident=resident,
                                                      status__in=ACTIVE_STATUSES).exists():
        raise duplicate
    period = take_place(menu_item) if menu_item is not None else None
    now = clock.now()
    policy = policy_for(community)
    try:
        with transaction.atomic():
            order = Order.objects.create(
                community=community, resident=resident, menu_item=menu_item, category=category, title=title,
                description=clean_text(description, 1000), channel=channel, placed_by=user_or_none(actor),
                status=OrderStatus.OPEN, holds_place=period is not None, place_period=period, placed_at=now,
                take_deadline=now + dt.timedelta(hours=policy.take_hours))
    except IntegrityError:  # a concurrent identical order (a double tap) won
        raise duplicate from None
    add_event(order, from_status="", to_status=OrderStatus.OPEN, actor=actor,
              note=str(Channel(channel).label) if on_behalf else "")
    record(order, "order.placed", actor, {"channel": channel, "menu_item": menu_item.pk if menu_item else None,
                                          "category": category.code, "on_behalf": on_behalf})
    return order


# --- 派单 ------------------------------------------------------------------------------------------------------

@transaction.atomic
def dispatch_order(*, actor, order: Order, menu_item: MenuItem) -> Order:
    """Community staff send a waiting order to the provider of a menu item of the same community (or send it to
    another one while nobody has taken it). A new item gives up one of its places; the old one gets its back."""
    if actor is not None:
        require(may_dispatch(actor, order))
    _refresh(order, lock=True)
    if order.status not in WAITING_STATUSES:
        raise _state_error(order, _("该订单已接单或已结束，不能派单（当前：%(s)s）"))
    if menu_item is None or menu_item.community_id != order.community_id:
        raise ValidationError({"menu_item": _("只能派给本社区菜单上的服务")})
    if not menu_item.active and order.menu_item_id != menu_item.pk:  # her own item stays hers when withdrawn
        raise ValidationError({"menu_item": _("该服务已下架")})
    if (order.menu_item_id != menu_item.pk
            and Order.objects.filter(menu_item=menu_item, resident_id=order.resident_id, status__in=ACTIVE_STATUSES)
            .exclude(pk=order.pk).exists()):
        raise ValidationError({"menu_item": _("该居民已点过“%(t)s”且尚未完成，请派给其他服务") % {"t": menu_item.title}})
    if not (order.holds_place and order.menu_item_id == menu_item.pk):
        period = take_place(menu_item)
        release_place(order)
        order.holds_place, order.place_period = period is not None, period
    from_status = order.status
    order.menu_item = menu_item
    for f, v in menu_item.provider_fields().items():
        setattr(order, f, v)
    order.status, order.dispatched_at, order.dispatched_by = OrderStatus.DISPATCHED, clock.now(), user_or_none(actor)
    try:
        with transaction.atomic():
            order.save(update_fields=["menu_item", "holds_place", "place_period", "status", "dispatched_at",
                                      "dispatched_by", *(f.removesuffix("_id") for f in PROVIDER_FIELDS)])
    except IntegrityError:  # the resident ordered the same item meanwhile
        raise ValidationError({"menu_item": _("该居民已点过“%(t)s”且尚未完成，请派给其他服务") % {
            "t": menu_item.title}}) from None
    label = menu_item.provider_label()
    add_event(order, from_status=from_status, to_status=OrderStatus.DISPATCHED, actor=actor,
              note=_("派单给%(p)s") % {"p": label})
    record(order, "order.dispatched", actor, {"menu_item": menu_item.pk, "provider_kind": order.provider_kind,
                                              "provider": order.provider_key[1]})
    notices.dispatched(order)
    return order


@transaction.atomic
def dispatch_batch(*, actor, pairs) -> dict:
    """Dispatch many (order, menu item) pairs at once; each succeeds or fails on its own (an order taken in the
    meantime, an item full) and the failures come back with their message."""
    done, failed = [], []
    for order, item in pairs:
        try:
            with transaction.atomic():
                done.append(dispatch_order(actor=actor, order=order, menu_item=item))
        except ValidationError as e:
            failed.append((order, " ".join(e.messages)))
    return {"dispatched": done, "failed": failed}


# --- 接单 ------------------------------------------------------------------------------------------------------

@transaction.atomic
def take_order(*, actor, order: Order, provider=None) -> Order:
    """A provider takes an order dispatched to them, or one from the open pool: an order for one of their own
    items, or a free-text order of a community they serve (`provider` names which of theirs takes it when the
    user speaks for several)."""
    _refresh(order)
    status = order.status
    if status in SERVED_STATUSES:
        raise ValidationError(TAKEN_BY_OTHERS)
    if status not in WAITING_STATUSES:
        raise _state_error(order, _("该订单已结束，不能接单（当前：%(s)s）"))
    providers = providers_for(actor) if actor is not None else None
    chosen = parse_provider(provider)
    if status == OrderStatus.DISPATCHED:
        key = order.provider_key
    elif order.menu_item_id:
        key = MenuItem.objects.get(pk=order.menu_item_id).provider_key
    elif providers is None:  # the system (actor None) takes for a named provider
        if chosen is None:
            raise ValidationError({"provider": _("请指定接单的服务方")})
        key = chosen
    else:
        here = [(kind, pk) for kind, pk, _name in providers.in_community(order.community_id)]
        require(bool(here))
        if chosen is not None:
            require(chosen in here)
            key = chosen
        elif len(here) == 1:
            key = here[0]
        else:
            raise ValidationError({"provider": _("请选择以哪个服务方身份接单")})
    if providers is not None:
        require(providers.includes(*key))
    condition = {"pk": order.pk, "status": status}
    if status == OrderStatus.DISPATCHED:
        condition.update({f: getattr(order, f) for f in PROVIDER_FIELDS})
    taken_at = clock.now()
    taken = Order.objects.filter(**condition).update(status=OrderStatus.TAKEN, taken_at=taken_at,
                                                     taken_by=user_or_none(actor), **_columns(*key))
    if not taken:
        now_status = Order.objects.filter(pk=order.pk).values_list("status", flat=True).first()
        if now_status in SERVED_STATUSES:
            raise ValidationError(TAKEN_BY_OTHERS)
        raise ValidationError(_("订单状态已变化，请刷新后重试"))
    _reload(order)
    add_event(order, from_status=status, to_status=OrderStatus.TAKEN, actor=actor,
              note=_("%(p)s接单") % {"p": order.provider_label()})
    record(order, "order.taken", actor, {"from": status, "provider_kind": key[0], "provider": key[1],
                                         "late": taken_at > order.take_deadline})
    return order


# --- service delivered ---------------------------------------------------------------------------------------

@transaction.atomic
def deliver_order(*, actor, order: Order, note: str) -> Order:
    """The provider who took the order marks the service done, saying what was done."""
    _refresh(order)
    if actor is not None:
        require(providers_for(actor).serves(order))
    note = clean_text(note, 1000)
    if not note:
        raise ValidationError({"note": _("请填写服务情况")})
    now = clock.now()
    confirm_deadline = now + dt.timedelta(hours=policy_for(order.community).confirm_hours)
    done = Order.objects.filter(pk=order.pk, status=OrderStatus.TAKEN).update(
        status=OrderStatus.DELIVERED, delivered_at=now, delivery_note=note, confirm_deadline=confirm_deadline)
    if not done:
        raise _state_error(_refresh(order), _("只有已接单的订单可以标记服务完成（当前：%(s)s）"))
    _reload(order)
    add_event(order, from_status=OrderStatus.TAKEN, to_status=OrderStatus.DELIVERED, actor=actor, note=note)
    record(order, "order.delivered", actor, {"confirm_deadline": confirm_deadline.isoformat()})
    return order


# --- confirmed ------------------------------------------------------------------------------------------------

@transaction.atomic
def confirm_order(*, actor, order: Order, reason: str = "") -> Order:
    """The resident confirms the service was done. Community staff may confirm for her, with a reason, once she
    has not answered for the community's no-answer limit; the sweep confirms for her (actor None) after the
    confirmation limit ("居民逾期未确认")."""
    _refresh(order)
    reason = clean_text(reason, 200)
    by_resident = actor is not None and is_orderer(actor, order)
    if actor is None:
        reason = reason or AUTO_CONFIRM_REASON
    elif not by_resident:
        require(may_confirm_for_resident(actor, order))
        if order.status == OrderStatus.DELIVERED and order.delivered_at is not None:
            hours = policy_for(order.community).staff_confirm_hours
            allowed_at = order.delivered_at + dt.timedelta(hours=hours)
            if clock.now() < allowed_at:
                raise ValidationError(_("服务完成未满 %(h)d 小时，请先等待居民确认（%(t)s 后可代为确认）") % {
                    "h": hours, "t": local_text(allowed_at)})
        if not reason:
            raise ValidationError({"reason": _("代为确认须说明原因，如“电话回访，居民表示满意”")})
    else:
        reason = ""
    if order.status != OrderStatus.DELIVERED:
        raise _state_error(order, _("只有服务已完成、待确认的订单可以确认（当前：%(s)s）"))
    done = Order.objects.filter(pk=order.pk, status=OrderStatus.DELIVERED).update(
        status=OrderStatus.CONFIRMED, confirmed_at=clock.now(), confirmed_by=user_or_none(actor), confirm_note=reason)
    if not done:
        raise _state_error(_refresh(order), _("只有服务已完成、待确认的订单可以确认（当前：%(s)s）"))
    _reload(order)
    note = reason if not by_resident else _("居民确认服务完成")
    add_event(order, from_status=OrderStatus.DELIVERED, to_status=OrderStatus.CONFIRMED, actor=actor, note=note)
    record(order, "order.confirmed", actor, {"by": "resident" if by_resident else "system" if actor is None
                                             else "staff", "reason": reason})
    return order


# --- 评单 ------------------------------------------------------------------------------------------------------

@transaction.atomic
def rate_order(*, actor, order: Order, rating: int, comment: str = "") -> Order:
    """The resident rates a confirmed service 1–5 with a comment; 2 or less asks the community staff to follow
    up (a flag on the dispatch board and a figure on their dashboard)."""
    _refresh(order)
    if actor is not None:
        require(is_orderer(actor, order))
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ValidationError({"rating": _("请选择 1 至 5 星")})
    comment = clean_text(comment, 500)
    follow_up = FollowUp.OPEN if rating <= LOW_RATING else FollowUp.NONE
    done = Order.objects.filter(pk=order.pk, status=OrderStatus.CONFIRMED).update(
        status=OrderStatus.RATED, rating=rating, comment=comment, rated_at=clock.now(), follow_up=follow_up)
    if not done:
        raise _state_error(_refresh(order), _("只有已确认的订单可以评价（当前：%(s)s）"))
    _reload(order)
    note = _("%(n)d 星") % {"n": rating}
    if follow_up:
        note += _("，低评价已提交社区回访")
    add_event(order, from_status=OrderStatus.CONFIRMED, to_status=OrderStatus.RATED, actor=actor, note=note)
    record(order, "order.rated", actor, {"rating": rating, "follow_up": bool(follow_up)})
    return order


@transaction.atomic
def resolve_follow_up(*, actor, order: Order, note: str) -> Order:
    """Community staff record how they followed up a low rating."""
    if actor is not None:
        require(may_dispatch(actor, order))
    note = clean_text(note, 300)
    if not note:
        raise ValidationError({"note": _("请填写回访情况")})
    done = Order.objects.filter(pk=order.pk, follow_up=FollowUp.OPEN).update(
        follow_up=FollowUp.DONE, follow_up_note=note, follow_up_at=clock.now())
    if not done:
        raise ValidationError(_("该订单没有待回访的低评价"))
    _reload(order)
    add_event(order, from_status=order.status, to_status=order.status, actor=actor,
              note=_("社区回访：%(n)s") % {"n": note})
    record(order, "order.followed_up", actor, {})
    return order


# --- cancellation ---------------------------------------------------------------------------------------------

@transaction.atomic
def cancel_order(*, actor, order: Order, reason: str) -> Order:
    """The resident (or whoever ordered for her, or the community staff she phoned) cancels before the service is
    delivered, saying why; the order's place goes back to its item."""
    if actor is not None:
        require(may_cancel(actor, order))
    reason = clean_text(reason, 200)
    if not reason:
        raise ValidationError({"reason": _("请填写取消原因")})
    _refresh(order, lock=True)
    if order.status not in CANCELLABLE_STATUSES:
        raise _state_error(order, _("服务已完成或订单已结束，不能取消（当前：%(s)s）"))
    from_status = order.status
    freed = release_place(order)
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.CANCELLED, cancelled_at=clock.now(),
                                             cancel_reason=reason)
    _reload(order)
    add_event(order, from_status=from_status, to_status=OrderStatus.CANCELLED, actor=actor, note=reason)
    record(order, "order.cancelled", actor, {"from": from_status, "place_freed": freed})
    return order
