"""add_working_time, add_working_days, working_time_between and the default limits."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongzhi.core import clock
from gongzhi.worktime import limits
from gongzhi.worktime.services import (
    add_working_days,
    add_working_time,
    day_length,
    in_working_time,
    next_working_instant,
    working_time_between,
)
from gongzhi.worktime.tests.conftest import SHANGHAI, cst

H = dt.timedelta(hours=1)


def test_a_friday_afternoon_request_with_seven_working_days_skips_the_weekend(calendar):
    with clock.frozen(cst(2026, 3, 13, 17)):  # Friday 17:00
        due = limits.deadline(calendar, clock.now(), limits.ORDINARY)
    assert due == cst(2026, 3, 24, 17)  # Tuesday after next, 17:00
    assert due.tzinfo == dt.UTC
    assert working_time_between(calendar, cst(2026, 3, 13, 17), due) == 7 * day_length(calendar)


def test_a_friday_evening_request_counts_from_monday_morning(calendar):
    with clock.frozen(cst(2026, 3, 13, 18, 30)):  # Friday 18:30, after hours
        due = limits.deadline(calendar, clock.now(), limits.ORDINARY)
    assert due == cst(2026, 3, 25, 8, 30)  # counted from Monday 08:30: Wednesday after next, 08:30
    assert working_time_between(calendar, cst(2026, 3, 13, 18, 30), due) == 49 * H


def test_a_request_on_the_eve_of_national_day_skips_the_holiday_and_counts_the_makeup_saturday(calendar):
    with clock.frozen(cst(2026, 9, 30, 10)):  # Wednesday 10:00; 国庆 1–7 October, 10 October worked
        due = limits.deadline(calendar, clock.now(), limits.ORDINARY)
    # 8 Oct (1), 9 Oct (2), Sat 10 Oct (3, 调休上班), 12 (4), 13 (5), 14 (6), 15 (7)
    assert due == cst(2026, 10, 15, 10)
    assert add_working_days(calendar, cst(2026, 9, 30, 10), 3) == cst(2026, 10, 10, 10)
    # the make-up Sunday before: Friday 18 September + 1 working day is Sunday 20 September
    assert add_working_days(calendar, cst(2026, 9, 18, 10), 1) == cst(2026, 9, 20, 10)
    # 中秋 (Friday 25 September): Thursday + 1 working day is Monday
    assert add_working_days(calendar, cst(2026, 9, 24, 10), 1) == cst(2026, 9, 28, 10)


def test_fifteen_working_days_across_the_spring_festival(calendar):
    # Thursday 12 February 2026 → Fri 13 (1), Sat 14 (2, 调休), 24–27 (3–6), Sat 28 (7, 调休), 2–6 Mar (8–12),
    # 9–11 Mar (13–15)
    due = limits.deadline(calendar, cst(2026, 2, 12, 9), limits.COMPLEX)
    assert due == cst(2026, 3, 11, 9)


def test_four_working_hours_from_friday_afternoon_end_on_monday_morning(calendar):
    # Friday 16:00–18:00 is 2 h; Monday 08:30 + 2 h = 10:30
    end = add_working_time(calendar, cst(2026, 3, 13, 16), 4 * H, mode="working")
    assert end == cst(2026, 3, 16, 10, 30)
    assert working_time_between(calendar, cst(2026, 3, 13, 16), end) == 4 * H


def test_working_time_skips_the_lunch_break_and_ends_at_a_period_end(calendar):
    assert add_working_time(calendar, cst(2026, 3, 16, 11), 2 * H, mode="working") == cst(2026, 3, 16, 15, 30)
    # using up the morning exactly ends at 12:00, not at 14:30
    assert add_working_time(calendar, cst(2026, 3, 16, 11), H, mode="working") == cst(2026, 3, 16, 12)
    # starting in the lunch break counts from 14:30
    assert add_working_time(calendar, cst(2026, 3, 16, 13), H, mode="working") == cst(2026, 3, 16, 15, 30)
    # a whistle signed for within one working hour, blown on New Year's Eve at 17:30, falls due on 4 January
    # (a make-up Sunday), 09:00
    assert limits.deadline(calendar, cst(2025, 12, 31, 17, 30), limits.SIGN_FOR) == cst(2026, 1, 4, 9)


def test_calendar_mode_counts_every_hour_even_across_midnight_on_a_holiday(calendar):
    start = cst(2026, 10, 1, 23)  # 国庆节, 23:00
    assert add_working_time(calendar, start, 2 * H, mode="calendar") == cst(2026, 10, 2, 1)
    assert limits.deadline(calendar, start, limits.EMERGENCY) == cst(2026, 10, 2, 1)
    assert limits.deadline(calendar, start, limits.UTILITIES) == cst(2026, 10, 2, 23)
    assert limits.deadline(calendar, start, limits.CONTACT_RESIDENT) == cst(2026, 10, 2, 23)


def test_results_are_utc_aware_and_naive_input_is_refused(calendar):
    end = add_working_time(calendar, cst(2026, 3, 16, 9), H, mode="working")
    assert end.tzinfo == dt.UTC and end == dt.datetime(2026, 3, 16, 2, 0, tzinfo=dt.UTC)
    naive = dt.datetime(2026, 3, 16, 9)  # noqa: DTZ001 - the point of the test
    with pytest.raises(ValueError):
        add_working_time(calendar, naive, H, mode="working")
    with pytest.raises(ValueError):
        working_time_between(calendar, naive, cst(2026, 3, 16, 10))
    with pytest.raises(ValueError):
        add_working_days(calendar, naive, 1)
    with pytest.raises(ValueError):
        add_working_time(calendar, cst(2026, 3, 16, 9), -H, mode="working")
    with pytest.raises(ValueError):
        add_working_time(calendar, cst(2026, 3, 16, 9), H, mode="weekly")


def test_starts_given_in_other_time_zones_are_the_same_instants(calendar):
    start_utc = dt.datetime(2026, 3, 13, 8, tzinfo=dt.UTC)  # Friday 16:00 in Beijing
    assert add_working_time(calendar, start_utc, 4 * H, mode="working") == cst(2026, 3, 16, 10, 30)


def test_working_time_between(calendar):
    assert working_time_between(calendar, cst(2026, 3, 16, 8), cst(2026, 3, 16, 20)) == 7 * H
    assert working_time_between(calendar, cst(2026, 3, 16, 12, 30), cst(2026, 3, 16, 14)) == dt.timedelta(0)
    assert working_time_between(calendar, cst(2026, 9, 30, 17), cst(2026, 10, 8, 9)) == 1.5 * H
    assert working_time_between(calendar, cst(2026, 10, 8, 9), cst(2026, 9, 30, 17)) == -1.5 * H
    # a whole week of 春节 has no working time
    assert working_time_between(calendar, cst(2026, 2, 14, 18), cst(2026, 2, 24, 8)) == dt.timedelta(0)


def test_the_defaults_table():
    assert [limit.code for limit in limits.DEFAULT_LIMITS] == [
        "emergency", "utilities", "ordinary", "complex", "sign_for", "contact_resident"]
    assert limits.LIMITS_BY_CODE["emergency"].duration == 2 * H
    assert limits.LIMITS_BY_CODE["complex"].working_days == 15
    with pytest.raises(ValueError):
        limits.Limit("x", "错", "working_days", duration=H)


# --- properties ----------------------------------------------------------------------------------------

# hypothesis takes naive bounds and attaches the zone itself; every generated start is aware
starts = st.datetimes(min_value=dt.datetime(2025, 12, 1), max_value=dt.datetime(2027, 1, 31),  # noqa: DTZ001
                      timezones=st.sampled_from([SHANGHAI, dt.UTC]))
durations = st.one_of(
    st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(hours=250)),
    st.integers(min_value=0, max_value=500).map(lambda quarters: quarters * dt.timedelta(minutes=15)),
)
PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@PROPERTY
@given(start=starts, duration=durations)
def test_working_time_between_inverts_add_working_time(calendar, start, duration):
    end = add_working_time(calendar, start, duration, mode="working")
    assert end.tzinfo == dt.UTC
    assert working_time_between(calendar, start, end) == duration
    if duration:
        assert end > start
        assert in_working_time(calendar, end)
    else:
        assert end == start


@PROPERTY
@given(start=starts, days=st.integers(min_value=0, max_value=40))
def test_add_working_days_moves_whole_working_days(calendar, start, days):
    due = add_working_days(calendar, start, days)
    assert in_working_time(calendar, due)
    assert working_time_between(calendar, start, due) == days * day_length(calendar)
    anchor = next_working_instant(calendar, start)
    assert due.astimezone(SHANGHAI).time() == anchor.astimezone(SHANGHAI).time()
