"""The seeded 2026 calendar and `is_working_day`."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from gongzhi.worktime.models import Calendar, SpecialDay, SpecialDayKind
from gongzhi.worktime.services import day_length, is_working_day


def test_the_default_calendar_is_seeded_with_beijing_office_hours(calendar):
    assert calendar.name == "全国法定工作日历"
    assert calendar.time_zone == "Asia/Shanghai"
    assert calendar.periods == ((dt.time(8, 30), dt.time(12, 0)), (dt.time(14, 30), dt.time(18, 0)))
    assert day_length(calendar) == dt.timedelta(hours=7)


def test_the_2026_arrangement_is_seeded(calendar):
    makeups = set(calendar.special_days.filter(kind=SpecialDayKind.MAKEUP_WORKDAY).values_list("date", "name"))
    assert makeups == {
        (dt.date(2026, 1, 4), "元旦"), (dt.date(2026, 2, 14), "春节"), (dt.date(2026, 2, 28), "春节"),
        (dt.date(2026, 5, 9), "劳动节"), (dt.date(2026, 9, 20), "国庆节"), (dt.date(2026, 10, 10), "国庆节"),
    }
    holidays = calendar.special_days.filter(kind=SpecialDayKind.HOLIDAY)
    counts = {name: holidays.filter(name=name).count()
              for name in ["元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"]}
    assert counts == {"元旦": 3, "春节": 9, "清明节": 3, "劳动节": 5, "端午节": 3, "中秋节": 3, "国庆节": 7}
    # every make-up day is a weekend day
    assert all(date.weekday() >= 5 for date, _name in makeups)


@pytest.mark.parametrize(("date", "working"), [
    (dt.date(2026, 3, 13), True),    # an ordinary Friday
    (dt.date(2026, 3, 14), False),   # an ordinary Saturday
    (dt.date(2026, 1, 1), False),    # 元旦, a Thursday
    (dt.date(2026, 1, 2), False),    # 元旦, a Friday
    (dt.date(2026, 1, 4), True),     # 调休上班, a Sunday
    (dt.date(2026, 2, 17), False),   # 春节 (初一)
    (dt.date(2026, 2, 23), False),   # 春节, a Monday
    (dt.date(2026, 2, 24), True),
    (dt.date(2026, 2, 28), True),    # 调休上班, a Saturday
    (dt.date(2026, 4, 6), False),    # 清明节, a Monday
    (dt.date(2026, 5, 5), False),    # 劳动节, a Tuesday
    (dt.date(2026, 5, 9), True),     # 调休上班, a Saturday
    (dt.date(2026, 6, 19), False),   # 端午节
    (dt.date(2026, 9, 20), True),    # 调休上班, a Sunday
    (dt.date(2026, 9, 25), False),   # 中秋节
    (dt.date(2026, 10, 7), False),   # 国庆节, a Wednesday
    (dt.date(2026, 10, 8), True),
    (dt.date(2026, 10, 10), True),   # 调休上班, a Saturday
    (dt.date(2026, 10, 11), False),  # an ordinary Sunday
])
def test_is_working_day(calendar, date, working):
    assert is_working_day(calendar, date) is working


def test_one_special_day_per_date_and_calendar(calendar):
    with pytest.raises(IntegrityError), transaction.atomic():
        SpecialDay.objects.create(calendar=calendar, date=dt.date(2026, 10, 1), kind="holiday", name="重复")


def test_a_makeup_day_must_fall_on_a_weekend(calendar):
    day = SpecialDay(calendar=calendar, date=dt.date(2026, 3, 11), kind=SpecialDayKind.MAKEUP_WORKDAY, name="x")
    with pytest.raises(ValidationError):
        day.full_clean()


def test_working_periods_must_be_in_order(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        Calendar.objects.create(code="bad", name="颠倒", morning_start=dt.time(12), morning_end=dt.time(8))
    with pytest.raises(ValidationError):
        Calendar(code="bad2", name="午休为负", morning_end=dt.time(15)).full_clean()
    with pytest.raises(ValidationError):
        Calendar(code="bad3", name="时区", time_zone="Mars/Olympus").full_clean()
