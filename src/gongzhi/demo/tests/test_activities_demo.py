"""The demo's volunteer activities (`gongzhi.demo.activities_demo.load`) on the personas' 五美社区: a year of
activities with sign-ups, a waiting list that moved up, check-ins, hours confirmed, declined, corrected and honour
hours, forgotten check-outs closed by the sweep, and activities open for sign-up after today."""

import datetime as dt
import random

import pytest

from gongzhi.demo import activities_demo
from gongzhi.people.models import VolunteerTeam
from gongzhi.people.services import link_account, register_person, register_volunteer
from gongzhi.volunteering.models import HoursEntry, SignUp
from gongzhi.volunteering.setup_activities import volunteer_figures

pytestmark = pytest.mark.django_db

NAMES = ["陈静", "李明", "黄丽", "周平", "吴芳", "郑强", "孙悦", "马兰", "朱红", "胡军", "林涛", "何洁"]


def test_a_year_of_activities_through_the_services(world):
    team = VolunteerTeam.objects.create(name="学雷锋志愿服务队", community=world.wumei, speciality="关爱帮扶")
    patrol = VolunteerTeam.objects.create(name="红袖标安全卫士巡逻队", community=world.wumei, speciality="治安巡逻")
    for i, name in enumerate(NAMES):
        person = register_person(actor=world.admin, name=name, home=world.wumei_b1 if i % 2 else world.wenhua_b2)
        register_volunteer(actor=world.admin, person=person, teams=[team, patrol] if i < 6 else [team],
                           on=dt.date(2025, 3, 1))
    link_account(actor=world.admin, person=world.volunteer_person, user=world.volunteer)
    world.volunteer.refresh_from_db()
    counts = activities_demo.load(
        communities=[world.wumei, world.nanmen],
        actors=activities_demo.Actors(admin=world.admin, community_staff=world.wumei_staff, liaison=world.liaison,
                                      volunteer=world.volunteer),
        rng=random.Random(7), today=dt.date(2026, 12, 5))
    assert counts["activities"] == 22 + 3 and counts["open"] == 3
    assert counts["promoted"] > 0 and counts["waiting"] > 0 and counts["auto_closed"] > 0
    assert HoursEntry.objects.filter(status="confirmed", kind="service").count() > 50
    assert HoursEntry.objects.filter(status="declined").exists()
    assert HoursEntry.objects.filter(status="superseded").exists()
    assert HoursEntry.objects.filter(kind="honour").exists()
    assert HoursEntry.objects.filter(status="pending").exists()  # the latest activity waits for the organiser
    assert SignUp.objects.filter(promoted_at__isnull=False).exists()
    assert SignUp.objects.filter(person=world.volunteer_person, status="signed").exists()
    figures = volunteer_figures(world.wumei.path, 2026)
    assert figures["hours"] > 100 and figures["person_times"] > 50
    assert volunteer_figures(world.nanmen.path, 2026)["person_times"] == 0
