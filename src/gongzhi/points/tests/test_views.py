"""The points pages: the workbench (ledger, accounts, rules, good deeds, items, redemptions with pick-up) and the
resident's phone (balance, history, shop, redeem, my redemptions, cancel); scope (404 out of it) and bad input (a
Chinese message, nothing changed)."""

import pytest
from django.urls import reverse

from gongzhi.points import services
from gongzhi.points.models import GoodDeed, Item, PointsRule, Redemption, RedemptionStatus
from gongzhi.points.tests.conftest import PNG, upload

STAFF_PAGES = ["points:ledger", "points:accounts", "points:rules", "points:deeds", "points:items",
               "points:redemptions"]
PHONE_PAGES = ["points:m_home", "points:m_shop", "points:m_redemptions"]


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_staff_pages_render(world, earned, client_for, name):
    services.redeem(actor=world.resident, item=earned.rice)
    for user in (world.wumei_staff, world.street_staff, world.admin, world.wumei_grid_worker):
        response = client_for(user).get(reverse(name))
        assert response.status_code == 200, (user, name)
        assert "---------" not in response.content.decode()


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_staff_pages_are_not_for_residents_liaisons_or_outsiders(world, earned, client_for, name):
    for user in (world.resident, world.liaison, world.outsider):
        assert client_for(user).get(reverse(name)).status_code in (302, 404), (user, name)


def test_the_ledger_shows_names_to_the_community_and_hides_other_communities(world, earned, client_for):
    page = client_for(world.wumei_staff).get(reverse("points:ledger")).content.decode()
    assert "王秀英" in page and "志愿服务" in page
    page = client_for(world.nanmen_staff).get(reverse("points:ledger")).content.decode()
    assert "王秀英" not in page and "还没有积分交易" in page


def test_accounts_mask_phones_for_street_staff(world, earned, client_for):
    page = client_for(world.wumei_staff).get(reverse("points:accounts")).content.decode()
    assert "13812345678" in page
    page = client_for(world.street_staff).get(reverse("points:accounts")).content.decode()
    assert "13812345678" not in page and "138****5678" in page


def test_account_of_another_community_is_404(world, earned, client_for):
    account = services.resident_account(world.resident_person, world.wumei)
    assert client_for(world.nanmen_staff).get(reverse("points:account", args=[account.pk])).status_code == 404
    response = client_for(world.wumei_staff).get(reverse("points:account", args=[account.pk]))
    assert response.status_code == 200 and "100" in response.content.decode()


def test_staff_set_a_rule_version_on_the_page(world, points, client_for):
    c = client_for(world.wumei_staff)
    response = c.post(reverse("points:rules"), {"community": world.wumei.pk, "points_per_hour": 12,
                                                "effective_from": "2026-07-01"})
    assert response.status_code == 302
    assert PointsRule.objects.filter(community=world.wumei).order_by("-version").first().points_per_hour == 12
    response = c.post(reverse("points:rules"), {"community": world.wumei.pk, "points_per_hour": "十",
                                                "effective_from": "2026-07-01"})
    assert response.status_code == 200 and "请填写整数" in response.content.decode()
    assert PointsRule.objects.count() == 2


def test_staff_award_a_good_deed_by_phone_number(world, points, client_for):
    c = client_for(world.wumei_staff)
    response = c.post(reverse("points:deeds"), {"community": world.wumei.pk, "resident": "13812345678",
                                                "points": 20, "reason": "帮独居老人买菜"})
    assert response.status_code == 302
    assert services.balance_of(world.resident_person, world.wumei) == 20
    response = c.post(reverse("points:deeds"), {"community": world.wumei.pk, "resident": "13812345678",
                                                "points": "abc", "reason": "帮独居老人买菜"})
    assert response.status_code == 200 and GoodDeed.objects.count() == 1


def test_staff_create_restock_and_reprice_items(world, points, client_for):
    c = client_for(world.wumei_staff)
    response = c.post(reverse("points:items"), {"community": world.wumei.pk, "name": "洗衣液", "price": 30,
                                                "stock": 6, "donor": points.rice_shop.pk, "photo": upload(PNG)})
    assert response.status_code == 302
    item = Item.objects.get(name="洗衣液")
    assert item.photo and item.donor == points.rice_shop
    assert c.get(reverse("points:item_photo", args=[item.pk])).status_code == 200
    c.post(reverse("points:item", args=[item.pk]), {"action": "restock", "change": 4, "reason": "再捐"})
    assert Item.objects.get(pk=item.pk).stock == 10
    response = c.post(reverse("points:item", args=[item.pk]), {"action": "restock", "change": -11})
    assert "库存不能为负数" in response.content.decode()
    assert Item.objects.get(pk=item.pk).stock == 10
    page = c.get(reverse("points:item", args=[item.pk])).content.decode()
    assert "库存 6 → 10" in page
    c.post(reverse("points:item", args=[item.pk]), {"action": "change", "name": "洗衣液", "price": 25,
                                                    "active": "on"})
    assert Item.objects.get(pk=item.pk).price == 25


