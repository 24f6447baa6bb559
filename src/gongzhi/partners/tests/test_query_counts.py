"""The partner list pages and API lists run a fixed number of queries whatever the number of rows."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongzhi.organisations.services import create_organisation
from gongzhi.partners import services


def _grow(world, partners, alliance, rounds: int, start: int):
    kinds = ["institutional", "public_good", "social_enterprise"]
    for i in range(start, start + rounds):
        org = create_organisation(actor=world.admin, name=f"五美商户{i}", kind="merchant", home=world.wumei)
        p = services.apply(actor=world.wumei_staff, community=world.wumei, organisation=org, kind=kinds[i % 3],
                           gives=f"便民服务{i}")
        p = services.approve(actor=world.wumei_staff, partner=p, gets="宣传", agreement_start=dt.date(2026, 7, 1))
        project = services.create_project(actor=world.wumei_staff, partner=p, title=f"项目{i}", content="服务",
                                          starts_on=dt.date(2026, 7, 1))
        services.publish_project(actor=world.wumei_staff, project=project)
        member = services.add_member(actor=world.street_staff, alliance=alliance, organisation=org,
                                     joined_on=dt.date(2026, 3, 1))
        services.create_offer(actor=world.street_staff, member=member, title=f"优惠{i}", description="九折",
                              audience="elderly", valid_from=dt.date(2026, 6, 1), publish=True)
        if i % 2:
            services.create_alliance(actor=world.street_staff, region=world.xiangshan_street, name=f"联盟{i}",
                                     founded_on=dt.date(2026, 1, 1))


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        assert response.status_code == 200, url
    return len(ctx.captured_queries)


PAGES = [
    ("wumei_staff", "partners:list"), ("wumei_staff", "partners:projects"), ("street_staff", "partners:alliances"),
    ("street_staff", "partners:offers"), ("street_staff", "partners:list"), ("noodles_liaison", "partners:list"),
    ("street_staff", "alliance"), ("anonymous", "core:board"), ("resident", "partners:m_offers"),
    ("wumei_staff", "/api/v1/partners/partners"), ("wumei_staff", "/api/v1/partners/projects"),
    ("street_staff", "/api/v1/partners/alliances"), ("resident", "/api/v1/partners/offers"),
]


@pytest.mark.parametrize(("persona", "target"), PAGES)
def test_query_count_does_not_grow_with_rows(world, partners, alliance, client_for, persona, target):
    user = partners.noodles_liaison if persona == "noodles_liaison" else getattr(world, persona, None)
    client = Client() if persona == "anonymous" else client_for(user)
    if target.startswith("/"):
        url = target
    elif target == "alliance":
        url = reverse("partners:alliance", args=[alliance.pk])
    else:
        url = reverse(target, args=[world.wumei.pk] if target == "core:board" else [])
    _grow(world, partners, alliance, 1, 100)
    small = _count(client, url)
    _grow(world, partners, alliance, 6, 200)
    large = _count(client, url)
    assert large == small, f"{url}: {small} queries with one round, {large} with six more"
