"""When a 商谈会 can plausibly take place — the one place that says so, used by the service (pages and API), the
form's date picker and the tests. An outside review convened a meeting dated 2020-01-01 (before Gongzhi existed)
and one in the year 519; both were accepted as 已召集."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from gongzhi.core import clock
from gongzhi.core.limits import PLATFORM_START

MEETING_HORIZON = dt.timedelta(days=365)  # a meeting is convened at most one year ahead


def meeting_bounds() -> tuple[dt.date, dt.date]:
    """The first and last day a meeting convened today may be dated."""
    return PLATFORM_START, clock.today() + MEETING_HORIZON


def check_meeting_date(starts_at: dt.datetime) -> None:
    first, last = meeting_bounds()
    day = timezone.localdate(starts_at) if timezone.is_aware(starts_at) else starts_at.date()
    if not first <= day <= last:
        raise ValidationError(_("会议时间须在%(first)s至%(last)s之间（平台启用以来，最多提前一年召集）")
                              % {"first": first.isoformat(), "last": last.isoformat()}, code="implausible_date")
