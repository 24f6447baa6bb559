"""The space platform's services: venues, hours and closures; applications checked occurrence by occurrence (a
series is accepted whole or not at all); decisions; cancellations that free slots; commitments and fulfilment; bad
input refused with a Chinese message and nothing written."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongzhi.chronicle.models import Entry
from gongzhi.spaces import services
from gongzhi.spaces.models import (
    Application,
    ApplicationStatus,
    Booking,
    BookingStatus,
    CommitmentStatus,
    ExchangeCommitment,
    ExchangeFulfilment,
)
from gongzhi.spaces.tests.conftest import FRIDAY, TERM_END, t, weekly_class


def _nothing_written():
    return Application.objects.count() == 0 and Booking.objects.count() == 0


def test_a_partner_books_every_friday_of_a_term_in_exchange_for_a_class(world, spaces):
    s = spaces
    application = weekly_class(world, s)
    bookings = list(application.bookings.order_by("starts_at"))
    assert len(bookings) == 17
    assert {services.local(b.starts_at).weekday() for b in bookings} == {4}
    assert services.local(bookings[-1].starts_at).date() == TERM_END
    assert application.status == ApplicationStatus.APPLIED
    commitment = application.commitment
    assert commitment.status == CommitmentStatus.PROPOSED and commitment.partner == s.partner
    services.approve(actor=world.wumei_staff, application=application)
    assert set(application.bookings.values_list("status", flat=True)) == {BookingStatus.APPROVED}
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.ACTIVE
    assert Entry.objects.filter(action="spaces.approved").count() == 1


def test_a_series_with_one_clash_is_refused_whole_naming_the_date(world, spaces):
    s = spaces
    services.apply(actor=world.wumei_staff, venue=s.hall, applicant=world.resident_person, purpose="楼栋议事会",
                   attendance=20, first_date=dt.date(2026, 4, 10), starts=t("18:00"), ends=t("19:30"))
    with pytest.raises(ValidationError) as e:
        weekly_class(world, s)
    text = " ".join(e.value.messages)
    assert "2026年4月10日（周五）19:00—20:30" in text and "已被预约" in text and "整组申请均未保存" in text
    assert Application.objects.count() == 1 and Booking.objects.count() == 1
    assert not ExchangeCommitment.objects.exists()


def test_the_preview_shows_every_conflict_before_submitting(world, spaces):
    s = spaces
    services.add_closure(actor=world.wumei_staff, venue=s.hall, starts_on=dt.date(2026, 5, 1),
                         ends_on=dt.date(2026, 5, 5), reason="劳动节放假")
    services.apply(actor=world.wumei_staff, venue=s.hall, applicant=s.team, purpose="巡逻队例会", attendance=10,
                   first_date=dt.date(2026, 3, 20), starts=t("20:00"), ends=t("21:00"))
    checked = services.preview(venue=s.hall, first_date=FRIDAY, repeat_until=TERM_END, starts=t("19:00"),
                               ends=t("20:30"), attendance=30)
    assert len(checked.occurrences) == 17 and not checked.ok
    bad = {o.date: o.problems for o in checked.conflicts}
    assert set(bad) == {dt.date(2026, 3, 20), dt.date(2026, 5, 1)}
    assert "闭馆：劳动节放假" in bad[dt.date(2026, 5, 1)]
    assert Booking.objects.count() == 1  # the preview wrote nothing


def test_cancelling_one_occurrence_frees_it(world, spaces):
    s = spaces
    application = weekly_class(world, s)
    services.approve(actor=world.wumei_staff, application=application)
    third = application.bookings.order_by("starts_at")[2]
    services.cancel_booking(actor=s.merchant_liaison, booking=third, reason="老师出差")
    third.refresh_from_db()
    assert third.status == BookingStatus.CANCELLED
    other = services.apply(actor=world.resident, venue=s.hall, applicant=world.resident_person, purpose="合唱排练",
                           attendance=15, first_date=services.local(third.starts_at).date(), starts=t("19:00"),
                           ends=t("20:00"))
    assert other.bookings.get().status == BookingStatus.APPLIED
    assert application.bookings.filter(status=BookingStatus.APPROVED).count() == 16


def test_rejection_frees_every_slot_and_voids_the_commitment(world, spaces):
    s = spaces
    application = weekly_class(world, s)
    with pytest.raises(ValidationError):
        services.reject(actor=world.wumei_staff, application=application, note="")
    services.reject(actor=world.wumei_staff, application=application, note="该时段已安排党员活动")
    assert set(application.bookings.values_list("status", flat=True)) == {BookingStatus.REJECTED}
    assert ExchangeCommitment.objects.get().status == CommitmentStatus.VOID
    weekly_class(world, s)  # the slots are free again


@pytest.mark.parametrize(("changes", "message"), [
    ({"starts": t("20:00"), "ends": t("19:00")}, "结束时间须晚于开始时间"),
    ({"starts": t("19:00"), "ends": t("19:00")}, "结束时间须晚于开始时间"),
    ({"starts": t("12:30"), "ends": t("14:00")}, "超出开放时间（周五 08:30—12:00、14:30—21:00）"),
    ({"first_date": dt.date(2026, 3, 8), "repeat_until": None}, "周日不开放"),
    ({"attendance": 81}, "预计 81 人，超过党群服务中心多功能厅的容纳人数 80 人"),
    ({"attendance": 0}, "预计人数须为"),
    ({"first_date": dt.date(2026, 2, 27), "repeat_until": None}, "时间已过"),
    ({"purpose": "  "}, "请填写用途"),
    ({"exchange_service": ""}, "请填写交换的服务"),
    ({"repeat_until": dt.date(2026, 3, 1)}, "重复截止日期不能早于第一次的日期"),
    ({"repeat_until": dt.date(2028, 1, 1)}, "一次最多申请 60 次"),
])
def test_bad_input_gets_a_chinese_message_and_nothing_is_written(world, spaces, changes, message):
    with pytest.raises(ValidationError) as e:
        weekly_class(world, spaces, **changes)
    assert message in " ".join(e.value.messages)
    assert _nothing_written()


def test_a_booking_during_a_closure_is_refused(world, spaces):
    s = spaces
    services.add_closure(actor=world.wumei_staff, venue=s.room, starts_on=dt.date(2026, 3, 9),
                         ends_on=dt.date(2026, 3, 13), reason="会议室装修")
    with pytest.raises(ValidationError) as e:
        services.apply(actor=world.resident, venue=s.room, applicant=world.resident_person, purpose="读书会",
                       attendance=8, first_date=dt.date(2026, 3, 11), starts=t("10:00"), ends=t("11:00"))
    assert "闭馆：会议室装修" in " ".join(e.value.messages)
    assert _nothing_written()


def test_a_closure_over_held_bookings_is_refused(world, spaces):
    s = spaces
    weekly_class(world, s)
    with pytest.raises(ValidationError) as e:
        services.add_closure(actor=world.wumei_staff, venue=s.hall, starts_on=dt.date(2026, 3, 6),
                             ends_on=dt.date(2026, 3, 6), reason="停电检修")
    assert "2026年3月6日（周五）19:00—20:30" in " ".join(e.value.messages)


def test_opening_hours_refuse_ranges_out_of_order_or_overlapping(world, spaces):
    with pytest.raises(ValidationError, match="关闭时间"):
        services.set_opening_hours(actor=world.wumei_staff, venue=spaces.room, ranges=[(0, t("17:00"), t("09:00"))])
    with pytest.raises(ValidationError, match="重叠"):
        services.set_opening_hours(actor=world.wumei_staff, venue=spaces.room,
                                   ranges=[(0, t("09:00"), t("12:00")), (0, t("11:00"), t("15:00"))])
    assert spaces.room.opening_hours.count() == 5


def test_it_requires_the_right_applicant_and_staff_for_decisions(world, spaces):
    s = spaces
    with pytest.raises(PermissionDenied):  # a liaison speaks for her own unit only
        weekly_class(world, s, actor=world.liaison)
    with pytest.raises(PermissionDenied):  # a resident books for herself only
        services.apply(actor=world.resident, venue=s.hall, applicant=world.volunteer_person, purpose="x",
                       attendance=2, first_date=FRIDAY, starts=t("09:00"), ends=t("10:00"))
    with pytest.raises(ValidationError, match="只有本社区居民"):
        services.apply(actor=world.wumei_staff, venue=s.hall, applicant=world.nanmen_person, purpose="x",
                       attendance=2, first_date=FRIDAY, starts=t("09:00"), ends=t("10:00"))
    application = weekly_class(world, s)
    for outsider in (world.nanmen_staff, s.merchant_liaison, world.street_staff):
        with pytest.raises(PermissionDenied):
            services.approve(actor=outsider, application=application)
    with pytest.raises(PermissionDenied):
        services.create_venue(actor=world.nanmen_staff, community=world.wumei, name="x", capacity=3)


def test_a_team_captain_applies_for_the_team(world, spaces):
    application = services.apply(actor=world.volunteer, venue=spaces.room, applicant=spaces.team, purpose="巡逻队例会",
                                 attendance=10, first_date=dt.date(2026, 3, 3), starts=t("15:00"), ends=t("16:00"))
    assert application.applicant_kind == "team"


def test_fulfilment_is_recorded_on_an_approved_commitment_within_bounds(world, spaces):
    s = spaces
    application = weekly_class(world, s)
    commitment = application.commitment
    with pytest.raises(ValidationError, match="只有已批准"):
        services.record_fulfilment(actor=s.merchant_liaison, commitment=commitment, date=FRIDAY,
                                   content="书法课", person_times=20)
    services.approve(actor=world.wumei_staff, application=application)
    from gongzhi.core import clock
    with clock.frozen(dt.datetime(2026, 3, 7, 10, 0, tzinfo=services.timezone.get_default_timezone())):
        done = services.record_fulfilment(actor=s.merchant_liaison, commitment=commitment, date=FRIDAY,
                                          content="为社区老人上书法课", person_times=24)
        with pytest.raises(ValidationError, match="服务人次须为"):
            services.record_fulfilment(actor=s.merchant_liaison, commitment=commitment, date=FRIDAY,
                                       content="书法课", person_times=10_001)
        with pytest.raises(ValidationError, match="远超常见范围"):
            services.record_fulfilment(actor=s.merchant_liaison, commitment=commitment, date=FRIDAY,
                                       content="书法课", person_times=600)
        with pytest.raises(ValidationError, match="不能晚于今天"):
            services.record_fulfilment(actor=s.merchant_liaison, commitment=commitment, date=dt.date(2026, 3, 13),
                                       content="书法课", person_times=20)
        with pytest.raises(PermissionDenied):
            services.record_fulfilment(actor=world.liaison, commitment=commitment, date=FRIDAY, content="书法课",
                                       person_times=20)
    assert list(ExchangeFulfilment.objects.all()) == [done]


def test_the_sweep_lapses_undecided_occurrences_once(world, spaces):
    from gongzhi.core import clock
    application = weekly_class(world, spaces)
    with clock.frozen(dt.datetime(2026, 3, 14, 9, 0, tzinfo=services.timezone.get_default_timezone())):
        assert services.sweep().lapsed == 2
        assert services.sweep().lapsed == 0
        assert Entry.objects.filter(action="spaces.lapsed").count() == 1
        services.approve(actor=world.wumei_staff, application=application)
    assert application.bookings.filter(status=BookingStatus.APPROVED).count() == 15
