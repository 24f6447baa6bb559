"""Plausible figures: the one place that says how large a number typed into Gongzhi may be.

Hard bounds are refused everywhere (services, forms, API schemas, and database check constraints where the
database can hold them). A figure above its *usual* bound but within the hard one is accepted only with a
second confirmation and a reason (`confirm_unusual` / `unusual_reason`), which is stored and chronicled.
An outside review entered 99,999 volunteer hours for one person-time and a community's yearly report jumped
from 330 to 100,343 hours; these bounds are why that can no longer happen.

Lengths of free text are here too, so that models, forms and API schemas agree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

PLATFORM_START = dt.date(2025, 1, 1)  # nothing is recorded as having happened before Gongzhi's first year
MAX_ID = 2**63 - 1  # the largest primary key a bigint column holds (SQLite and PostgreSQL alike)
FIRST_YEAR, LAST_YEAR = 2000, 2100  # any date typed anywhere: a meeting in the year 519 is a typing error


@dataclass(frozen=True)
class Bound:
    """A figure's range: `low`..`high` is the hard bound; above `usual` needs a confirmation with a reason."""

    low: int | Decimal
    high: int | Decimal
    usual: int | Decimal | None = None

    def holds(self, value) -> bool:
        return self.low <= value <= self.high

    def is_unusual(self, value) -> bool:
        return self.usual is not None and value > self.usual


# --- 履约记录 (contracts.Fulfilment): one service on one day --------------------------------------------------
PERSON_TIMES = Bound(0, 10_000, usual=500)  # person-times served by one service
VOLUNTEER_HOURS = Bound(Decimal(0), Decimal(10_000), usual=Decimal(500))  # volunteer hours of one record
HOURS_PER_PERSON_TIME = Bound(Decimal(0), Decimal(12), usual=Decimal(8))  # nobody serves more than 12 h a day
UNUSUAL_REASON_LENGTH = 300

# --- 承诺事项 (contracts.Commitment): a year's targets ----------------------------------------------------------
TARGET_SERVICES = Bound(0, 1_000)  # about three services a day, all year
TARGET_PERSON_TIMES = Bound(0, 200_000)

# --- 资源清单 / 需求清单 (lists) --------------------------------------------------------------------------------
TIMES_PER_YEAR = Bound(0, 1_000)
PEOPLE_PER_SESSION = Bound(0, 10_000)
NEED_SCALE = Bound(0, 100_000)  # people concerned by one need: a whole street at most

# --- 志愿服务 (volunteering) and 积分 (points) -------------------------------------------------------------------
SERVICE_HOURS = Bound(Decimal("0.1"), Decimal(24), usual=Decimal(8))  # one person's hours in one entry (one day)
ACTIVITY_QUOTA = Bound(1, 10_000)  # places in one activity
POINTS = Bound(1, 100_000)  # points in one movement (a credit, a price, a manual award)
POINTS_PER_HOUR = Bound(0, 1_000)  # a community's rate for one confirmed hour
STOCK = Bound(0, 100_000)  # items of one kind in a points supermarket

# --- scores, ratings, weights and sums --------------------------------------------------------------------------
SCORE = Bound(0, 100)  # every score and percentage in Gongzhi is out of 100
RATING = Bound(1, 5)  # stars
AMOUNT_YUAN = Bound(Decimal(0), Decimal(100_000_000))  # a neighbours' dispute over more than 1 亿元 is a court's

# --- free text: generous but finite (characters) ----------------------------------------------------------------
TITLE = 200
SHORT_TEXT = 300  # a reason, a note on one line
DESCRIPTION = 5_000  # a need, a case, a commitment's content
NOTE = 2_000  # remarks, confirmations, follow-ups
MINUTES = 20_000  # meeting minutes, agendas, attendance lists


# --- the same limits in the API schemas (django-ninja / pydantic) -----------------------------------------------
def text(max_length: int):
    """A string of at most `max_length` characters in an API schema: `note: limits.text(limits.NOTE) = ""`."""
    from typing import Annotated

    from pydantic import Field

    return Annotated[str, Field(max_length=max_length)]


def text_of(model, field: str):
    """A string no longer than `model.field` allows, so the API refuses what the database could not hold:
    `title: limits.text_of(Need, "title")`."""
    return text(model._meta.get_field(field).max_length)


CODE = 40  # a choice's code (category, channel, kind …), a phone number
NAME = 50
