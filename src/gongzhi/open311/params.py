"""Reading GeoReport v2 request parameters. Every function either returns a clean value or raises Open311Error
(400) with a description naming the parameter, so malformed input never reaches the database.

"Optional" follows the spec: an empty parameter is the same as a missing one."""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal

from django.utils import dateparse, timezone
from django.utils.translation import gettext as _

from gongzhi.open311.formats import Open311Error

# C0 controls other than tab/newline/return: PostgreSQL refuses NUL, XML refuses them all.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ATTRIBUTE = re.compile(r"^attribute\[([^\[\]]{1,50})\](\[\])?$")
_YEAR_MONTH = re.compile(r"^([0-9]{4})(?:-([0-9]{2}))?$")
_DECIMAL = re.compile(r"^[+-]?[0-9]{1,3}(?:\.[0-9]{1,20})?$")  # plain ASCII degrees: no exponent, no full-width digits


def clean(value: str) -> str:
    """A value from the URL path without control characters (PostgreSQL refuses NUL in a query)."""
    return _CONTROLS.sub("", value or "")


def text(params, name: str, *, max_length: int, multiline: bool = False) -> str:
    """A free-text parameter with controls removed and surrounding blanks trimmed ('' when absent)."""
    value = _CONTROLS.sub("", params.get(name, "") or "")
    if not multiline:
        value = " ".join(value.split())
    value = value.strip()
    if len(value) > max_length:
        raise Open311Error(400, _("%(name)s 过长：最多 %(max)d 个字符。") % {"name": name, "max": max_length})
    return value


def comma_list(params, name: str, *, max_items: int = 1000) -> list[str]:
    """service_request_id=a,b,c → ['a', 'b', 'c']; repeated parameters are joined too."""
    items: list[str] = []
    for raw in params.getlist(name):
        items.extend(part.strip() for part in _CONTROLS.sub("", raw).split(",") if part.strip())
    if len(items) > max_items:
        raise Open311Error(400, _("%(name)s 最多 %(max)d 项。") % {"name": name, "max": max_items})
    return list(dict.fromkeys(items))


def w3c_datetime(params, name: str) -> dt.datetime | None:
    """A W3C date/time (2026-11-21T09:30:00+08:00, …Z, 2026-11-21, 2026-11, 2026). A time without an offset and a
    bare date are read as China Standard Time (the jurisdiction's own zone)."""
    raw = (params.get(name, "") or "").strip()
    if not raw:
        return None
    problem = Open311Error(400, _("%(name)s 不是有效的 ISO 8601 时间（例如 2026-11-21T09:30:00+08:00）：%(value)s")
                           % {"name": name, "value": raw[:40]})
    if len(raw) > 40:
        raise problem
    try:
        value = dateparse.parse_datetime(raw)
        if value is None:
            day = dateparse.parse_date(raw)
            if day is None:
                match = _YEAR_MONTH.match(raw)
                if not match:
                    raise problem
                day = dt.date(int(match.group(1)), int(match.group(2) or 1), 1)
            value = dt.datetime.combine(day, dt.time())
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        value.astimezone(dt.UTC)  # offsets that push the instant out of range fail here
    except (ValueError, OverflowError) as exc:
        raise problem from exc
    return value


def _number(raw: str, name: str, low: float, high: float) -> Decimal:
    if not _DECIMAL.match(raw):
        raise Open311Error(400, _("%(name)s 必须是十进制度数（如 25.265000）：%(value)s") % {"name": name, "value": raw[:40]})
    value = float(raw)
    if not math.isfinite(value) or not low <= value <= high:
        raise Open311Error(400, _("%(name)s 超出范围（%(low)s 至 %(high)s）：%(value)s")
                           % {"name": name, "low": low, "high": high, "value": raw[:40]})
    return Decimal(f"{value:.6f}")


def coordinates(params) -> tuple[Decimal, Decimal] | None:
    """WGS84 lat & long, both or neither."""
    lat, long = (params.get("lat", "") or "").strip(), (params.get("long", "") or "").strip()
    if not lat and not long:
        return None
    if not lat or not long:
        raise Open311Error(400, _("lat 和 long 必须同时提供。"))
    return _number(lat, "lat", -90, 90), _number(long, "long", -180, 180)


def attributes(params) -> dict[str, str | list[str]]:
    """attribute[code]=value and attribute[code][]=v1&attribute[code][]=v2 → {code: value | [values]}."""
    found: dict[str, str | list[str]] = {}
    for key in params:
        match = _ATTRIBUTE.match(key)
        if not match:
            if key.startswith("attribute"):
                raise Open311Error(400, _("无法识别的参数 %(key)s：附加项应写作 attribute[代码]=值。") % {"key": key[:60]})
            continue
        code, is_list = match.group(1), bool(match.group(2))
        values = [_CONTROLS.sub("", v).strip() for v in params.getlist(key)]
        if any(len(v) > 4000 for v in values):
            raise Open311Error(400, _("attribute[%(code)s] 过长。") % {"code": code})
        if is_list:
            previous = found.get(code, [])
            found[code] = [*(previous if isinstance(previous, list) else [previous]), *[v for v in values if v]]
        elif code in found or len(values) > 1:
            raise Open311Error(400, _("attribute[%(code)s] 只能有一个值；多选请写作 attribute[%(code)s][]=值。")
                               % {"code": code})
        elif values[0]:
            found[code] = values[0]
    return {code: value for code, value in found.items() if value not in ("", [])}
