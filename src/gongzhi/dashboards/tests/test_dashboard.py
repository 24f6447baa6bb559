"""数据大屏: the figures are the workbench's (compute_stats) and the selectors'; trends add up to them; the staff page is
limited to the user's scope (404 outside); the public page carries aggregates only; a change is in the next
fragment; the query count does not grow with the rows."""

import datetime as dt
import json
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongzhi.contracts.selectors import figures
from gongzhi.core import clock
from gongzhi.core.privacy import find_personal_numbers
from gongzhi.core.registry import compute_stats
from gongzhi.dashboards import selectors
from gongzhi.dashboards.tests.conftest import YEAR, at, record, report
from gongzhi.people.models import Person
from gongzhi.rates import periods
from gongzhi.rates.selectors import node_figures

STAFF_URL = "/workbench/dashboard/"
STAFF_DATA = "/workbench/dashboard/data/"


def data_of(response) -> dict:
    """The data the page embeds for its charts (json_script)."""
    match = re.search(r'<script id="dashboard-data" type="application/json">(.*?)</script>',
                      response.content.decode(), re.S)
    assert match, "the page embeds its data"
    return json.loads(match.group(1))


def tile_values(data) -> dict:
    return {t["key"]: t["value"] for t in data["tiles"]}


# --- figures ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["xiangshan", "xiangshan_street", "wumei", "city"])
def test_the_tiles_are_the_workbenchs_figures_this_year_and_last(world, dash, name):
    node = getattr(world, name)
    tiles = {t["key"]: t for t in selectors.tiles(node, YEAR)}
    for year, field in ((YEAR, "value"), (YEAR - 1, "last")):
        stats = {s["key"]: s["value"] for s in compute_stats(node, year)}
        report_ = figures(path=node.path, year=year)
        line = node_figures(node, periods.year(year), with_times=False)
        assert tiles["units"][field] == stats["contract_units"]
        assert tiles["items"][field] == stats["contract_items"]
        assert tiles["person_times"][field] == stats["contract_person_times"]
        assert tiles["volunteer_hours"][field] == stats["volunteer_hours"]
        assert tiles["disputes_mediated"][field] == stats["disputes_mediated"]
        assert tiles["contracts"][field] == report_.contracts
        assert tiles["completed"][field] == report_.completed_items
        assert tiles["services"][field] == report_.services_held
        assert tiles["cases"][field] == line.received
        for key in ("rate_response", "rate_resolution", "rate_satisfaction"):
            expected = stats[key]
            assert tiles[key][field] == (None if expected is None else round(expected * 100, 1))


def test_the_world_in_figures(world, dash):
    """What the fixture built, read off the district's tiles: 2 units, 1 contract, 2 items of which 1 completed,
    4 services for 265 person-times, 2 cases this year and 1 last year, the one rated case satisfied."""
    tiles = {t["key"]: t for t in selectors.tiles(world.xiangshan, YEAR)}
    assert (tiles["units"]["value"], tiles["contracts"]["value"], tiles["items"]["value"]) == (2, 1, 2)
    assert (tiles["completed"]["value"], tiles["services"]["value"], tiles["person_times"]["value"]) == (1, 4, 265)
    assert (tiles["cases"]["value"], tiles["cases"]["last"], tiles["cases"]["change"]) == (2, 1, 1)
    assert tiles["rate_satisfaction"]["value"] == 100.0
    assert tiles["units"]["last"] == 0 and tiles["units"]["change"] == 2


def test_the_months_add_up_to_the_tiles_and_the_months_to_come_are_empty(world, dash):
    trends = selectors.trends(world.xiangshan, YEAR)
    tiles = tile_values({"tiles": selectors.tiles(world.xiangshan, YEAR)})
    assert sum(trends["cases"][:11]) == tiles["cases"] == 2
    assert trends["cases"][4] == 1 and trends["cases"][8] == 1  # May and September
    assert sum(trends["services"][:11]) == tiles["services"] == 4
    assert sum(trends["person_times"][:11]) == tiles["person_times"] == 265
    assert trends["person_times"][2:6] == [80, 35, 30, 120]
    assert trends["cases"][11] is None and trends["services"][11] is None  # December is still to come


