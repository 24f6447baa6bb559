"""The 楼门管家 list pages and API lists run a fixed number of queries whatever the number of rows."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gongzhi.people.services import register_person
from gongzhi.regions.services import create_node
from gongzhi.stewards import services


def _grow(world, posts, rounds: int, start: int):
    for i in range(start, start + rounds):
        building = create_node(actor=world.admin, parent=world.wumei_estate, kind="building", name=f"{i}栋")
        entrance = create_node(actor=world.admin, parent=building, kind="entrance", name="1单元")
        create_node(actor=world.admin, parent=building, kind="entrance", name="2单元")  # stays vacant
        person = register_person(actor=world.admin, name=f"管家{i}", home=building, phone=f"139{i:08d}")
        s = services.appoint(actor=world.wumei_staff, post=entrance, person=person, selection="recommended",
                             roles=["policy", "safety"], started_on=dt.date(2026, 1, 1))
        services.evaluate(actor=world.wumei_staff, steward=s, month="2026-04", grade="good")
        services.commend(actor=world.wumei_staff, steward=s, title="优秀楼门管家")
        x = services.submit_suggestion(actor=world.wumei_staff, steward=s, text=f"建议{i}")
        services.to_need(actor=world.wumei_staff, suggestion=x, title=f"需求{i}", category=posts.category)
        services.submit_suggestion(actor=world.wumei_staff, steward=s, text=f"建议{i}b")


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        assert response.status_code == 200, url
    return len(ctx.captured_queries)


PAGES = [
    ("wumei_staff", "/workbench/stewards/"), ("wumei_staff", "/workbench/stewards/?commended=1"),
    ("wumei_staff", "/workbench/stewards/vacancies/"),
    ("wumei_staff", "/workbench/stewards/evaluations/?month=2026-04"),
    ("wumei_staff", "/workbench/stewards/evaluations/?month=2026-05"),
    ("wumei_staff", "/workbench/stewards/suggestions/"), ("street_staff", "/workbench/stewards/"),
    ("anonymous", "board"), ("wumei_staff", "/api/v1/stewards"), ("wumei_staff", "/api/v1/stewards/suggestions"),
    ("wumei_staff", "/api/v1/stewards/evaluations/missing?month=2026-05"),
    ("wumei_staff", "/api/v1/stewards/vacancies?community_id={wumei}"),
]


@pytest.mark.parametrize(("persona", "url"), PAGES)
def test_query_count_does_not_grow_with_rows(world, posts, client_for, persona, url):
    client = Client() if persona == "anonymous" else client_for(getattr(world, persona))
    url = f"/board/{world.wumei.pk}/" if url == "board" else url.format(wumei=world.wumei.pk)
    _grow(world, posts, 1, 100)
    small = _count(client, url)
    _grow(world, posts, 6, 200)
    large = _count(client, url)
    assert large == small, f"{url}: {small} queries with one round, {large} with six more"
