"""消息通知: one row per event and recipient (a database constraint), read in the in-app inbox; one delivery row
per notification and outside channel (e-mail, SMS, WeChat), claimed by one worker and retried with back-off;
the recipient's channel choices per kind, and the addresses the outside channels need."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    EMAIL = "email", _("电子邮件")
    SMS = "sms", _("短信")
    WECHAT = "wechat", _("微信服务通知")


class Notification(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("类型"), max_length=48)
    # What happened, once: "whistle:12", "escalation:7" … A second notify() for the same event adds nothing.
    event_key = models.CharField(max_length=120)
    title = models.CharField(_("标题"), max_length=200)
    body = models.CharField(_("内容"), max_length=500, blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(_("时间"))
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("消息")
        verbose_name_plural = _("消息")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "kind", "event_key"], name="notification_once_per_event"),
        ]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.title


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("待发送")
    SENDING = "sending", _("发送中")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")
    SKIPPED = "skipped", _("无地址，未发送")


class Delivery(models.Model):
    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(max_length=16, choices=Channel.choices)
    status = models.CharField(max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("消息投递")
        verbose_name_plural = _("消息投递")
        constraints = [
            models.UniqueConstraint(fields=["notification", "channel"], name="delivery_once_per_channel"),
            models.CheckConstraint(condition=~Q(status="sent") | Q(sent_at__isnull=False), name="delivery_sent_has_time"),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="delivery_due")]

    def __str__(self) -> str:
        return f"{self.notification_id}/{self.channel}: {self.status}"


class Preference(models.Model):
    """A recipient's choice of one outside channel for one kind (no row: the kind's default)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences")
    kind = models.CharField(max_length=48)
    channel = models.CharField(max_length=16, choices=Channel.choices)
    enabled = models.BooleanField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind", "channel"], name="preference_once")]

    def __str__(self) -> str:
        return f"{self.kind}/{self.channel}: {self.enabled}"


class Address(models.Model):
    """Where an outside channel reaches a user: a mobile number for SMS, a WeChat openid (bound when the user signs
    in through the official account). E-mail uses the account's own address."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_addresses")
    channel = models.CharField(max_length=16, choices=Channel.choices)
    value = models.CharField(max_length=128)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "channel"], name="address_once_per_channel")]

    def __str__(self) -> str:
        return self.channel
