"""The organiser's decisions on hours: confirm one or in bulk, decline with a reason (also after confirmation),
correct by a new entry (the old one superseded), honour hours by hand within the activity's length; the facts of
an entry (person, times, hours) are never updated by any service; bad input changes nothing."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models.signals import pre_save
from django.urls import reverse

from gongzhi.core import clock
from gongzhi.volunteering.models import HoursEntry, HoursStatus
from gongzhi.volunteering.services import activities as services
from gongzhi.volunteering.services import hours as hours_services
from gongzhi.volunteering.setup_activities import volunteer_figures
from gongzhi.volunteering.tests.test_activities_helpers import BEFORE, at, make_activity, volunteer

pytestmark = pytest.mark.django_db


def _serve(activity, user, start, end):
    with clock.frozen(start):
        services.check_in(actor=user, activity=activity,
                          code=services.current_code(actor=None, activity=activity, purpose="in").code)
    with clock.frozen(end):
        return services.check_out(actor=user, activity=activity,
                                  code=services.current_code(actor=None, activity=activity, purpose="out").code)


@pytest.fixture
def served(world):
    """Two volunteers who served 9:00–11:00 and 9:00–12:00 at a 3-hour activity."""
    activity = make_activity(world, quota=3)
    users = [volunteer(world, "v1", "陈静"), volunteer(world, "v2", "李明"), volunteer(world, "v3", "黄丽")]
    with clock.frozen(BEFORE):
        for u in users:
            services.sign_up(actor=u, activity=activity)
    first = _serve(activity, users[0], at(2026, 6, 6, 9), at(2026, 6, 6, 11))
    second = _serve(activity, users[1], at(2026, 6, 6, 9), at(2026, 6, 6, 12))
    return activity, users, first, second


FACTS = {"person_id", "community_id", "kind", "activity_id", "team_id", "served_on", "started_at", "ended_at",
         "hours", "content", "corrects_id", "recorded_by_id", "recorded_at"}


@pytest.fixture
def saves():
    """Every save of an existing hours entry, with its update_fields (None: every field)."""
    seen = []

    def spy(sender, instance, update_fields=None, **kwargs):
        if instance.pk is not None:
            seen.append(set(update_fields) if update_fields is not None else None)

    pre_save.connect(spy, sender=HoursEntry)
    yield seen
    pre_save.disconnect(spy, sender=HoursEntry)


def test_confirm_one_and_in_bulk(world, served, saves):
    _activity, _users, first, second = served
    hours_services.confirm_hours(actor=world.wumei_staff, entry=first)
    assert HoursEntry.objects.get(pk=first.pk).status == HoursStatus.CONFIRMED
    with pytest.raises(ValidationError, match="已处理"):
        hours_services.confirm_hours(actor=world.wumei_staff, entry=first)
    assert hours_services.confirm_many(actor=world.wumei_staff, entries=[first, second]) == 1
    assert volunteer_figures(world.wumei.path, 2026) == {"hours": Decimal("5.0"), "person_times": 2}
    assert volunteer_figures(world.nanmen.path, 2026)["hours"] == 0
    assert volunteer_figures(world.xiangshan.path, 2025)["person_times"] == 0
    assert all(fields is not None and not fields & FACTS for fields in saves), saves


def test_decline_with_a_reason_also_after_confirmation(world, served, saves):
    _activity, _users, first, _ = served
    with pytest.raises(ValidationError, match="理由"):
        hours_services.decline_hours(actor=world.wumei_staff, entry=first, reason="  ")
    assert HoursEntry.objects.get(pk=first.pk).status == HoursStatus.PENDING
    hours_services.confirm_hours(actor=world.wumei_staff, entry=first)
    hours_services.decline_hours(actor=world.wumei_staff, entry=first, reason="当天未到岗，系误签")
    entry = HoursEntry.objects.get(pk=first.pk)
    assert entry.status == HoursStatus.DECLINED and entry.reason == "当天未到岗，系误签"
    assert entry.hours == Decimal("2.0")
    assert all(fields is not None and not fields & FACTS for fields in saves), saves


def test_a_correction_is_a_new_entry(world, served, saves):
    _activity, _users, first, _ = served
    hours_services.confirm_hours(actor=world.wumei_staff, entry=first)
    new = hours_services.correct_hours(actor=world.wumei_staff, entry=first, hours="2.5", reason="提前到场布置")
    old = HoursEntry.objects.get(pk=first.pk)
    assert old.status == HoursStatus.SUPERSEDED and old.hours == Decimal("2.0")
    assert new.corrects_id == old.pk and new.status == HoursStatus.CONFIRMED and new.hours == Decimal("2.5")
    assert (new.person_id, new.started_at, new.ended_at) == (old.person_id, old.started_at, old.ended_at)
    assert volunteer_figures(world.wumei.path, 2026) == {"hours": Decimal("2.5"), "person_times": 1}
    assert all(fields is not None and not fields & FACTS for fields in saves), saves


@pytest.mark.parametrize("hours", ["3.1", "0", "-1", "abc", "2.55", "NaN", "Infinity", "99999"])
def test_hours_over_the_length_or_not_a_number_change_nothing(world, served, hours):
    activity, users, first, _ = served
    before = list(HoursEntry.objects.order_by("pk").values())
    with pytest.raises(ValidationError) as error:
        hours_services.correct_hours(actor=world.wumei_staff, entry=first, hours=hours, reason="更正")
    assert "时长" in " ".join(error.value.messages)
    with pytest.raises(ValidationError):
        hours_services.record_honour_hours(actor=world.wumei_staff, activity=activity, person=users[2].person,
                                           hours=hours, reason="未带手机，队长核实")
    assert list(HoursEntry.objects.order_by("pk").values()) == before


def test_honour_hours_are_labelled_need_a_reason_and_stay_within_the_length(world, served):
    activity, users, *_ = served
    with pytest.raises(ValidationError, match="理由"):
        hours_services.record_honour_hours(actor=world.wumei_staff, activity=activity, person=users[2].person,
                                           hours="3", reason="")
    entry = hours_services.record_honour_hours(actor=world.wumei_staff, activity=activity, person=users[2].person,
                                               hours="3.0", reason="未带手机，队长现场核实到岗")
    assert entry.kind == "honour" and entry.status == "confirmed" and entry.hours == Decimal("3.0")
    with pytest.raises(ValidationError, match="已有荣誉时长"):
        hours_services.record_honour_hours(actor=world.wumei_staff, activity=activity, person=users[2].person,
                                           hours="1", reason="再登记")
    outsider = volunteer(world, "v9", "周平")
    with pytest.raises(ValidationError, match="已报名"):
        hours_services.record_honour_hours(actor=world.wumei_staff, activity=activity, person=outsider.person,
                                           hours="1", reason="没报名")


@pytest.mark.parametrize("persona", ["nanmen_staff", "street_staff", "liaison"])
def test_only_the_organisers_decide(world, served, persona):
    _activity, _users, first, _ = served
    with pytest.raises(PermissionDenied):
        hours_services.confirm_hours(actor=getattr(world, persona), entry=first)
    with pytest.raises(PermissionDenied):
        hours_services.confirm_many(actor=getattr(world, persona), entries=[first])
    assert HoursEntry.objects.get(pk=first.pk).status == HoursStatus.PENDING


def test_the_organising_units_liaison_decides(world):
    from gongzhi.lists.models import Category
    from gongzhi.lists.services import create_activity

    activity = create_activity(actor=world.wumei_staff, community=world.wumei, title="中医义诊", organiser=world.hospital,
                               category=Category.objects.get(code="medical"), starts_at=at(2026, 6, 6, 9),
                               ends_at=at(2026, 6, 6, 11), place="五美社区卫生站", recruitment="open", quota=5)
    user = volunteer(world, "v1", "陈静")
    with clock.frozen(BEFORE):
        services.sign_up(actor=user, activity=activity)
    entry = _serve(activity, user, at(2026, 6, 6, 9), at(2026, 6, 6, 11))
    hours_services.confirm_hours(actor=world.liaison, entry=entry)
    assert HoursEntry.objects.get(pk=entry.pk).status == "confirmed"


def test_the_workbench_confirms_in_bulk_declines_and_corrects(world, served, client_for):
    activity, users, first, second = served
    client = client_for(world.wumei_staff)
    url = reverse("volunteering:activity", args=[activity.pk])
    assert "确认勾选的时长" in client.get(url).content.decode()
    client.post(reverse("volunteering:hours_confirm", args=[activity.pk]), {"entries": [first.pk, second.pk]})
    assert set(HoursEntry.objects.values_list("status", flat=True)) == {"confirmed"}
    client.post(reverse("volunteering:hours_decline", args=[activity.pk, first.pk]), {"reason": "误签"})
    assert HoursEntry.objects.get(pk=first.pk).status == "declined"
    response = client.post(reverse("volunteering:hours_correct", args=[activity.pk, second.pk]),
                           {"hours": "9", "reason": "x"}, follow=True)
    assert "时长须在" in response.content.decode()
    assert HoursEntry.objects.get(pk=second.pk).status == "confirmed"
    client.post(reverse("volunteering:hours_correct", args=[activity.pk, second.pk]), {"hours": "2.5", "reason": "核对"})
    assert HoursEntry.objects.get(pk=second.pk).status == "superseded"
    response = client.post(reverse("volunteering:hours_honour", args=[activity.pk]),
                           {"person": users[2].person.pk, "hours": "3.5", "reason": "未带手机"})
    assert response.status_code == 200 and "时长须在" in response.content.decode()
    client.post(reverse("volunteering:hours_honour", args=[activity.pk]),
                {"person": users[2].person.pk, "hours": "3", "reason": "未带手机"})
    assert HoursEntry.objects.filter(kind="honour").count() == 1


def test_another_communitys_staff_cannot_post_decisions(world, served, client_for):
    activity, _users, first, _ = served
    client = client_for(world.nanmen_staff)
    assert client.post(reverse("volunteering:hours_confirm", args=[activity.pk]),
                       {"entries": [first.pk]}).status_code == 404
    assert client.post(reverse("volunteering:hours_decline", args=[activity.pk, first.pk]),
                       {"reason": "x"}).status_code == 404
    assert HoursEntry.objects.get(pk=first.pk).status == "pending"
