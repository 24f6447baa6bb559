"""The default time limits of 接诉即办 / 吹哨报到, as data the whistle app reads and lets administrators
override per category. Each limit says how it is counted:

- calendar time (every hour of the clock): emergencies threatening life or property, utilities, and
  contacting the resident — nights, weekends and holidays count;
- working time (working periods of working days): a department signing for a whistle;
- working days: the resolution limits of ordinary and complex requests (same time of day N working days on).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from gongzhi.worktime.models import Calendar
from gongzhi.worktime.services import add_working_days, add_working_time

Counting = Literal["calendar", "working", "working_days"]


@dataclass(frozen=True)
class Limit:
    code: str
    label: str
    counting: Counting
    duration: dt.timedelta = dt.timedelta(0)  # for "calendar" and "working"
    working_days: int = 0  # for "working_days"

    def __post_init__(self) -> None:
        if self.counting == "working_days":
            if self.working_days <= 0 or self.duration:
                raise ValueError(f"{self.code}: a working-days limit needs working_days > 0 and no duration")
        elif self.counting in ("calendar", "working"):
            if self.duration <= dt.timedelta(0) or self.working_days:
                raise ValueError(f"{self.code}: a {self.counting} limit needs a positive duration only")
        else:
            raise ValueError(f"{self.code}: unknown counting {self.counting!r}")


EMERGENCY = Limit("emergency", "危及生命财产安全的紧急诉求", "calendar", duration=dt.timedelta(hours=2))
UTILITIES = Limit("utilities", "水电气暖诉求", "calendar", duration=dt.timedelta(hours=24))
ORDINARY = Limit("ordinary", "一般诉求", "working_days", working_days=7)
COMPLEX = Limit("complex", "复杂诉求", "working_days", working_days=15)
SIGN_FOR = Limit("sign_for", "职能部门签收吹哨（报到）", "working", duration=dt.timedelta(hours=1))
CONTACT_RESIDENT = Limit("contact_resident", "联系诉求人", "calendar", duration=dt.timedelta(hours=24))

DEFAULT_LIMITS: list[Limit] = [EMERGENCY, UTILITIES, ORDINARY, COMPLEX, SIGN_FOR, CONTACT_RESIDENT]
LIMITS_BY_CODE: dict[str, Limit] = {limit.code: limit for limit in DEFAULT_LIMITS}


def deadline(calendar: Calendar, start: dt.datetime, limit: Limit) -> dt.datetime:
    """When a step that started at `start` (aware) falls due under `limit` (UTC-aware result)."""
    if limit.counting == "working_days":
        return add_working_days(calendar, start, limit.working_days)
    return add_working_time(calendar, start, limit.duration, mode=limit.counting)
