"""The list pages, the record pages and the API lists run a fixed number of queries whatever the number of rows:
one volunteer, certificate, request and selection against several more."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongzhi.people.services import create_team, register_person
from gongzhi.recognition import services
from gongzhi.recognition.tests.conftest import add_hours

pytestmark = pytest.mark.django_db

URLS = ["/workbench/recognition/", "/workbench/recognition/certificates/", "/workbench/recognition/requests/",
        "/workbench/recognition/honours/", "/api/v1/recognition/volunteers", "/api/v1/recognition/certificates",
        "/api/v1/recognition/certificate-requests", "/api/v1/recognition/honours"]


def _grow(world, served, start: int, rounds: int):
    team = create_team(actor=world.admin, name=f"第{start}队", community=world.wumei)
    for i in range(start, start + rounds):
        person = register_person(actor=world.admin, name=f"志愿者{i}", home=world.wumei_b1, phone=f"1390773{i:04d}")
        for day in (1, 2):
            add_hours(person, world.wumei, dt.date(2026, 3, day), 2, team=team, content="清扫")
            add_hours(person, world.wumei, dt.date(2026, 4, day), 1, kind="duty", team=served["patrol"])
        services.issue_certificate(actor=world.wumei_staff, person=person, community=world.wumei,
                                   period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 11, 30))
        add_hours(served["person"], world.wumei, dt.date(2026, 5, i % 28 + 1), 1, activity=None, team=team)
    services.open_selection(actor=world.wumei_staff, node=world.wumei, year=2025 + (start > 1), kind="volunteer")


def _counts(client, urls):
    counts = {}
    for url in urls:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200, url
        counts[url] = len(ctx.captured_queries)
    return counts


def test_counts_do_not_grow_with_rows(world, served, client_for):
    staff = client_for(world.wumei_staff)
    volunteer = client_for(world.volunteer)
    record = f"/workbench/recognition/people/{served['person'].pk}/"
    _grow(world, served, 1, 1)
    services.request_certificate(actor=world.volunteer, community=world.wumei, period_start=dt.date(2026, 1, 1),
                                 period_end=dt.date(2026, 11, 30))
    small = _counts(staff, [*URLS, record]) | {"m": _counts(volunteer, ["/m/recognition/"])}
    _grow(world, served, 2, 6)
    large = _counts(staff, [*URLS, record]) | {"m": _counts(volunteer, ["/m/recognition/"])}
    assert small == large
