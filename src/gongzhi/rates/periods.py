"""The periods the rates are computed for: a month ("2026-05"), a quarter ("2026-Q2"), a year ("2026") or a
custom range of dates (both ends included). A period is a half-open range of instants [start, end) from
local midnight of its first day to local midnight after its last day, in the site's time zone."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from gongzhi.core import clock

MAX_CUSTOM_DAYS = 3 * 366
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4})-[Qq]([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")


@dataclass(frozen=True)
class Period:
    kind: str  # month | quarter | year | custom
    first: dt.date
    last: dt.date  # included

    @property
    def start(self) -> dt.datetime:
        return _midnight(self.first)

    @property
    def end(self) -> dt.datetime:
        return _midnight(self.last + dt.timedelta(days=1))

    @property
    def key(self) -> str:
        """The value of the `period` parameter that selects this period ("" for a custom range)."""
        if self.kind == "year":
            return f"{self.first.year}"
        if self.kind == "quarter":
            return f"{self.first.year}-Q{(self.first.month - 1) // 3 + 1}"
        if self.kind == "month":
            return f"{self.first.year}-{self.first.month:02d}"
        return ""

    @property
    def query(self) -> dict[str, str]:
        """URL parameters that select this period."""
        if self.kind == "custom":
            return {"from": self.first.isoformat(), "to": self.last.isoformat()}
        return {"period": self.key}

    @property
    def label(self) -> str:
        if self.kind == "year":
            return _("%(y)d年") % {"y": self.first.year}
        if self.kind == "quarter":
            return _("%(y)d年第%(q)d季度") % {"y": self.first.year, "q": (self.first.month - 1) // 3 + 1}
        if self.kind == "month":
            return _("%(y)d年%(m)d月") % {"y": self.first.year, "m": self.first.month}
        return f"{self.first.isoformat()} — {self.last.isoformat()}"

    @property
    def slug(self) -> str:
        return self.key or f"{self.first.isoformat()}_{self.last.isoformat()}"


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_default_timezone())


def month(year: int, month_: int) -> Period:
    first = dt.date(year, month_, 1)
    nxt = dt.date(year + (month_ == 12), month_ % 12 + 1, 1)
    return Period("month", first, nxt - dt.timedelta(days=1))


def quarter(year: int, q: int) -> Period:
    first = dt.date(year, 3 * (q - 1) + 1, 1)
    last = month(year, 3 * q).last
    return Period("quarter", first, last)


def year(year_: int) -> Period:
    return Period("year", dt.date(year_, 1, 1), dt.date(year_, 12, 31))


def custom(first: dt.date, last: dt.date) -> Period:
    if last < first:
        raise ValidationError({"to": _("结束日期不能早于开始日期")})
    if (last - first).days >= MAX_CUSTOM_DAYS:
        raise ValidationError({"to": _("自定义时段不能超过三年")})
    return Period("custom", first, last)


def _check_year(y: int) -> int:
    if not 2000 <= y <= 2100:
        raise ValidationError({"period": _("年份超出范围")})
    return y


def _date(value: str, field: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ValidationError({field: _("日期格式应为 YYYY-MM-DD")}) from None
    if not 2000 <= day.year <= 2100:  # 0001-01-01 or 9999-12-31 would overflow the period's datetime bounds
        raise ValidationError({field: _("年份超出范围")})
    return day


def parse(period: str | None = None, *, first: str | None = None, last: str | None = None) -> Period:
    """The period named by `period` ("2026", "2026-Q2", "2026-05"), or the custom range `first`–`last`
    (ISO dates), or — when nothing is given — the current month. Bad input is a ValidationError."""
    if first or last:
        if not (first and last):
            raise ValidationError({"from" if not first else "to": _("自定义时段须填写开始和结束日期")})
        return custom(_date(first, "from"), _date(last, "to"))
    value = (period or "").strip()
    if not value:
        today = clock.today()
        return month(today.year, today.month)
    if m := _MONTH.match(value):
        y, mo = _check_year(int(m[1])), int(m[2])
        if not 1 <= mo <= 12:
            raise ValidationError({"period": _("月份应为 1–12")})
        return month(y, mo)
    if m := _QUARTER.match(value):
        return quarter(_check_year(int(m[1])), int(m[2]))
    if m := _YEAR.match(value):
        return year(_check_year(int(m[1])))
    raise ValidationError({"period": _("时段格式应为 2026、2026-Q2 或 2026-05")})


def choices(today: dt.date | None = None) -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped options of the period picker: the last 12 months, 8 quarters and 4 years."""
    today = today or clock.today()
    months, quarters, years = [], [], []
    y, m = today.year, today.month
    for _i in range(12):
        p = month(y, m)
        months.append((p.key, p.label))
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
    y, q = today.year, (today.month - 1) // 3 + 1
    for _i in range(8):
        p = quarter(y, q)
        quarters.append((p.key, p.label))
        y, q = (y - 1, 4) if q == 1 else (y, q - 1)
    for y in range(today.year, today.year - 4, -1):
        p = year(y)
        years.append((p.key, p.label))
    return [(_("月度"), months), (_("季度"), quarters), (_("年度"), years)]
