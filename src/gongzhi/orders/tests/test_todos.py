"""点单服务's to-dos (orders/todos.py): the dispatcher's late, open and low-rated orders, the liaison's orders to
take and under way, the resident's services to confirm and to rate. Each count is the list it opens."""

import datetime as dt

from gongzhi.core import clock
from gongzhi.core.registry import todos_for
from gongzhi.orders import services
from gongzhi.orders.tests.conftest import T0, help_order, place, walk
from gongzhi.testing.todos import check_todos


def _orders(menu):
    w = menu.world
    late = help_order(menu, title="家里水管漏水，需要上门维修")
    with clock.frozen(T0 + dt.timedelta(hours=24, minutes=1)):
        services.sweep_orders()  # `late` escalated
        help_order(menu, title="帮忙换个灯泡")  # open, in time
        low = walk(menu, place(menu), "confirmed")
        services.rate_order(actor=w.resident, order=low, rating=1, comment="等了很久")
        walk(menu, place(menu), "confirmed")  # to rate
        walk(menu, place(menu), "delivered")  # to confirm
        clinic = place(menu, item=menu.clinic)
        services.dispatch_order(actor=w.wumei_staff, order=clinic, menu_item=menu.clinic)
    return late


def test_every_role_s_count_is_its_list(world, menu, client_for, frozen):
    w = world
    _orders(menu)
    with clock.frozen(T0 + dt.timedelta(hours=25)):
        staff = check_todos(client_for(w.wumei_staff), w.wumei_staff)
        assert (staff["orders.overdue"], staff["orders.open"], staff["orders.follow_up"]) == (1, 2, 1)
        assert todos_for(w.wumei_staff)[0].key == "orders.overdue"  # the late first
        liaison = check_todos(client_for(w.merchant_liaison), w.merchant_liaison)
        assert liaison["orders.mine"] == 1  # delivered, waiting for 王秀英's confirmation
        hospital = check_todos(client_for(w.liaison), w.liaison)
        assert hospital["orders.mine"] == 1  # the clinic's order, dispatched to the hospital
        resident = check_todos(client_for(w.resident), w.resident, "resident")
        assert resident == {"orders.m_delivered": 1, "orders.m_confirmed": 1}
        assert check_todos(client_for(w.nanmen_staff), w.nanmen_staff)["orders.open"] == 0


def test_a_rated_service_leaves_the_resident_s_list(world, menu, client_for, frozen):
    order = walk(menu, place(menu), "confirmed")
    client = client_for(world.resident)
    home = client.get("/m/").content.decode()
    assert "待我评价的服务" in home and "/m/orders/?status=confirmed" in home
    assert order.title in client.get("/m/orders/?status=confirmed").content.decode()
    services.rate_order(actor=world.resident, order=order, rating=5, comment="很好")
    assert todos_for(world.resident, "resident") == []
