"""Fixtures of the 楼门管家 tests: the shared personas with two entrances under 五美小区 1栋 (文化里 2栋 has none,
so it is a post itself), the clock frozen on 2026-06-15, and the list and case categories (get_or_create: the
data migrations' rows are gone after a transactional test's flush)."""

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from gongzhi.cases.testing import seed_case_categories
from gongzhi.core import clock
from gongzhi.lists.models import Category
from gongzhi.people.services import register_person
from gongzhi.regions.services import create_node
from gongzhi.stewards import services

CST = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 6, 15, 10, 0, tzinfo=CST)


def build_posts(world) -> SimpleNamespace:
    p = SimpleNamespace()
    p.entrance1 = create_node(actor=world.admin, parent=world.wumei_b1, kind="entrance", name="1单元")
    p.entrance2 = create_node(actor=world.admin, parent=world.wumei_b1, kind="entrance", name="2单元")
    p.neighbour = register_person(actor=world.admin, name="赵桂兰", home=world.wumei_b1, phone="13907731234")
    p.category = Category.objects.get_or_create(code="environment", defaults={"name": "环境整治", "order": 80})[0]
    p.case_categories = seed_case_categories()
    return p


def appoint_wang(world, p, **kw):
    """王秀英 (the resident persona, with a login) steward of 1栋1单元 since 2026-01-05."""
    return services.appoint(actor=world.wumei_staff, post=p.entrance1, person=world.resident_person,
                            selection=kw.pop("selection", "recommended"),
                            roles=kw.pop("roles", ["policy", "opinion"]),
                            started_on=kw.pop("started_on", dt.date(2026, 1, 5)), **kw)


@pytest.fixture
def frozen():
    with clock.frozen(NOW):
        yield NOW


@pytest.fixture
def posts(world, frozen):
    return build_posts(world)


@pytest.fixture
def steward(world, posts):
    return appoint_wang(world, posts)
