"""Browser story (Debian Chromium): 王秀英 served 12 hours that her organiser confirmed; the points arrive at
五美社区's 10 points an hour (the sweep then finds nothing left to pay). On her phone (390×844) she sees her balance and history, opens the points
supermarket, tries three bags of rice (not enough points: a clear message, nothing taken), then redeems one bottle
of oil. 五美社区's staff, at the desk, see the request, confirm the pick-up; stock and balance are right on both
sides, and the public board thanks the donor."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from gongzhi.core import clock
from gongzhi.organisations.services import create_organisation
from gongzhi.points import services
from gongzhi.points.models import Item, Redemption
from gongzhi.points.tests.conftest import hours_entry
from gongzhi.testing.browser import touch_height

pytestmark = pytest.mark.browser


def test_a_resident_spends_her_points_and_staff_hand_over_the_item(live_world, login_page, screenshot, live_server):
    w = live_world
    services.set_rule(actor=w.wumei_staff, community=w.wumei, points_per_hour=10, effective_from=dt.date(2026, 1, 1))
    shop = create_organisation(actor=w.admin, name="五美粮油店", kind="merchant", home=w.wumei)
    rice = services.create_item(actor=w.wumei_staff, community=w.wumei, name="大米（5斤）", price=50, stock=20,
                                donor=shop, description="桂林本地香米")
    oil = services.create_item(actor=w.wumei_staff, community=w.wumei, name="食用油（1.8升）", price=80, stock=3,
                               donor=shop)
    services.create_item(actor=w.wumei_staff, community=w.wumei, name="理发券", price=30, stock=10,
                         donor=w.hospital)
    # the organiser confirms her hours (the entries are saved confirmed): the points arrive on commit
    hours_entry(w, hours="4.0", served_on=clock.today() - dt.timedelta(days=10))
    hours_entry(w, hours="8.0", served_on=clock.today() - dt.timedelta(days=3))
    assert services.sweep().credited == 0  # the sweep finds nothing left to pay
    assert services.balance_of(w.resident_person, w.wumei) == 120

    # 1. On her phone: 首页 → 我的积分: 120 points, two credits in the history
    phone = login_page("resident", mobile=True)
    phone.locator(".m-shortcuts").get_by_text("我的积分").click()
    expect(phone.get_by_test_id("balance")).to_have_text("120")
    expect(phone.get_by_test_id("history-row")).to_have_count(2)
    expect(phone.get_by_test_id("history-row").first).to_contain_text("志愿服务积分")
    expect(phone.get_by_test_id("history-row").first).to_contain_text("+80")
    screenshot(phone, "points-01-resident-balance")

    # 2. The points supermarket
    phone.get_by_test_id("shop-link").click()
    expect(phone.get_by_test_id("shop-item")).to_have_count(3)
    expect(phone.get_by_test_id("shop-balance")).to_have_text("120")
    expect(phone.get_by_test_id("shop-item").filter(has_text="大米")).to_contain_text("五美粮油店捐赠")
    screenshot(phone, "points-02-resident-shop")

    # 3. Three bags of rice cost 150: refused with a clear message, nothing taken
    phone.get_by_test_id("shop-item").filter(has_text="大米").click()
    phone.fill("#id_quantity", "3")
    phone.get_by_test_id("redeem").click()
    expect(phone.locator(".errorlist")).to_contain_text("积分不足：兑换需要 150 分，当前余额 120 分")
    screenshot(phone, "points-03-resident-not-enough-points")
    assert Redemption.objects.count() == 0 and Item.objects.get(pk=rice.pk).stock == 20

    # 4. One bottle of oil, 80 points
    phone.get_by_role("link", name="返回积分超市").click()
    phone.get_by_test_id("shop-item").filter(has_text="食用油").click()
    redeem = phone.get_by_test_id("redeem")
    assert touch_height(redeem) >= 44  # a large touch target
    redeem.click()
    expect(phone.locator(".messages")).to_contain_text("兑换成功")
    expect(phone.get_by_test_id("my-redemption-status").first).to_have_text("待领取")
    screenshot(phone, "points-04-resident-redeemed")
    assert services.balance_of(w.resident_person, w.wumei) == 40
    assert Item.objects.get(pk=oil.pk).stock == 2

    # 5. 五美社区's staff at the desk: 积分与积分超市 → 兑换领取 → 确认领取
    staff = login_page("wumei_staff")
    staff.locator(".sidenav").get_by_text("积分与积分超市").click()
    expect(staff.get_by_test_id("txn-row")).to_have_count(3)
    screenshot(staff, "points-05-staff-ledger")
    staff.get_by_test_id("redemptions-tab").click()
    row = staff.get_by_test_id("redemption-row").filter(has_text="食用油")
    expect(row).to_contain_text("王秀英")
    expect(row).to_contain_text("待领取")
    screenshot(staff, "points-06-staff-redemptions")
    row.get_by_test_id("pickup").click()
    expect(staff.locator(".messages")).to_contain_text("已确认领取")
    expect(staff.get_by_test_id("redemption-status").first).to_have_text("已领取")
    screenshot(staff, "points-07-staff-picked-up")

    # 6. Stock on the items page; her phone shows it picked up and 40 points left
    staff.get_by_test_id("items-tab").click()
    expect(staff.get_by_test_id("item-row").filter(has_text="食用油").get_by_test_id("item-stock")).to_have_text("2")
    screenshot(staff, "points-08-staff-items")
    phone.goto(f"{live_server.url}/m/points/redemptions/")
    expect(phone.get_by_test_id("my-redemption-status").first).to_have_text("已领取")
    phone.goto(f"{live_server.url}/m/points/")
    expect(phone.get_by_test_id("balance")).to_have_text("40")
    expect(phone.get_by_test_id("history-row").first).to_contain_text("-80")
    screenshot(phone, "points-09-resident-after-pickup")
    redemption = Redemption.objects.get()
    assert redemption.status == "picked_up" and redemption.picked_up_by == w.wumei_staff
    assert services.check_ledger().ok

    # 7. The public board thanks the donor, and names no resident
    staff.goto(f"{live_server.url}/board/{w.wumei.pk}/")
    expect(staff.get_by_test_id("points-donors")).to_contain_text("感谢 五美粮油店 为积分超市捐赠")
    expect(staff.locator("body")).not_to_contain_text("王秀英")
    screenshot(staff, "points-10-public-board-donors")
