"""The wall, the list pages and the API lists of wishes run a fixed number of queries whatever the number of rows:
one wish in each state against thirty more."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongzhi.people.services import register_person
from gongzhi.wishes import services
from gongzhi.wishes.tests.conftest import post

STATES = 5


def _grow(world, member, rounds: int, start: int):
    """`rounds` wishes in each state in 五美社区: submitted, open, claimed by the hospital, claimed by the party
    member, and 王秀英's own fulfilled, confirmed and thanked."""
    staff = world.wumei_staff
    for i in range(start, start + rounds):
        person = register_person(actor=world.admin, name=f"居民{i}", home=world.wumei_b1)

        def on_behalf(title, person=person):
            return services.post_wish(actor=world.wumei_grid_worker, resident=person, channel="grid_visit",
                                      title=title, beneficiary="elderly_alone")

        on_behalf(f"待审核心愿{i}")
        services.review_wish(actor=staff, wish=on_behalf(f"待认领心愿{i}"), decision="approve")
        unit = on_behalf(f"单位认领心愿{i}")
        services.review_wish(actor=staff, wish=unit, decision="approve")
        services.claim_wish(actor=world.liaison, wish=unit)
        mine = services.post_wish(actor=staff, resident=register_person(actor=world.admin, name=f"乙{i}",
                                                                           home=world.wumei_b1),
                                  channel="window", title=f"党员认领心愿{i}", beneficiary="hardship_family")
        services.review_wish(actor=staff, wish=mine, decision="approve")
        services.claim_wish(actor=member, wish=mine)
        own = post(world, f"王秀英的心愿{i}")
        services.review_wish(actor=staff, wish=own, decision="approve")
        services.claim_wish(actor=member, wish=own)
        services.record_fulfilment(actor=member, wish=own, note="已送达")
        services.confirm_fulfilment(actor=world.resident, wish=own)
        services.thank(actor=world.resident, wish=own, note="谢谢")


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        assert response.status_code == 200, url
    return len(ctx.captured_queries)


PAGES = [  # (persona, url name or API path, needs the community id)
    ("wumei_staff", "wishes:list", False), ("wumei_staff", "wishes:queue", False),
    ("liaison", "wishes:list", False), ("street_staff", "wishes:list", False),
    ("resident", "wishes:m_list", False), ("member", "wishes:m_claimed", False),
    ("anonymous", "wishes:wall", True), ("anonymous", "core:board", True),
    ("wumei_staff", "/api/v1/wishes", False), ("liaison", "/api/v1/wishes?mine=1", False),
    ("resident", "/api/v1/wishes/mine", False), ("member", "/api/v1/wishes/claimed", False),
    ("anonymous", "/api/v1/wishes/wall/{}", True),
]


@pytest.mark.parametrize(("persona", "target", "by_community"), PAGES)
def test_query_count_does_not_grow_with_wishes(world, member, client_for, persona, target, by_community):
    if persona == "anonymous":
        client = Client()
    else:
        client = client_for(member if persona == "member" else getattr(world, persona))
    if target.startswith("/"):
        url = target.format(world.wumei.pk)
    else:
        url = reverse(target, args=[world.wumei.pk] if by_community else [])
    _grow(world, member, 1, 100)
    small = _count(client, url)
    _grow(world, member, 30 // STATES, 200)
    large = _count(client, url)
    assert large == small, f"{url}: {small} queries with one wish in each state, {large} with thirty more"
