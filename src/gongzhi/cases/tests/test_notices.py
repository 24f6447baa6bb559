"""接诉即办 tells who must act: a whistle reaches the department's receivers (and only them), an escalation its
street or district staff once however often the sweep runs, a resolved case the resident who reported it."""

from gongzhi.cases import services
from gongzhi.cases.tests.conftest import at
from gongzhi.notifications.models import Delivery, Notification


def _inbox(user):
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_a_whistle_reaches_each_departments_receivers(world, whistled):
    assert _inbox(world.receiver) == ["whistle"]
    assert _inbox(whistled.depts.police_receiver) == ["whistle"]
    assert _inbox(whistled.depts.lawyer_receiver) == []  # not whistled
    note = Notification.objects.get(recipient=world.receiver)
    assert whistled.case.number in note.title and "司法所" in note.title
    assert note.url == "/workbench/whistle-inbox/"
    # the body says where and what, never the resident's words or home
    assert "王秀英" not in note.body and "101" not in note.body and "五美社区" in note.body
    # whistles default to SMS as well as the inbox (no number recorded: the delivery is skipped, not lost)
    assert Delivery.objects.filter(notification=note, channel="sms").exists()


def test_an_escalation_is_notified_once_however_often_the_sweep_runs(world, whistled):
    late = at(2026, 6, 30, 9, 0)
    services.sweep_deadlines(now=late)
    first = Notification.objects.filter(kind="escalation").count()
    assert first > 0
    services.sweep_deadlines(now=late)
    services.sweep_deadlines(now=at(2026, 7, 30, 9, 0))
    assert Notification.objects.filter(kind="escalation").count() == first
    assert set(Notification.objects.filter(kind="escalation").values_list("recipient", flat=True)) == {
        world.street_staff.pk, world.district_staff.pk}
    # one notification per escalation and recipient
    pairs = list(Notification.objects.filter(kind="escalation").values_list("recipient", "event_key"))
    assert len(pairs) == len(set(pairs))


def test_a_resolved_case_asks_its_reporter_to_confirm(world, whistled):
    for w, receiver in ((whistled.judicial, world.receiver), (whistled.police, whistled.depts.police_receiver)):
        services.report_whistle(actor=receiver, whistle=w)
        services.complete_whistle(actor=receiver, whistle=w, action="已疏通")
    services.resolve_case(actor=world.wumei_staff, case=whistled.case, result="管道已疏通，污水已清理")
    [note] = Notification.objects.filter(kind="case_to_confirm")
    assert note.recipient == world.resident
    assert note.url == "/m/cases/?status=resolved"
