"""The resident's service menu is cached per community (chronicle.versions): the places left change on the next
request after an order, an item withdrawn leaves at once, another community's resident gets her own menu, and
nothing of one resident (her orders, her name) is in the cached part another resident is served."""

from django.urls import reverse

from gongzhi.orders import services

from .conftest import place


def _menu(client, query: str = "") -> str:
    return client.get(reverse("orders:m_menu") + query).content.decode()


def test_an_order_and_a_withdrawal_show_on_the_next_request(world, menu, client_for, frozen):
    resident = client_for(world.resident)
    assert "剩余 20 个名额" in _menu(resident)
    assert "剩余 20 个名额" in _menu(resident)  # served from the cache
    place(menu)
    assert "剩余 19 个名额" in _menu(resident)
    services.withdraw_item(actor=world.wumei_staff, item=menu.haircut)
    assert "一元理发" not in _menu(resident)


def test_each_community_and_each_category_have_their_own_entry(world, menu, client_for, frozen):
    assert "一元理发" in _menu(client_for(world.resident))
    nanmen = _menu(client_for(world.nanmen_resident))
    assert "课后作业辅导" in nanmen and "一元理发" not in nanmen
    only = _menu(client_for(world.resident), "?category=medical")
    assert "中医义诊进社区" in only and "一元理发" not in only


def test_no_residents_own_data_in_the_shared_menu(world, menu, client_for, frozen):
    place(menu, description="上午方便，住1单元302")
    page = _menu(client_for(world.volunteer))
    assert "王秀英" not in page and "302" not in page and "上午方便" not in page
