"""Usage rate = booked hours ÷ open hours: open hours from the weekly ranges of each day (closure days left out),
booked hours from approved occurrences (the part inside the period); periods of 7 / 30 / 365 days up to today and
any calendar month; the figures on the report."""

import datetime as dt

import pytest

from gongzhi.core import clock
from gongzhi.core.registry import compute_stats
from gongzhi.spaces import selectors, services
from gongzhi.spaces.tests.conftest import t, weekly_class


def test_periods():
    today = dt.date(2026, 3, 15)
    assert selectors.period("7", today=today) == selectors.Period(dt.date(2026, 3, 9), today, "近7天")
    assert selectors.period("365", today=today).start == dt.date(2025, 3, 16)
    assert selectors.period("2026-02", today=today) == selectors.Period(dt.date(2026, 2, 1), dt.date(2026, 2, 28),
                                                                         "2026年2月")
    assert selectors.period("2026-12", today=today).end == dt.date(2026, 12, 31)
    assert selectors.period("nonsense", today=today).start == dt.date(2026, 2, 14)  # the last 30 days
    assert selectors.period("2026-13", today=today).label == "近30天"


def test_the_rate_is_booked_hours_over_open_hours(world, spaces):
    s = spaces
    # the room: Monday to Friday 09:00—17:00 = 8 h a day; March 2026 has 22 weekdays = 176 h
    services.add_closure(actor=world.wumei_staff, venue=s.room, starts_on=dt.date(2026, 3, 28),
                         ends_on=dt.date(2026, 3, 31), reason="粉刷墙面")  # Sat, Sun, Mon, Tue: 2 weekdays
    # approved: 2 h + 1.5 h; applied (not yet approved) and cancelled ones do not count
    one = services.apply(actor=world.wumei_staff, venue=s.room, applicant=s.team, purpose="例会", attendance=10,
                         first_date=dt.date(2026, 3, 3), repeat_until=dt.date(2026, 3, 10), starts=t("09:00"),
                         ends=t("11:00"))
    services.approve(actor=world.wumei_staff, application=one)
    services.cancel_booking(actor=world.wumei_staff, booking=one.bookings.order_by("starts_at").last())
    two = services.apply(actor=world.wumei_staff, venue=s.room, applicant=s.team, purpose="培训", attendance=10,
                         first_date=dt.date(2026, 3, 4), starts=t("14:00"), ends=t("15:30"))
    services.approve(actor=world.wumei_staff, application=two)
    services.apply(actor=world.wumei_staff, venue=s.room, applicant=s.team, purpose="待审", attendance=10,
                   first_date=dt.date(2026, 3, 5), starts=t("09:00"), ends=t("12:00"))
    p = selectors.period("2026-03")
    used = selectors.usage([s.room.pk, s.hall.pk], p.start, p.end)
    assert used[s.room.pk].open_hours == pytest.approx(160.0)
    assert used[s.room.pk].booked_hours == pytest.approx(3.5)
    assert used[s.room.pk].rate == pytest.approx(3.5 / 160)
    # the hall: 10 h a day (3.5 + 6.5), Monday to Saturday: March 2026 has 26 such days
    assert used[s.hall.pk].open_hours == pytest.approx(260.0)
    assert used[s.hall.pk].rate == 0


def test_a_booking_across_the_period_counts_only_inside_it(world, spaces):
    s = spaces
    services.set_opening_hours(actor=world.wumei_staff, venue=s.room,
                               ranges=[(d, t("00:00"), t("23:59")) for d in range(7)])
    a = services.apply(actor=world.wumei_staff, venue=s.room, applicant=s.team, purpose="例会", attendance=10,
                       first_date=dt.date(2026, 3, 31), starts=t("20:00"), ends=t("23:00"))
    services.approve(actor=world.wumei_staff, application=a)
    used = selectors.usage([s.room.pk], dt.date(2026, 3, 31), dt.date(2026, 3, 31))[s.room.pk]
    assert used.booked_hours == pytest.approx(3.0)
    assert selectors.usage([s.room.pk], dt.date(2026, 4, 1), dt.date(2026, 4, 1))[s.room.pk].booked_hours == 0


def test_no_open_hours_is_no_rate(world, spaces):
    services.set_opening_hours(actor=world.wumei_staff, venue=spaces.room, ranges=[])
    assert selectors.usage([spaces.room.pk], dt.date(2026, 3, 1), dt.date(2026, 3, 31))[spaces.room.pk].rate is None


def test_the_figures_report_counts_usage_and_services_in_exchange(world, spaces):
    s = spaces
    application = weekly_class(world, s)
    services.approve(actor=world.wumei_staff, application=application)
    later = dt.datetime(2026, 3, 14, 10, 0, tzinfo=services.timezone.get_default_timezone())
    with clock.frozen(later):
        services.record_fulfilment(actor=s.merchant_liaison, commitment=application.commitment,
                                   date=dt.date(2026, 3, 6), content="书法课", person_times=24)
        services.record_fulfilment(actor=s.merchant_liaison, commitment=application.commitment,
                                   date=dt.date(2026, 3, 13), content="书法课", person_times=26)
        figures = {f["key"]: f["value"] for f in compute_stats(world.wumei, 2026)}
        street = {f["key"]: f["value"] for f in compute_stats(world.xiangshan_street, 2026)}
        nanmen = {f["key"]: f["value"] for f in compute_stats(world.nanmen, 2026)}
    # 2026-01-01 .. 2026-03-14: two 1.5 h classes in the hall
    assert figures["spaces_booked_hours"] == 3.0
    assert figures["spaces_exchange_services"] == 2 and figures["spaces_exchange_person_times"] == 50
    assert 0 < figures["spaces_usage_rate"] < 0.01
    assert street["spaces_exchange_person_times"] == 50
    assert nanmen["spaces_usage_rate"] is None and nanmen["spaces_exchange_services"] == 0
