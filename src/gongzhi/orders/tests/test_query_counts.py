"""The orders' list pages and API lists run a fixed number of queries whatever the number of rows."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongzhi.core import clock
from gongzhi.orders import services
from gongzhi.orders.tests.conftest import T0

PAGES = [("wumei_staff", "orders:board"), ("wumei_staff", "orders:menu"), ("wumei_staff", "orders:batch"),
         ("street_staff", "orders:board"), ("merchant_liaison", "orders:provider"), ("resident", "orders:m_orders"),
         ("resident", "orders:m_menu"), ("volunteer", "orders:m_hall")]
APIS = [("wumei_staff", "/api/v1/orders"), ("wumei_staff", "/api/v1/orders/menu"), ("resident", "/api/v1/orders"),
        ("merchant_liaison", "/api/v1/orders")]


def _grow(world, m, n: int, start: int):
    """n new menu items of the merchants and the team, each ordered by 王秀英 and moved along the loop, plus
    free-text needs and an escalated order."""
    for i in range(start, start + n):
        haircut = services.create_item(actor=world.wumei_staff, community=world.wumei, title=f"理发{i}",
                                       category=m.cats["repairs"], provider=m.merchants, capacity=10,
                                       cost="semi_free", price_note="1元")
        escort = services.create_item(actor=world.wumei_staff, community=world.wumei, title=f"陪诊{i}",
                                      category=m.cats["elderly"], provider=m.team)
        taken = services.place_order(actor=world.resident, menu_item=haircut)
        services.dispatch_order(actor=world.wumei_staff, order=taken, menu_item=haircut)
        services.take_order(actor=world.merchant_liaison, order=taken)
        services.place_order(actor=world.resident, menu_item=escort)
        services.place_order(actor=world.wumei_grid_worker, resident=m.neighbour_person, title=f"修水管{i}",
                             category=m.cats["repairs"], channel="phone")
        services.place_order(actor=world.resident, title=f"求助{i}", category=m.cats["elderly"])
    with clock.frozen(T0 + dt.timedelta(days=2)):
        services.sweep_orders()


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize("persona, target", PAGES + APIS)
def test_list_query_count_does_not_grow_with_rows(world, menu, client_for, frozen, persona, target):
    client = client_for(getattr(world, persona))
    url = target if target.startswith("/") else reverse(target)
    if target == "orders:batch":
        url += f"?community={world.wumei.pk}"
    _grow(world, menu, 2, 100)
    small = _count(client, url)
    _grow(world, menu, 6, 200)
    large = _count(client, url)
    assert large == small, f"{url}: {small} queries with few rows, {large} with more"


def test_the_order_page_and_the_batch_proposal(world, menu, client_for, frozen):
    """Suggestions on an order page and a batch proposal score many items in a fixed number of queries."""
    client = client_for(world.wumei_staff)
    _grow(world, menu, 2, 100)
    need = services.place_order(actor=world.resident, title="想理发", category=menu.cats["repairs"])
    small = _count(client, reverse("orders:detail", args=[need.pk]))
    _grow(world, menu, 6, 200)
    assert _count(client, reverse("orders:detail", args=[need.pk])) == small
