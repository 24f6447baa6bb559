"""Figure tiles on the workbench link to the list they count, where the panel's node is the user's whole scope:
the list then holds exactly the rows counted. Elsewhere (several nodes, a unit or department beside the region,
the public board) the tiles are not links."""

from django.urls import resolve

from gongzhi.core.registry import compute_stats
from gongzhi.orders import services
from gongzhi.orders.tests.conftest import build_menu_world, place, walk


def _rows(client, url) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["page"].paginator.count


def test_each_linked_tile_counts_its_list(world, client_for):
    menu = build_menu_world(world)
    low = walk(menu, place(menu), "confirmed")
    services.rate_order(actor=world.resident, order=low, rating=1, comment="等了很久")
    place(menu, item=menu.clinic)
    client = client_for(world.wumei_staff)
    page = client.get("/workbench/")
    panel = page.context["panels"]
    assert len(panel) == 1
    counted = {"orders_placed", "orders_follow_up", "residents", "units"}  # every figure: test_figure_links_every_tile
    linked = [s for s in panel[0]["stats"] if s["url"] and s["key"] in counted]
    assert {s["key"] for s in linked} == counted
    for s in linked:
        assert _rows(client, s["url"]) == s["value"], (s["key"], s["url"])
        assert f'href="{s["url"]}"' in page.content.decode()
    assert {s["key"]: s["value"] for s in linked}["orders_follow_up"] == 1


def test_no_links_where_the_list_would_hold_other_rows(world, client_for):
    for user in (world.admin, world.liaison):
        page = client_for(user).get("/workbench/")
        assert all(not s["url"] for panel in page.context["panels"] for s in panel["stats"])
    assert all(s["url"] is None for s in compute_stats(world.wumei))  # the board's figures
    board = client_for(world.resident).get(f"/board/{world.wumei.pk}/").content.decode()
    assert "stat-link" not in board
    assert resolve("/workbench/orders/").view_name == "orders:board"
