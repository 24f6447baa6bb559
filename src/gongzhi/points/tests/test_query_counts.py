"""The points list pages and API lists run a fixed number of queries whatever the number of rows: a few residents
with credits, good deeds, redemptions picked up and cancelled, against many more."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongzhi.people.services import register_person
from gongzhi.points import services
from gongzhi.points.tests.conftest import hours_entry


def _grow(world, p, rounds: int, start: int):
    for i in range(start, start + rounds):
        person = register_person(actor=world.admin, name=f"居民{i}", home=world.wumei_b1, phone=f"139{i:08d}")
        hours_entry(world, person, hours="3.0", served_on=dt.date(2026, 6, 1))
        hours_entry(world, world.resident_person, hours="5.0", served_on=dt.date(2026, 6, 2))
        services.sweep()
        services.award_good_deed(actor=world.wumei_staff, person=person, community=world.wumei, points=40,
                                 reason="帮助邻居")
        services.restock_item(actor=world.wumei_staff, item=p.rice, change=2)
        kept = services.redeem(actor=None, item=p.rice, resident=person)
        services.confirm_pickup(actor=world.wumei_staff, redemption=kept)
        mine = services.redeem(actor=world.resident, item=p.rice)
        services.cancel_redemption(actor=world.resident, redemption=mine)
        services.create_item(actor=world.wumei_staff, community=world.wumei, name=f"商品{i}", price=10, stock=3,
                             donor=p.rice_shop)


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        assert response.status_code == 200, url
    return len(ctx.captured_queries)


PAGES = [
    ("wumei_staff", "points:ledger"), ("wumei_staff", "points:accounts"), ("wumei_staff", "points:deeds"),
    ("wumei_staff", "points:items"), ("wumei_staff", "points:redemptions"), ("wumei_staff", "points:rules"),
    ("street_staff", "points:ledger"), ("resident", "points:m_home"), ("resident", "points:m_shop"),
    ("resident", "points:m_redemptions"), ("anonymous", "core:board"),
    ("wumei_staff", "/api/v1/points/transactions"), ("wumei_staff", "/api/v1/points/accounts"),
    ("wumei_staff", "/api/v1/points/items"), ("wumei_staff", "/api/v1/points/redemptions"),
    ("wumei_staff", "/api/v1/points/deeds"), ("resident", "/api/v1/points/mine/history"),
    ("resident", "/api/v1/points/shop"), ("resident", "/api/v1/points/redemptions/mine"),
]


@pytest.mark.parametrize(("persona", "target"), PAGES)
def test_query_count_does_not_grow_with_rows(world, points, client_for, persona, target):
    client = Client() if persona == "anonymous" else client_for(getattr(world, persona))
    if target.startswith("/"):
        url = target
    else:
        url = reverse(target, args=[world.wumei.pk] if target == "core:board" else [])
    _grow(world, points, 1, 100)
    small = _count(client, url)
    _grow(world, points, 8, 200)
    large = _count(client, url)
    assert large == small, f"{url}: {small} queries with one round, {large} with eight more"
