"""The joint-meeting list pages and API lists run a fixed number of queries whatever the number of rows: one
meeting with a task per owner kind, against many more."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongzhi.meetings import services
from gongzhi.meetings.tests.conftest import at, hold, make_team


def _grow(world, team, rounds: int, start: int):
    for i in range(start, start + rounds):
        meeting = hold(world, at(2026, 1 + i % 12, 10 + i % 15))
        services.add_agenda_item(actor=world.wumei_staff, meeting=meeting, title=f"议题{i}")
        for owner in ({"owner_organisation": world.hospital}, {"owner_department": world.judicial_office},
                      {"owner_team": team}, {"owner_user": world.wumei_grid_worker}):
            task = services.add_resolution(actor=world.wumei_staff, meeting=meeting, title=f"事项{i}",
                                           deadline=dt.date(2026, 12, 31), **owner)
            services.update_task(actor=None, task=task, note="进展", percent=30)
        services.record_minutes(actor=world.wumei_staff, meeting=meeting, minutes=f"纪要{i}")


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        assert response.status_code == 200, url
    return len(ctx.captured_queries)


PAGES = [
    ("wumei_staff", "meetings:list"), ("wumei_staff", "meetings:tasks"), ("street_staff", "meetings:list"),
    ("liaison", "meetings:my_tasks"), ("liaison", "meetings:list"), ("receiver", "meetings:my_tasks"),
    ("wumei_grid_worker", "meetings:my_tasks"), ("volunteer", "meetings:m_tasks"),
    ("wumei_staff", "/api/v1/meetings/meetings"), ("wumei_staff", "/api/v1/meetings/tasks"),
    ("liaison", "/api/v1/meetings/tasks/mine"),
]


@pytest.mark.parametrize(("persona", "target"), PAGES)
def test_query_count_does_not_grow_with_rows(world, client_for, persona, target):
    team = make_team(world)
    client = client_for(getattr(world, persona))
    url = target if target.startswith("/") else reverse(target)
    _grow(world, team, 1, 0)
    few = _count(client, url)
    _grow(world, team, 6, 1)
    assert _count(client, url) == few, target


def test_the_meeting_page_does_not_grow_with_carried_over_tasks(world, client_for):
    team = make_team(world)
    _grow(world, team, 1, 0)
    later = hold(world, at(2026, 12, 28))
    client = client_for(world.wumei_staff)
    few = _count(client, reverse("meetings:detail", args=[later.pk]))
    _grow(world, team, 4, 1)
    assert _count(client, reverse("meetings:detail", args=[later.pk])) == few
