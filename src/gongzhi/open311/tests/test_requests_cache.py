"""GET requests.json is cached under the city-wide chronicle version: a second identical request is served from the
cache, a new report or a change of wording is on the next request, and each query string has its own entry."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongzhi.cases import services as cases
from gongzhi.open311.tests.conftest import at, body
from gongzhi.open311.tests.test_get_requests import get, report


def _numbers(response) -> list[str]:
    return [item["service_request_id"] for item in body(response)]


def test_a_new_report_and_a_new_wording_show_on_the_next_request(anon, world, cats):
    first = report(world, cats, when=at(2026, 5, 11, 9))
    assert _numbers(get(anon)) == [first.number]
    with CaptureQueriesContext(connection) as ctx:
        assert _numbers(get(anon)) == [first.number]
    assert len(ctx.captured_queries) <= 2  # the version, and the rate limit's bookkeeping at most
    second = report(world, cats, when=at(2026, 5, 12, 9))
    assert _numbers(get(anon)) == [second.number, first.number]
    cases.set_public_wording(actor=world.wumei_staff, case=first, wording="五美小区下水道堵塞。")
    assert {i["service_request_id"]: i["description"] for i in body(get(anon))}[first.number] == "五美小区下水道堵塞。"


def test_each_query_has_its_own_entry(anon, world, cats):
    report(world, cats, when=at(2026, 5, 11, 9))
    assert len(body(get(anon))) == 1
    assert body(get(anon, service_code="no_such_service")) == []
    assert body(get(anon, status="closed")) == []
    assert len(body(get(anon))) == 1
