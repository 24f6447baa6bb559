"""The case lists (pages and API) run a fixed number of queries whatever the number of rows, and the case page
does not grow with its whistles, meetings and timeline."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongzhi.cases import services
from gongzhi.cases.tests.conftest import at, report_sewage
from gongzhi.core import clock

PAGES = ["cases:list", "cases:escalations", "cases:inbox", "cases:inbox_badge", "cases:m_list"]
APIS = ["/api/v1/cases", "/api/v1/cases/whistles", "/api/v1/cases/escalations"]
PERSONA = {"cases:inbox": "receiver", "cases:inbox_badge": "receiver", "cases:m_list": "resident",
           "/api/v1/cases/whistles": "receiver"}


def _grow(world, cats, depts, n: int):
    """n whistled cases in 五美社区, half of them escalated and one meeting each."""
    for i in range(n):
        with clock.frozen(at(2026, 5, 11, 9, i % 50)):
            case = report_sewage(world, cats, title=f"下水道堵塞{i}")
            services.accept_case(actor=world.wumei_grid_worker, case=case)
            services.blow_whistle(actor=world.wumei_staff, case=case, departments=[depts.judicial, depts.police],
                                  request="请到场")
            services.record_meeting(actor=world.wumei_staff, case=case, held_at=at(2026, 5, 11, 9), place="社区",
                                    departments=[depts.judicial], participants="双方", minutes="调解")
    services.sweep_deadlines(now=at(2026, 5, 11, 11, 0))


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize("target", PAGES + APIS)
def test_list_query_count_does_not_grow_with_rows(world, cats, depts, client_for, target):
    client = client_for(getattr(world, PERSONA.get(target, "street_staff")))
    url = target if target.startswith("/") else reverse(target)
    _grow(world, cats, depts, 1)
    small = _count(client, url)
    _grow(world, cats, depts, 6)
    large = _count(client, url)
    assert large == small, f"{url}: {small} queries with few rows, {large} with more"


def test_the_case_page_does_not_grow_with_whistles(world, cats, depts, client_for):
    client = client_for(world.wumei_staff)
    case = report_sewage(world, cats)
    services.accept_case(actor=world.wumei_grid_worker, case=case)
    services.blow_whistle(actor=world.wumei_staff, case=case, departments=[depts.judicial], request="请到场")
    services.record_meeting(actor=world.wumei_staff, case=case, held_at=at(2026, 5, 11, 9), place="社区",
                            departments=[depts.judicial], participants="双方", minutes="调解")
    url = reverse("cases:case", args=[case.pk])
    small = _count(client, url)  # one whistle, one meeting (a prefetch over no rows runs no query)
    services.blow_whistle(actor=world.wumei_staff, case=case, departments=[depts.police, depts.lawyer],
                          request="请到场")
    for _ in range(3):
        services.record_meeting(actor=world.wumei_staff, case=case, held_at=at(2026, 5, 11, 9), place="社区",
                                departments=[depts.judicial, depts.police], participants="双方", minutes="调解")
    services.sweep_deadlines(now=at(2026, 6, 30, 9))
    assert _count(client, url) == small
