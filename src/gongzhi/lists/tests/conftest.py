"""Fixtures of the lists' tests: the seeded categories and a few entries made through the real services."""

import datetime as dt
import importlib
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps

from gongzhi.core import clock
from gongzhi.lists import services
from gongzhi.lists.models import Category

_seed = importlib.import_module("gongzhi.lists.migrations.0003_seed_categories")


def seed_categories() -> dict[str, Category]:
    """The data migration's taxonomy (a transactional test elsewhere may have flushed it)."""
    _seed.seed(apps, None)
    return {c.code: c for c in Category.objects.all()}


@pytest.fixture
def cats(db):
    return seed_categories()


CST = ZoneInfo("Asia/Shanghai")


def at(*parts: int) -> dt.datetime:
    """An aware datetime in Beijing time: at(2026, 5, 9, 9) is 9:00 on 9 May 2026."""
    return dt.datetime(*parts, tzinfo=CST)


def next_week() -> dt.date:
    return clock.today() + dt.timedelta(days=7)


@pytest.fixture
def items(world, cats):
    """五美社区: a resident's need (submitted), a published community need, the hospital's resource, the
    community's own venue, the hospital's unit need (published); 南门社区: one published need."""
    w = world
    n = SimpleNamespace(cats=cats)
    n.submitted = services.submit_need(actor=w.resident, title="楼道灯坏了希望维修", category=cats["repairs"])
    n.published = services.submit_need(actor=w.wumei_staff, community=w.wumei, channel="window",
                                       title="老年人免费体检", category=cats["medical"],
                                       beneficiaries=["elderly"], place=w.wumei_estate, scale=120)
    services.review_need(actor=w.wumei_staff, need=n.published, decision="approve")
    n.unit_need = services.submit_need(actor=w.liaison, organisation=w.hospital, title="党员志愿服务阵地",
                                       category=cats["party_building"])
    services.review_need(actor=w.wumei_staff, need=n.unit_need, decision="approve")
    n.nanmen_need = services.submit_need(actor=w.nanmen_staff, community=w.nanmen, channel="forum",
                                         title="南门花园环境整治", category=cats["environment"])
    services.review_need(actor=w.nanmen_staff, need=n.nanmen_need, decision="approve")
    n.resource = services.register_resource(actor=w.liaison, organisation=w.hospital, title="中医义诊进社区",
                                            category=cats["medical"], times_per_year=12, people_per_session=50,
                                            schedule="每月第一个周六上午")
    n.venue = services.register_resource(actor=w.wumei_staff, community=w.wumei, title="社区党群服务中心会议室",
                                         category=cats["party_building"])
    for attr in ("submitted", "published", "unit_need", "nanmen_need"):
        getattr(n, attr).refresh_from_db()
    return n
