"""The demo's teams and duty rosters (`gongzhi.demo.rosters_demo.load`) on the personas' street: teams get their
kinds, 五美社区's patrol and persuasion teams have captains, members and weekly rosters, the year's shifts are served
and confirmed through the services, the coming weeks show gaps; a second run of the sweep makes nothing new."""

import datetime as dt
import random

import pytest

from gongzhi.core import clock
from gongzhi.demo import rosters_demo
from gongzhi.people.models import TeamMembership, VolunteerTeam
from gongzhi.people.services import create_team, link_account, register_person, register_volunteer
from gongzhi.volunteering.models import HoursEntry, Roster, ShiftSignup
from gongzhi.volunteering.services.rosters import sweep_rosters

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 4, 20)


def test_the_demo_builds_teams_rosters_and_served_shifts(world):
    w = world
    create_team(actor=w.admin, name="学雷锋志愿服务队", community=w.wumei)
    for i in range(12):
        person = register_person(actor=w.admin, name=f"志愿者{i:02d}", home=w.wumei_b1, phone=f"1387730{i:04d}")
        register_volunteer(actor=w.admin, person=person, on=dt.date(2025, 6, 1))
    link_account(actor=w.admin, person=w.volunteer_person, user=w.volunteer)
    counts = rosters_demo.load(community=w.wumei, communities=[w.wumei, w.nanmen],
                               actors=rosters_demo.Actors(admin=w.admin, community_staff=w.wumei_staff,
                                                          captain=w.volunteer),
                               rng=random.Random(9), today=TODAY)
    assert counts["rosters"] == 4
    patrol = VolunteerTeam.objects.get(name="红袖标安全卫士巡逻队")
    persuasion = VolunteerTeam.objects.get(name="文明劝导队")
    assert patrol.kind == "patrol" and persuasion.kind == "persuasion"
    assert VolunteerTeam.objects.get(name="学雷锋志愿服务队").kind == "leifeng"
    assert patrol.captain.person == w.volunteer_person and persuasion.captain is not None
    assert Roster.objects.count() == 4
    served = HoursEntry.objects.filter(kind="duty")
    assert served.count() == counts["served"] > 30
    assert served.filter(status="confirmed").count() == counts["confirmed"] > 20
    assert not served.filter(served_on__gt=TODAY).exists()
    assert ShiftSignup.objects.filter(status="absent").exists()
    assert counts["gaps"] > 0
    # the patrol member who stepped back on 1 April has a closed membership
    assert TeamMembership.objects.filter(team=patrol, left_on=dt.date(2026, 4, 1)).count() == 1
    with clock.frozen(dt.datetime(2026, 4, 20, 9, tzinfo=rosters_demo.TZ)):
        assert sweep_rosters()["created"] == 0
