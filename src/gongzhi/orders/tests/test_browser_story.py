"""Browser story (Debian Chromium): 王秀英 orders 一元理发 from her community's menu on her phone; 五美社区's staff
see it on the dispatch board with a suggestion and its reason and dispatch it; the merchant alliance's liaison takes
it and marks it done; her phone's live status (htmx polling) moves on by itself, and she confirms and rates it."""

import re

import pytest
from playwright.sync_api import expect

from gongzhi.orders import services
from gongzhi.orders.models import Order
from gongzhi.orders.tests.conftest import build_menu_world
from gongzhi.testing.browser import touch_height

pytestmark = pytest.mark.browser


def test_a_resident_orders_from_the_menu_and_the_loop_closes(live_world, login_page, screenshot, live_server):
    menu = build_menu_world(live_world)

    # 1. The resident, on her phone: home → 服务菜单 → 一元理发 → 立即点单
    phone = login_page("resident", mobile=True)
    phone.locator(".m-shortcuts").get_by_text("服务菜单").click()
    expect(phone).to_have_url(re.compile(r"/m/orders/menu/$"))  # waits for the navigation the click began
    haircut = phone.get_by_test_id("menu-item").filter(has_text="一元理发")
    expect(haircut).to_contain_text("半公益 · 1元")
    expect(haircut).to_contain_text("剩余 20 个名额")
    assert touch_height(haircut) >= 48  # a large touch target
    screenshot(phone, "orders-01-menu")
    haircut.click()
    phone.fill("#id_description", "腿脚不便，希望上午人少的时候去")
    screenshot(phone, "orders-02-item")
    phone.get_by_test_id("place-order").click()
    expect(phone.locator(".messages")).to_contain_text("点单成功")
    expect(phone.get_by_test_id("status-badge")).to_have_text("待派单")
    screenshot(phone, "orders-03-ordered")
    order = Order.objects.get(title="一元理发")
    assert order.resident == live_world.resident_person and order.holds_place

    # 2. 五美社区's staff: 派单调度 → the order → a suggestion with its reason → 派给此服务
    staff = login_page("wumei_staff")
    staff.locator(".sidenav").get_by_text("派单调度").click()
    row = staff.get_by_test_id("order-row").filter(has_text="一元理发")
    expect(row).to_contain_text("王秀英")
    expect(row).to_contain_text("待派单")
    screenshot(staff, "orders-04-board")
    row.get_by_role("link", name="一元理发").click()
    suggestion = staff.get_by_test_id("suggestion").first
    expect(suggestion).to_contain_text("一元理发")
    expect(suggestion).to_contain_text("五美路商家联盟")
    expect(suggestion.get_by_test_id("reason")).to_contain_text("理发")
    expect(suggestion.get_by_test_id("reason")).to_contain_text("同一社区")
    screenshot(staff, "orders-05-suggestions")
    suggestion.get_by_test_id("dispatch-suggestion").click()
    expect(staff.locator(".messages")).to_contain_text("已派单给五美路商家联盟")
    expect(staff.get_by_test_id("order-status")).to_have_text("已派单")
    screenshot(staff, "orders-06-dispatched")

    # 3. The merchant alliance's liaison: 接单大厅 → 接单 → 服务已完成
    liaison = login_page("merchant_liaison")
    liaison.locator(".sidenav").get_by_text("接单大厅").click()
    mine = liaison.get_by_test_id("mine-row").filter(has_text="一元理发")
    expect(mine).to_contain_text("王**")  # her full name and number only once taken
    screenshot(liaison, "orders-07-hall")
    mine.get_by_test_id("take").click()
    expect(liaison.locator(".messages")).to_be_visible()
    mine = liaison.get_by_test_id("mine-row").filter(has_text="一元理发")
    expect(mine).to_contain_text("王秀英")
    expect(mine).to_contain_text("13812345678")
    mine.locator("input[name=note]").fill("已在社区党群服务中心理发，收费1元")
    mine.get_by_test_id("deliver").click()
    expect(liaison.locator(".messages")).to_contain_text("已标记服务完成")
    screenshot(liaison, "orders-08-delivered")

    # 4. Her phone was left on the order: the live status polls and the page moves on by itself
    phone.get_by_test_id("confirm").wait_for(timeout=20_000)
    for step in ("派单给五美路商家联盟", "五美路商家联盟接单", "收费1元"):
        expect(phone.get_by_test_id("timeline")).to_contain_text(step)
    screenshot(phone, "orders-09-to-confirm")
    phone.get_by_test_id("confirm").click()
    expect(phone.locator("label[for=rating-5]")).to_be_visible()
    phone.locator("label[for=rating-5]").click()
    phone.fill("#id_comment", "师傅手艺好，很耐心")
    phone.get_by_test_id("rate").click()
    expect(phone.locator(".messages")).to_contain_text("感谢您的评价")
    expect(phone.get_by_test_id("status-badge")).to_have_text("已评价")
    screenshot(phone, "orders-10-rated")
    order.refresh_from_db()
    assert order.status == "rated" and order.rating == 5 and order.comment == "师傅手艺好，很耐心"

    # 5. Two neighbours phone the grid worker for help; the staff dispatch both at once (批量派单)
    for title, code in (("想给卧床的老伴请人上门理发", "repairs"), ("想找中医看看腰疼", "medical")):
        services.place_order(actor=live_world.wumei_grid_worker, resident=menu.neighbour_person
                             if code == "repairs" else live_world.volunteer_person, title=title,
                             category=menu.cats[code], channel="phone")
    staff.locator(".sidenav").get_by_text("派单调度").click()
    staff.get_by_role("link", name="批量派单").first.click()
    staff.get_by_test_id("propose").click()
    rows = staff.get_by_test_id("proposal-row")
    expect(rows).to_have_count(2)
    expect(rows.filter(has_text="理发")).to_contain_text("一元理发")
    expect(rows.filter(has_text="腰疼")).to_contain_text("中医义诊进社区")
    screenshot(staff, "orders-11-batch-proposal")
    staff.get_by_test_id("confirm-batch").click()
    expect(staff.locator(".messages")).to_contain_text("已批量派单 2 单")
    staff.locator(".sidenav").get_by_text("服务菜单").click()
    expect(staff.get_by_test_id("menu-row")).to_have_count(3)  # waits for the menu page, then counts
    screenshot(staff, "orders-12-menu-admin")
    phone.goto(f"{live_server.url}/m/orders/")
    expect(phone.get_by_test_id("my-order").first).to_contain_text("已评价")
    screenshot(phone, "orders-13-my-orders")
