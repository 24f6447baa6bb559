"""The public board is cached per community under its chronicle version (chronicle/versions.py): a second request
runs a handful of queries instead of rebuilding every section, a change made through a service is on the very next
request, a change in another community leaves the board cached, and the cached part carries no personal data."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongzhi.chronicle.versions import version_for
from gongzhi.servicepoints import services
from gongzhi.servicepoints.tests.conftest import build_places


def _get(client, community) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(f"/board/{community.pk}/")
    assert response.status_code == 200
    return response.content.decode(), len(ctx.captured_queries)


def _point(world, community, name: str, lat: str):
    return services.create_point(actor=world.admin, community=community, kind="red_station", name=name,
                                 address="五美路1号", lat=lat, lon="110.292000", offerings=["hot_water"], open_24h=True)


def test_a_second_request_is_served_from_the_cache(world, client):
    build_places(world)
    first, built = _get(client, world.wumei)
    again, served = _get(client, world.wumei)
    board = '</header>'
    assert again[again.index(board):] == first[first.index(board):]
    assert served <= 3 < built, (served, built)


def test_a_change_through_a_service_shows_on_the_next_request(world, client):
    build_places(world)
    page, _ = _get(client, world.wumei)
    assert "五美红色驿站" not in page
    point = _point(world, world.wumei, "五美红色驿站", "25.268800")
    page, _ = _get(client, world.wumei)
    assert "五美红色驿站" in page
    services.set_point_active(actor=world.admin, point=point, active=False, reason="装修")
    page, _ = _get(client, world.wumei)
    assert "五美红色驿站" not in page


def test_another_communitys_change_leaves_the_board_cached(world, client):
    build_places(world)
    _get(client, world.wumei)
    before = version_for(world.wumei.path)
    _point(world, world.nanmen, "南门红色驿站", "25.257500")
    assert version_for(world.wumei.path) == before
    _, served = _get(client, world.wumei)
    assert served <= 3
    # a change at the street itself (above every community of it) reaches each community's board
    from gongzhi.chronicle.services import record

    record(world.xiangshan_street, "regions.renamed", world.admin, {})
    assert version_for(world.wumei.path) > before


def test_the_cached_board_is_the_same_for_everybody_and_holds_no_personal_data(world, client, client_for):
    build_places(world)
    anonymous, _ = _get(client, world.wumei)
    staff_page = client_for(world.wumei_staff).get(f"/board/{world.wumei.pk}/").content.decode()
    for text in (anonymous, staff_page):
        assert "13812345678" not in text and "王秀英" not in text


def test_the_board_index_links_each_district_and_street_to_its_public_dashboard(world, client):
    with CaptureQueriesContext(connection) as ctx:
        index = client.get("/board/")
    assert index.status_code == 200 and len(ctx.captured_queries) <= 3, len(ctx.captured_queries)
    html = index.content.decode()
    for node in (world.xiangshan, world.xiangshan_street, world.xiufeng, world.lijun_street):
        url = reverse("dashboards:public", args=[node.pk])
        assert f'href="{url}"' in html, node.name
    assert client.get(reverse("dashboards:public", args=[world.xiangshan_street.pk])).status_code == 200
    for node in (world.city, world.wumei):  # a community's dashboard is the staff's; the city is not listed
        assert reverse("dashboards:public", args=[node.pk]) not in html
    assert "13812345678" not in html and "王秀英" not in html
