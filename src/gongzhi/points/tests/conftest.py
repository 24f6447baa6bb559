"""Fixtures of the points tests: the shared personas, 五美社区's rule of 10 points per hour, confirmed hours of the
resident 王秀英 (HoursEntry rows as the volunteering services record them), and a stocked supermarket."""

import datetime as dt
import io
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from gongzhi.core import clock
from gongzhi.organisations.services import create_organisation
from gongzhi.points import services
from gongzhi.testing import files
from gongzhi.volunteering.models import HoursEntry, HoursStatus

CST = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 6, 15, 10, 0, tzinfo=CST)
PNG = files.png()


def upload(data: bytes, name: str = "photo.png"):
    f = io.BytesIO(data)
    f.name, f.size = name, len(data)
    return f


def hours_entry(world, person=None, *, hours="2.0", served_on=dt.date(2026, 6, 1), community=None,
                status=HoursStatus.CONFIRMED) -> HoursEntry:
    """One hours entry as the volunteering services leave it (written once, confirmed by the organiser)."""
    return HoursEntry.objects.create(person=person or world.resident_person, community=community or world.wumei,
                                     served_on=served_on, hours=Decimal(hours), status=status,
                                     content="五美小区环境整治", recorded_at=clock.now(), decided_at=clock.now())


def set_status(entry: HoursEntry, status: str) -> None:
    HoursEntry.objects.filter(pk=entry.pk).update(status=status)
    entry.refresh_from_db()


def build_points(world) -> SimpleNamespace:
    p = SimpleNamespace()
    p.rule = services.set_rule(actor=world.wumei_staff, community=world.wumei, points_per_hour=10,
                               effective_from=dt.date(2026, 1, 1))
    p.rice_shop = create_organisation(actor=world.admin, name="五美粮油店", kind="merchant", home=world.wumei)
    p.rice = services.create_item(actor=world.wumei_staff, community=world.wumei, name="大米（5斤）", price=50,
                                  stock=10, donor=p.rice_shop)
    p.oil = services.create_item(actor=world.wumei_staff, community=world.wumei, name="食用油", price=80, stock=1,
                                 donor=world.hospital)
    return p


@pytest.fixture
def frozen():
    with clock.frozen(NOW):
        yield NOW


@pytest.fixture
def points(world, frozen):
    return build_points(world)


@pytest.fixture
def earned(world, points):
    """王秀英 earned 100 points: 10 confirmed hours at 10 points an hour, paid by the sweep."""
    p = points
    p.entries = [hours_entry(world, hours="4.0"), hours_entry(world, hours="6.0", served_on=dt.date(2026, 6, 2))]
    services.sweep()
    return p
