"""消息通知 services: `notify` (called by the app where the event happens, inside its transaction), reading, the
recipient's channel choices and addresses, and delivery through the outside channels.

Once per event and recipient: a notification row is unique on (recipient, kind, event key), and a delivery on
(notification, channel), so calling `notify` again for the same event — a sweep that runs twice, two workers at
once — adds nothing. A delivery is claimed by a conditional update (pending → sending) before it is sent, so two
workers never send the same one; a failure is retried with back-off (1, 5, 30, 120 minutes) and marked failed after
the fifth attempt. A worker killed while sending leaves the delivery `sending`; the sweep hands it back after
`STUCK_AFTER` (the message may then arrive twice: outside channels are at least once, the inbox exactly once)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from gongzhi.core import clock
from gongzhi.core.checks import require
from gongzhi.core.privacy import scrub
from gongzhi.core.shared_cache import forget
from gongzhi.notifications.backends import backend_for
from gongzhi.notifications.kinds import kind as kind_of
from gongzhi.notifications.models import (
    Address,
    Channel,
    Delivery,
    DeliveryStatus,
    Notification,
    Preference,
)
from gongzhi.notifications.selectors import UNREAD

BACKOFF = [dt.timedelta(minutes=m) for m in (1, 5, 30, 120)]
MAX_ATTEMPTS = len(BACKOFF) + 1
STUCK_AFTER = dt.timedelta(minutes=15)
MOBILE = re.compile(r"^1[3-9]\d{9}$")
OPENID = re.compile(r"^[A-Za-z0-9_-]{6,64}$")


def _user_ids(recipients: Iterable) -> list[int]:
    ids = [getattr(r, "pk", r) for r in recipients]
    return sorted({i for i in ids if i is not None})


def channels_for(kind: str, user_ids: list[int]) -> dict[int, set[str]]:
    """The outside channels each user gets for `kind`: the kind's defaults, changed by their own choices."""
    default = set(kind_of(kind).default_channels)
    chosen = {uid: set(default) for uid in user_ids}
    for uid, channel, enabled in Preference.objects.filter(user_id__in=user_ids, kind=kind).values_list(
            "user_id", "channel", "enabled"):
        (chosen[uid].add if enabled else chosen[uid].discard)(channel)
    return chosen


def notify(*, kind: str, recipients: Iterable, event_key: str, title: str, body: str = "", url: str = "") -> int:
    """Tell each recipient (users or user ids) about one event; returns how many were told for the first time.
    Call it inside the transaction that makes the change: the rows commit or vanish with it, and the outside
    deliveries are handed to the worker only after the commit."""
    kind_of(kind)  # an unregistered kind is a programming error
    ids = _user_ids(recipients)
    if not ids:
        return 0
    now = clock.now()
    existing = set(Notification.objects.filter(kind=kind, event_key=event_key, recipient_id__in=ids)
                   .values_list("recipient_id", flat=True))
    new_ids = [uid for uid in ids if uid not in existing]
    if not new_ids:
        return 0
    Notification.objects.bulk_create(
        [Notification(recipient_id=uid, kind=kind, event_key=event_key[:120], title=title[:200], body=body[:500],
                      url=url[:300], created_at=now) for uid in new_ids], ignore_conflicts=True)
    forget(UNREAD, new_ids)  # the bells of the recipients, once this commits
    rows = list(Notification.objects.filter(kind=kind, event_key=event_key, recipient_id__in=new_ids)
                .values_list("pk", "recipient_id"))
    wanted = channels_for(kind, [uid for _pk, uid in rows])
    deliveries = [Delivery(notification_id=pk, channel=channel, next_attempt_at=now)
                  for pk, uid in rows for channel in sorted(wanted[uid])]
    if deliveries:
        Delivery.objects.bulk_create(deliveries, ignore_conflicts=True)
        transaction.on_commit(_enqueue_delivery)
    return len(rows)


def _enqueue_delivery() -> None:
    from gongzhi.notifications.tasks import deliver_notifications

    deliver_notifications.enqueue()


# --- reading ---------------------------------------------------------------------------------------------------

def mark_read(*, actor, notification: Notification) -> Notification:
    require(actor is not None and notification.recipient_id == actor.pk)
    if notification.read_at is None:
        notification.read_at = clock.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)
        forget(UNREAD, [actor.pk])
    return notification


def mark_all_read(*, actor) -> int:
    require(actor is not None and actor.is_authenticated)
    marked = Notification.objects.filter(recipient=actor, read_at__isnull=True).update(read_at=clock.now())
    forget(UNREAD, [actor.pk])
    return marked


# --- choices and addresses -------------------------------------------------------------------------------------

