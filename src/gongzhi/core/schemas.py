"""Types for the API's schemas and parameters that keep junk out before it reaches a query: ids the database can
hold, page windows of a sane size, dates of a plausible year. Domain rules (a contract's term, the platform's start)
are the services' business; these only stop what no rule should ever have to see."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.utils.translation import gettext as _
from ninja import Field, Query, Schema
from ninja.pagination import LimitOffsetPagination
from pydantic import AfterValidator

from gongzhi.core.limits import FIRST_YEAR, LAST_YEAR, MAX_ID

MAX_PAGE = 500
# an offset deeper than this makes the database skip ever more rows (a district lists 600,000 residents): a list
# that long is searched or filtered, not paged through
MAX_OFFSET = 10_000

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
"""A primary key in a path, a query or a body: 0, negatives and numbers above bigint are invalid, not a 500."""


def _plausible_year(value: Any) -> Any:
    if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(_("日期须在 %(first)s 年至 %(last)s 年之间") % {"first": FIRST_YEAR, "last": LAST_YEAR})
    return value


Day = Annotated[dt.date, AfterValidator(_plausible_year)]
"""A calendar date between 2000 and 2100 (a meeting in the year 519 is a typing error)."""

Moment = Annotated[dt.datetime, AfterValidator(_plausible_year)]
"""A date and time between 2000 and 2100."""

Year = Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR)]


class Pagination(LimitOffsetPagination):
    """Ninja's limit/offset pagination with bounds: a limit above MAX_PAGE or an offset beyond any table is a 422
    naming the parameter, never a query the database cannot run. Set as NINJA_PAGINATION_CLASS."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=MAX_PAGE)
        offset: int = Field(0, ge=0, le=MAX_OFFSET,
                            description="最多 10000：更深的页请用搜索或筛选缩小范围")


def id_query(default: Any = None) -> Any:
    """An id in the query string of an operation (`community_id: int | None = id_query()`): the bounds live in the
    default because paginated operations cannot resolve an alias such as `Id` in their annotations."""
    return Query(default, ge=1, le=MAX_ID)


def year_query(default: Any = ...) -> Any:
    return Query(default, ge=FIRST_YEAR, le=LAST_YEAR)
