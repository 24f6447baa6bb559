import datetime as dt
import zoneinfo

import pytest

from gongzhi.worktime.selectors import default_calendar

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def cst(year, month, day, hour=0, minute=0) -> dt.datetime:
    """An aware Beijing-time datetime."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture
def calendar(db):
    return default_calendar()
