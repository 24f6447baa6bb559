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


def test_a_resident_who_moves_gets_her_new_communitys_menu_on_the_next_request(world, menu, client_for, frozen):
    """Which community a home lies in is cached under the region versions along the home; the person and her home
    are read with the user on every request, so a move shows at once."""
    from gongzhi.people.services import update_person

    resident = client_for(world.resident)
    assert "一元理发" in _menu(resident) and "一元理发" in _menu(resident)
    update_person(actor=world.admin, person=world.resident_person, home=world.nanmen_b1)
    page = _menu(resident)
    assert "课后作业辅导" in page and "一元理发" not in page
    assert f'href="/board/{world.nanmen.pk}/"' in page  # the phone shell's tab bar, cached per community


def test_the_tab_bar_is_each_communitys_own(world, menu, client_for, frozen):
    for _ in range(2):
        wumei, nanmen = _menu(client_for(world.resident)), _menu(client_for(world.nanmen_resident))
        assert f'href="/board/{world.wumei.pk}/"' in wumei and f'href="/board/{world.nanmen.pk}/"' not in wumei
        assert f'href="/board/{world.nanmen.pk}/"' in nanmen and f'href="/board/{world.wumei.pk}/"' not in nanmen


def test_the_signed_in_menu_from_the_cache_costs_two_queries(shared_cache, world, menu, client_for, frozen):
    """The session and the bell's count come from the shared cache; the user with her person and home is one
    query, the region versions along her home another (they key her community and its menu)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    resident = client_for(world.resident)
    _menu(resident)
    with CaptureQueriesContext(connection) as queries:
        assert "一元理发" in _menu(resident)
    tables = [q["sql"].split(" FROM ", 1)[1].split()[0].strip('"') for q in queries.captured_queries]
    assert tables == ["accounts_user", "chronicle_regionversion"]
