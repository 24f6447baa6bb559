"""GET requests runs a fixed number of queries whatever the number of cases (1 vs 50), with whistles, events and
Open311 submissions on the cases."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongzhi.cases import services as cases
from gongzhi.core import clock
from gongzhi.open311.tests.conftest import BASE, at, good_request, post


def grow(world, cats, api, anon, n: int, start: int):
    for i in range(start, start + n):
        with clock.frozen(at(2026, 5, 11, 8, i % 60, i // 60)):
            if i % 3 == 0:
                assert post(anon, good_request(api.key, description=f"第{i}件：垃圾未清运")).status_code == 200
                continue
            case = cases.report_case(actor=world.resident, category=cats["sewage" if i % 2 else "noise"],
                                     community=world.wumei, title=f"第{i}件", description=f"第{i}件诉求",
                                     channel="phone_app", place=world.wenhua_b2 if i % 2 else world.wumei_b1)
            if i % 3 == 1:
                cases.accept_case(actor=world.wumei_staff, case=case)
                cases.blow_whistle(actor=world.wumei_staff, case=case, departments=[world.judicial_office],
                                   request="请到场")


def count(anon, url) -> tuple[int, int]:
    with clock.frozen(at(2026, 5, 12, 9)), CaptureQueriesContext(connection) as ctx:
        response = anon.get(url)
        assert response.status_code == 200, response.content
    return len(ctx.captured_queries), len(response.json()) if url.endswith(".json") else 0


def test_requests_query_count_does_not_grow_with_rows(world, cats, api, anon):
    grow(world, cats, api, anon, 1, 1)
    small, rows = count(anon, f"{BASE}/requests.json")
    assert rows == 1
    grow(world, cats, api, anon, 49, 2)
    large, rows = count(anon, f"{BASE}/requests.json")
    assert rows == 50
    assert large == small <= 4, f"{small} queries for 1 request, {large} for 50"
    as_xml, _ = count(anon, f"{BASE}/requests.xml")
    assert as_xml == small


def test_services_query_count_is_constant(world, cats, anon):
    with CaptureQueriesContext(connection) as ctx:
        anon.get(f"{BASE}/services.json")
    assert len(ctx.captured_queries) == 1
