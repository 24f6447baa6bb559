"""The points services: every state change goes through here (transaction, rules, chronicle).

The ledger (ADR 0010): `post_transaction` is the one writer of transactions and legs. It checks that the legs sum
to zero, locks the accounts in id order, refuses an overdraft of any account but the pool with a Chinese message,
moves the stored balances with F() updates and records the transaction in the chronicle — all in one database
transaction, so a refused operation leaves nothing behind. A transaction's `key` names its source and is unique in
the database: the same hours, deed or redemption is never posted twice, also by two sweeps at once.

Services take keyword-only arguments; `actor` None means the system (the sweep, the demo): permission checks are
skipped, the rules of the ledger are not."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q, Sum
from django.utils.translation import gettext as _

from gongzhi.chronicle.services import record
from gongzhi.core import clock, limits
from gongzhi.core.checks import clean_text, require
from gongzhi.core.uploads import JPEG_PNG, read_checked
from gongzhi.organisations.models import Organisation
from gongzhi.people.models import Person
from gongzhi.points.models import (
    MAX_QUANTITY,
    Account,
    AccountKind,
    GoodDeed,
    Item,
    Leg,
    PointsRule,
    Redemption,
    RedemptionStatus,
    Transaction,
    TransactionKind,
)
from gongzhi.points.permissions import is_owner, may_redeem_in, may_run_points
from gongzhi.regions.models import RegionKind, RegionNode
from gongzhi.volunteering.models import HoursEntry, HoursStatus

PHOTO_EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png"}
REVERSED_STATUSES = (HoursStatus.DECLINED, HoursStatus.SUPERSEDED)


class AlreadyPosted(ValidationError):
    """A transaction with this key exists: its source has been posted already."""


# --- small shared steps ---------------------------------------------------------------------------------------

def _community(node: RegionNode | None) -> RegionNode:
    if node is None or node.kind != RegionKind.COMMUNITY:
        raise ValidationError({"community": _("请选择社区")})
    return node


def _whole(value: Any, *, field: str, bound: limits.Bound, label: str) -> int:
    """A whole number within `bound`, else a ValidationError naming the field ("兑换积分须为 1—100000 之间的整数")."""
    if isinstance(value, bool):
        value = None
    try:
        number = int(str(value).strip()) if not isinstance(value, int) else value
    except (TypeError, ValueError):
        number = None
    if number is None or not bound.holds(number):
        raise ValidationError({field: _("%(label)s须为 %(low)s—%(high)s 之间的整数")
                               % {"label": label, "low": bound.low, "high": bound.high}})
    return number


def home_community_of(person: Person) -> RegionNode | None:
    home = person.home
    if home.kind == RegionKind.COMMUNITY:
        return home
    return home.ancestors().filter(kind=RegionKind.COMMUNITY).first()


# --- accounts ----------------------------------------------------------------------------------------------------

def account_for(*, kind: str, community: RegionNode, person: Person | None = None) -> Account:
    """The account of a resident, or a community's pool or supermarket, opened on first use. Two first uses at
    once open it once (the unique constraints; the loser reads the winner's row)."""
    person = person if kind == AccountKind.RESIDENT else None
    lookup = {"kind": kind, "community": community, "person": person}
    found = Account.objects.filter(**lookup).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return Account.objects.create(**lookup, opened_at=clock.now())
    except IntegrityError:
        return Account.objects.get(**lookup)


def pool_of(community: RegionNode) -> Account:
    return account_for(kind=AccountKind.POOL, community=community)


def supermarket_of(community: RegionNode) -> Account:
    return account_for(kind=AccountKind.SUPERMARKET, community=community)


def resident_account(person: Person, community: RegionNode) -> Account:
    return account_for(kind=AccountKind.RESIDENT, community=community, person=person)


def balance_of(person: Person, community: RegionNode) -> int:
    account = Account.objects.filter(kind=AccountKind.RESIDENT, person=person, community=community).first()
    return account.balance if account is not None else 0


# --- the one writer of the ledger ----------------------------------------------------------------------------------

@transaction.atomic
def post_transaction(*, community: RegionNode, kind: str, key: str, legs: list[tuple[Account, int]], actor=None,
                     memo: str = "", **links) -> Transaction:
    """Post one balanced transaction. `legs` are (account, signed amount); `links` are the source's foreign keys
    (rule, hours_entry, good_deed, redemption, reverses). Raises AlreadyPosted when `key` was posted before, and a
    ValidationError (nothing written) when an account other than the pool would go below zero."""
    if kind not in TransactionKind.values:
        raise ValidationError(_("未知的交易类别"))
    if len(legs) < 2 or any(not isinstance(a, int) or isinstance(a, bool) or a == 0 for _acc, a in legs):
        raise ValidationError(_("每条分录的积分须为非零整数"))
    if sum(a for _acc, a in legs) != 0:
        raise ValidationError(_("借贷不平衡：一笔交易的分录合计须为零"))
    if len({acc.pk for acc, _a in legs}) != len(legs):
        raise ValidationError(_("同一账户在一笔交易中只能出现一次"))
    if any(acc.community_id != community.pk for acc, _a in legs):
        raise ValidationError(_("一笔交易只能在同一社区的账户之间进行"))
    if Transaction.objects.filter(key=key).exists():
        raise AlreadyPosted(_("该笔积分已经记账，不会重复记入"))
    try:
        with transaction.atomic():  # the unique key: a second poster waits here for the first, then fails
            txn = Transaction.objects.create(community=community, kind=kind, key=key, memo=memo[:limits.SHORT_TEXT],
                                             leg_count=len(legs), created_by=actor, created_at=clock.now(), **links)
    except IntegrityError:
        raise AlreadyPosted(_("该笔积分已经记账，不会重复记入")) from None
    amounts = {acc.pk: amount for acc, amount in legs}
    locked = {a.pk: a for a in Account.objects.select_for_update().filter(pk__in=amounts).order_by("pk")}
    for pk in sorted(amounts):
        account = locked[pk]
        if account.kind != AccountKind.POOL and account.balance + amounts[pk] < 0:
            if account.kind == AccountKind.RESIDENT:
                raise ValidationError(_("积分不足：当前余额 %(b)d 分，需要 %(n)d 分")
                                      % {"b": account.balance, "n": -amounts[pk]})
            raise ValidationError(_("%(account)s余额不足") % {"account": account.get_kind_display()})
    Leg.objects.bulk_create([Leg(transaction=txn, account_id=pk, amount=amounts[pk]) for pk in sorted(amounts)])
    for pk in sorted(amounts):
        Account.objects.filter(pk=pk).update(balance=F("balance") + amounts[pk])
    record(txn, f"points.{kind}", actor, {"key": key, "legs": [[pk, amounts[pk]] for pk in sorted(amounts)]})
    return txn


# --- rules ---------------------------------------------------------------------------------------------------------

def rule_in_force(community: RegionNode, on) -> PointsRule | None:
    """The version in force on a day: the latest effective_from on or before it (the highest version on a tie)."""
    return (PointsRule.objects.filter(community=community, effective_from__lte=on)
            .order_by("-effective_from", "-version").first())


@transaction.atomic
def set_rule(*, actor, community: RegionNode, points_per_hour, effective_from, note: str = "") -> PointsRule:
    """A new version of the community's rate. Earlier credits keep the version they were paid by."""
    community = _community(community)
    require(actor is None or may_run_points(actor, community))
    rate = _whole(points_per_hour, field="points_per_hour", bound=limits.POINTS_PER_HOUR, label=_("每小时积分"))
    if effective_from is None or not (limits.PLATFORM_START.year <= effective_from.year <= limits.LAST_YEAR):
        raise ValidationError({"effective_from": _("请填写有效的生效日期")})
    note = clean_text(note, field="note", label=_("说明"), max_length=limits.SHORT_TEXT, required=False)
    RegionNode.objects.select_for_update().filter(pk=community.pk).first()  # one new version at a time
    last = PointsRule.objects.filter(community=community).order_by("-version").first()
    rule = PointsRule.objects.create(community=community, version=(last.version + 1) if last else 1,
                                     points_per_hour=rate, effective_from=effective_from, note=note, set_by=actor,
                                     set_at=clock.now())
    record(rule, "points.rule_set", actor, {"version": rule.version, "points_per_hour": rate,
                                            "effective_from": str(effective_from)})
    return rule


def points_for(hours: Decimal, rule: PointsRule) -> int:
    return int((Decimal(hours) * rule.points_per_hour).quantize(Decimal(1), rounding=ROUND_HALF_UP))


# --- hours: credit and reversal (the sweep) ---------------------------------------------------------------------------

def hours_key(entry_id: int) -> str:
    return f"hours:{entry_id}"


def reversal_key(entry_id: int) -> str:
    return f"hours:{entry_id}:reversal"


def credit_hours(*, entry: HoursEntry, actor=None) -> Transaction | None:
    """Pay a confirmed hours entry at the rate in force on its day (None: not confirmed, no rule, or 0 points).
    Raises AlreadyPosted when it was paid before."""
    if entry.status != HoursStatus.CONFIRMED:
        return None
    rule = rule_in_force(entry.community, entry.served_on)
    if rule is None:
        return None
    amount = points_for(entry.hours, rule)
    if amount <= 0:
        return None
    amount = min(amount, int(limits.POINTS.high))
    resident = resident_account(entry.person, entry.community)
    memo = _("志愿服务 %(d)s，%(h)s 小时 × %(r)d 分（规则第 %(v)d 版）") % {
        "d": entry.served_on, "h": entry.hours, "r": rule.points_per_hour, "v": rule.version}
    return post_transaction(community=entry.community, kind=TransactionKind.HOURS, key=hours_key(entry.pk),
                            legs=[(pool_of(entry.community), -amount), (resident, amount)], actor=actor, memo=memo,
                            rule=rule, hours_entry=entry)


def reverse_hours(*, entry: HoursEntry, actor=None) -> Transaction | None:
    """An hours entry paid and later declined or superseded: a reversing transaction takes the credit back. If the
    resident has spent some of it, only what is left is taken back (no account but the pool goes negative); the
    shortfall is written in the memo and the chronicle."""
    if entry.status not in REVERSED_STATUSES:
        return None
    credit = Transaction.objects.filter(key=hours_key(entry.pk)).first()
    if credit is None:
        return None
    with transaction.atomic():
        resident_leg = credit.legs.get(account__kind=AccountKind.RESIDENT)
        pool = pool_of(credit.community)
        locked = {a.pk: a for a in Account.objects.select_for_update()  # in id order, as post_transaction does
                  .filter(pk__in=[resident_leg.account_id, pool.pk]).order_by("pk")}
        account = locked[resident_leg.account_id]
        amount = min(resident_leg.amount, account.balance)
        if amount <= 0:  # all spent: tried again by the next sweep, once she has points again
            return None
        memo = _("服务时长记录%(s)s，冲回积分") % {"s": entry.get_status_display()}
        if amount < resident_leg.amount:
            memo += _("（余额不足，少冲回 %(n)d 分）") % {"n": resident_leg.amount - amount}
        return post_transaction(community=credit.community, kind=TransactionKind.REVERSAL,
                                key=reversal_key(entry.pk), legs=[(account, -amount), (pool, amount)],
                                actor=actor, memo=memo, hours_entry=entry, reverses=credit)


@dataclass
class SweepResult:
    credited: int = 0
    reversed: int = 0
    skipped: int = 0


def sweep(*, actor=None) -> SweepResult:
    """Credit every confirmed hours entry not yet paid and reverse every paid entry since declined or superseded.
    Safe to run any number of times and in parallel: each entry is posted in its own transaction under its unique
    key, so a second sweep finds it paid (or waits for the first and is refused by the key)."""
    result = SweepResult()
    paid = Transaction.objects.filter(kind=TransactionKind.HOURS, hours_entry_id__isnull=False)
    to_credit = (HoursEntry.objects.filter(status=HoursStatus.CONFIRMED)
                 .exclude(pk__in=paid.values("hours_entry_id"))
                 .filter(community__points_rules__isnull=False).distinct()
                 .select_related("community", "person").order_by("pk"))
    for entry in to_credit:
        try:
            txn = credit_hours(entry=entry, actor=actor)
        except AlreadyPosted:
            result.skipped += 1
            continue
        if txn is None:
            result.skipped += 1
        else:
            result.credited += 1
    reversed_already = Transaction.objects.filter(kind=TransactionKind.REVERSAL, hours_entry_id__isnull=False)
    to_reverse = (HoursEntry.objects.filter(status__in=REVERSED_STATUSES, pk__in=paid.values("hours_entry_id"))
                  .exclude(pk__in=reversed_already.values("hours_entry_id"))
                  .select_related("community", "person").order_by("pk"))
    for entry in to_reverse:
        try:
            txn = reverse_hours(entry=entry, actor=actor)
        except AlreadyPosted:
            result.skipped += 1
            continue
        if txn is not None:
            result.reversed += 1
    return result


# --- good deeds and adjustments ---------------------------------------------------------------------------------------

@transaction.atomic
def award_good_deed(*, actor, person: Person, community: RegionNode, points, reason: str, done_on=None) -> GoodDeed:
    """好人好事: staff recognise a resident's good deed with points from the community's pool."""
    community = _community(community)
    require(actor is None or may_run_points(actor, community))
    amount = _whole(points, field="points", bound=limits.POINTS, label=_("奖励积分"))
    reason = clean_text(reason, field="reason", label=_("事由"), max_length=limits.SHORT_TEXT, required=True)
    done_on = done_on or clock.today()
    if done_on > clock.today() or done_on < limits.PLATFORM_START:
        raise ValidationError({"done_on": _("好人好事的日期不能晚于今天")})
    deed = GoodDeed.objects.create(community=community, person=person, points=amount, reason=reason,
                                   done_on=done_on, awarded_by=actor, awarded_at=clock.now())
    post_transaction(community=community, kind=TransactionKind.GOOD_DEED, key=f"deed:{deed.pk}",
                     legs=[(pool_of(community), -amount), (resident_account(person, community), amount)],
                     actor=actor, memo=_("好人好事：%(r)s") % {"r": reason}, good_deed=deed)
    record(deed, "points.deed_awarded", actor, {"points": amount, "person": person.pk})
    return deed


@transaction.atomic
def adjust(*, actor, person: Person, community: RegionNode, points, reason: str) -> Transaction:
    """A manual correction between the pool and a resident (positive: to her, negative: from her), with a reason."""
    community = _community(community)
    require(actor is None or may_run_points(actor, community))
    try:
        signed = int(str(points).strip())
    except (TypeError, ValueError):
        signed = 0
    _whole(abs(signed), field="points", bound=limits.POINTS, label=_("调整积分"))
    reason = clean_text(reason, field="reason", label=_("调整原因"), max_length=limits.SHORT_TEXT, required=True)
    return post_transaction(community=community, kind=TransactionKind.ADJUSTMENT, key=f"adjust:{uuid.uuid4().hex}",
                            legs=[(pool_of(community), -signed), (resident_account(person, community), signed)],
                            actor=actor, memo=_("人工调整：%(r)s") % {"r": reason})


# --- the supermarket: items ---------------------------------------------------------------------------------------

def _photo(photo) -> ContentFile | None:
    if not photo:
        return None
    _name, kind, data = read_checked(photo, field="photo", types=JPEG_PNG, default_name="item",
                                    not_allowed=_("“%(name)s”不是 JPG 或 PNG 图片"))
    return ContentFile(data, name=f"{uuid.uuid4().hex}{PHOTO_EXTENSIONS[kind]}")


def _donor(donor: Organisation | None, community: RegionNode) -> Organisation | None:
    if donor is not None and not donor.home.path.startswith(community.path) \
            and not community.path.startswith(donor.home.path):
        raise ValidationError({"donor": _("捐赠单位须为本社区或其上级区域的单位、商户")})
    return donor


@transaction.atomic
def create_item(*, actor, community: RegionNode, name: str, price, stock, donor: Organisation | None = None,
                description: str = "", photo=None) -> Item:
    community = _community(community)
    require(actor is None or may_run_points(actor, community))
    name = clean_text(name, field="name", label=_("商品名称"), max_length=limits.NAME, required=True)
    description = clean_text(description, field="description", label=_("说明"), max_length=limits.SHORT_TEXT,
                        required=False)
    price = _whole(price, field="price", bound=limits.POINTS, label=_("兑换积分"))
    stock = _whole(stock, field="stock", bound=limits.STOCK, label=_("库存"))
    item = Item(community=community, name=name, description=description, price=price, stock=stock,
                donor=_donor(donor, community), created_at=clock.now())
    picture = _photo(photo)
    if picture is not None:
        item.photo.save(picture.name or "item.jpg", picture, save=False)
    item.save()
    record(item, "points.item_created", actor, {"price": price, "stock": stock,
                                                "donor": donor.pk if donor else None})
    return item


def _lock_item(item: Item) -> Item:
    item.refresh_from_db(from_queryset=Item.objects.select_for_update())
    return item


@transaction.atomic
def restock_item(*, actor, item: Item, change, reason: str = "") -> Item:
    """Add (or, with a negative change, write off) stock; the stock never goes below zero."""
    require(actor is None or may_run_points(actor, item.community))
    try:
        delta = int(str(change).strip())
    except (TypeError, ValueError):
        raise ValidationError({"change": _("库存变动须为整数")}) from None
    if delta == 0 or abs(delta) > limits.STOCK.high:
        raise ValidationError({"change": _("库存变动须为 1—%(n)s 之间的整数（减少时为负数）")
                               % {"n": limits.STOCK.high}})
    reason = clean_text(reason, field="reason", label=_("原因"), max_length=limits.SHORT_TEXT, required=False)
    _lock_item(item)
    before = item.stock
    if not limits.STOCK.holds(before + delta):
        raise ValidationError({"change": _("库存不能为负数：当前库存 %(s)d 件") % {"s": before}
                               if before + delta < 0 else _("库存不能超过 %(n)s 件") % {"n": limits.STOCK.high}})
    Item.objects.filter(pk=item.pk).update(stock=F("stock") + delta)
    item.refresh_from_db(fields=["stock"])
    record(item, "points.item_restocked", actor, {"from": before, "to": item.stock, "change": delta,
                                                  "reason": reason})
    return item


@transaction.atomic
def change_item(*, actor, item: Item, name: str | None = None, price=None, description: str | None = None,
                active: bool | None = None, donor: Organisation | bool | None = False, photo=None) -> Item:
    """Edit the name, price, description, donor, photo or shelf state; the price applies to later redemptions."""
    require(actor is None or may_run_points(actor, item.community))
    _lock_item(item)
    changes: dict[str, Any] = {}
    if name is not None:
        item.name = changes["name"] = clean_text(name, field="name", label=_("商品名称"), max_length=limits.NAME,
                                            required=True)
    if description is not None:
        item.description = clean_text(description, field="description", label=_("说明"), max_length=limits.SHORT_TEXT,
                                 required=False)
    if price is not None:
        before = item.price
        item.price = _whole(price, field="price", bound=limits.POINTS, label=_("兑换积分"))
        if item.price != before:
            changes["price"] = [before, item.price]
    if active is not None:
        item.active = changes["active"] = bool(active)
    if donor is not False:
        item.donor = _donor(donor if isinstance(donor, Organisation) else None, item.community)
        changes["donor"] = item.donor_id
    picture = _photo(photo)
    if picture is not None:
        item.photo.save(picture.name or "item.jpg", picture, save=False)
        changes["photo"] = True
    item.save()
    record(item, "points.item_changed", actor, changes)
    return item


# --- the supermarket: redemptions -----------------------------------------------------------------------------------

@transaction.atomic
def redeem(*, actor, item: Item, quantity=1, resident: Person | None = None) -> Redemption:
    """A resident exchanges points for an item: in one transaction the item row and both accounts are locked, the
    stock is taken and the points move to the supermarket. Never more than the stock, never below zero points.
    `resident` None: the actor's own person record (staff may redeem at the counter for a resident)."""
    if resident is None:
        resident = getattr(actor, "person", None) if actor is not None else None
        if resident is None:
            raise ValidationError(_("您的账号尚未关联居民档案，请联系社区登记"))
        require(actor is None or may_redeem_in(actor, item.community))
    else:
        require(actor is None or may_run_points(actor, item.community)
                 or resident.pk in actor.scope.person_ids)
    if isinstance(quantity, bool):
        quantity = None
    try:
        quantity = int(str(quantity).strip())
    except (TypeError, ValueError):
        quantity = 0
    if not 1 <= quantity <= MAX_QUANTITY:
        raise ValidationError({"quantity": _("兑换数量须为 1—%(n)d 之间的整数") % {"n": MAX_QUANTITY}})
    _lock_item(item)
    if not item.active:
        raise ValidationError(_("该商品已下架"))
    if item.stock < quantity:
        raise ValidationError(_("库存不足：%(name)s 仅剩 %(s)d 件") % {"name": item.name, "s": item.stock})
    cost = item.price * quantity
    account = Account.objects.filter(kind=AccountKind.RESIDENT, person=resident, community=item.community).first()
    if account is None or account.balance < cost:
        raise ValidationError(_("积分不足：兑换需要 %(n)d 分，当前余额 %(b)d 分")
                              % {"n": cost, "b": account.balance if account else 0})
    now = clock.now()
    redemption = Redemption.objects.create(community=item.community, resident=resident, item=item, quantity=quantity,
                                           points=cost, requested_by=actor, requested_at=now)
    post_transaction(community=item.community, kind=TransactionKind.REDEMPTION, key=f"redeem:{redemption.pk}",
                     legs=[(account, -cost), (supermarket_of(item.community), cost)], actor=actor,
                     memo=_("兑换 %(name)s × %(q)d") % {"name": item.name, "q": quantity}, redemption=redemption)
    Item.objects.filter(pk=item.pk).update(stock=F("stock") - quantity)
    item.refresh_from_db(fields=["stock"])
    record(redemption, "points.redeemed", actor, {"item": item.pk, "quantity": quantity, "points": cost,
                                                  "stock": item.stock})
    return redemption


def _lock_redemption(redemption: Redemption) -> Redemption:
    redemption.refresh_from_db(from_queryset=Redemption.objects.select_for_update())
    return redemption


@transaction.atomic
def confirm_pickup(*, actor, redemption: Redemption) -> Redemption:
    require(actor is None or may_run_points(actor, redemption.community))
    _lock_redemption(redemption)
    if redemption.status != RedemptionStatus.REQUESTED:
        raise ValidationError(_("该兑换单%(s)s，不能确认领取") % {"s": redemption.get_status_display()})
    redemption.status = RedemptionStatus.PICKED_UP
    redemption.picked_up_at = clock.now()
    redemption.picked_up_by = actor
    redemption.save(update_fields=["status", "picked_up_at", "picked_up_by"])
    record(redemption, "points.picked_up", actor, {"item": redemption.item_id})
    return redemption


@transaction.atomic
def cancel_redemption(*, actor, redemption: Redemption, reason: str = "") -> Redemption:
    """Before pick-up, the resident (or community staff for her) cancels: points and stock come back."""
    require(actor is None or is_owner(actor, redemption) or may_run_points(actor, redemption.community))
    reason = clean_text(reason, field="reason", label=_("取消原因"), max_length=limits.SHORT_TEXT, required=False)
    item = _lock_item(Item.objects.get(pk=redemption.item_id))
    _lock_redemption(redemption)
    if redemption.status != RedemptionStatus.REQUESTED:
        raise ValidationError(_("该兑换单%(s)s，不能取消") % {"s": redemption.get_status_display()})
    if item.stock + redemption.quantity > limits.STOCK.high:
        raise ValidationError(_("库存已满，无法退回"))
    post_transaction(community=redemption.community, kind=TransactionKind.REFUND,
                     key=f"redeem:{redemption.pk}:refund",
                     legs=[(supermarket_of(redemption.community), -redemption.points),
                           (resident_account(redemption.resident, redemption.community), redemption.points)],
                     actor=actor, memo=_("取消兑换 %(name)s，退还积分") % {"name": item.name},
                     redemption=redemption,
                     reverses=Transaction.objects.filter(key=f"redeem:{redemption.pk}").first())
    Item.objects.filter(pk=item.pk).update(stock=F("stock") + redemption.quantity)
    redemption.status = RedemptionStatus.CANCELLED
    redemption.cancelled_at = clock.now()
    redemption.cancelled_by = actor
    redemption.cancel_reason = reason
    redemption.save(update_fields=["status", "cancelled_at", "cancelled_by", "cancel_reason"])
    record(redemption, "points.redemption_cancelled", actor, {"item": item.pk, "quantity": redemption.quantity})
    return redemption


# --- the ledger's own check ----------------------------------------------------------------------------------------

@dataclass
class LedgerCheck:
    accounts: int
    transactions: int
    unbalanced: list[int]  # transaction ids whose legs do not sum to zero, or are not as many as it declares
    mismatched: list[tuple[int, int, int]]  # (account id, stored balance, sum of legs)
    negative: list[int]  # non-pool accounts below zero
    total: int  # sum of every leg: 0

    @property
    def ok(self) -> bool:
        return not (self.unbalanced or self.mismatched or self.negative) and self.total == 0


def check_ledger() -> LedgerCheck:
    """Compare every stored balance with the sum of its legs and every transaction's legs with zero."""
    sums = dict(Leg.objects.values("account_id").annotate(s=Sum("amount")).values_list("account_id", "s"))
    mismatched, negative = [], []
    accounts = 0
    for pk, kind, balance in Account.objects.values_list("pk", "kind", "balance").iterator():
        accounts += 1
        if balance != sums.get(pk, 0):
            mismatched.append((pk, balance, sums.get(pk, 0)))
        if kind != AccountKind.POOL and balance < 0:
            negative.append(pk)
    unbalanced = list(Transaction.objects.annotate(s=Sum("legs__amount"), n=Count("legs"))
                      .filter(~Q(s=0) | ~Q(n=F("leg_count")) | Q(s__isnull=True)).values_list("pk", flat=True))
    total = Leg.objects.aggregate(s=Sum("amount"))["s"] or 0
    return LedgerCheck(accounts=accounts, transactions=Transaction.objects.count(), unbalanced=unbalanced,
                       mismatched=mismatched, negative=negative, total=total)
