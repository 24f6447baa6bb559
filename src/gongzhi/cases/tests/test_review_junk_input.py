"""Review of issue 5 (cases, disputes, rates, Open311): junk in ids, query strings and bodies is never a 500.

Every page of the four apps is fetched with real, zero and huge ids and a query string full of junk (letters for
ids, impossible dates, NUL characters, huge numbers), by every kind of user; every POST page and API endpoint gets
malformed bodies. Each must answer a page, a redirect, a form error, 400/404/405/422 — never a 500."""

import re
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver

from gongzhi.api import api
from gongzhi.cases import services
from gongzhi.cases.tests.conftest import MONDAY_9, report_sewage
from gongzhi.cases.urls import urlpatterns as cases_urls
from gongzhi.core import clock
from gongzhi.disputes.tests.conftest import register
from gongzhi.disputes.urls import urlpatterns as disputes_urls
from gongzhi.rates.urls import urlpatterns as rates_urls

JUNK_VALUES = ["abc", "-1", "²", "99999999999999999999999", "2026-02-30", "\x00", "1e999", "' or 1=1 --", "9" * 400]
QUERY_KEYS = ["page", "q", "community", "region", "department", "category", "status", "state", "kind", "level",
              "channel", "year", "month", "quarter", "period", "from", "to", "start", "end", "date", "sort", "dir",
              "tab", "parent", "case", "owner", "overdue", "step", "satisfaction", "risk", "outcome", "per_page",
              "format", "service_code", "service_request_id", "start_date", "end_date", "lat", "long"]
PERSONAS = ["wumei_staff", "district_staff", "resident", "receiver", "nanmen_staff", None]


def _client(user) -> Client:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def _junk_query(value: str) -> str:
    return "?" + "&".join(f"{k}={quote(value)}" for k in QUERY_KEYS)


def _patterns(patterns):
    for p in patterns:
        if isinstance(p, URLPattern):
            yield p
        elif isinstance(p, URLResolver):  # pragma: no cover - the apps' urls are flat
            yield from _patterns(p.url_patterns)


def _fill(route: str, value) -> str:
    return "/" + re.sub(r"<(?:\w+:)?\w+>", str(value), route)


HTML_ROUTES = [str(p.pattern) for urls in (cases_urls, disputes_urls, rates_urls) for p in _patterns(urls)]


@pytest.fixture
def scene(world, cats):
    """A whistled case, a resident's closed and rated case, and a registered dispute."""
    with clock.frozen(MONDAY_9):
        case = report_sewage(world, cats)
        services.accept_case(actor=world.wumei_grid_worker, case=case)
        services.blow_whistle(actor=world.wumei_staff, case=case, departments=[world.judicial_office], request="请到场")
        closed = report_sewage(world, cats, title="路灯不亮")
        services.accept_case(actor=world.wumei_grid_worker, case=closed)
        services.resolve_case(actor=world.wumei_grid_worker, case=closed, result="已修复")
        services.confirm_case(actor=world.resident, case=closed)
        services.rate_case(actor=world.resident, case=closed, satisfaction="unsatisfied", comment="太慢")
        register(world, cats)
    return world


@pytest.mark.parametrize("route", HTML_ROUTES)
def test_every_page_survives_junk_ids_and_query_strings(scene, route):
    ids = [1, 10**25] if "<" in route else [None]
    for persona in PERSONAS:
        client = _client(getattr(scene, persona) if persona else None)
        for pk in ids:
            url = _fill(route, pk) if pk is not None else "/" + route
            for value in JUNK_VALUES:
                response = client.get(url + _junk_query(value))
                assert response.status_code < 500, (persona, url, value, response.status_code)


POST_JUNK = {"departments": ["abc", "99999999999999999999999"], "to_user": "abc", "held_at": "2026-02-30T25:61",
             "score": "1e999", "satisfaction": "zzz", "reason": "x" * 5000, "note": "\x00", "result": "",
             "category": "abc", "community": "99999999999999999999999", "place": "abc", "reporter": "abc",
             "lat": "nan", "long": "inf", "region": "abc", "parent": "abc", "weights": "x", "outcome": "x",
             "on": "2026-13-01", "done_on": "0000-00-00", "follow_up_on": "abc", "amount": "1e999",
             "risk": "x", "mediators": ["abc"], "stable": "maybe", "decision": "x", "exclusion_reason": "x",
             "response_weight": "abc", "resolution_weight": "-5", "satisfaction_weight": "1e999",
             "on_time_weight": "nan", "parties-TOTAL_FORMS": "99999999999", "parties-INITIAL_FORMS": "abc",
             "referred_department": "abc", "agreed_amount": "nan", "next_session_on": "2026-02-30",
             "resolution_hours": "99999999999999999999", "resolution_days": "-1", "response_hours": "abc",
             "contact_hours": "1e999", "confirm_days": "99999999999999999999"}


