"""The points ledger (积分账本) and the points supermarket (积分超市) of a community.

A double-entry ledger (ADR 0010): every movement of points is a `Transaction` of `Leg`s whose amounts sum to zero.
Each community has a pool account (社区积分池: points are issued from it, so it alone may go negative), a
supermarket account (积分超市: points spent on goods land there) and one account per resident who earns points
there. An account's stored `balance` is the sum of its legs, kept in the same database transaction as the legs
(`services.post_transaction`) and checked by `services.check_ledger`; a CHECK constraint keeps every account but the
pool at or above zero. Ledger rows are never edited or deleted (triggers refuse it): a correction is a new,
reversing transaction.

Rules (`PointsRule`) turn confirmed service hours into points, per community and versioned: an hours credit
records the rule version it used, so a new rate never changes an old credit. Good deeds (好人好事) are awarded by
staff with a reason. The supermarket has items (price, stock, donor) and redemptions (requested → picked up, or
cancelled with points and stock returned)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongzhi.core import limits
from gongzhi.regions.models import RegionNode

MAX_QUANTITY = 20  # items of one kind in one redemption


class AccountKind(models.TextChoices):
    RESIDENT = "resident", _("居民积分账户")
    POOL = "pool", _("社区积分池")
    SUPERMARKET = "supermarket", _("积分超市")


class Account(models.Model):
    kind = models.CharField(_("类别"), max_length=16, choices=AccountKind.choices)
    community = models.ForeignKey(RegionNode, on_delete=models.PROTECT, related_name="points_accounts",
                                  limit_choices_to={"kind": "community"}, verbose_name=_("社区"))
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="points_accounts", verbose_name=_("居民"))
    balance = models.IntegerField(_("余额"), default=0)
    opened_at = models.DateTimeField(_("开户时间"))

    class Meta:
        verbose_name = _("积分账户")
        verbose_name_plural = _("积分账户")
        ordering = ["community_id", "kind", "pk"]
        constraints = [
            models.CheckConstraint(name="points_account_never_negative_but_pool",
                                   condition=Q(balance__gte=0) | Q(kind="pool")),
            models.CheckConstraint(name="points_account_owner_matches_kind",
                                   condition=(Q(kind="resident") & Q(person__isnull=False))
                                   | (~Q(kind="resident") & Q(person__isnull=True))),
            models.UniqueConstraint(fields=["person", "community"], condition=Q(kind="resident"),
                                    name="points_one_resident_account_per_community"),
            models.UniqueConstraint(fields=["kind", "community"], condition=~Q(kind="resident"),
                                    name="points_one_pool_and_supermarket_per_community"),
        ]

    def __str__(self) -> str:
        if self.kind == AccountKind.RESIDENT:
            return f"{self.person} · {self.community}"
        return f"{self.community} · {self.get_kind_display()}"

    def chronicle_region_path(self) -> str:
        return self.community.path


class PointsRule(models.Model):
    """A community's rate: points per confirmed hour, in force from a date. Versions are never edited; a new rate
    is a new version."""

    community = models.ForeignKey(RegionNode, on_delete=models.PROTECT, related_name="points_rules",
                                  limit_choices_to={"kind": "community"}, verbose_name=_("社区"))
    version = models.PositiveIntegerField(_("版本"))
    points_per_hour = models.PositiveIntegerField(_("每小时积分"))
    effective_from = models.DateField(_("生效日期"))
    note = models.CharField(_("说明"), max_length=limits.SHORT_TEXT, blank=True)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+")
    set_at = models.DateTimeField(_("设定时间"))

    class Meta:
        verbose_name = _("积分规则")
        verbose_name_plural = _("积分规则")
        ordering = ["community_id", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["community", "version"], name="points_rule_version_once"),
            models.CheckConstraint(name="points_rule_rate_bounded",
                                   condition=Q(points_per_hour__gte=limits.POINTS_PER_HOUR.low)
                                   & Q(points_per_hour__lte=limits.POINTS_PER_HOUR.high)),
        ]

    def __str__(self) -> str:
        return f"{self.community} v{self.version}: {self.points_per_hour}/h"

    def chronicle_region_path(self) -> str:
        return self.community.path


class GoodDeed(models.Model):
    """好人好事: a good deed the community recognises with points."""

    community = models.ForeignKey(RegionNode, on_delete=models.PROTECT, related_name="good_deeds",
                                  limit_choices_to={"kind": "community"}, verbose_name=_("社区"))
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="good_deeds",
                               verbose_name=_("居民"))
    points = models.PositiveIntegerField(_("积分"))
    reason = models.CharField(_("事由"), max_length=limits.SHORT_TEXT)
    done_on = models.DateField(_("日期"))
    awarded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    awarded_at = models.DateTimeField(_("奖励时间"))

    class Meta:
        verbose_name = _("好人好事")
        verbose_name_plural = _("好人好事")
        ordering = ["-awarded_at", "-pk"]
        constraints = [
            models.CheckConstraint(name="points_good_deed_bounded",
                                   condition=Q(points__gte=limits.POINTS.low) & Q(points__lte=limits.POINTS.high)),
        ]

    def __str__(self) -> str:
        return f"{self.done_on} · {self.points}"

    def chronicle_region_path(self) -> str:
        return self.community.path


class Item(models.Model):
    """An item on the shelves of a community's points supermarket."""

    community = models.ForeignKey(RegionNode, on_delete=models.PROTECT, related_name="points_items",
                                  limit_choices_to={"kind": "community"}, verbose_name=_("社区"))
    name = models.CharField(_("名称"), max_length=limits.NAME)
    description = models.CharField(_("说明"), max_length=limits.SHORT_TEXT, blank=True)
    price = models.PositiveIntegerField(_("兑换积分"))
    stock = models.IntegerField(_("库存"), default=0)
    donor = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, null=True, blank=True,
                              related_name="donated_points_items", verbose_name=_("捐赠单位"))
    photo = models.FileField(_("照片"), upload_to="points/items/", blank=True, max_length=limits.TITLE)
    active = models.BooleanField(_("上架"), default=True)
    created_at = models.DateTimeField(_("上架时间"))

    class Meta:
        verbose_name = _("积分超市商品")
        verbose_name_plural = _("积分超市商品")
        ordering = ["community_id", "price", "pk"]
        constraints = [
            models.CheckConstraint(name="points_item_stock_bounded",
                                   condition=Q(stock__gte=limits.STOCK.low) & Q(stock__lte=limits.STOCK.high)),
            models.CheckConstraint(name="points_item_price_bounded",
                                   condition=Q(price__gte=limits.POINTS.low) & Q(price__lte=limits.POINTS.high)),
        ]

    def __str__(self) -> str:
        return self.name

    def chronicle_region_path(self) -> str:
        return self.community.path


