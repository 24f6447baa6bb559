"""Fixtures of the talent pool tests: the shared personas, a few more residents of 五美社区, the clock frozen."""

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from gongzhi.core import clock
from gongzhi.people.services import register_person

CST = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 6, 15, 10, 0, tzinfo=CST)


@pytest.fixture
def frozen():
    with clock.frozen(NOW):
        yield NOW


@pytest.fixture
def people(world, frozen):
    p = SimpleNamespace()
    p.nurse = register_person(actor=world.admin, name="张丽华", home=world.wumei_b1, phone="13907730001")
    p.lawyer = register_person(actor=world.admin, name="黄志强", home=world.wenhua_b2, phone="13907730002")
    p.fixer = register_person(actor=world.admin, name="李师傅", home=world.wumei_b1, phone="13907730003")
    return p
