"""The orders' figures (a query over recorded orders for a region node and year) and the dashboard count of low
ratings to follow up."""

import datetime as dt

from django.urls import reverse

from gongzhi.core import clock
from gongzhi.core.registry import compute_stats
from gongzhi.orders import services
from gongzhi.orders.tests.conftest import T0, help_order, place, walk


def figures(node, year=None) -> dict:
    return {s["key"]: s["value"] for s in compute_stats(node, year) if s["key"].startswith("orders_")}


def test_the_figures_count_recorded_orders(world, menu, frozen):
    assert figures(world.wumei) == {"orders_placed": 0, "orders_completed": 0, "orders_rating": None,
                                    "orders_on_time": None, "orders_follow_up": 0}
    walk(menu, place(menu), "rated")  # 5 stars, taken at once
    late = help_order(menu)
    with clock.frozen(T0 + dt.timedelta(hours=30)):
        services.take_order(actor=world.volunteer, order=late)
        services.deliver_order(actor=world.volunteer, order=late, note="已上门")
        services.confirm_order(actor=world.resident, order=late)
        services.rate_order(actor=world.resident, order=late, rating=2, comment="来得太晚")
    cancelled = place(menu, item=menu.clinic)
    services.cancel_order(actor=world.resident, order=cancelled, reason="不去了")
    place(menu, user=world.nanmen_resident, item=menu.nanmen_item)
    assert figures(world.wumei) == {"orders_placed": 3, "orders_completed": 2, "orders_rating": 3.5,
                                    "orders_on_time": 0.5, "orders_follow_up": 1}
    assert figures(world.xiangshan_street)["orders_placed"] == 4
    assert figures(world.cuizhu)["orders_placed"] == 0
    assert figures(world.wumei, 2025)["orders_placed"] == 0 and figures(world.wumei, 2026)["orders_placed"] == 3


def test_the_staff_dashboard_shows_the_low_ratings_to_follow_up(world, menu, client_for, frozen):
    order = walk(menu, place(menu), "confirmed")
    services.rate_order(actor=world.resident, order=order, rating=1)
    page = client_for(world.wumei_staff).get(reverse("core:workbench")).content.decode()
    assert 'data-stat="orders_follow_up"' in page and "低评价待回访" in page


def test_the_workbench_navigation_has_the_orders_entries(world, client_for):
    staff = client_for(world.wumei_staff).get(reverse("core:workbench")).content.decode()
    assert "派单调度" in staff and "服务菜单" in staff
    liaison = client_for(world.liaison).get(reverse("core:workbench")).content.decode()
    assert "接单大厅" in liaison and "派单调度" not in liaison
