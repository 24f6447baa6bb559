"""The in-service lists (the community's and the unit's list of members with status and hours this year, the
queue of applications, the API lists) run a fixed number of queries whatever the number of members."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongzhi.core import clock
from gongzhi.volunteering.services import inservice as services
from gongzhi.volunteering.tests.test_inservice_world import add_member, at, confirmed_hours, id_number

PAGES = [("wumei_staff", None, "volunteering:inservice_list"),
         ("liaison", None, "volunteering:inservice_list"), ("street_staff", None, "volunteering:inservice_list"),
         ("wumei_staff", None, "volunteering:inservice_queue"),
         ("wumei_staff", None, "/api/v1/volunteering/inservice/members"),
         ("liaison", None, "/api/v1/volunteering/inservice/members"),
         ("wumei_staff", None, "/api/v1/volunteering/inservice/reports")]


def _grow(world, start: int, rounds: int):
    """Per round: a confirmed member with hours, a lapsed one and one waiting for the community's decision."""
    for i in range(start, start + rounds):
        made = [add_member(world, username=f"m{i}{k}", name=f"党员{i}{k}", phone=f"1390773{i:02d}{k:02d}",
                           id_no=id_number(f"450304198{i:02d}1010{k:02d}"[:17])) for k in range(3)]
        with clock.frozen(at(2026, 1, 5)):
            lapsed = services.apply_to_report(actor=made[1].user, member=made[1].member)
            services.confirm_report(actor=world.wumei_staff, report=lapsed)
        with clock.frozen(at(2026, 4, 1)):
            current = services.apply_to_report(actor=made[0].user, member=made[0].member)
            services.confirm_report(actor=world.wumei_staff, report=current)
            services.apply_to_report(actor=made[2].user, member=made[2].member)
        confirmed_hours(made[0].person, world.wumei, dt.date(2026, 4, 10), "2.5")


def _count(client, target) -> int:
    url = target if target.startswith("/") else reverse(target)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize(("persona", "_", "target"), PAGES)
def test_list_queries_do_not_grow_with_members(world, client_for, persona, _, target):
    services.set_yearly_target(actor=world.district_staff, district=world.xiangshan, year=2026, hours=50)
    client = client_for(getattr(world, persona))
    with clock.frozen(at(2026, 8, 1)):
        _grow(world, 1, 1)
        few = _count(client, target)
        _grow(world, 2, 5)
        many = _count(client, target)
    assert many == few, (target, few, many)
