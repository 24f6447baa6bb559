"""The points JSON API under /api/v1/points: the resident's balance, history, shop and redemptions; the staff's
ledger, accounts, rules, good deeds, items and redemptions; every action (redeem, cancel, pick-up, restock, price,
rule, award, adjustment, the sweep).

Reads start from the scoped querysets; writes call the same services as the pages. Out of scope — or in sight but
not the user's to change — is 404; a refused change or bad input is 400 with a Chinese message. Residents' names and
phones appear as on the pages (`permissions.shown_resident`)."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from gongzhi.core import limits
from gongzhi.core.listing import Presented
from gongzhi.core.schemas import Day, Id, id_query
from gongzhi.organisations.models import Organisation
from gongzhi.people.permissions import people_visible_to
from gongzhi.points import selectors, services
from gongzhi.points.models import Account, AccountKind, Item, Leg, Redemption
from gongzhi.points.permissions import (
    get_account_for_user,
    get_item_for_user,
    get_redemption_for_user,
    may_run_points,
    sees_points_as_staff,
    shop_communities,
    shown_resident,
)
from gongzhi.regions.models import RegionKind, RegionNode

router = Router(tags=["积分与积分超市"])


# --- schemas ------------------------------------------------------------------------------------------------------

class PointsResidentOut(Schema):
    name: str
    phone: str


class PointsAccountOut(Schema):
    id: int
    kind: str
    community_id: int
    community_name: str
    balance: int
    resident: PointsResidentOut | None


class PointsLegOut(Schema):
    transaction_id: int
    kind: str
    kind_label: str
    memo: str
    amount: int
    at: dt.datetime


class PointsTransactionLegOut(Schema):
    account_id: int
    account_kind: str
    resident: PointsResidentOut | None
    amount: int


class PointsTransactionOut(Schema):
    id: int
    community_id: int
    kind: str
    key: str
    memo: str
    points: int
    rule_version: int | None
    reverses_id: int | None
    created_at: dt.datetime
    legs: list[PointsTransactionLegOut]


class PointsRuleOut(Schema):
    id: int
    community_id: int
    version: int
    points_per_hour: int
    effective_from: dt.date
    note: str
    set_at: dt.datetime


class PointsRuleIn(Schema):
    community_id: Id
    points_per_hour: int
    effective_from: Day
    note: limits.text(limits.SHORT_TEXT) = ""


class PointsDeedOut(Schema):
    id: int
    community_id: int
    resident: PointsResidentOut
    points: int
    reason: str
    done_on: dt.date
    awarded_at: dt.datetime


class PointsDeedIn(Schema):
    community_id: Id
    person_id: Id
    points: int
    reason: limits.text(limits.SHORT_TEXT)
    done_on: Day | None = None


class PointsAdjustIn(Schema):
    points: int
    reason: limits.text(limits.SHORT_TEXT)


class PointsItemOut(Schema):
    id: int
    community_id: int
    community_name: str
    name: str
    description: str
    price: int
    stock: int
    donor: str | None
    has_photo: bool
    active: bool


class PointsItemIn(Schema):
    community_id: Id
    name: limits.text(limits.NAME)
    price: int
    stock: int
    donor_id: Id | None = None
    description: limits.text(limits.SHORT_TEXT) = ""


class PointsItemChangeIn(Schema):
    name: limits.text(limits.NAME) | None = None
    price: int | None = None
    description: limits.text(limits.SHORT_TEXT) | None = None
    active: bool | None = None


class PointsRestockIn(Schema):
    change: int
    reason: limits.text(limits.SHORT_TEXT) = ""


class PointsRedeemIn(Schema):
    quantity: int = 1


class PointsReasonIn(Schema):
    reason: limits.text(limits.SHORT_TEXT) = ""


class PointsRedemptionOut(Schema):
    id: int
    community_id: int
    item_id: int
    item_name: str
    quantity: int
    points: int
    status: str
    status_label: str
    requested_at: dt.datetime
    picked_up_at: dt.datetime | None
    cancelled_at: dt.datetime | None
    resident: PointsResidentOut | None


class PointsSweepOut(Schema):
    credited: int
    reversed: int
    skipped: int


# --- presenting ---------------------------------------------------------------------------------------------------

def _resident(user, person) -> dict | None:
    shown = shown_resident(user, person)
    return {"name": shown.name, "phone": shown.phone} if shown else None


def _account(user, a: Account) -> dict:
    return {"id": a.pk, "kind": a.kind, "community_id": a.community_id, "community_name": a.community.name,
            "balance": a.balance, "resident": _resident(user, a.person)}


def _leg(leg: Leg) -> dict:
    t = leg.transaction
    return {"transaction_id": t.pk, "kind": t.kind, "kind_label": str(t.get_kind_display()), "memo": t.memo,
            "amount": leg.amount, "at": t.created_at}


def _item(i: Item) -> dict:
    return {"id": i.pk, "community_id": i.community_id, "community_name": i.community.name, "name": i.name,
            "description": i.description, "price": i.price, "stock": i.stock,
            "donor": i.donor.name if i.donor else None, "has_photo": bool(i.photo), "active": i.active}


def _redemption(user, r: Redemption) -> dict:
    return {"id": r.pk, "community_id": r.community_id, "item_id": r.item_id, "item_name": r.item.name,
            "quantity": r.quantity, "points": r.points, "status": r.status,
            "status_label": str(r.get_status_display()), "requested_at": r.requested_at,
            "picked_up_at": r.picked_up_at, "cancelled_at": r.cancelled_at, "resident": _resident(user, r.resident)}


def _staff(request) -> None:
    if not sees_points_as_staff(request.user):
        raise Http404


def _community(pk: int) -> RegionNode:
    return get_object_or_404(RegionNode, pk=pk, kind=RegionKind.COMMUNITY)


class _Transactions(Presented):
    """A page of transactions with their legs loaded in one query."""

    def __init__(self, user, queryset):
        super().__init__(queryset, None)
        self.user = user

    def __getitem__(self, index):
        rows = list(self.queryset[index]) if isinstance(index, slice) else [self.queryset[index]]
        legs = selectors.legs_of(rows)
        out = [{"id": t.pk, "community_id": t.community_id, "kind": t.kind, "key": t.key, "memo": t.memo,
                "points": t.points or 0, "rule_version": t.rule.version if t.rule_id else None,
                "reverses_id": t.reverses_id, "created_at": t.created_at,
                "legs": [{"account_id": leg.account_id, "account_kind": leg.account.kind, "amount": leg.amount,
                          "resident": _resident(self.user, leg.account.person)} for leg in legs.get(t.pk, [])]}
               for t in rows]
        return out if isinstance(index, slice) else out[0]


# --- the resident ---------------------------------------------------------------------------------------------------

@router.get("/mine", response=list[PointsAccountOut], summary="我的积分账户及余额")
def my_accounts(request):
    return [_account(request.user, a) for a in selectors.my_accounts(request.user)]


@router.get("/mine/history", response=list[PointsLegOut], summary="我的积分明细（最新在前）")
@paginate
def my_history(request, community_id: int | None = id_query()):
    accounts = [a for a in selectors.my_accounts(request.user) if community_id in (None, a.community_id)]
    return Presented(Leg.objects.filter(account__in=accounts).select_related("transaction")
                     .order_by("-transaction__created_at", "-transaction_id"), _leg)


@router.get("/shop", response=list[PointsItemOut], summary="积分超市：我可以兑换的商品")
def shop(request):
    return [_item(i) for c in shop_communities(request.user) for i in selectors.shop(c).select_related("community")]


@router.get("/redemptions/mine", response=list[PointsRedemptionOut], summary="我的兑换")
@paginate
def my_redemptions(request):
    return Presented(selectors.my_redemptions(request.user).select_related("resident__home"),
                     lambda r: _redemption(request.user, r))


@router.post("/items/{int:item_id}/redeem", response={201: PointsRedemptionOut},
             summary="兑换商品（积分不足或库存不足时返回 400）")
def redeem(request, item_id: int, payload: PointsRedeemIn):
    item = get_item_for_user(request.user, item_id)
    redemption = services.redeem(actor=request.user, item=item, quantity=payload.quantity)
    return Status(201, _redemption(request.user, get_redemption_for_user(request.user, redemption.pk)))


@router.post("/redemptions/{int:redemption_id}/cancel", response=PointsRedemptionOut,
             summary="取消兑换（领取前；退还积分和库存）")
def cancel(request, redemption_id: int, payload: PointsReasonIn):
    redemption = get_redemption_for_user(request.user, redemption_id)
    services.cancel_redemption(actor=request.user, redemption=redemption, reason=payload.reason)
    return _redemption(request.user, get_redemption_for_user(request.user, redemption_id))


# --- staff: reading ---------------------------------------------------------------------------------------------------

@router.get("/transactions", response=list[PointsTransactionOut], summary="积分账本（本人范围内的社区）")
@paginate
def list_transactions(request, kind: str = "", q: str = "",
                      community_id: int | None = id_query()):
    _staff(request)
    return _Transactions(request.user, selectors.ledger(request.user, community=community_id, kind=kind, q=q)
                         .select_related("rule"))


@router.get("/accounts", response=list[PointsAccountOut], summary="积分账户及余额")
@paginate
def list_accounts(request, kind: str = "", q: str = "",
                  community_id: int | None = id_query()):
    _staff(request)
    return Presented(selectors.accounts(request.user, community=community_id, kind=kind, q=q),
                     lambda a: _account(request.user, a))


@router.get("/accounts/{int:account_id}", response=PointsAccountOut, summary="积分账户")
def get_account(request, account_id: int):
    return _account(request.user, get_account_for_user(request.user, account_id))


@router.get("/accounts/{int:account_id}/history", response=list[PointsLegOut], summary="积分账户明细")
@paginate
def account_history(request, account_id: int):
    return Presented(selectors.history(get_account_for_user(request.user, account_id)), _leg)


@router.get("/rules", response=list[PointsRuleOut], summary="积分规则（各社区各版本）")
def list_rules(request, community_id: int | None = id_query()):
    _staff(request)
    return list(selectors.rules(request.user, community=community_id)[:200])


@router.get("/deeds", response=list[PointsDeedOut], summary="好人好事奖励")
@paginate
def list_deeds(request, community_id: int | None = id_query()):
    return Presented(selectors.deeds(request.user, community=community_id),
                     lambda d: {"id": d.pk, "community_id": d.community_id, "resident": _resident(request.user, d.person),
                                "points": d.points, "reason": d.reason, "done_on": d.done_on,
                                "awarded_at": d.awarded_at})


@router.get("/items", response=list[PointsItemOut], summary="积分超市商品（工作人员：含已下架）")
@paginate
def list_items(request, active: str = "", q: str = "", community_id: int | None = id_query()):
    return Presented(selectors.items(request.user, community=community_id, active=active, q=q), _item)


@router.get("/items/{int:item_id}", response=PointsItemOut, summary="积分超市商品")
def get_item(request, item_id: int):
    return _item(get_item_for_user(request.user, item_id))


@router.get("/redemptions", response=list[PointsRedemptionOut], summary="兑换单（工作人员：本社区；居民：本人）")
@paginate
def list_redemptions(request, status: str = "", q: str = "", community_id: int | None = id_query()):
    return Presented(selectors.redemptions(request.user, community=community_id, status=status, q=q),
                     lambda r: _redemption(request.user, r))


# --- staff: writing ---------------------------------------------------------------------------------------------------

@router.post("/rules", response={201: PointsRuleOut}, summary="设定积分规则新版本（每小时积分、生效日期）")
def set_rule(request, payload: PointsRuleIn):
    rule = services.set_rule(actor=request.user, community=_community(payload.community_id),
                             points_per_hour=payload.points_per_hour, effective_from=payload.effective_from,
                             note=payload.note)
    return Status(201, rule)


@router.post("/deeds", response={201: PointsDeedOut}, summary="奖励好人好事积分")
def award(request, payload: PointsDeedIn):
    community = _community(payload.community_id)
    if not may_run_points(request.user, community):
        raise Http404
    person = people_visible_to(request.user).filter(pk=payload.person_id).select_related("home").first()
    if person is None:
        raise Http404
    deed = services.award_good_deed(actor=request.user, person=person, community=community, points=payload.points,
                                    reason=payload.reason, done_on=payload.done_on)
    return Status(201, {"id": deed.pk, "community_id": deed.community_id, "resident": _resident(request.user, person),
                        "points": deed.points, "reason": deed.reason, "done_on": deed.done_on,
                        "awarded_at": deed.awarded_at})


@router.post("/accounts/{int:account_id}/adjust", response=PointsAccountOut,
             summary="人工调整居民积分（减少为负数，须说明原因）")
def adjust(request, account_id: int, payload: PointsAdjustIn):
    account = get_account_for_user(request.user, account_id)
    if account.kind != AccountKind.RESIDENT or not may_run_points(request.user, account.community):
        raise Http404
    services.adjust(actor=request.user, person=account.person, community=account.community, points=payload.points,
                    reason=payload.reason)
    return _account(request.user, get_account_for_user(request.user, account_id))


@router.post("/items", response={201: PointsItemOut}, summary="积分超市上架商品")
def create_item(request, payload: PointsItemIn):
    community = _community(payload.community_id)
    donor = None
    if payload.donor_id is not None:
        donor = Organisation.objects.select_related("home").filter(pk=payload.donor_id).first()
        if donor is None:
            raise Http404
    item = services.create_item(actor=request.user, community=community, name=payload.name, price=payload.price,
                                stock=payload.stock, donor=donor, description=payload.description)
    return Status(201, _item(get_item_for_user(request.user, item.pk)))


@router.post("/items/{int:item_id}", response=PointsItemOut, summary="修改商品（名称、兑换积分、说明、上下架）")
def change_item(request, item_id: int, payload: PointsItemChangeIn):
    item = get_item_for_user(request.user, item_id, write=True)
    services.change_item(actor=request.user, item=item, name=payload.name, price=payload.price,
                         description=payload.description, active=payload.active)
    return _item(get_item_for_user(request.user, item_id))


@router.post("/items/{int:item_id}/restock", response=PointsItemOut, summary="入库或报损（库存不能为负）")
def restock(request, item_id: int, payload: PointsRestockIn):
    item = get_item_for_user(request.user, item_id, write=True)
    services.restock_item(actor=request.user, item=item, change=payload.change, reason=payload.reason)
    return _item(get_item_for_user(request.user, item_id))


@router.post("/redemptions/{int:redemption_id}/pickup", response=PointsRedemptionOut, summary="确认居民已领取")
def pickup(request, redemption_id: int):
    redemption = get_redemption_for_user(request.user, redemption_id)
    if not may_run_points(request.user, redemption.community):
        raise Http404
    services.confirm_pickup(actor=request.user, redemption=redemption)
    return _redemption(request.user, get_redemption_for_user(request.user, redemption_id))


@router.post("/sweep", response=PointsSweepOut, summary="立即为已确认的服务时长计分（系统管理员）")
def run_sweep(request):
    if not request.user.scope.everything:
        raise Http404
    result = services.sweep(actor=request.user)
    return {"credited": result.credited, "reversed": result.reversed, "skipped": result.skipped}

