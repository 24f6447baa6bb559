"""List pages and API lists run a fixed number of queries whatever the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongzhi.organisations.services import add_contact, create_organisation
from gongzhi.party.services import create_party_organisation
from gongzhi.people.services import register_party_member, register_person, register_volunteer
from gongzhi.regions.services import create_node

PAGES = ["organisations:list", "people:list", "party:list", "organisations:departments", "chronicle:list",
         "core:workbench"]
APIS = ["/api/v1/people", "/api/v1/organisations", "/api/v1/party-organisations", "/api/v1/regions"]


def _grow(world, n: int, start: int):
    for i in range(start, start + n):
        building = create_node(actor=world.admin, parent=world.wumei_estate, kind="building", name=f"{i}栋")
        person = register_person(actor=world.admin, name=f"居民{i}", home=building, phone=f"139{i:08d}")
        register_volunteer(actor=world.admin, person=person, on=world.wumei.created_at.date())
        org = create_organisation(actor=world.admin, name=f"五美商户{i}", kind="merchant", home=world.wumei)
        add_contact(actor=world.admin, organisation=org, name=f"店主{i}", phone=f"137{i:08d}")
        branch = create_party_organisation(actor=world.admin, name=f"五美{i}号党小组", kind="building_group",
                                           region=building, parent=world.wumei_branch)
        register_party_member(actor=world.admin, person=person, party_organisation=branch, work_unit=org)


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("target", PAGES + APIS)
def test_list_query_count_does_not_grow_with_rows(world, client_for, target):
    client = client_for(world.wumei_staff)
    url = target if target.startswith("/") else reverse(target)
    _grow(world, 2, 100)
    small = _count(client, url)
    _grow(world, 12, 200)
    large = _count(client, url)
    assert large == small, f"{url}: {small} queries with few rows, {large} with more"
