"""Contract pages run a fixed number of queries whatever the number of contracts, commitments and records."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongzhi.contracts import services
from gongzhi.contracts.tests.conftest import JAN
from gongzhi.core import clock

DEC = dt.datetime(2026, 12, 20, tzinfo=dt.UTC)


def _grow(lifecycle, n: int):
    w = lifecycle.world
    with clock.frozen(JAN):
        for i in range(n):
            contract = services.draft_contract(actor=w.wumei_staff, community=w.wumei, title=f"契约{i}", year=2026,
                                               term_start=dt.date(2026, 1, 1), term_end=dt.date(2026, 12, 31),
                                               units=[w.hospital, lifecycle.social_centre])
            for j in range(2):
                services.add_commitment(actor=w.wumei_staff, contract=contract, undertakers=[w.hospital],
                                        area="governance", title=f"项目{i}-{j}", content="服务",
                                        deadline=dt.date(2026, 11, 30), target_services=1,
                                        milestones=[("计划", dt.date(2026, 2, 1))])
            for party in contract.parties.all():
                services.record_agreement(actor=w.street_staff, contract=contract, organisation=party.organisation,
                                          representative="代表")
            services.sign_contract(actor=w.wumei_staff, contract=contract)
    with clock.frozen(DEC):
        for k in range(n):
            services.record_fulfilment(actor=w.liaison, commitment=lifecycle.clinic, date=dt.date(2026, 5, k + 1),
                                       content="义诊", person_times=10)
        services.sweep_reminders(today=dt.date(2026, 12, 20))


def _count(client, url) -> int:
    with clock.frozen(DEC), CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("target", ["contracts:list", "contracts:projects", "contracts:meetings", "contracts:publications",
                                    "contracts:report", "contract_detail", "commitment", "/api/v1/contracts",
                                    "api_detail"])
def test_query_count_does_not_grow_with_rows(lifecycle, client_for, target):
    client = client_for(lifecycle.world.wumei_staff)
    urls = {"contract_detail": reverse("contracts:detail", args=[lifecycle.contract.pk]),
            "commitment": reverse("contracts:commitment", args=[lifecycle.clinic.pk]),
            "api_detail": f"/api/v1/contracts/{lifecycle.contract.pk}"}
    url = urls.get(target) or (target if target.startswith("/") else reverse(target))
    _grow(lifecycle, 1)
    small = _count(client, url)
    _grow(lifecycle, 4)
    assert _count(client, url) == small


def test_the_reminder_list_query_count_does_not_grow(lifecycle, client_for):
    from gongzhi.contracts.models import Reminder

    client = client_for(lifecycle.world.liaison)  # the hospital's liaison receives its projects' reminders
    _grow(lifecycle, 1)
    small = _count(client, reverse("contracts:reminders"))
    _grow(lifecycle, 3)
    assert Reminder.objects.filter(recipients=lifecycle.world.liaison).count() > 4
    assert _count(client, reverse("contracts:reminders")) == small
