"""The working-time calendar: which days are worked and which hours of a working day count.

A day is a working day when it is Monday–Friday and not a 法定节假日, or when it is a Saturday/Sunday marked
as a 调休上班 make-up day. A working day has two working periods (morning and afternoon). Later apps
(whistles, cases) count their deadlines on a calendar through `gongzhi.worktime.services`."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

DEFAULT_CALENDAR_CODE = "cn-national"


def validate_time_zone(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError(_("未知的时区：%(value)s"), params={"value": value}) from exc


class Calendar(models.Model):
    code = models.SlugField(_("代码"), max_length=50, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    time_zone = models.CharField(_("时区"), max_length=64, default="Asia/Shanghai",
                                 validators=[validate_time_zone])
    morning_start = models.TimeField(_("上午上班"), default=dt.time(8, 30))
    morning_end = models.TimeField(_("上午下班"), default=dt.time(12, 0))
    afternoon_start = models.TimeField(_("下午上班"), default=dt.time(14, 30))
    afternoon_end = models.TimeField(_("下午下班"), default=dt.time(18, 0))
    # Bumped whenever one of the calendar's special days changes; the in-process cache of special days is
    # keyed by it, so every process notices a change the next time it reads the calendar row.
    revision = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("工作日历")
        verbose_name_plural = _("工作日历")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(morning_start__lt=F("morning_end"), morning_end__lte=F("afternoon_start"),
                            afternoon_start__lt=F("afternoon_end")),
                name="worktime_calendar_periods_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def periods(self) -> tuple[tuple[dt.time, dt.time], tuple[dt.time, dt.time]]:
        return ((self.morning_start, self.morning_end), (self.afternoon_start, self.afternoon_end))

    def clean(self) -> None:
        if not (self.morning_start < self.morning_end <= self.afternoon_start < self.afternoon_end):
            raise ValidationError(_("工作时段须按 上午上班 < 上午下班 ≤ 下午上班 < 下午下班 的顺序。"))


class SpecialDayKind(models.TextChoices):
    HOLIDAY = "holiday", _("法定节假日")
    MAKEUP_WORKDAY = "makeup_workday", _("调休上班")


class SpecialDay(models.Model):
    calendar = models.ForeignKey(Calendar, on_delete=models.CASCADE, related_name="special_days",
                                 verbose_name=_("工作日历"))
    date = models.DateField(_("日期"))
    kind = models.CharField(_("类型"), max_length=16, choices=SpecialDayKind.choices)
    name = models.CharField(_("名称"), max_length=50, help_text=_("如 春节、国庆节"))

    class Meta:
        verbose_name = _("节假日与调休")
        verbose_name_plural = _("节假日与调休")
        ordering = ["calendar", "date"]
        constraints = [
            models.UniqueConstraint(fields=["calendar", "date"], name="worktime_one_special_day_per_date"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}（{self.get_kind_display()}）"

    def clean(self) -> None:
        if self.kind == SpecialDayKind.MAKEUP_WORKDAY and self.date and self.date.weekday() < 5:
            raise ValidationError({"date": _("调休上班日应为星期六或星期日。")})
