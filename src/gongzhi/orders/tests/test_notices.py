"""派单 tells the provider: a unit's liaisons, a team's current members; a re-dispatch to the same provider does
not tell them twice."""

from gongzhi.notifications.models import Notification
from gongzhi.orders import services
from gongzhi.orders.tests.conftest import place


def test_dispatch_tells_the_units_liaisons(world, menu, frozen):
    order = place(menu, item=menu.clinic)  # the hospital's 义诊: 周丽华 speaks for it
    Notification.objects.all().delete()
    services.dispatch_order(actor=world.wumei_staff, order=order, menu_item=menu.clinic)
    [note] = Notification.objects.filter(kind="order_dispatched")
    assert note.recipient == world.liaison
    assert "中医义诊" in note.title and note.url == "/workbench/orders/hall/#mine"
    services.dispatch_order(actor=world.wumei_staff, order=order, menu_item=menu.clinic)  # same provider again
    assert Notification.objects.filter(kind="order_dispatched").count() == 1


def test_dispatch_to_a_team_tells_its_members(world, menu, frozen):
    order = place(menu, item=menu.escort)
    Notification.objects.all().delete()
    services.dispatch_order(actor=world.wumei_staff, order=order, menu_item=menu.escort)
    [note] = Notification.objects.filter(kind="order_dispatched")
    assert note.recipient == world.volunteer and note.url == "/m/orders/hall/"
