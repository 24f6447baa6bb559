"""Ten certificates issued at the same moment (the year's first, so the yearly sequence is created in the race)
get ten distinct consecutive numbers; twenty residents nominating the same building at once leave one nomination
(PostgreSQL only: SQLite serialises writers anyway)."""

import datetime as dt

import pytest
from django.db import connection

from gongzhi.accounts.services import assign_role, create_user
from gongzhi.people.services import link_account, register_person
from gongzhi.recognition import services
from gongzhi.recognition.models import Certificate, HonourSelection, Nomination
from gongzhi.recognition.tests.conftest import add_hours
from gongzhi.testing.personas import build_world
from gongzhi.testing.races import race as _race

pytestmark = [pytest.mark.postgres]
N = 10


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent PostgreSQL transactions")
def test_simultaneous_certificates_get_distinct_consecutive_numbers(transactional_db):
    world = build_world()
    people = []
    for i in range(N):
        person = register_person(actor=world.admin, name=f"志愿者{i}", home=world.wumei_b1)
        add_hours(person, world.wumei, dt.date(2026, 5, 1), 2)
        people.append(person)

    def issue(i):
        services.issue_certificate(actor=world.wumei_staff, person=people[i], community=world.wumei,
                                   period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 11, 30))

    assert _race(N, issue) == ["ok"] * N
    numbers = sorted(Certificate.objects.values_list("number", flat=True))
    assert numbers == [f"GZ-ZYFW-2026-{i:06d}" for i in range(1, N + 1)]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent PostgreSQL transactions")
def test_simultaneous_nominations_of_one_building_leave_one(transactional_db):
    world = build_world()
    selection = services.open_selection(actor=world.wumei_staff, node=world.wumei, year=2026, kind="building")
    residents = []
    for i in range(N):
        user = create_user(actor=world.admin, username=f"resident{i}", password=None, display_name=f"居民{i}")
        assign_role(actor=world.admin, user=user, role="resident", region=world.wumei_b1)
        link_account(actor=world.admin, person=register_person(actor=world.admin, name=f"居民{i}",
                                                                home=world.wumei_b1), user=user)
        residents.append(user)

    def nominate(i):
        services.nominate(actor=residents[i], selection=HonourSelection.objects.get(pk=selection.pk),
                          building=world.wumei_b1, reason="楼道整洁", as_resident=True)

    outcomes = _race(N, nominate)
    assert outcomes.count("ok") == 1 and all(o == "已有人推荐过，无需重复推荐" for o in outcomes if o != "ok")
    assert Nomination.objects.count() == 1