@pytest.mark.parametrize(("price", "stock"), [("0", "5"), ("abc", "5"), ("10", "-1"), ("10", "多")])
def test_bad_item_input_on_the_page_changes_nothing(world, points, client_for, price, stock):
    count = Item.objects.count()
    response = client_for(world.wumei_staff).post(reverse("points:items"), {
        "community": world.wumei.pk, "name": "洗衣液", "price": price, "stock": stock})
    assert response.status_code == 200
    page = response.content.decode()
    assert "请填写整数" in page or "请填写不小于 " in page
    assert Item.objects.count() == count


def test_other_communitys_staff_cannot_change_an_item(world, points, client_for):
    response = client_for(world.nanmen_staff).post(reverse("points:item", args=[points.rice.pk]),
                                                   {"action": "restock", "change": 5})
    assert response.status_code == 404
    assert Item.objects.get(pk=points.rice.pk).stock == 10


@pytest.mark.parametrize("name", PHONE_PAGES)
def test_phone_pages_render(world, earned, client_for, name):
    for user in (world.resident, world.volunteer, world.outsider):
        assert client_for(user).get(reverse(name)).status_code == 200, (user, name)


def test_the_resident_sees_her_balance_history_and_shop(world, earned, client_for):
    c = client_for(world.resident)
    page = c.get(reverse("points:m_home")).content.decode()
    assert ">100<" in page and "志愿服务积分" in page
    page = c.get(reverse("points:m_shop")).content.decode()
    assert "大米（5斤）" in page and "五美粮油店捐赠" in page


def test_the_resident_redeems_and_cancels_on_her_phone(world, earned, client_for):
    c = client_for(world.resident)
    response = c.post(reverse("points:m_item", args=[earned.rice.pk]), {"quantity": 1})
    assert response.status_code == 302
    r = Redemption.objects.get()
    assert services.balance_of(world.resident_person, world.wumei) == 50
    page = c.get(reverse("points:m_redemptions")).content.decode()
    assert "待领取" in page
    c.post(reverse("points:m_cancel", args=[r.pk]))
    assert Redemption.objects.get().status == RedemptionStatus.CANCELLED
    assert services.balance_of(world.resident_person, world.wumei) == 100
    assert Item.objects.get(pk=earned.rice.pk).stock == 10


def test_too_few_points_on_the_phone_is_a_message_and_nothing_changes(world, earned, client_for):
    response = client_for(world.resident).post(reverse("points:m_item", args=[earned.rice.pk]), {"quantity": 3})
    assert response.status_code == 200
    assert "积分不足：兑换需要 150 分，当前余额 100 分" in response.content.decode()
    assert Redemption.objects.count() == 0 and Item.objects.get(pk=earned.rice.pk).stock == 10


def test_staff_confirm_pickup_on_the_page(world, earned, client_for):
    r = services.redeem(actor=world.resident, item=earned.rice)
    assert client_for(world.nanmen_staff).post(reverse("points:pickup", args=[r.pk])).status_code == 404
    client_for(world.wumei_staff).post(reverse("points:pickup", args=[r.pk]))
    assert Redemption.objects.get(pk=r.pk).status == RedemptionStatus.PICKED_UP


def test_a_resident_cannot_cancel_anothers_redemption(world, earned, client_for):
    r = services.redeem(actor=world.resident, item=earned.rice)
    assert client_for(world.volunteer).post(reverse("points:m_cancel", args=[r.pk])).status_code == 404
    assert Redemption.objects.get(pk=r.pk).status == RedemptionStatus.REQUESTED


def test_the_board_thanks_donors_without_personal_data(world, earned, client):
    services.redeem(actor=world.resident, item=earned.rice)
    page = client.get(reverse("core:board", args=[world.wumei.pk])).content.decode()
    assert "感谢 五美粮油店 为积分超市捐赠 大米（5斤）" in page
    assert "王秀英" not in page and "王*英" not in page
