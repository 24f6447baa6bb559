"""HoursEntry, the shared record of hours served (see models/__init__.py).

`HoursEntry` is the shared record other parts build on (points credit confirmed entries, certificates and a
volunteer's record sum them, figures count them). Its facts (who, where, when, how many hours) are written once
and never edited or deleted: a correction is a new entry that `corrects` the old one (which becomes
`superseded`), a decline is a decision recorded with who, when and why (《志愿服务记录与证明出具办法(试行)》:
records true, complete and timely; whoever records, proves).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongzhi.core import limits
from gongzhi.regions.models import RegionNode

__all__ = ["COUNTED", "HoursEntry", "HoursKind", "HoursStatus"]


class HoursKind(models.TextChoices):
    SERVICE = "service", _("活动服务")  # from an activity's check-in and check-out
    DUTY = "duty", _("值班服务")  # a served shift of a duty roster (patrol, persuasion)
    HONOUR = "honour", _("荣誉时长")  # entered by hand by the organiser, labelled as such, ≤ the activity's length


class HoursStatus(models.TextChoices):
    PENDING = "pending", _("待确认")
    CONFIRMED = "confirmed", _("已确认")
    DECLINED = "declined", _("不予确认")
    SUPERSEDED = "superseded", _("已更正")  # a later entry corrects this one


COUNTED = (HoursStatus.CONFIRMED,)  # only confirmed hours count in figures, records, certificates and points


class HoursEntry(models.Model):
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="service_hours",
                               verbose_name=_("志愿者"))
    community = models.ForeignKey(RegionNode, on_delete=models.PROTECT, related_name="service_hours",
                                  limit_choices_to={"kind": "community"}, verbose_name=_("服务社区"))
    kind = models.CharField(_("类别"), max_length=16, choices=HoursKind.choices, default=HoursKind.SERVICE)
    activity = models.ForeignKey("lists.Activity", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="service_hours", verbose_name=_("活动"))
    team = models.ForeignKey("people.VolunteerTeam", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="service_hours", verbose_name=_("队伍"))
    served_on = models.DateField(_("服务日期"))
    started_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    ended_at = models.DateTimeField(_("签退时间"), null=True, blank=True)
    hours = models.DecimalField(_("时长（小时）"), max_digits=4, decimal_places=1)
    content = models.CharField(_("服务内容"), max_length=limits.TITLE, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=HoursStatus.choices, default=HoursStatus.PENDING)
    corrects = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="corrections", verbose_name=_("更正的记录"))
    reason = models.CharField(_("说明"), max_length=limits.SHORT_TEXT, blank=True)
    flagged = models.BooleanField(_("需核对"), default=False)  # e.g. a check-in closed automatically at the end
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    recorded_at = models.DateTimeField(_("记录时间"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    shift = models.ForeignKey("volunteering.Shift", on_delete=models.PROTECT, null=True, blank=True,
                              related_name="service_hours", verbose_name=_("值班班次"))

    class Meta:
        verbose_name = _("志愿服务时长")
        verbose_name_plural = _("志愿服务时长")
        ordering = ["-served_on", "-pk"]
        indexes = [models.Index(fields=["community", "status", "served_on"]),
                   models.Index(fields=["person", "status", "served_on"])]
        constraints = [
            models.CheckConstraint(name="hours_entry_hours_bounded",
                                   condition=Q(hours__gte=limits.SERVICE_HOURS.low)
                                   & Q(hours__lte=limits.SERVICE_HOURS.high)),
            # the same person's hours for one activity are recorded once (a correction supersedes the old entry)
            models.UniqueConstraint(fields=["person", "activity", "kind"],
                                    condition=Q(activity__isnull=False, status__in=["pending", "confirmed"]),
                                    name="hours_once_per_person_activity_kind"),
            models.CheckConstraint(name="honour_hours_have_reason",
                                   condition=~Q(kind="honour") | ~Q(reason="")),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.served_on} · {self.hours} h"

    def chronicle_region_path(self) -> str:
        return self.community.path

    @property
    def counts(self) -> bool:
        return self.status in COUNTED

    @property
    def hours_decimal(self) -> Decimal:
        return Decimal(self.hours)
