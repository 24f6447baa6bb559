"""The service-point list pages and API lists run a fixed number of queries whatever the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongzhi.organisations.services import create_organisation
from gongzhi.regions.services import create_node
from gongzhi.servicepoints import services
from gongzhi.servicepoints.tests.conftest import offer_for


def _grow(world, rounds: int, start: int):
    for i in range(start, start + rounds):
        shop = create_organisation(actor=world.admin, name=f"五美商户{i}", kind="merchant", home=world.wumei)
        offer_for(world, shop, title=f"优惠{i}")
        services.create_point(actor=world.wumei_staff, community=world.wumei, kind="merchant", name=f"商户服务点{i}",
                              address=f"五美路{i}号", lat=f"25.26{i % 90:02d}", lon="110.2930",
                              offerings=["hot_water", "meals", "elderly_discount"], elderly_discount="2",
                              opens_at="08:00", closes_at="20:00", operator=shop)
        nb = create_node(actor=world.admin, parent=world.wumei, kind="neighbourhood", name=f"小区{i}")
        services.set_neighbourhood_location(actor=world.admin, neighbourhood=nb, lat=f"25.27{i % 90:02d}",
                                            lon="110.2900")


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        assert response.status_code == 200, url
    return len(ctx.captured_queries)


PAGES = [
    ("wumei_staff", "servicepoints:points"), ("wumei_staff", "servicepoints:neighbourhoods"),
    ("wumei_staff", "servicepoints:circle"), ("street_staff", "servicepoints:points"),
    ("resident", "servicepoints:m_directory"), ("resident", "servicepoints:m_circle"),
    ("wumei_staff", "/api/v1/servicepoints/points"), ("resident", "/api/v1/servicepoints/points"),
    ("wumei_staff", "/api/v1/servicepoints/neighbourhoods"), ("wumei_staff", "/api/v1/servicepoints/hsds"),
    ("wumei_staff", "/api/v1/servicepoints/circle/{wumei}"),
    ("resident", "/api/v1/servicepoints/nearby?neighbourhood_id={estate}"),
    ("resident", "/board/{wumei}/"),  # the public board's service-point section
]


@pytest.mark.parametrize(("persona", "target"), PAGES)
def test_query_count_does_not_grow_with_rows(world, sp, client_for, persona, target):
    client = client_for(getattr(world, persona))
    url = (target.format(wumei=world.wumei.pk, estate=world.wumei_estate.pk) if target.startswith("/")
           else reverse(target))
    _grow(world, 1, 10)
    small = _count(client, url)
    _grow(world, 6, 20)
    large = _count(client, url)
    assert large == small, f"{url}: {small} queries with one round, {large} with six more"
