"""The demo's menus and orders (gongzhi.demo.orders_demo), loaded on top of the demo district."""

import pytest

from gongzhi.chronicle.services import verify
from gongzhi.demo.builder import load_demo
from gongzhi.orders.models import Escalation, FollowUp, MenuItem, Order, OrderStatus
from gongzhi.regions.models import RegionNode


@pytest.fixture
def demo(db):
    """The demo district as `gongzhi demo` loads it: demo/builder.py loads the menus and orders itself."""
    assert load_demo().loaded
    wumei = RegionNode.objects.get(name="五美社区", kind="community")
    return wumei


def test_the_demo_menu_and_orders(demo):
    wumei = demo
    shelf = MenuItem.objects.filter(community=wumei, active=True)
    titles = set(shelf.values_list("title", flat=True))
    assert {"一元理发、免费磨刀、便民维修", "四点半课堂课后看护", "就医陪诊、代买药品"} <= titles
    assert shelf.filter(provider_kind="team").exists() and shelf.filter(provider_kind="party_member").exists()
    assert MenuItem.objects.exclude(community=wumei).exists()  # every community of the street has a menu
    orders = Order.objects.filter(community=wumei)
    assert orders.count() >= 30
    assert set(orders.values_list("status", flat=True)) == set(OrderStatus.values)
    assert orders.filter(resident__user__username="wangxiuying").count() >= 10
    assert set(orders.values_list("channel", flat=True)) == {"online", "grid_worker", "phone", "window"}
    overdue = [o for o in orders if o.is_overdue]
    assert len(overdue) == 1 and Escalation.objects.filter(order=overdue[0]).count() == 1
    assert orders.filter(follow_up=FollowUp.OPEN, rating__lte=2).count() == 1
    assert orders.filter(confirm_note="居民逾期未确认").exists()
    assert verify().ok
