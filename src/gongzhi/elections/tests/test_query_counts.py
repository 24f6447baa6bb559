"""The elections and proposals list pages and API lists run a fixed number of queries whatever the number of rows."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongzhi.core import clock
from gongzhi.elections import services
from gongzhi.elections.tests.conftest import CLOSES, NOW, OPENS, build_election
from gongzhi.proposals import services as proposals
from gongzhi.proposals.tests.conftest import neighbour


def _grow(world, rounds: int, start: int):
    for i in range(start, start + rounds):
        e = services.create_election(actor=world.wumei_staff, community=world.wumei, kind="representative",
                                     title=f"居民代表选举{i}", seats=1, opens_at=OPENS, closes_at=CLOSES)
        services.nominate_candidate(actor=world.wumei_staff, election=e, person=world.resident_person)
        p = proposals.submit_proposal(actor=world.resident, title=f"提议{i}", problem="问题", suggestion="建议")
        proposals.support_proposal(actor=neighbour(world, f"n{i}", f"邻居{i}"), proposal=p)
        if i % 2:
            proposals.answer_proposal(actor=world.wumei_staff, proposal=p, answer="已办理")


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        assert response.status_code == 200, url
    return len(ctx.captured_queries)


PAGES = [
    ("wumei_staff", "elections:list"), ("street_staff", "elections:list"), ("resident", "elections:m_list"),
    ("wumei_staff", "proposals:list"), ("resident", "proposals:m_list"), ("anonymous", "core:board"),
    ("wumei_staff", "/api/v1/elections/"), ("wumei_staff", "/api/v1/proposals/"), ("resident", "/api/v1/proposals/"),
]


@pytest.mark.parametrize(("persona", "target"), PAGES)
def test_query_count_does_not_grow_with_rows(world, client_for, persona, target):
    with clock.frozen(NOW):
        build_election(world, voters=0)
        client = Client() if persona == "anonymous" else client_for(getattr(world, persona))
        url = target if target.startswith("/") else reverse(
            target, args=[world.wumei.pk] if target == "core:board" else [])
        _grow(world, 1, 100)
        small = _count(client, url)
        _grow(world, 6, 200)
        large = _count(client, url)
    assert large == small, f"{url}: {small} queries with one round, {large} with six more"
    assert dt.timedelta(0) < CLOSES - OPENS
