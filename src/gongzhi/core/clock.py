"""The one clock Gongzhi reads. Tests move it with `frozen(...)`; code calls `now()` / `today()`."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator

from django.utils import timezone

_frozen: dt.datetime | None = None


def now() -> dt.datetime:
    return _frozen if _frozen is not None else timezone.now()


def today() -> dt.date:
    return timezone.localdate(now())


@contextlib.contextmanager
def frozen(at: dt.datetime) -> Iterator[None]:
    global _frozen
    if timezone.is_naive(at):
        raise ValueError("the clock takes aware datetimes only")
    previous, _frozen = _frozen, at
    try:
        yield
    finally:
        _frozen = previous
