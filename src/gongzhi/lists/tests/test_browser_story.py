"""Browser story (Debian Chromium): 王秀英 asks for help from her phone, 五美社区's staff approve it in the
periodic review, and the hospital's liaison claims it with a deadline; she then sees who took it on."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from gongzhi.core import clock
from gongzhi.lists.models import Claim, Need
from gongzhi.lists.tests.conftest import seed_categories
from gongzhi.testing.browser import touch_height

pytestmark = pytest.mark.browser

TITLE = "希望社区组织老年人免费体检"


def test_a_residents_need_is_reviewed_published_and_claimed(live_world, login_page, screenshot, live_server):
    seed_categories()

    # 1. The resident, on her phone: tab bar → 需求 → 提需求
    phone = login_page("resident", mobile=True)
    tabs = phone.locator(".m-tabbar a")
    expect(tabs).to_have_count(5)
    assert all(touch_height(tabs.nth(i)) >= 44 for i in range(5))
    phone.locator(".m-tabbar").get_by_text("需求").click()
    phone.get_by_test_id("new-need").click()
    expect(phone).to_have_url(re.compile(r"/m/needs/new/$"))  # waits for the navigation the click began
    phone.fill("#id_title", TITLE)
    phone.select_option("#id_category", label="义诊医疗")
    phone.get_by_label("老年人").check()
    phone.get_by_label("困难群众").check()
    phone.fill("#id_description", "五美小区独居老人较多，希望每季度能有一次体检。")
    submit = phone.get_by_role("button", name="提交")
    assert touch_height(submit) >= 44  # a large touch target
    screenshot(phone, "lists-01-resident-new-need")
    submit.click()
    expect(phone).to_have_url(re.compile(r"/m/needs/$"))
    mine = phone.get_by_test_id("my-need").first
    expect(mine).to_contain_text(TITLE)
    expect(mine).to_contain_text("待审核")
    screenshot(phone, "lists-02-resident-my-needs-submitted")
    need = Need.objects.get(title=TITLE)
    assert need.channel == "online" and need.community == live_world.wumei

    # 2. 五美社区's staff: 需求清单 → 待审核 → 采纳并公布
    staff = login_page("wumei_staff")
    staff.locator(".sidenav").get_by_text("需求清单").click()
    expect(staff.get_by_test_id("queue-tab")).to_contain_text("1")
    staff.get_by_test_id("queue-tab").click()
    row = staff.get_by_test_id("review-row").filter(has_text=TITLE)
    expect(row).to_contain_text("指尖直通")
    screenshot(staff, "lists-03-review-queue")
    row.get_by_test_id("approve").click()
    expect(staff.locator(".messages")).to_contain_text("已采纳并公布")
    expect(staff.get_by_test_id("review-row")).to_have_count(0)
    staff.locator(".l-tabs").get_by_text("已公布").click()
    expect(staff.locator("table.table")).to_contain_text(TITLE)
    screenshot(staff, "lists-04-needs-published")
    need.refresh_from_db()
    assert need.status == "published" and need.published_at is not None

    # 3. The hospital's liaison: 需求清单 → the need → 认领 with a deadline
    liaison = login_page("hospital_liaison")
    liaison.locator(".sidenav").get_by_text("需求清单").click()
    liaison.get_by_role("link", name=TITLE).click()
    deadline = clock.today() + dt.timedelta(days=30)
    form = liaison.get_by_test_id("claim-form")
    form.locator("input[type=date]").fill(deadline.isoformat())
    form.locator("input[name=note]").fill("派中医团队上门体检")
    form.get_by_role("button", name="认领").click()
    expect(liaison.locator(".messages")).to_contain_text("已认领")
    claim_row = liaison.get_by_test_id("claim-row").first
    expect(claim_row).to_contain_text("桂林市中医医院")
    expect(claim_row).to_contain_text(deadline.isoformat())
    screenshot(liaison, "lists-05-liaison-claimed")
    made = Claim.objects.get(need=need)
    assert made.organisation == live_world.hospital and made.deadline == deadline

    # 4. Back on her phone she sees who took it on
    phone.goto(f"{live_server.url}/m/needs/")
    mine = phone.get_by_test_id("my-need").first
    expect(mine).to_contain_text("已公布")
    expect(mine).to_contain_text("桂林市中医医院")
    screenshot(phone, "lists-06-resident-my-needs-claimed")
