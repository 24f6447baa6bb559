"""Duty rosters (值班排班) of patrol (红袖标安全卫士) and persuasion (文明劝导) teams (see models/__init__.py).

A `Roster` is a weekly pattern of one team — a weekday, a start and an end time, a place and the number of members
needed. The rosters sweep keeps its concrete `Shift`s created for the coming weeks. Members sign up for a shift's
slots (`ShiftSignup`), never more than the shift has; after the shift the captain or the community's staff mark who
served, and each served sign-up becomes a pending `HoursEntry` of kind duty for the team."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongzhi.core import limits

__all__ = ["ACTIVE_SIGNUPS", "SLOTS", "Roster", "Shift", "ShiftSignup", "SignupStatus", "Weekday"]

SLOTS = limits.Bound(1, 50)  # members needed on one shift: a patrol of 2 to a persuasion post of a few dozen


class Weekday(models.IntegerChoices):  # Python's date.weekday(): Monday is 0
    MONDAY = 0, _("周一")
    TUESDAY = 1, _("周二")
    WEDNESDAY = 2, _("周三")
    THURSDAY = 3, _("周四")
    FRIDAY = 4, _("周五")
    SATURDAY = 5, _("周六")
    SUNDAY = 6, _("周日")


class Roster(models.Model):
    team = models.ForeignKey("people.VolunteerTeam", on_delete=models.PROTECT, related_name="rosters",
                             verbose_name=_("队伍"))
    title = models.CharField(_("值班名称"), max_length=limits.TITLE)
    place = models.CharField(_("值班地点"), max_length=limits.TITLE, blank=True)
    weekday = models.PositiveSmallIntegerField(_("星期"), choices=Weekday.choices)
    starts_at = models.TimeField(_("开始时间"))
    ends_at = models.TimeField(_("结束时间"))
    slots = models.PositiveSmallIntegerField(_("所需人数"))
    active = models.BooleanField(_("启用"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(_("创建时间"))

    class Meta:
        verbose_name = _("值班排班")
        verbose_name_plural = _("值班排班")
        ordering = ["team", "weekday", "starts_at", "pk"]
        constraints = [
            models.CheckConstraint(name="roster_ends_after_start", condition=Q(ends_at__gt=models.F("starts_at"))),
            models.CheckConstraint(name="roster_slots_bounded", condition=Q(slots__gte=SLOTS.low, slots__lte=SLOTS.high)),
            models.CheckConstraint(name="roster_weekday_valid", condition=Q(weekday__gte=0, weekday__lte=6)),
        ]

    def __str__(self) -> str:
        return f"{self.team} · {self.title}"

    def chronicle_region_path(self) -> str:
        return self.team.community.path


class Shift(models.Model):
    """One dated instance of a roster; its times and slots are copied from the roster when it is made, so changing
    the roster later does not move shifts members already signed up for."""

    roster = models.ForeignKey(Roster, on_delete=models.PROTECT, related_name="shifts", verbose_name=_("值班排班"))
    date = models.DateField(_("值班日期"))
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    slots = models.PositiveSmallIntegerField(_("所需人数"))
    attendance_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+")
    attendance_at = models.DateTimeField(_("登记到岗时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("值班班次")
        verbose_name_plural = _("值班班次")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["roster", "date"], name="shift_once_per_roster_day"),
            models.CheckConstraint(name="shift_ends_after_start", condition=Q(ends_at__gt=models.F("starts_at"))),
            models.CheckConstraint(name="shift_slots_bounded", condition=Q(slots__gte=SLOTS.low, slots__lte=SLOTS.high)),
        ]
        indexes = [models.Index(fields=["starts_at"])]

    def __str__(self) -> str:
        return f"{self.roster.title} · {self.date}"

    def chronicle_region_path(self) -> str:
        return self.roster.team.community.path

    @property
    def hours(self) -> Decimal:
        """The shift's length in hours, one decimal (the hours a served member is credited)."""
        seconds = Decimal((self.ends_at - self.starts_at).total_seconds())
        return (seconds / Decimal(3600)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


class SignupStatus(models.TextChoices):
    SIGNED = "signed", _("已报名")
    CANCELLED = "cancelled", _("已取消")
    SERVED = "served", _("已到岗")
    ABSENT = "absent", _("未到岗")


ACTIVE_SIGNUPS = (SignupStatus.SIGNED, SignupStatus.SERVED, SignupStatus.ABSENT)  # hold a slot


class ShiftSignup(models.Model):
    shift = models.ForeignKey(Shift, on_delete=models.PROTECT, related_name="signups", verbose_name=_("班次"))
    volunteer = models.ForeignKey("people.Volunteer", on_delete=models.PROTECT, related_name="shift_signups",
                                  verbose_name=_("志愿者"))
    status = models.CharField(_("状态"), max_length=16, choices=SignupStatus.choices, default=SignupStatus.SIGNED)
    signed_at = models.DateTimeField(_("报名时间"))
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+")
    marked_at = models.DateTimeField(_("登记时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("值班报名")
        verbose_name_plural = _("值班报名")
        ordering = ["shift", "signed_at", "pk"]
        constraints = [
            # one sign-up per member and shift (a cancelled one may be followed by a new one)
            models.UniqueConstraint(fields=["shift", "volunteer"], condition=~Q(status="cancelled"),
                                    name="shift_signup_once_per_member"),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer} · {self.shift}"

    def chronicle_region_path(self) -> str:
        return self.shift.roster.team.community.path