@transaction.atomic
def set_preferences(*, actor, choices: dict[tuple[str, str], bool]) -> None:
    """`choices[(kind, channel)] = on/off` for the actor's own account; unknown kinds or channels are refused."""
    require(actor is not None and actor.is_authenticated)
    valid_channels = set(Channel.values)
    for (kind, channel), enabled in choices.items():
        try:
            kind_of(kind)
        except KeyError:
            raise ValidationError(_("未知的消息类型：%(k)s") % {"k": kind}) from None
        if channel not in valid_channels:
            raise ValidationError(_("未知的通知渠道：%(c)s") % {"c": channel})
        Preference.objects.update_or_create(user=actor, kind=kind, channel=channel,
                                            defaults={"enabled": bool(enabled)})


@transaction.atomic
def set_address(*, actor, channel: str, value: str) -> None:
    """The mobile number for SMS or the WeChat openid of the actor's own account; empty removes it."""
    require(actor is not None and actor.is_authenticated)
    value = (value or "").strip().replace(" ", "")
    if channel == Channel.SMS and value and not MOBILE.match(value):
        raise ValidationError({"sms": _("请填写 11 位手机号码")})
    if channel == Channel.WECHAT and value and not OPENID.match(value):
        raise ValidationError({"wechat": _("微信 openid 格式不正确")})
    if channel not in (Channel.SMS, Channel.WECHAT):
        raise ValidationError(_("该渠道不需要填写地址"))
    if value:
        Address.objects.update_or_create(user=actor, channel=channel, defaults={"value": value})
    else:
        Address.objects.filter(user=actor, channel=channel).delete()


# --- delivery --------------------------------------------------------------------------------------------------

def _address(delivery: Delivery) -> str:
    user = delivery.notification.recipient
    if delivery.channel == Channel.EMAIL:
        return user.email or ""
    return Address.objects.filter(user=user, channel=delivery.channel).values_list("value", flat=True).first() or ""


def _absolute(url: str) -> str:
    return (getattr(settings, "GONGZHI_SITE_URL", "") or "").rstrip("/") + url if url.startswith("/") else url


def _send(delivery: Delivery, to: str) -> None:
    note = delivery.notification
    kind = kind_of(note.kind)
    if delivery.channel == Channel.EMAIL:
        text = f"{note.title}\n\n{note.body}\n\n{_absolute(note.url)}".strip()
        send_mail(f"[共治] {note.title}", text, None, [to])
        return
    # SMS and WeChat carry the kind's fixed wording, never the event's free text.
    backend_for(delivery.channel).send(channel=delivery.channel, to=to, title=str(kind.label), text=str(kind.sms_text),
                                       url=_absolute(note.url))


def deliver_due(*, now: dt.datetime | None = None, limit: int = 500) -> dict[str, int]:
    """Send the deliveries that are due; each is claimed first, so workers running this at once never send the
    same one. Returns counts by outcome."""
    now = now or clock.now()
    done = {"sent": 0, "retry": 0, "failed": 0, "skipped": 0}
    due = list(Delivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
               .order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:limit])
    for pk in due:
        claimed = Delivery.objects.filter(pk=pk, status=DeliveryStatus.PENDING).update(
            status=DeliveryStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1)
        if not claimed:
            continue  # another worker has it
        delivery = Delivery.objects.select_related("notification__recipient").get(pk=pk)
        to = _address(delivery)
        if not to:
            Delivery.objects.filter(pk=pk).update(status=DeliveryStatus.SKIPPED)
            done["skipped"] += 1
            continue
        try:
            _send(delivery, to)
        except Exception as error:  # any failure of a gateway is retried
            message = scrub(f"{type(error).__name__}: {error}")[:300]
            if delivery.attempts >= MAX_ATTEMPTS:
                Delivery.objects.filter(pk=pk).update(status=DeliveryStatus.FAILED, last_error=message)
                done["failed"] += 1
            else:
                Delivery.objects.filter(pk=pk).update(status=DeliveryStatus.PENDING, last_error=message,
                                                      next_attempt_at=now + BACKOFF[delivery.attempts - 1])
                done["retry"] += 1
        else:
            Delivery.objects.filter(pk=pk).update(status=DeliveryStatus.SENT, sent_at=clock.now(), last_error="")
            done["sent"] += 1
    return done


def sweep_deliveries(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Hand back deliveries left `sending` by a worker that died, then send what is due."""
    now = now or clock.now()
    returned = Delivery.objects.filter(status=DeliveryStatus.SENDING, claimed_at__lt=now - STUCK_AFTER).update(
        status=DeliveryStatus.PENDING, next_attempt_at=now)
    return {"returned": returned, **deliver_due(now=now)}
