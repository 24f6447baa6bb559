"""The service menu (服务菜单) of each community and the four-order loop (四单: 点单 · 派单 · 接单 · 评单).

A `MenuItem` is one offering on a community's menu: what a provider gives, when and where, how many places
each period and how many are left, free or semi-free (半公益). The provider is exactly one of a resident unit
(驻区单位), a volunteer team (志愿服务队) or an in-service party member (在职党员).

An `Order` is a resident's request: for a menu item, or a need described in free text. It moves
open → dispatched → taken → delivered → confirmed → rated (or cancelled before delivery); every step is
timestamped on the order and written as an `OrderEvent` (the resident's live timeline) and in the chronicle.
An order nobody takes within the community's limit (`OrderPolicy`) is escalated to the community staff once
(`Escalation`, unique per order and kind)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from gongzhi.contracts.models import Commitment
from gongzhi.core import limits
from gongzhi.lists.models import Category, Resource
from gongzhi.organisations.models import Organisation
from gongzhi.people.models import PartyMember, Person, VolunteerTeam
from gongzhi.regions.models import RegionNode


class ProviderKind(models.TextChoices):
    ORGANISATION = "organisation", _("驻区单位")
    TEAM = "team", _("志愿服务队")
    PARTY_MEMBER = "party_member", _("在职党员")


class Cost(models.TextChoices):
    FREE = "free", _("免费")
    SEMI_FREE = "semi_free", _("半公益")


class Period(models.TextChoices):
    WEEK = "week", _("每周")
    MONTH = "month", _("每月")
    QUARTER = "quarter", _("每季度")
    YEAR = "year", _("每年")


def period_start(period: str, day: dt.date) -> dt.date:
    """The first day of the period (week from Monday, month, quarter, year) that holds `day`."""
    if period == Period.WEEK:
        return day - dt.timedelta(days=day.weekday())
    if period == Period.MONTH:
        return day.replace(day=1)
    if period == Period.QUARTER:
        return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return dt.date(day.year, 1, 1)


def _provider_is(kind: ProviderKind, field: str) -> Q:
    fields = {"organisation", "team", "party_member"}
    return Q(provider_kind=kind.value, **{f"{field}__isnull": False},
             **{f"{other}__isnull": True for other in fields - {field}})


PROVIDER_SET = (_provider_is(ProviderKind.ORGANISATION, "organisation") | _provider_is(ProviderKind.TEAM, "team")
                | _provider_is(ProviderKind.PARTY_MEMBER, "party_member"))
PROVIDER_UNSET = Q(provider_kind="", organisation__isnull=True, team__isnull=True, party_member__isnull=True)


class ProviderMixin(models.Model):
    """Who serves: a unit, a volunteer team or an in-service party member (one FK set, named by the kind)."""

    provider_kind = models.CharField(_("服务方类型"), max_length=16, choices=ProviderKind.choices, blank=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("服务单位"))
    team = models.ForeignKey(VolunteerTeam, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("志愿服务队"))
    party_member = models.ForeignKey(PartyMember, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("在职党员"))

    class Meta:
        abstract = True

    @property
    def provider(self):
        return self.organisation or self.team or self.party_member

    @property
    def provider_key(self) -> tuple[str, int | None]:
        return self.provider_kind, self.organisation_id or self.team_id or self.party_member_id

    def provider_label(self, *, public: bool = False) -> str:
        """The provider's name; an in-service party member is named on the resident's pages (they serve in
        their own name) but only as 在职党员 on public pages."""
        if self.organisation_id:
            return self.organisation.name
        if self.team_id:
            return self.team.name
        if self.party_member_id:
            return str(_("在职党员")) if public else f"{_('在职党员')}·{self.party_member.person.name}"
        return ""

    def provider_fields(self) -> dict:
        return {"provider_kind": self.provider_kind, "organisation_id": self.organisation_id,
                "team_id": self.team_id, "party_member_id": self.party_member_id}


class MenuItem(ProviderMixin):
    community = models.ForeignKey(RegionNode, on_delete=models.PROTECT, related_name="menu_items",
                                  limit_choices_to={"kind": "community"}, verbose_name=_("社区"))
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="menu_items",
                                 verbose_name=_("类别"))
    resource = models.ForeignKey(Resource, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="menu_items", verbose_name=_("来源资源"))
    commitment = models.ForeignKey(Commitment, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="menu_items", verbose_name=_("来源承诺事项"))
    title = models.CharField(_("服务名称"), max_length=120)
    offer = models.TextField(_("服务内容"), blank=True, max_length=limits.NOTE)
    schedule = models.CharField(_("服务时间"), max_length=120, blank=True)
    place = models.CharField(_("服务地点"), max_length=120, blank=True)
    period = models.CharField(_("名额周期"), max_length=16, choices=Period.choices, default=Period.MONTH)
    capacity = models.IntegerField(_("每期名额"), null=True, blank=True, help_text=_("留空为不限名额"))
    places_left = models.IntegerField(_("本期剩余名额"), null=True, blank=True)
    period_start = models.DateField(_("本期开始"))
    cost = models.CharField(_("收费"), max_length=16, choices=Cost.choices, default=Cost.FREE)
    price_note = models.CharField(_("收费说明"), max_length=40, blank=True, help_text=_("如：1元"))
    active = models.BooleanField(_("上架"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(_("创建时间"))
    updated_at = models.DateTimeField(_("更新时间"))

    class Meta:
        verbose_name = _("服务菜单项")
        verbose_name_plural = _("服务菜单")
        ordering = ["community", "category__order", "title", "pk"]
        indexes = [models.Index(fields=["community", "active"], name="menu_item_shelf")]
        constraints = [
            models.CheckConstraint(name="menu_item_one_provider", condition=PROVIDER_SET),
            models.CheckConstraint(name="menu_item_places_not_negative",
                                   condition=Q(places_left__isnull=True) | Q(places_left__gte=0)),
            models.CheckConstraint(name="menu_item_places_within_capacity",
                                   condition=Q(capacity__isnull=True, places_left__isnull=True)
                                   | Q(capacity__gte=0, places_left__isnull=False, places_left__lte=F("capacity"))),
            models.CheckConstraint(name="menu_item_semi_free_has_price",
                                   condition=Q(cost="free") | ~Q(price_note="")),
            models.UniqueConstraint(fields=["resource"], condition=Q(resource__isnull=False),
                                    name="menu_item_once_per_resource"),
            models.UniqueConstraint(fields=["commitment", "organisation"], condition=Q(commitment__isnull=False),
                                    name="menu_item_once_per_commitment_undertaker"),
        ]

    def __str__(self) -> str:
        return self.title

    def chronicle_region_path(self) -> str:
        return self.community.path

    @property
    def limited(self) -> bool:
        return self.capacity is not None

    @property
    def full(self) -> bool:
        return self.capacity is not None and (self.places_left or 0) <= 0


class OrderPolicy(models.Model):
    """A community's time limits; a community without a row uses the defaults."""

    DEFAULT_TAKE_HOURS = 24
    DEFAULT_CONFIRM_HOURS = 72
    DEFAULT_STAFF_CONFIRM_HOURS = 24

    community = models.OneToOneField(RegionNode, on_delete=models.PROTECT, related_name="order_policy",
                                     verbose_name=_("社区"))
    take_hours = models.PositiveSmallIntegerField(_("接单时限（小时）"), default=DEFAULT_TAKE_HOURS,
                                                  help_text=_("下单后超过该时限无人接单，即提交社区督办"))
    confirm_hours = models.PositiveSmallIntegerField(_("确认时限（小时）"), default=DEFAULT_CONFIRM_HOURS,
                                                     help_text=_("服务完成后居民超过该时限未确认，系统代为确认"))
    staff_confirm_hours = models.PositiveSmallIntegerField(
        _("代为确认等待（小时）"), default=DEFAULT_STAFF_CONFIRM_HOURS,
        help_text=_("服务完成后居民超过该时限未回应，社区工作人员可代为确认"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    updated_at = models.DateTimeField(_("更新时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("点单时限")
        verbose_name_plural = _("点单时限")
        constraints = [
            models.CheckConstraint(name="order_policy_limits_in_range",
                                   condition=Q(take_hours__gte=1, take_hours__lte=720, confirm_hours__gte=1,
                                               confirm_hours__lte=720, staff_confirm_hours__gte=1,
                                               staff_confirm_hours__lte=720)),
        ]

    def __str__(self) -> str:
        return str(self.community)

    def chronicle_region_path(self) -> str:
        return self.community.path


class Channel(models.TextChoices):
    ONLINE = "online", _("线上点单")
    PHONE = "phone", _("电话")
    GRID_WORKER = "grid_worker", _("网格员代点")
    WINDOW = "window", _("服务窗口")


OFFLINE_CHANNELS = (Channel.PHONE, Channel.GRID_WORKER, Channel.WINDOW)


class OrderStatus(models.TextChoices):
    OPEN = "open", _("待派单")
    DISPATCHED = "dispatched", _("已派单")
    TAKEN = "taken", _("已接单")
    DELIVERED = "delivered", _("待确认")
    CONFIRMED = "confirmed", _("待评价")
    RATED = "rated", _("已评价")
    CANCELLED = "cancelled", _("已取消")


WAITING_STATUSES = (OrderStatus.OPEN, OrderStatus.DISPATCHED)  # nobody has taken it yet
ACTIVE_STATUSES = (OrderStatus.OPEN, OrderStatus.DISPATCHED, OrderStatus.TAKEN, OrderStatus.DELIVERED)
CANCELLABLE_STATUSES = (OrderStatus.OPEN, OrderStatus.DISPATCHED, OrderStatus.TAKEN)
SERVED_STATUSES = (OrderStatus.TAKEN, OrderStatus.DELIVERED, OrderStatus.CONFIRMED, OrderStatus.RATED)
COMPLETED_STATUSES = (OrderStatus.CONFIRMED, OrderStatus.RATED)


def _values(statuses) -> list[str]:
    return [s.value for s in statuses]


class FollowUp(models.TextChoices):
    NONE = "", _("无")
    OPEN = "open", _("待回访")
    DONE = "done", _("已回访")


LOW_RATING = 2  # a rating at or below this asks the community staff to follow up


class Order(ProviderMixin):
    community = models.ForeignKey(RegionNode, on_delete=models.PROTECT, related_name="orders",
                                  verbose_name=_("社区"))
    resident = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="orders", verbose_name=_("居民"))
    menu_item = models.ForeignKey(MenuItem, on_delete=models.PROTECT, null=True, blank=True, related_name="orders",
                                  verbose_name=_("服务"))
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="orders", verbose_name=_("类别"))
    title = models.CharField(_("需求"), max_length=120)
    description = models.TextField(_("补充说明"), blank=True, max_length=limits.NOTE)
    channel = models.CharField(_("点单渠道"), max_length=16, choices=Channel.choices, default=Channel.ONLINE)
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("下单人"))
    status = models.CharField(_("状态"), max_length=16, choices=OrderStatus.choices, default=OrderStatus.OPEN)
    # the place the order holds on its menu item, and the item's period it was taken from
    holds_place = models.BooleanField(default=False)
    place_period = models.DateField(null=True, blank=True)
    placed_at = models.DateTimeField(_("点单时间"))
    take_deadline = models.DateTimeField(_("接单时限"))
    overdue_at = models.DateTimeField(_("超时督办时间"), null=True, blank=True)
    dispatched_at = models.DateTimeField(_("派单时间"), null=True, blank=True)
    dispatched_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+")
    taken_at = models.DateTimeField(_("接单时间"), null=True, blank=True)
    taken_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+")
    delivered_at = models.DateTimeField(_("服务完成时间"), null=True, blank=True)
    delivery_note = models.TextField(_("服务情况"), blank=True, max_length=limits.NOTE)
    confirm_deadline = models.DateTimeField(_("确认时限"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    confirm_note = models.CharField(_("代为确认原因"), max_length=200, blank=True)
    rated_at = models.DateTimeField(_("评价时间"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(_("评分"), null=True, blank=True)
    comment = models.CharField(_("评价"), max_length=500, blank=True)
    follow_up = models.CharField(_("回访"), max_length=8, choices=FollowUp.choices, default=FollowUp.NONE,
                                 blank=True)
    follow_up_note = models.CharField(_("回访情况"), max_length=300, blank=True)
    follow_up_at = models.DateTimeField(_("回访时间"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    cancel_reason = models.CharField(_("取消原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("服务订单")
        verbose_name_plural = _("服务订单")
        ordering = ["-placed_at", "-pk"]
        indexes = [
            models.Index(fields=["community", "status"], name="order_board"),
            models.Index(fields=["status", "take_deadline"], name="order_take_sweep"),
        ]
        constraints = [
            models.CheckConstraint(name="order_provider_consistent", condition=PROVIDER_SET | PROVIDER_UNSET),
            models.CheckConstraint(name="order_served_has_provider",
                                   condition=~Q(status__in=["dispatched", *_values(SERVED_STATUSES)]) | ~Q(provider_kind="")),
            models.CheckConstraint(name="order_taken_has_time",
                                   condition=~Q(status__in=_values(SERVED_STATUSES)) | Q(taken_at__isnull=False)),
            models.CheckConstraint(name="order_rating_in_range",
                                   condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5)),
            models.CheckConstraint(name="order_rated_has_rating",
                                   condition=Q(status="rated", rating__isnull=False)
                                   | (~Q(status="rated") & Q(rating__isnull=True))),
            models.CheckConstraint(name="order_follow_up_only_when_low",
                                   condition=Q(follow_up="") | Q(rating__lte=LOW_RATING)),
            models.CheckConstraint(name="order_place_on_an_item",
                                   condition=Q(holds_place=False)
                                   | Q(menu_item__isnull=False, place_period__isnull=False)),
            # one unfinished order per resident and menu item (a double tap orders once)
            models.UniqueConstraint(fields=["menu_item", "resident"],
                                    condition=Q(menu_item__isnull=False, status__in=_values(ACTIVE_STATUSES)),
                                    name="order_one_active_per_resident_item"),
        ]

    def __str__(self) -> str:
        return self.title

    def chronicle_region_path(self) -> str:
        return self.community.path

    @property
    def is_overdue(self) -> bool:
        """Escalated for nobody taking it, and still waiting."""
        return self.overdue_at is not None and self.status in WAITING_STATUSES

    @property
    def needs_follow_up(self) -> bool:
        return self.follow_up == FollowUp.OPEN


EVENT_LABELS = {
    OrderStatus.OPEN: _("居民点单"), OrderStatus.DISPATCHED: _("社区派单"), OrderStatus.TAKEN: _("服务方接单"),
    OrderStatus.DELIVERED: _("服务完成"), OrderStatus.CONFIRMED: _("确认完成"), OrderStatus.RATED: _("居民评价"),
    OrderStatus.CANCELLED: _("订单取消"),
}


class OrderEvent(models.Model):
    """One transition of an order (or a note on it, from == to): the resident's live timeline."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=16, choices=OrderStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=OrderStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+")
    at = models.DateTimeField()
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("订单进度")
        verbose_name_plural = _("订单进度")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status or '—'} → {self.to_status}"

    @property
    def label(self) -> str:
        """What happened, for the timeline: 居民点单, 派单, 接单 … or 进度提醒 for a note (from == to)."""
        if self.from_status == self.to_status:
            return str(_("进度提醒"))
        return str(EVENT_LABELS.get(self.to_status, self.get_to_status_display()))


class EscalationKind(models.TextChoices):
    NOT_TAKEN = "not_taken", _("超时未接单")


class Escalation(models.Model):
    """督办: one per order and kind — the sweep may run any number of times, the staff are told once."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="escalations")
    kind = models.CharField(max_length=16, choices=EscalationKind.choices)
    created_at = models.DateTimeField()
    recipients = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="order_escalations", blank=True)
    message = models.CharField(max_length=300)

    class Meta:
        verbose_name = _("超时督办")
        verbose_name_plural = _("超时督办")
        constraints = [models.UniqueConstraint(fields=["order", "kind"], name="order_escalated_once")]

    def __str__(self) -> str:
        return self.message
