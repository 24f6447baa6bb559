"""The list pages and API lists of the lists run a fixed number of queries whatever the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongzhi.lists import services
from gongzhi.lists.tests.conftest import at, next_week

PAGES = ["lists:needs", "lists:queue", "lists:resources", "lists:activities", "lists:claims"]
APIS = ["/api/v1/lists/needs", "/api/v1/lists/resources", "/api/v1/lists/activities", "/api/v1/lists/claims",
        "/api/v1/lists/needs/counts"]


def _grow(world, cats, n: int, start: int):
    """n rows of every kind in 五美社区, each linked and claimed both ways."""
    for i in range(start, start + n):
        waiting = services.submit_need(actor=world.resident, title=f"居民需求{i}", category=cats["elderly"],
                                       beneficiaries=["elderly", "hardship"])
        need = services.submit_need(actor=world.wumei_staff, community=world.wumei, channel="forum",
                                    title=f"座谈会需求{i}", category=cats["medical"], place=world.wumei_estate)
        services.review_need(actor=world.wumei_staff, need=need, decision="approve")
        unit_need = services.submit_need(actor=world.liaison, organisation=world.hospital, title=f"单位需求{i}",
                                         category=cats["party_building"])
        services.review_need(actor=world.wumei_staff, need=unit_need, decision="approve")
        resource = services.register_resource(actor=world.liaison, organisation=world.hospital, title=f"资源{i}",
                                              category=cats["medical"], times_per_year=4)
        venue = services.register_resource(actor=world.wumei_staff, community=world.wumei, title=f"场地{i}",
                                           category=cats["culture_sports"])
        services.create_activity(actor=world.wumei_staff, community=world.wumei, title=f"活动{i}",
                                 category=cats["medical"], starts_at=at(2026, 5, 1 + i % 28, 9), place="广场",
                                 organiser=world.hospital, resources=[resource, venue], needs=[need, unit_need])
        services.claim(actor=world.liaison, need=need, deadline=next_week())
        services.claim(actor=world.liaison, resource=venue, deadline=next_week())
        services.claim(actor=world.wumei_staff, need=unit_need, deadline=next_week())
        services.claim(actor=world.wumei_staff, resource=resource, deadline=next_week())
        assert waiting.status == "submitted"


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize("persona", ["wumei_staff", "liaison"])
@pytest.mark.parametrize("target", PAGES + APIS)
def test_list_query_count_does_not_grow_with_rows(world, cats, client_for, target, persona):
    client = client_for(getattr(world, persona))
    url = target if target.startswith("/") else reverse(target)
    _grow(world, cats, 2, 100)
    small = _count(client, url)
    _grow(world, cats, 6, 200)
    large = _count(client, url)
    assert large == small, f"{url}: {small} queries with few rows, {large} with more"


@pytest.mark.parametrize("query", ["", "?direction=theirs", "?direction=all"])
def test_the_claims_page_in_each_direction(world, cats, client_for, query):
    client = client_for(world.wumei_staff)
    _grow(world, cats, 2, 100)
    small = _count(client, reverse("lists:claims") + query)
    _grow(world, cats, 6, 200)
    assert _count(client, reverse("lists:claims") + query) == small


def test_the_residents_needs_page(world, cats, client_for):
    client = client_for(world.resident)
    _grow(world, cats, 2, 100)
    small = _count(client, reverse("lists:m_needs"))
    _grow(world, cats, 6, 200)
    assert _count(client, reverse("lists:m_needs")) == small
