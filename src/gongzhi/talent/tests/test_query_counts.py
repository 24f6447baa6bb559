"""The talent pool's list page and API lists run a fixed number of queries whatever the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongzhi.people.services import register_person
from gongzhi.talent import services


def _grow(world, n: int, start: int):
    for i in range(start, start + n):
        person = register_person(actor=world.admin, name=f"人才{i}", home=world.wumei_b1, phone=f"139{i:08d}")
        services.register_talent(actor=world.wumei_staff, person=person, skills=["medical", "care"],
                                 availability=["weekend"], consent=True)


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize(("persona", "url"), [
    ("wumei_staff", "/workbench/talent/"), ("street_staff", "/workbench/talent/?q=rc"),
    ("wumei_staff", "/workbench/talent/suggest/?community={wumei}&skills=medical"),
    ("wumei_staff", "/api/v1/talent"), ("wumei_staff", "/api/v1/talent/suggest?community_id={wumei}&skill=care"),
])
def test_query_count_does_not_grow_with_rows(world, frozen, client_for, persona, url):
    client = client_for(getattr(world, persona))
    url = url.format(wumei=world.wumei.pk)
    _grow(world, 1, 100)
    small = _count(client, url)
    _grow(world, 8, 200)
    assert _count(client, url) == small
