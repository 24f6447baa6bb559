"""Reading calendars."""

from __future__ import annotations

from gongzhi.worktime.models import DEFAULT_CALENDAR_CODE, Calendar


def default_calendar() -> Calendar:
    """The national calendar seeded by migration 0002 (全国法定工作日历), read afresh."""
    return Calendar.objects.get(code=DEFAULT_CALENDAR_CODE)
