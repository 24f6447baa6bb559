"""The dispute list, 回访提醒, the API lists and the ledger run a fixed number of queries whatever the number
of disputes (1 vs 30), each with its parties, sessions and follow-ups."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongzhi.core import clock
from gongzhi.disputes import services
from gongzhi.disputes.services import PartyInput
from gongzhi.disputes.tests.conftest import agree, register, session

TARGETS = ["disputes:list", "disputes:follow_ups", "disputes:ledger", "/api/v1/disputes",
           "/api/v1/disputes/follow-ups/due"]


def _grow(world, cats, n: int, start: int):
    for i in range(start, start + n):
        d = register(world, cats, title=f"漏水纠纷{i}", risk="major" if i % 3 == 0 else "ordinary",
                     parties=[PartyInput(name=f"申请人{i}", role="applicant", phone="13812345678"),
                              PartyInput(name=f"被申请人{i}", role="respondent", phone="13907731234"),
                              PartyInput(name=f"第三人{i}", role="third")])
        if i % 2:
            session(world, d, departments=[world.judicial_office])
            agree(world, d, follow_up_in=i % 7)
            services.record_follow_up(actor=world.wumei_staff, dispute=d, done_on=clock.today(), note="回访",
                                      stable=False, next_follow_up_on=clock.today() + dt.timedelta(days=1 + i % 5))


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize("persona", ["wumei_staff", "street_staff"])
@pytest.mark.parametrize("target", TARGETS)
def test_query_count_does_not_grow_with_rows(world, cats, client_for, target, persona):
    client = client_for(getattr(world, persona))
    url = target if target.startswith("/") else reverse(target)
    _grow(world, cats, 1, 101)  # odd: mediated, with a follow-up due
    small = _count(client, url)
    _grow(world, cats, 29, 200)
    large = _count(client, url)
    assert large == small, f"{url}: {small} queries with 1 dispute, {large} with 30"


def test_the_detail_page_with_many_sessions(world, cats, client_for):
    d = register(world, cats)
    client = client_for(world.wumei_staff)
    session(world, d, result="not_agreed")
    small = _count(client, reverse("disputes:detail", args=[d.pk]))
    for _ in range(8):
        session(world, d, result="not_agreed", departments=[world.judicial_office])
    assert _count(client, reverse("disputes:detail", args=[d.pk])) == small
