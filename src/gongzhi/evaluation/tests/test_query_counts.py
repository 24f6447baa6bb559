"""The 评约 list pages and API lists run a fixed number of queries whatever the number of schemes and units."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongzhi.contracts import services as contracts
from gongzhi.evaluation import services
from gongzhi.evaluation.models import Stage
from gongzhi.evaluation.tests.conftest import uniform, walk
from gongzhi.organisations.services import create_organisation
from gongzhi.party.services import create_party_organisation


def _grow(c, n: int, start: int) -> None:
    """n more units signing a 2026 contract with 五美社区, and n more yearly schemes of 象山区."""
    w = c.world
    units = []
    for i in range(start, start + n):
        unit = create_organisation(actor=w.admin, name=f"五美共建单位{i}", kind="private_enterprise", home=w.wumei)
        create_party_organisation(actor=w.admin, name=f"五美共建单位{i}党支部", kind="unit_branch", region=w.wumei,
                                  organisation=unit)
        units.append(unit)
    contract = contracts.draft_contract(actor=w.wumei_staff, community=w.wumei, title=f"补充契约{start}", year=2026,
                                        term_start=dt.date(2026, 1, 1), term_end=dt.date(2026, 12, 31), units=units)
    contracts.add_commitment(actor=w.wumei_staff, contract=contract, undertakers=units, area="governance",
                             title=f"便民服务{start}", content="便民维修", deadline=dt.date(2026, 12, 31))
    for unit in units:
        contracts.record_agreement(actor=w.street_staff, contract=contract, organisation=unit, representative="代表")
    contracts.sign_contract(actor=w.wumei_staff, contract=contract)
    services.open_assessments(actor=w.district_staff, scheme=c.scheme)
    for year in range(2030 + start, 2030 + start + n):
        services.create_scheme(actor=w.district_staff, district=w.xiangshan, year=year, title=f"{year}年度考评方案")


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


TARGETS = ["evaluation:schemes", "evaluation:scheme", "/api/v1/evaluation/schemes",
           "/api/v1/evaluation/schemes/{scheme}/assessments"]


@pytest.mark.parametrize("persona", ["district_staff", "liaison"])
@pytest.mark.parametrize("target", TARGETS)
def test_list_query_count_does_not_grow_with_rows(evaluation, client_for, target, persona):
    walk(evaluation, evaluation.hospital_assessment, scores=uniform(evaluation.scheme, 50))
    walk(evaluation, evaluation.centre_assessment, until=Stage.SELF, actors={Stage.SELF: "centre_liaison"})
    services.issue_notices(actor=evaluation.world.district_staff, scheme=evaluation.scheme)
    if target.startswith("/"):
        url = target.format(scheme=evaluation.scheme.pk)
    else:
        url = reverse(target, args=[evaluation.scheme.pk] if target == "evaluation:scheme" else [])
    client = client_for(getattr(evaluation.world, persona))
    _grow(evaluation, 2, 10)
    small = _count(client, url)
    _grow(evaluation, 10, 20)
    large = _count(client, url)
    assert large == small, f"{url}: {small} queries with few rows, {large} with more"
