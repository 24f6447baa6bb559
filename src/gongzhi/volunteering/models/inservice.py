"""In-service party members (在职党员) reporting to the community where they live (报到), every six months again,
the district's yearly service target and the record of lapsed registrations.

- `InServiceReport`: one application to report (first or renewal), decided by the community's staff (confirmed
  or returned with a reason). A confirmed report is valid for six months (`valid_until`); confirming it also sets
  the member's `PartyMember.registered_community` / `registered_on` through `people.services.report_to_community`,
  so `registered_on` is always the day of the last confirmed report.
- `YearlyServiceTarget`: the hours of service a district expects from each in-service party member in a year
  (e.g. 50 h); the communities of the district inherit it.
- `InServiceLapse`: the sweep's record that a registration lapsed (valid until a day that has passed without a
  renewal), written once per lapse. Whether a registration is lapsed is computed on read from `registered_on`
  (see `services.inservice.registration_state`), so pages never depend on the sweep having run.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongzhi.core import limits
from gongzhi.core.limits import Bound
from gongzhi.regions.models import RegionNode

__all__ = ["TARGET_HOURS", "VALID_MONTHS", "InServiceLapse", "InServiceReport", "ReportKind", "ReportStatus",
           "YearlyServiceTarget"]

VALID_MONTHS = 6  # a confirmed report holds for six months; then the member reports again
TARGET_HOURS = Bound(0, 1_000)  # a district's yearly target per member: 1,000 h is about 3 h every day


class ReportKind(models.TextChoices):
    FIRST = "first", _("首次报到")
    RENEWAL = "renewal", _("定期报到")


class ReportStatus(models.TextChoices):
    PENDING = "pending", _("待确认")
    CONFIRMED = "confirmed", _("已确认")
    RETURNED = "returned", _("已退回")


class InServiceReport(models.Model):
    member = models.ForeignKey("people.PartyMember", on_delete=models.PROTECT, related_name="inservice_reports",
                               verbose_name=_("在职党员"))
    community = models.ForeignKey(RegionNode, on_delete=models.PROTECT, related_name="inservice_reports",
                                  limit_choices_to={"kind": "community"}, verbose_name=_("报到社区"))
    kind = models.CharField(_("类别"), max_length=16, choices=ReportKind.choices)
    status = models.CharField(_("状态"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.PENDING)
    note = models.CharField(_("服务意向"), max_length=limits.SHORT_TEXT, blank=True)
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    applied_at = models.DateTimeField(_("申请时间"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(_("办理时间"), null=True, blank=True)
    reason = models.CharField(_("退回理由"), max_length=limits.SHORT_TEXT, blank=True)
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)

    class Meta:
        verbose_name = _("在职党员报到")
        verbose_name_plural = _("在职党员报到")
        ordering = ["-applied_at", "-pk"]
        indexes = [models.Index(fields=["community", "status"]), models.Index(fields=["member", "status"])]
        constraints = [
            # one application at a time: a second one while the first waits is refused
            models.UniqueConstraint(fields=["member"], condition=Q(status="pending"),
                                    name="inservice_one_pending_report"),
            models.CheckConstraint(name="inservice_returned_has_reason",
                                   condition=~Q(status="returned") | ~Q(reason="")),
            models.CheckConstraint(name="inservice_confirmed_has_validity",
                                   condition=~Q(status="confirmed") | Q(valid_until__isnull=False)),
        ]

    def __str__(self) -> str:  # no name: the chronicle files this label
        return f"在职党员报到 #{self.pk}"

    def chronicle_region_path(self) -> str:
        return self.community.path


class YearlyServiceTarget(models.Model):
    district = models.ForeignKey(RegionNode, on_delete=models.PROTECT, related_name="inservice_targets",
                                 limit_choices_to={"kind": "district"}, verbose_name=_("城区"))
    year = models.PositiveSmallIntegerField(_("年度"))
    hours = models.PositiveSmallIntegerField(_("年度服务目标（小时）"))
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+")
    set_at = models.DateTimeField(_("设定时间"))

    class Meta:
        verbose_name = _("在职党员年度服务目标")
        verbose_name_plural = _("在职党员年度服务目标")
        ordering = ["-year", "district__path"]
        constraints = [
            models.UniqueConstraint(fields=["district", "year"], name="inservice_one_target_per_district_year"),
            models.CheckConstraint(name="inservice_target_hours_bounded",
                                   condition=Q(hours__gte=TARGET_HOURS.low) & Q(hours__lte=TARGET_HOURS.high)),
            models.CheckConstraint(name="inservice_target_year_plausible",
                                   condition=Q(year__gte=limits.FIRST_YEAR) & Q(year__lte=limits.LAST_YEAR)),
        ]

    def __str__(self) -> str:
        return f"{self.district} {self.year} · {self.hours} h"

    def chronicle_region_path(self) -> str:
        return self.district.path


class InServiceLapse(models.Model):
    member = models.ForeignKey("people.PartyMember", on_delete=models.PROTECT, related_name="inservice_lapses",
                               verbose_name=_("在职党员"))
    community = models.ForeignKey(RegionNode, on_delete=models.PROTECT, related_name="inservice_lapses",
                                  verbose_name=_("报到社区"))
    lapsed_on = models.DateField(_("过期日期"))  # the first day without a valid registration
    recorded_at = models.DateTimeField(_("记录时间"))

    class Meta:
        verbose_name = _("在职党员报到过期")
        verbose_name_plural = _("在职党员报到过期")
        ordering = ["-lapsed_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["member", "lapsed_on"], name="inservice_lapse_once")]

    def __str__(self) -> str:
        return f"报到过期 #{self.pk}"

    def chronicle_region_path(self) -> str:
        return self.community.path
