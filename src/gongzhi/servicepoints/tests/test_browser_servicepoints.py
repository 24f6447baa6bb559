"""Browser story (Debian Chromium): 王秀英, on her phone (390×844), looks for the nearest canteen with an elderly
discount from her neighbourhood (五美小区): 五美社区老饭桌, a 5-minute walk, "老年人就餐正常价优惠2元" and the merchant's
published offer beside it; she opens her community's 15-minute map. At the desk, 五美社区's staff see the points, the
circle's map with its gaps (no elderly activity centre within 15 minutes), type a point with the longitude mistyped
(refused: outside 象山区, nothing written), correct it, and the gap closes on the map."""

import pytest
from playwright.sync_api import expect

from gongzhi.servicepoints.models import ServicePoint
from gongzhi.servicepoints.tests.conftest import build_points
from gongzhi.testing.browser import touch_height

pytestmark = pytest.mark.browser


def test_a_resident_finds_a_canteen_and_staff_close_a_gap(live_world, login_page, screenshot, live_server):
    w = live_world
    build_points(w)

    # 1. On her phone: 首页 → 身边服务 → 老年优惠
    phone = login_page("resident", mobile=True)
    phone.locator(".m-shortcuts").get_by_text("身边服务").click()
    expect(phone.get_by_test_id("nearby-point")).to_have_count(3)
    expect(phone.get_by_test_id("nearby-point").first).to_contain_text("五美红色驿站")
    expect(phone.get_by_test_id("walk-note")).to_contain_text("4.5 公里")
    screenshot(phone, "servicepoints-01-resident-nearby")
    need = phone.get_by_test_id("need-elderly_discount")
    assert touch_height(need) >= 44  # a large touch target
    need.click()
    card = phone.get_by_test_id("nearby-point")
    expect(card).to_have_count(1)
    expect(card).to_contain_text("五美社区老饭桌")
    expect(card).to_contain_text("步行约 5 分钟")
    expect(card.get_by_test_id("discount")).to_have_text("老年人就餐正常价优惠2元")
    expect(card.get_by_test_id("offer")).to_contain_text("老年人就餐正常价优惠2元")
    screenshot(phone, "servicepoints-02-resident-canteen-with-discount")
    card.click()
    expect(phone.get_by_test_id("point-card")).to_contain_text("每天 10:30—19:00")
    screenshot(phone, "servicepoints-03-resident-canteen")

    # 2. Her community's 15-minute circle
    phone.get_by_role("link", name="返回身边服务").click()
    phone.get_by_test_id("circle-link").click()
    expect(phone.get_by_test_id("circle-map")).to_be_visible()
    expect(phone.get_by_test_id("m-circle-row").first).to_contain_text("缺老年活动中心")
    screenshot(phone, "servicepoints-04-resident-circle-map")

    # 3. 五美社区's staff: the points, then the circle's map with the gaps
    staff = login_page("wumei_staff")
    staff.locator(".sidenav").get_by_text("服务阵地").click()
    expect(staff.get_by_test_id("point-row")).to_have_count(3)
    screenshot(staff, "servicepoints-05-staff-points")
    staff.get_by_test_id("circle-tab").click()
    expect(staff.get_by_test_id("map-neighbourhood")).to_have_count(2)
    expect(staff.locator("[data-testid=map-neighbourhood][data-gap]")).to_have_count(2)
    expect(staff.get_by_test_id("circle-gaps").first).to_have_text("老年活动中心")
    screenshot(staff, "servicepoints-06-staff-circle-gaps")

    # 4. A new elderly activity centre, the longitude mistyped: refused, nothing written
    staff.get_by_test_id("points-tab").click()
    form = staff.get_by_test_id("new-point")
    form.locator("#id_kind").select_option("elderly_centre")
    form.locator("#id_name").fill("五美老年活动中心")
    form.locator("#id_address").fill("文化路20号")
    form.locator("#id_lat").fill("25.2672")
    form.locator("#id_lon").fill("101.2938")
    form.locator("input[name=offerings][value=activities]").check()
    form.locator("input[name=offerings][value=reading]").check()
    form.locator("#id_opens_at").fill("08:00")
    form.locator("#id_closes_at").fill("21:00")
    staff.get_by_test_id("create-point").click()
    expect(staff.locator(".errorlist").first).to_contain_text("不在象山区范围内")
    screenshot(staff, "servicepoints-07-staff-coordinates-refused")
    assert not ServicePoint.objects.filter(name="五美老年活动中心").exists()
    staff.get_by_test_id("new-point").locator("#id_lon").fill("110.2938")
    staff.get_by_test_id("create-point").click()
    expect(staff.locator(".messages")).to_contain_text("已登记服务阵地：五美老年活动中心")
    expect(staff.get_by_test_id("point-card")).to_contain_text("每天 08:00—21:00")
    screenshot(staff, "servicepoints-08-staff-point-added")

    # 5. The gap is closed on the map
    staff.get_by_test_id("circle-tab").click()
    expect(staff.locator("[data-testid=map-neighbourhood][data-gap]")).to_have_count(0)
    expect(staff.get_by_test_id("circle-gaps").first).to_have_text("齐全")
    screenshot(staff, "servicepoints-09-staff-circle-complete")

    # 6. On a phone, the staff's circle page too (390×844)
    staff_phone = login_page("wumei_staff", mobile=True)
    staff_phone.goto(f"{live_server.url}/workbench/servicepoints/circle/")
    expect(staff_phone.get_by_test_id("circle-map")).to_be_visible()
    screenshot(staff_phone, "servicepoints-10-staff-circle-phone")

    # 7. The community's public board on a resident's phone (QR code on the 党务公开栏; no login): its service
    # points and the 15-minute-circle figures, with no sideways scrolling
    board = staff_phone.context.browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                                    has_touch=True, device_scale_factor=2, locale="zh-CN")
    public = board.new_page()
    public.goto(f"{live_server.url}/board/{live_world.wumei.pk}/")
    section = public.get_by_test_id("board-service-points")
    expect(section.get_by_test_id("board-service-point").first).to_be_visible()
    expect(public.get_by_test_id("board-circle")).to_contain_text("15分钟服务圈")
    assert public.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    section.scroll_into_view_if_needed()
    screenshot(public, "servicepoints-11-board-on-a-phone")
    board.close()
