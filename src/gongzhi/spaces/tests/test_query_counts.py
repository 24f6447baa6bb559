"""The space platform's list pages and API lists run a fixed number of queries whatever the number of rows."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongzhi.spaces import services
from gongzhi.spaces.tests.conftest import t


def _grow(world, s, start: int, rounds: int):
    for i in range(start, start + rounds):
        venue = services.create_venue(actor=world.wumei_staff, community=world.wumei, name=f"活动室{i}",
                                      capacity=20)
        services.set_opening_hours(actor=world.wumei_staff, venue=venue,
                                   ranges=[(d, t("08:00"), t("12:00")) for d in range(7)]
                                   + [(d, t("14:00"), t("20:00")) for d in range(7)])
        partner_app = services.apply(actor=s.merchant_liaison, venue=venue, applicant=s.partner, purpose="课",
                                     attendance=10, first_date=dt.date(2026, 3, 6), repeat_until=dt.date(2026, 4, 3),
                                     starts=t("14:00"), ends=t("15:00"), exchange_service="免费课")
        services.approve(actor=world.wumei_staff, application=partner_app)
        services.apply(actor=world.resident, venue=venue, applicant=world.resident_person, purpose="读书会",
                       attendance=5, first_date=dt.date(2026, 3, 4), starts=t("09:00"), ends=t("10:00"))
        services.apply(actor=world.wumei_staff, venue=venue, applicant=s.team, purpose=f"例会{i}", attendance=5,
                       first_date=dt.date(2026, 3, 5), starts=t("08:30"), ends=t("09:30"))


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        assert response.status_code == 200, url
    return len(ctx.captured_queries)


PAGES = [
    ("wumei_staff", "spaces:venues"), ("wumei_staff", "spaces:applications"), ("wumei_staff", "spaces:usage"),
    ("street_staff", "spaces:venues"), ("merchant_liaison", "spaces:applications"), ("resident", "spaces:m_home"),
    ("wumei_staff", "/api/v1/spaces/venues"), ("wumei_staff", "/api/v1/spaces/applications"),
    ("wumei_staff", "/api/v1/spaces/commitments"), ("wumei_staff", "/api/v1/spaces/usage"),
    ("resident", "/api/v1/spaces/venues"),
]


@pytest.mark.parametrize(("persona", "target"), PAGES)
def test_query_count_does_not_grow_with_rows(world, spaces, client_for, persona, target):
    user = spaces.merchant_liaison if persona == "merchant_liaison" else getattr(world, persona)
    client = client_for(user)
    url = target if target.startswith("/") else reverse(target)
    _grow(world, spaces, 100, 1)
    small = _count(client, url)
    _grow(world, spaces, 200, 6)
    large = _count(client, url)
    assert large == small, f"{url}: {small} queries with one round, {large} with six more"
