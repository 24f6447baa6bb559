"""A 五美社区 joint-meeting world on top of the shared personas: a captained volunteer team (刘洋 is its captain)
and helpers that hold a monthly partner meeting with a resolution."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from gongzhi.meetings import services
from gongzhi.people.models import Volunteer
from gongzhi.people.services import create_team, join_team, link_account, set_captain


def at(y, m, d, h=15, mi=0) -> dt.datetime:
    return dt.datetime(y, m, d, h, mi, tzinfo=timezone.get_current_timezone())


def hold(world, when: dt.datetime, *, kind: str = "partner_monthly", community=None, **extra):
    return services.create_meeting(actor=world.wumei_staff, community=community or world.wumei, kind=kind,
                                   starts_at=when, place="五美社区党群服务中心二楼会议室", convener="五美社区党委",
                                   organisations=[world.hospital], departments=[world.judicial_office], **extra)


def make_team(world):
    """五美红袖标巡逻队 with 刘洋 (the `volunteer` persona, his account linked) as its captain."""
    liu = Volunteer.objects.get(person=world.volunteer_person)
    link_account(actor=world.admin, person=world.volunteer_person, user=world.volunteer)
    team = create_team(actor=world.admin, name="五美红袖标巡逻队", community=world.wumei, kind="patrol")
    join_team(actor=world.admin, volunteer=liu, team=team, on=dt.date(2026, 2, 1))
    return set_captain(actor=world.admin, team=team, volunteer=liu)


@pytest.fixture
def team(world):
    return make_team(world)


@pytest.fixture
def m(world):
    s = SimpleNamespace()
    s.january = hold(world, at(2026, 1, 20))
    s.task = services.add_resolution(actor=world.wumei_staff, meeting=s.january, title="五美路人行道破损修复",
                                     deadline=dt.date(2026, 2, 28), owner_organisation=world.hospital)
    return s
