"""Sign-ups for an activity that recruits volunteers (lists.Activity with `recruitment` open or team): the places up
to the quota, then a waiting list in order of signing; attendance by check-in and check-out with the rotating code.

A sign-up is `signed` (holds a place), `waiting` (on the waiting list) or `cancelled`. When a place frees up the
first waiting sign-up becomes `signed` and `promoted_at` records it: the volunteer's phone page shows 候补已转正
(no notification system yet; the chronicle holds the promotion too). One active sign-up per person and activity,
and a position unique in the activity (the order of signing), are held by the database."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

__all__ = ["ACTIVE_SIGNUP", "SignUp", "SignUpStatus"]


class SignUpStatus(models.TextChoices):
    SIGNED = "signed", _("已报名")
    WAITING = "waiting", _("候补")
    CANCELLED = "cancelled", _("已取消")


ACTIVE_SIGNUP = (SignUpStatus.SIGNED, SignUpStatus.WAITING)


class SignUp(models.Model):
    activity = models.ForeignKey("lists.Activity", on_delete=models.PROTECT, related_name="signups",
                                 verbose_name=_("活动"))
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="activity_signups",
                               verbose_name=_("志愿者"))
    status = models.CharField(_("状态"), max_length=16, choices=SignUpStatus.choices)
    position = models.PositiveIntegerField(_("报名顺序"))
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+")
    signed_at = models.DateTimeField(_("报名时间"))
    promoted_at = models.DateTimeField(_("候补转正时间"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    checked_out_at = models.DateTimeField(_("签退时间"), null=True, blank=True)
    auto_closed = models.BooleanField(_("活动结束时自动签退"), default=False)

    class Meta:
        verbose_name = _("活动报名")
        verbose_name_plural = _("活动报名")
        ordering = ["activity", "position"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "person"], condition=Q(status__in=["signed", "waiting"]),
                                    name="one_active_signup_per_person"),
            models.UniqueConstraint(fields=["activity", "position"], name="signup_position_unique"),
            models.CheckConstraint(name="checked_in_only_when_signed",
                                   condition=Q(checked_in_at__isnull=True) | Q(status="signed")),
            models.CheckConstraint(name="checked_out_after_in",
                                   condition=Q(checked_out_at__isnull=True)
                                   | Q(checked_in_at__isnull=False, checked_out_at__gte=models.F("checked_in_at"))),
        ]

    def __str__(self) -> str:  # no name: the chronicle files entries under their subject's label
        return f"{self.activity} · #{self.position}"

    def chronicle_region_path(self) -> str:
        return self.activity.community.path

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_SIGNUP

    @property
    def attending(self) -> bool:
        """Checked in and not yet out."""
        return self.checked_in_at is not None and self.checked_out_at is None