@pytest.mark.parametrize("route", HTML_ROUTES)
def test_every_page_survives_junk_posts(scene, route):
    for persona in ["wumei_staff", "wumei_grid_worker", "district_staff", "resident", "receiver"]:
        client = _client(getattr(scene, persona))
        for pk in ([1, 2, 10**25] if "<" in route else [None]):
            url = _fill(route, pk) if pk is not None else "/" + route
            response = client.post(url, POST_JUNK)
            assert response.status_code < 500, (persona, url, response.status_code)


def _api_operations():
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    for path, methods in schema["paths"].items():
        if not path.startswith(("/api/v1/cases", "/api/v1/disputes", "/api/v1/rates")):
            continue
        for method in methods:
            yield method.upper(), path


@pytest.fixture(scope="module")
def api_operations():
    return list(_api_operations())


def test_every_api_endpoint_survives_junk(scene, api_operations):
    assert len(api_operations) > 20
    bodies = ["{", "[]", '{"community_id": "x", "category": 5, "description": null}',
              '{"community_id": 99999999999999999999999, "category_id": 99999999999999999999999}',
              '{"satisfaction": "\\u0000", "score": 1e999, "held_at": "2026-02-30T25:00", "to_user_id": -1}']
    for persona in ["wumei_staff", "street_staff", "resident", "receiver", None]:
        client = _client(getattr(scene, persona) if persona else None)
        for method, path in api_operations:
            for pk in (1, 0, 10**25, "abc"):
                url = re.sub(r"\{\w+\}", str(pk), path)
                if method == "GET":
                    for value in JUNK_VALUES:
                        response = client.get(url + _junk_query(value))
                        assert response.status_code < 500, (persona, method, url, value, response.status_code)
                else:
                    for body in bodies:
                        response = client.generic(method, url, body, content_type="application/json")
                        assert response.status_code < 500, (persona, method, url, body, response.status_code)


def test_open311_survives_junk(scene):
    client = _client(None)
    for path in ["services.json", "services.xml", "services/sewage.json", "requests.json", "requests.xml",
                 "requests/GZ202605110001.json", "requests/abc.json", "discovery.json", "tokens/abc.json"]:
        for value in JUNK_VALUES:
            response = client.get(f"/open311/v2/{path}" + _junk_query(value) + "&jurisdiction_id=" + quote(value))
            assert response.status_code < 500, (path, value, response.status_code)
        response = client.post(f"/open311/v2/{path}", dict.fromkeys(QUERY_KEYS, "\x00") | {"api_key": "x" * 5000})
        assert response.status_code < 500, (path, response.status_code)



EDGE_QUERIES = ["from=0001-01-01&to=0001-01-02", "from=9999-12-30&to=9999-12-31", "start=0001-01-01&end=0001-01-02",
                "start=9999-12-30&end=9999-12-31", "period=0001", "period=9999-12",
                "period=2026-Q9", "from=2026-05-01", "year=1", "year=9999", "page=99999999999999999999"]


@pytest.mark.parametrize("query", EDGE_QUERIES)
def test_dates_at_the_ends_of_the_calendar_are_not_500s(scene, query):
    """A custom period of 0001-01-01 or 9999-12-31 overflowed when turned into datetimes (rates pages, export)."""
    client = _client(scene.district_staff)
    for url in ["/workbench/rates/", "/workbench/rates/export.xlsx", "/workbench/rates/reviews/",
                f"/workbench/rates/departments/{scene.judicial_office.pk}/", "/workbench/cases/",
                "/workbench/disputes/", "/workbench/disputes/ledger.xlsx", "/workbench/disputes/follow-ups/",
                "/workbench/escalations/", f"/board/{scene.wumei.pk}/cases/", "/api/v1/rates/league",
                "/api/v1/cases", "/api/v1/disputes"]:
        response = client.get(f"{url}?{query}")
        assert response.status_code < 500, (url, query, response.status_code)
