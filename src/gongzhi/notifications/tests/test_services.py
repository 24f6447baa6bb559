"""notify() once per event and recipient; deliveries claimed once, retried with back-off, handed back when a worker
died; the channels a recipient chose; SMS without the event's free text."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from gongzhi.core import clock
from gongzhi.notifications import services
from gongzhi.notifications.backends import MemoryBackend
from gongzhi.notifications.models import Address, Delivery, DeliveryStatus, Notification

T0 = dt.datetime(2026, 5, 11, 9, 0, tzinfo=dt.UTC)


def _notify(world, recipients, key="whistle:1", kind="whistle", **extra):
    options = {"title": "吹哨：C1 需司法所报到", "body": "五美小区1栋2单元101 王秀英 13812345678", "url": "/workbench/whistle-inbox/"}
    options.update(extra)
    return services.notify(kind=kind, recipients=recipients, event_key=key, **options)


def test_notify_is_once_per_event_and_recipient(world):
    assert _notify(world, [world.receiver, world.wumei_staff]) == 2
    assert _notify(world, [world.receiver, world.wumei_staff.pk, None]) == 0
    assert _notify(world, [world.receiver], key="whistle:2") == 1
    assert Notification.objects.filter(recipient=world.receiver).count() == 2
    assert Notification.objects.count() == 3


def test_unknown_kind_is_a_programming_error(world):
    with pytest.raises(KeyError):
        _notify(world, [world.receiver], kind="nonsense")


def test_sms_by_default_for_whistles_with_the_fixed_wording_only(world):
    services.set_address(actor=world.receiver, channel="sms", value="13912345678")
    with clock.frozen(T0):
        _notify(world, [world.receiver])
        assert services.deliver_due() == {"sent": 1, "retry": 0, "failed": 0, "skipped": 0}
    [sms] = MemoryBackend.outbox
    assert sms["to"] == "13912345678"
    assert "王秀英" not in sms["text"] and "13812345678" not in sms["text"] and "1栋" not in sms["text"]
    assert sms["text"].startswith("【共治】")
    assert sms["url"].endswith("/workbench/whistle-inbox/")
    # delivering again sends nothing more
    with clock.frozen(T0 + dt.timedelta(hours=1)):
        assert services.deliver_due()["sent"] == 0
    assert len(MemoryBackend.outbox) == 1


def test_no_address_is_skipped_not_retried(world):
    with clock.frozen(T0):
        _notify(world, [world.receiver])
        assert services.deliver_due()["skipped"] == 1
    assert Delivery.objects.get().status == DeliveryStatus.SKIPPED


def test_channels_follow_the_recipients_choice(world):
    world.receiver.email = "heping@example.cn"
    world.receiver.save()
    services.set_preferences(actor=world.receiver, choices={("whistle", "sms"): False, ("whistle", "email"): True})
    with clock.frozen(T0):
        _notify(world, [world.receiver])
        services.deliver_due()
    assert [d.channel for d in Delivery.objects.all()] == ["email"]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["heping@example.cn"]
    assert "吹哨" in mail.outbox[0].subject


def test_preferences_refuse_unknown_kinds_and_channels(world):
    with pytest.raises(ValidationError):
        services.set_preferences(actor=world.receiver, choices={("nonsense", "sms"): True})
    with pytest.raises(ValidationError):
        services.set_preferences(actor=world.receiver, choices={("whistle", "pigeon"): True})


@pytest.mark.parametrize("value", ["1391234567", "23912345678", "139-1234-5678x", "１３９１２３４５６７８"])
def test_a_bad_mobile_number_is_refused(world, value):
    with pytest.raises(ValidationError):
        services.set_address(actor=world.receiver, channel="sms", value=value)
    assert not Address.objects.exists()


class Flaky:
    fail = 0

    def send(self, **kwargs):
        if Flaky.fail:
            Flaky.fail -= 1
            raise ConnectionError("gateway 13812345678 timed out")
        MemoryBackend.outbox.append(kwargs)


def test_failures_are_retried_with_backoff_then_marked_failed(world, settings):
    settings.GONGZHI_NOTIFY_BACKENDS = {"sms": f"{__name__}.Flaky"}
    services.set_address(actor=world.receiver, channel="sms", value="13912345678")
    Flaky.fail = 2
    with clock.frozen(T0):
        _notify(world, [world.receiver])
        assert services.deliver_due()["retry"] == 1
    delivery = Delivery.objects.get()
    assert delivery.status == "pending" and delivery.attempts == 1
    assert delivery.next_attempt_at == T0 + dt.timedelta(minutes=1)
    assert "13812345678" not in delivery.last_error  # the gateway's message is scrubbed
    assert services.deliver_due(now=T0 + dt.timedelta(seconds=30))["retry"] == 0  # not yet due
    assert services.deliver_due(now=T0 + dt.timedelta(minutes=1))["retry"] == 1
    assert services.deliver_due(now=T0 + dt.timedelta(minutes=6))["sent"] == 1
    assert len(MemoryBackend.outbox) == 1

    Flaky.fail = 99
    with clock.frozen(T0):
        _notify(world, [world.receiver], key="whistle:9")
    now = T0
    outcomes = []
    for _ in range(6):
        now += dt.timedelta(hours=3)
        done = services.deliver_due(now=now)
        outcomes.append("failed" if done["failed"] else "retry" if done["retry"] else "-")
    assert outcomes == ["retry", "retry", "retry", "retry", "failed", "-"]
    assert Delivery.objects.get(notification__event_key="whistle:9").status == DeliveryStatus.FAILED


def test_a_delivery_claimed_elsewhere_is_not_sent_again(world):
    services.set_address(actor=world.receiver, channel="sms", value="13912345678")
    with clock.frozen(T0):
        _notify(world, [world.receiver])
    Delivery.objects.update(status=DeliveryStatus.SENDING, claimed_at=T0)  # another worker holds it
    assert services.deliver_due(now=T0)["sent"] == 0
    # the worker died: after STUCK_AFTER the sweep hands it back and it goes out once
    assert services.sweep_deliveries(now=T0 + dt.timedelta(minutes=5))["returned"] == 0
    done = services.sweep_deliveries(now=T0 + services.STUCK_AFTER + dt.timedelta(minutes=1))
    assert done["returned"] == 1 and done["sent"] == 1
    assert len(MemoryBackend.outbox) == 1


def test_mark_read_is_for_the_recipient_only(world):
    _notify(world, [world.receiver, world.wumei_staff])
    note = Notification.objects.get(recipient=world.receiver)
    with pytest.raises(PermissionDenied):
        services.mark_read(actor=world.wumei_staff, notification=note)
    services.mark_read(actor=world.receiver, notification=note)
    note.refresh_from_db()
    assert note.read_at is not None
    assert services.mark_all_read(actor=world.wumei_staff) == 1
    assert not Notification.objects.filter(read_at__isnull=True).exists()