class RedemptionStatus(models.TextChoices):
    REQUESTED = "requested", _("待领取")
    PICKED_UP = "picked_up", _("已领取")
    CANCELLED = "cancelled", _("已取消")


class Redemption(models.Model):
    """A resident exchanges points for an item: the points and the stock are taken when she asks; staff confirm
    when she picks it up; a cancellation gives both back."""

    community = models.ForeignKey(RegionNode, on_delete=models.PROTECT, related_name="points_redemptions",
                                  limit_choices_to={"kind": "community"}, verbose_name=_("社区"))
    resident = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="points_redemptions",
                                 verbose_name=_("居民"))
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="redemptions", verbose_name=_("商品"))
    quantity = models.PositiveIntegerField(_("数量"), default=1)
    points = models.PositiveIntegerField(_("积分"))
    status = models.CharField(_("状态"), max_length=16, choices=RedemptionStatus.choices,
                              default=RedemptionStatus.REQUESTED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    requested_at = models.DateTimeField(_("兑换时间"))
    picked_up_at = models.DateTimeField(_("领取时间"), null=True, blank=True)
    picked_up_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("确认领取人"))
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    cancelled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    cancel_reason = models.CharField(_("取消原因"), max_length=limits.SHORT_TEXT, blank=True)

    class Meta:
        verbose_name = _("积分兑换")
        verbose_name_plural = _("积分兑换")
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["community", "status", "requested_at"])]
        constraints = [
            models.CheckConstraint(name="points_redemption_quantity_bounded",
                                   condition=Q(quantity__gte=1) & Q(quantity__lte=MAX_QUANTITY)),
            models.CheckConstraint(name="points_redemption_points_positive", condition=Q(points__gte=1)),
        ]

    def __str__(self) -> str:
        return f"{self.item} × {self.quantity}"

    def chronicle_region_path(self) -> str:
        return self.community.path


class TransactionKind(models.TextChoices):
    HOURS = "hours", _("志愿服务积分")
    GOOD_DEED = "good_deed", _("好人好事奖励")
    REDEMPTION = "redemption", _("积分兑换")
    REFUND = "refund", _("取消兑换退还")
    REVERSAL = "reversal", _("冲正")
    ADJUSTMENT = "adjustment", _("人工调整")


class Transaction(models.Model):
    """One movement of points. `key` names its source and is unique, so a source is posted once: "hours:<entry
    id>", "hours:<entry id>:reversal", "deed:<id>", "redeem:<id>", "redeem:<id>:refund", "adjust:<uuid>"."""

    community = models.ForeignKey(RegionNode, on_delete=models.PROTECT, related_name="points_transactions",
                                  limit_choices_to={"kind": "community"}, verbose_name=_("社区"))
    kind = models.CharField(_("类别"), max_length=16, choices=TransactionKind.choices)
    key = models.CharField(_("来源标识"), max_length=limits.CODE * 2, unique=True)
    memo = models.CharField(_("摘要"), max_length=limits.SHORT_TEXT, blank=True)
    leg_count = models.PositiveSmallIntegerField(default=2)  # the legs it is posted with (checked by a trigger)
    rule = models.ForeignKey(PointsRule, on_delete=models.PROTECT, null=True, blank=True, related_name="credits",
                             verbose_name=_("所用积分规则"))
    hours_entry = models.ForeignKey("volunteering.HoursEntry", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="points_transactions", verbose_name=_("服务时长记录"))
    good_deed = models.ForeignKey(GoodDeed, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="transactions")
    redemption = models.ForeignKey(Redemption, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="transactions")
    reverses = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="reversals", verbose_name=_("冲正的交易"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(_("记账时间"))

    class Meta:
        verbose_name = _("积分交易")
        verbose_name_plural = _("积分交易")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["community", "created_at"])]
        constraints = [models.CheckConstraint(name="points_transaction_two_legs_or_more", condition=Q(leg_count__gte=2))]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.key}"

    def chronicle_region_path(self) -> str:
        return self.community.path


class Leg(models.Model):
    """One side of a transaction: points into (+) or out of (−) one account."""

    transaction = models.ForeignKey(Transaction, on_delete=models.PROTECT, related_name="legs")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="legs")
    amount = models.IntegerField(_("积分"))

    class Meta:
        verbose_name = _("记账分录")
        verbose_name_plural = _("记账分录")
        ordering = ["transaction_id", "pk"]
        indexes = [models.Index(fields=["account", "transaction"])]
        constraints = [
            models.CheckConstraint(name="points_leg_not_zero", condition=~Q(amount=0)),
            models.UniqueConstraint(fields=["transaction", "account"], name="points_leg_one_per_account"),
        ]

    def __str__(self) -> str:
        return f"{self.account_id}: {self.amount:+d}"
