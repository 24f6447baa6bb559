"""Who sees which orders and menu items, who serves as which provider, and whose phone number is shown."""

import pytest

from gongzhi.orders import services
from gongzhi.orders.permissions import (
    get_order_for_user,
    menu_items_visible_to,
    orders_visible_to,
    providers_for,
    resident_name,
    resident_phone,
)
from gongzhi.orders.tests.conftest import help_order, place, walk

# persona → can it see (王秀英's 一元理发 order, her free-text need, 张伟's order in 南门社区)?
VISIBILITY = {
    "admin": (True, True, True),
    "wumei_staff": (True, True, False),
    "nanmen_staff": (False, False, True),
    "wumei_grid_worker": (True, True, False),
    "street_staff": (True, True, True),
    "district_staff": (True, True, True),
    "liaison": (False, True, False),  # the hospital: the free-text pool of 五美社区, not the merchants' item order
    "merchant_liaison": (True, True, False),  # its own item's order, and the free-text pool
    "resident": (True, True, False),
    "nanmen_resident": (False, False, True),
    "volunteer": (False, True, False),  # 学雷锋志愿服务队 of 五美社区: the free-text pool
    "receiver": (False, False, False),
    "outsider": (False, False, False),
}


@pytest.fixture
def three(world, menu, frozen):
    return (place(menu), help_order(menu), place(menu, user=world.nanmen_resident, item=menu.nanmen_item))


@pytest.mark.parametrize("persona", sorted(VISIBILITY))
def test_who_sees_which_order(world, three, client_for, persona):
    user = getattr(world, persona)
    seen = tuple(orders_visible_to(user).filter(pk=o.pk).exists() for o in three)
    assert seen == VISIBILITY[persona]
    client = client_for(user)
    for order, visible in zip(three, VISIBILITY[persona], strict=True):
        assert client.get(f"/api/v1/orders/{order.pk}").status_code == (200 if visible else 404)


@pytest.mark.parametrize("persona, allowed", [("wumei_staff", True), ("admin", True), ("nanmen_staff", False),
                                              ("wumei_grid_worker", False), ("street_staff", False),
                                              ("merchant_liaison", False), ("resident", False)])
def test_only_the_communitys_staff_get_an_order_to_dispatch(world, three, persona, allowed):
    from django.http import Http404

    user = getattr(world, persona)
    if allowed:
        assert get_order_for_user(user, three[0].pk, write=True) == three[0]
    else:
        with pytest.raises(Http404):
            get_order_for_user(user, three[0].pk, write=True)


def test_an_order_taken_by_another_provider_leaves_the_pool(world, menu, frozen):
    order = help_order(menu)
    assert orders_visible_to(world.liaison).filter(pk=order.pk).exists()
    services.take_order(actor=world.volunteer, order=order)
    assert not orders_visible_to(type(world.liaison).objects.get(pk=world.liaison.pk)).filter(pk=order.pk).exists()


def test_the_menu_residents_and_providers_see(world, menu, frozen):
    services.withdraw_item(actor=world.wumei_staff, item=menu.clinic)
    wumei_active = {menu.haircut.pk, menu.escort.pk}
    assert set(menu_items_visible_to(world.resident).values_list("pk", flat=True)) == wumei_active
    assert set(menu_items_visible_to(world.nanmen_resident).values_list("pk", flat=True)) == {menu.nanmen_item.pk}
    assert set(menu_items_visible_to(world.wumei_staff).values_list("pk", flat=True)) == wumei_active | {menu.clinic.pk}
    # the hospital's liaison sees its own withdrawn item and the active ones of the community it serves
    assert set(menu_items_visible_to(world.liaison).values_list("pk", flat=True)) == wumei_active | {menu.clinic.pk}
    assert not menu_items_visible_to(world.outsider).exists()


def test_who_serves_as_which_provider(world, menu):
    assert providers_for(world.liaison).organisation_ids == {world.hospital.pk}
    assert providers_for(world.liaison).community_ids == {world.wumei.pk}
    assert providers_for(world.volunteer).team_ids == {menu.team.pk}
    assert providers_for(world.volunteer).community_ids == {world.wumei.pk}
    for persona in ("resident", "wumei_staff", "outsider", "admin"):
        assert not providers_for(getattr(world, persona))


def test_an_in_service_party_member_serves_as_themself(world, menu):
    from gongzhi.accounts.services import assign_role, create_user
    from gongzhi.people.services import link_account

    user = create_user(actor=world.admin, username="lijianguo", password=None, display_name="李建国")
    assign_role(actor=world.admin, user=user, role="resident", region=world.nanmen_b1)
    link_account(actor=world.admin, person=world.member_person, user=user)
    providers = providers_for(user)
    assert providers.member_ids == {world.member.pk} and providers.community_ids == {world.nanmen.pk}


def test_phone_numbers_and_names_per_viewer(world, menu, frozen):
    order = help_order(menu)
    order = get_order_for_user(world.wumei_staff, order.pk)
    assert resident_phone(world.wumei_staff, order) == "13812345678"
    assert resident_phone(world.wumei_grid_worker, order) == "13812345678"
    assert resident_phone(world.street_staff, order) == "138****5678"
    assert resident_phone(world.resident, order) == "13812345678"
    # a provider browsing the pool sees neither her number nor her full name …
    assert resident_phone(world.volunteer, order) == "138****5678"
    assert resident_name(world.volunteer, order) == "王**"
    # … until they take the order and must reach her
    services.take_order(actor=world.volunteer, order=order)
    order = get_order_for_user(world.volunteer, order.pk)
    assert resident_phone(world.volunteer, order) == "13812345678"
    assert resident_name(world.volunteer, order) == "王秀英"
    walk_done = services.deliver_order(actor=world.volunteer, order=order, note="陪同就医")
    services.confirm_order(actor=world.resident, order=walk_done)
    order = get_order_for_user(world.volunteer, order.pk)
    assert resident_phone(world.volunteer, order) == "138****5678"


def test_the_liaison_of_another_unit_never_sees_the_number(world, menu, frozen):
    order = walk(menu, place(menu), "taken")
    order = get_order_for_user(world.merchant_liaison, order.pk)
    assert resident_phone(world.merchant_liaison, order) == "13812345678"
    assert resident_phone(world.liaison, order) == "138****5678"