def test_the_categories_count_published_needs_and_resources(world, dash):
    rows = {r["name"]: r for r in selectors.categories(world.xiangshan, YEAR)}
    assert len(rows) == 11  # the ten service categories and 党建共建
    assert (rows["义诊医疗"]["needs"], rows["义诊医疗"]["resources"]) == (1, 1)
    assert rows["环境整治"]["needs"] == 1
    assert rows["便民维修"]["needs"] == 0  # a resident's need waiting for review is not published
    assert [r["needs"] for r in selectors.categories(world.xiufeng, YEAR)] == [0] * 11


def test_the_map_places_communities_by_their_neighbourhoods_or_open311_areas(world, dash):
    m = selectors.community_map(world.city, YEAR, "fulfilment")
    points = {p["name"]: p for p in m["points"]}
    assert (points["五美社区"]["lon"], points["五美社区"]["lat"]) == (110.297, 25.266)  # the mean of its two
    assert (points["南门社区"]["lon"], points["南门社区"]["lat"]) == (110.29, 25.271)  # its Open311 area's centre
    assert [c["name"] for c in m["missing"]] == ["翠竹社区"]
    assert points["五美社区"]["value"] == 50.0  # one of two commitments completed
    assert points["南门社区"]["value"] is None  # no contract


def test_the_map_shows_open_cases_and_the_communities_composite_scores(world, dash):
    open_cases = {p["name"]: p["value"] for p in selectors.community_map(world.xiangshan, YEAR, "open_cases")["points"]}
    assert open_cases == {"五美社区": 1, "南门社区": 1}  # open now, whatever the year (五美: last year's case)
    scores = {p["name"]: p["value"] for p in selectors.community_map(world.xiangshan, YEAR, "composite")["points"]}
    for community in (world.wumei, world.nanmen):
        expected = node_figures(community, periods.year(YEAR), with_times=False).composite
        assert scores[community.name] == (None if expected is None else round(expected, 1))
    assert scores["五美社区"] == 100.0


# --- the staff page -----------------------------------------------------------------------------------------------

