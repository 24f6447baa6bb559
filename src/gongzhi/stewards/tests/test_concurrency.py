"""Twenty staff appointing a steward to one entrance at the same moment leave one; twenty evaluations of one month
leave one (PostgreSQL only: SQLite serialises writers anyway)."""

import pytest
from django.db import connection

from gongzhi.people.services import register_person
from gongzhi.stewards import services
from gongzhi.stewards.models import Evaluation, Steward
from gongzhi.stewards.tests.conftest import build_posts
from gongzhi.testing.personas import build_world
from gongzhi.testing.races import race

pytestmark = [pytest.mark.postgres]
N = 20


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent PostgreSQL transactions")
def test_simultaneous_appointments_to_one_entrance_leave_one(transactional_db):
    world = build_world()
    posts = build_posts(world)
    people = [register_person(actor=world.admin, name=f"居民{i}", home=world.wumei_b1) for i in range(N)]

    def appoint(i):
        services.appoint(actor=world.wumei_staff, post=posts.entrance1, person=people[i], selection="self",
                         roles=["policy"])

    outcomes = race(N, appoint)
    assert outcomes.count("ok") == 1
    assert all("该楼门已有在任楼门管家" in o for o in outcomes if o != "ok")
    assert Steward.objects.count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent PostgreSQL transactions")
def test_simultaneous_evaluations_of_one_month_leave_one(transactional_db):
    world = build_world()
    posts = build_posts(world)
    steward = services.appoint(actor=world.wumei_staff, post=posts.entrance1, person=world.resident_person,
                               selection="self", roles=["policy"])

    def evaluate(i):
        services.evaluate(actor=world.wumei_staff, steward=Steward.objects.get(pk=steward.pk), month=steward.started_on,
                          grade="good")

    outcomes = race(N, evaluate)
    assert outcomes.count("ok") == 1 and all("已评价过" in o for o in outcomes if o != "ok")
    assert Evaluation.objects.count() == 1
