"""Browser story (Debian Chromium): the liaison of 五美老字号桂林米粉店, on her phone (390×844), applies for the shop
to become 五美社区's 社企合伙 partner — first without saying what the shop gives (a clear message, nothing written),
then with 老年人就餐优惠2元. 五美社区's staff, at the desk, open the application, try an agreement that ends before
it starts (refused, nothing written), then approve it with the agreement (space and publicity, one year). The shop
appears on the community's public board under 社企合伙, with no person named. The shop, a member of 象山街道's
merchant alliance, publishes its elderly discount from the liaison's phone; 王秀英 finds it under 商家优惠 on hers."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from gongzhi.core import clock
from gongzhi.partners import services
from gongzhi.partners.models import Offer, Partner
from gongzhi.partners.tests.conftest import build_partners
from gongzhi.testing.browser import touch_height

pytestmark = pytest.mark.browser


def test_a_merchant_applies_and_staff_approve_it_onto_the_board(live_world, login_page, screenshot, live_server):
    w = live_world
    p = build_partners(w)

    # 1. The shop's liaison on her phone: 社区合伙人 → 申请成为合伙人
    phone = login_page("noodles_liaison", mobile=True)
    phone.goto(f"{live_server.url}/workbench/partners/")
    expect(phone.get_by_test_id("apply-link")).to_be_visible()
    phone.get_by_test_id("apply-link").click()
    expect(phone.get_by_test_id("apply-form")).to_be_visible()
    phone.select_option("#id_kind", "social_enterprise")
    phone.fill("#id_gets", "社区公众号宣传；商家联盟推荐")
    submit = phone.get_by_test_id("apply-submit")
    assert touch_height(submit) >= 36
    submit.click()
    expect(phone.locator(".errorlist")).to_contain_text("请填写合伙人提供的服务或资源")
    screenshot(phone, "partners-01-liaison-empty-gives")
    assert not Partner.objects.exists()
    phone.fill("#id_gives", "60岁以上老人每碗米粉正常价优惠2元；每月为独居老人送餐一次")
    phone.get_by_test_id("apply-submit").click()
    expect(phone.locator(".messages")).to_contain_text("已提交合伙申请")
    expect(phone.get_by_test_id("status")).to_have_text("待审核")
    screenshot(phone, "partners-02-liaison-applied")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1, f"the record page scrolls sideways on a phone ({width}px)"

    # 2. 五美社区's staff at the desk: the application in the list, then the record
    staff = login_page("wumei_staff")
    staff.locator(".sidenav").get_by_text("社区合伙人").click()
    row = staff.get_by_test_id("partner-row").filter(has_text="五美老字号桂林米粉店")
    expect(row.get_by_test_id("partner-status")).to_have_text("待审核")
    screenshot(staff, "partners-03-staff-list")
    row.get_by_role("link").click()
    expect(staff.get_by_test_id("gives")).to_contain_text("优惠2元")
    staff.fill("#id_approve-gets", "五美社区活动室每月一次；社区公众号、公示栏宣传")
    staff.fill("#id_approve-agreement_start", "2026-07-01")
    staff.fill("#id_approve-agreement_end", "2026-06-30")
    staff.get_by_test_id("approve").click()
    expect(staff.get_by_test_id("approve-form").locator(".errorlist")).to_contain_text(
        "截止日期（2026-06-30）早于起始日期（2026-07-01）")
    screenshot(staff, "partners-04-staff-agreement-dates-refused")
    assert Partner.objects.get().status == "applied"
    staff.fill("#id_approve-agreement_end", "2027-06-30")
    staff.get_by_test_id("approve").click()
    expect(staff.locator(".messages")).to_contain_text("已批准入伙")
    expect(staff.get_by_test_id("status")).to_have_text("已入伙")
    expect(staff.get_by_test_id("agreement-dates")).to_have_text("2026-07-01 — 2027-06-30")
    expect(staff.get_by_test_id("partner-history")).to_contain_text("批准入伙并签订合伙协议")
    screenshot(staff, "partners-05-staff-approved")
    p.noodles.refresh_from_db()
    assert p.noodles.partner_type == "social_enterprise"

    # 3. The public board: the shop under 社企合伙, no person named
    staff.goto(f"{live_server.url}/board/{w.wumei.pk}/")
    board = staff.get_by_test_id("board-partners")
    expect(board).to_contain_text("社企合伙（1）")
    expect(board.get_by_test_id("board-partner")).to_have_text("五美老字号桂林米粉店")
    expect(board).not_to_contain_text("莫老板")
    board.scroll_into_view_if_needed()
    screenshot(staff, "partners-06-board")

    # 4. The liaison sees the approved agreement on her phone
    phone.reload()
    expect(phone.get_by_test_id("status")).to_have_text("已入伙")
    screenshot(phone, "partners-07-liaison-approved")

    # 5. The shop joins 象山街道's merchant alliance; its liaison publishes the elderly discount on her phone
    alliance = services.create_alliance(actor=w.street_staff, region=w.xiangshan_street, name="象山街道商家联盟",
                                        founded_on=dt.date(2026, 3, 1))
    services.add_member(actor=w.street_staff, alliance=alliance, organisation=p.noodles, joined_on=dt.date(2026, 3, 1))
    phone.goto(f"{live_server.url}/workbench/partners/alliances/{alliance.pk}/")
    phone.fill("#id_offer-title", "老年人就餐优惠2元")
    phone.fill("#id_offer-description", "60岁以上老人凭老年证每碗米粉正常价优惠2元")
    phone.select_option("#id_offer-audience", "elderly")
    phone.fill("#id_offer-valid_from", clock.today().isoformat())
    phone.get_by_test_id("create-offer").click()
    expect(phone.locator(".messages")).to_contain_text("已发布优惠“老年人就餐优惠2元”")
    expect(phone.get_by_test_id("offer-status").first).to_have_text("已发布")
    screenshot(phone, "partners-08-liaison-offer-published")
    assert Offer.objects.get().organisation == p.noodles

    # 6. 王秀英 on her phone: 首页 → 商家优惠
    resident = login_page("resident", mobile=True)
    resident.locator(".m-shortcuts").get_by_text("商家优惠").click()
    expect(resident.get_by_test_id("m-offer")).to_have_count(1)
    expect(resident.get_by_test_id("m-offer")).to_contain_text("五美老字号桂林米粉店")
    screenshot(resident, "partners-09-resident-offers")
