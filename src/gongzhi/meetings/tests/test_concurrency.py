"""Twenty staff recording a meeting's minutes at the same moment leave one set of minutes (the others are refused);
ten resolutions recorded at once get numbers 1–10; two sweeps at once remind once (PostgreSQL only: SQLite
serialises writers anyway)."""

import datetime as dt

import pytest
from django.db import connection

from gongzhi.core import clock
from gongzhi.meetings import services
from gongzhi.meetings.models import JointMeeting, Task, TaskReminder
from gongzhi.meetings.tests.conftest import at, hold
from gongzhi.testing.personas import build_world
from gongzhi.testing.races import race

pytestmark = [pytest.mark.postgres,
              pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent PostgreSQL transactions")]


def test_minutes_are_written_once_under_concurrency(transactional_db):
    world = build_world()
    meeting = hold(world, at(2026, 3, 18))
    with clock.frozen(at(2026, 3, 18, 17)):  # after the meeting, whatever clock an earlier test left (it is global)
        outcomes = race(20, lambda i: services.record_minutes(actor=world.wumei_staff, meeting=meeting,
                                                              minutes=f"第 {i} 份纪要"))
    assert outcomes.count("ok") == 1
    assert all("不能重复记录" in o for o in outcomes if o != "ok")
    assert JointMeeting.objects.get().minutes.startswith("第 ")


def test_resolutions_recorded_at_once_get_distinct_numbers(transactional_db):
    world = build_world()
    meeting = hold(world, at(2026, 3, 18))
    with clock.frozen(at(2026, 3, 18, 17)):
        outcomes = race(10, lambda i: services.add_resolution(actor=world.wumei_staff, meeting=meeting,
                                                              title=f"事项{i}", deadline=dt.date(2026, 4, 30),
                                                              owner_organisation=world.hospital))
    assert outcomes == ["ok"] * 10
    assert sorted(Task.objects.values_list("number", flat=True)) == list(range(1, 11))


def test_two_sweeps_at_once_remind_once(transactional_db):
    world = build_world()
    meeting = hold(world, at(2026, 1, 20))
    services.add_resolution(actor=world.wumei_staff, meeting=meeting, title="修复路灯", deadline=dt.date(2026, 2, 1),
                            owner_organisation=world.hospital)
    with clock.frozen(at(2026, 3, 1, 8)):
        race(2, lambda i: services.sweep_overdue(today=dt.date(2026, 3, 1)))
    assert TaskReminder.objects.count() == 1