def test_district_staff_open_their_district_with_charts_data_and_the_league(world, dash, client_for):
    response = client_for(world.district_staff).get(STAFF_URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "象山区 · 数据大屏" in page
    for chart in ("chart-trend", "chart-categories", "chart-map"):
        assert f'id="{chart}"' in page
    assert 'hx-get="/workbench/dashboard/data/?node=' in page and 'hx-trigger="every 60s"' in page
    data = data_of(response)
    assert data["node"]["name"] == "象山区" and tile_values(data)["services"] == 4
    assert {d["name"] for d in data["league"]} == {"象山街道司法所", "桂林市卫生健康委员会"}  # not 秀峰区住建局
    assert "秀峰区住建局" not in page
    # the chooser offers the district, its street and communities, nothing of 秀峰区
    assert "丽君街道" not in page and "翠竹社区" not in page.split('data-testid="map-missing"')[0]


def test_every_script_is_a_static_file_or_data(world, dash, client_for):
    """The Content-Security-Policy refuses inline scripts: the page has only static scripts and its JSON data."""
    page = client_for(world.district_staff).get(STAFF_URL).content.decode()
    for tag in re.findall(r"<script[^>]*>", page):
        assert 'src="/static/' in tag or 'type="application/json"' in tag, tag
    assert 'src="/static/vendor/echarts.min.js"' in page and 'src="/static/dashboards/dashboard.js"' in page
    assert " on" not in "".join(re.findall(r"<[^>]+>", page)).replace(" one", "")  # no onclick= and the like


def test_street_staff_see_their_street_and_may_choose_a_community(world, dash, client_for):
    client = client_for(world.street_staff)
    assert data_of(client.get(STAFF_URL))["node"]["name"] == "象山街道"
    data = data_of(client.get(STAFF_URL, {"node": world.wumei.pk, "map": "open_cases"}))
    assert data["node"]["name"] == "五美社区" and data["map"]["figure"] == "open_cases"
    assert [p["name"] for p in data["map"]["points"]] == ["五美社区"]


@pytest.mark.parametrize(("persona", "node"), [
    ("wumei_staff", "xiufeng"), ("wumei_staff", "xiangshan"), ("wumei_staff", "nanmen"),
    ("street_staff", "lijun_street"), ("district_staff", "cuizhu"), ("district_staff", "city"),
])
def test_it_requires_the_node_to_be_in_scope(world, dash, client_for, persona, node):
    client = client_for(getattr(world, persona))
    pk = getattr(world, node).pk
    assert client.get(STAFF_URL, {"node": pk}).status_code == 404
    assert client.get(STAFF_DATA, {"node": pk}).status_code == 404


@pytest.mark.parametrize("junk", ["abc", "-1", "999999", "1.5"])
def test_a_malformed_or_unknown_node_is_404(world, client_for, junk):
    assert client_for(world.district_staff).get(STAFF_URL, {"node": junk}).status_code == 404


@pytest.mark.parametrize("persona", ["liaison", "receiver", "wumei_grid_worker"])
def test_it_requires_a_dashboard_role(world, client_for, persona):
    client = client_for(getattr(world, persona))
    assert client.get(STAFF_URL).status_code == 404
    assert client.get(STAFF_DATA).status_code == 404


def test_it_requires_a_login_and_the_workbench(world, client, client_for):
    assert client.get(STAFF_URL).status_code == 302
    assert client.get(STAFF_DATA).status_code == 302
    assert client_for(world.resident).get(STAFF_URL).url == "/m/"


def test_community_staff_see_their_community(world, dash, client_for):
    data = data_of(client_for(world.wumei_staff).get(STAFF_URL))
    assert data["node"]["name"] == "五美社区"
    assert tile_values(data)["cases"] == 1


def test_the_nav_offers_the_dashboard_to_staff_and_admin_only(world, client_for):
    for persona in ("wumei_staff", "street_staff", "district_staff", "admin"):
        assert 'href="/workbench/dashboard/"' in client_for(getattr(world, persona)).get("/workbench/").content.decode()
    for persona in ("liaison", "receiver"):
        assert 'href="/workbench/dashboard/"' not in client_for(getattr(world, persona)).get("/workbench/").content.decode()


# --- refreshing ---------------------------------------------------------------------------------------------------

def test_a_fulfilment_record_and_a_case_show_in_the_next_fragment(world, dash, client_for):
    client = client_for(world.district_staff)
    before = tile_values(data_of(client.get(STAFF_DATA)))
    assert client.get(STAFF_DATA).content.decode().startswith('<div id="dash-live"')
    record(dash.life, dash.life.clinic, dt.date(2026, 10, 10), 50)
    after = tile_values(data_of(client.get(STAFF_DATA)))
    assert (after["services"], after["person_times"]) == (before["services"] + 1, before["person_times"] + 50)
    report(world, dash.case_cats, world.nanmen, "南门花园路灯不亮", at(2026, 11, 20, 9))
    data = data_of(client.get(STAFF_DATA))
    assert tile_values(data)["cases"] == before["cases"] + 1
    assert data["trends"]["cases"][10] == 1  # November


def test_the_public_fragment_follows_a_change_too(world, dash, client):
    url = f"/board/dashboard/{world.xiangshan_street.pk}/data/"
    before = tile_values(data_of(client.get(url)))["services"]
    record(dash.life, dash.life.classroom, dt.date(2026, 11, 2), 20)
    assert tile_values(data_of(client.get(url)))["services"] == before + 1


def test_queries_do_not_grow_with_rows(world, dash, client_for):
    client = client_for(world.district_staff)

    def count(url):
        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    urls = [STAFF_DATA, f"{STAFF_DATA}?map=open_cases", f"{STAFF_DATA}?map=composite",
            f"/board/dashboard/{world.xiangshan.pk}/data/"]
    first = [count(u) for u in urls]
    for n in range(6):
        record(dash.life, dash.life.clinic, dt.date(2026, 7, 1 + n), 10)
        report(world, dash.case_cats, world.wumei if n % 2 else world.nanmen, f"诉求{n}", at(2026, 8, 3 + n, 9))
    with clock.frozen(at(2026, 11, 20, 9)):
        from gongzhi.servicepoints.services import set_neighbourhood_location

        set_neighbourhood_location(actor=world.admin, neighbourhood=world.nanmen_garden, lat="25.2720", lon="110.2910")
    assert [count(u) for u in urls] == first


def test_a_cached_fragment_costs_a_few_queries(world, dash, client):
    url = f"/board/dashboard/{world.xiangshan.pk}/data/"
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    assert len(ctx.captured_queries) <= 3  # the node, its version (and nothing else)


# --- the public page ----------------------------------------------------------------------------------------------

def test_the_public_page_shows_aggregates_only(world, dash, client):
    response = client.get(f"/board/dashboard/{world.xiangshan.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    data = data_of(response)
    assert tile_values(data) == tile_values({"tiles": selectors.tiles(world.xiangshan, YEAR)})
    assert "league" not in data and 'data-testid="league"' not in page
    names = set(Person.objects.values_list("name", flat=True)) | {"黄敏", "周丽华", "莫晓琳", "郑红", "吴刚"}
    for name in names:
        assert name not in page, name
    assert find_personal_numbers(page) == []
    for text in ("污水外溢", "下水道", "门口", "2单元"):
        assert text not in page
    fragment = client.get(f"/board/dashboard/{world.xiangshan.pk}/data/").content.decode()
    assert find_personal_numbers(fragment) == [] and "王秀英" not in fragment


@pytest.mark.parametrize("name", ["city", "xiangshan", "lijun_street"])
def test_the_public_page_is_for_streets_districts_and_the_city(world, client, name):
    assert client.get(f"/board/dashboard/{getattr(world, name).pk}/").status_code == 200


@pytest.mark.parametrize("name", ["wumei", "wumei_estate", "wumei_b1"])
def test_the_public_page_of_a_community_or_below_is_404(world, client, name):
    pk = getattr(world, name).pk
    assert client.get(f"/board/dashboard/{pk}/").status_code == 404
    assert client.get(f"/board/dashboard/{pk}/data/").status_code == 404


def test_the_public_page_is_cached_under_the_nodes_version(world, dash, client):
    url = f"/board/dashboard/{world.xiufeng.pk}/data/"
    assert tile_values(data_of(client.get(url)))["cases"] == 0
    report(world, dash.case_cats, world.wumei, "别处的诉求", at(2026, 11, 20, 9))  # another district: still cached
    assert tile_values(data_of(client.get(url)))["cases"] == 0
    report(world, dash.case_cats, world.cuizhu, "翠竹苑路面破损", at(2026, 11, 20, 9))
    assert tile_values(data_of(client.get(url)))["cases"] == 1


def test_an_unknown_map_figure_falls_back_to_fulfilment(world, client):
    data = data_of(client.get(f"/board/dashboard/{world.xiangshan.pk}/", {"map": "<script>"}))
    assert data["map"]["figure"] == "fulfilment"


def test_the_words_follow_the_language_and_are_cached_per_language(world, client):
    """The charts' words come with the data, in the visitor's language (the catalogue holds some of them already;
    the lead engineer adds the rest), and the cached data is kept per language."""
    url = f"/board/dashboard/{world.xiangshan.pk}/"
    data = data_of(client.get(url))
    assert data["labels"]["months"][:2] == ["1月", "2月"] and data["node"]["kind_label"] == "区"
    assert {t["key"]: t["label"] for t in data["tiles"]}["rate_response"] == "响应率"
    client.cookies["django_language"] = "en"
    data = data_of(client.get(url))
    assert data["node"]["kind_label"] == "District"
    assert {t["key"]: t["label"] for t in data["tiles"]}["rate_response"] == "Response rate"
