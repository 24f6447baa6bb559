"""Browser story (Debian Chromium): 王秀英 asks for help from her phone, 五美社区's staff approve it in the
periodic review, and the hospital's liaison claims it with a deadline; she then sees who took it on."""

import datetime as dt

import pytest

from gongzhi.core import clock
from gongzhi.lists.models import Claim, Need
from gongzhi.lists.tests.conftest import seed_categories

pytestmark = pytest.mark.browser

TITLE = "希望社区组织老年人免费体检"


def test_a_residents_need_is_reviewed_published_and_claimed(live_world, login_page, screenshot, live_server):
    seed_categories()

    # 1. The resident, on her phone: tab bar → 需求 → 提需求
    phone = login_page("resident", mobile=True)
    tabs = phone.locator(".m-tabbar a")
    assert tabs.count() == 5
    assert all(tabs.nth(i).bounding_box()["height"] >= 44 for i in range(5))
    phone.locator(".m-tabbar").get_by_text("需求").click()
    phone.get_by_test_id("new-need").click()
    assert phone.url.endswith("/m/needs/new/")
    phone.fill("#id_title", TITLE)
    phone.select_option("#id_category", label="义诊医疗")
    phone.get_by_label("老年人").check()
    phone.get_by_label("困难群众").check()
    phone.fill("#id_description", "五美小区独居老人较多，希望每季度能有一次体检。")
    submit = phone.get_by_role("button", name="提交")
    assert submit.bounding_box()["height"] >= 44  # a large touch target
    screenshot(phone, "lists-01-resident-new-need")
    submit.click()
    phone.wait_for_load_state("networkidle")
    assert phone.url.endswith("/m/needs/")
    mine = phone.get_by_test_id("my-need").first
    assert TITLE in mine.inner_text() and "待审核" in mine.inner_text()
    screenshot(phone, "lists-02-resident-my-needs-submitted")
    need = Need.objects.get(title=TITLE)
    assert need.channel == "online" and need.community == live_world.wumei

    # 2. 五美社区's staff: 需求清单 → 待审核 → 采纳并公布
    staff = login_page("wumei_staff")
    staff.locator(".sidenav").get_by_text("需求清单").click()
    assert "1" in staff.get_by_test_id("queue-tab").inner_text()
    staff.get_by_test_id("queue-tab").click()
    row = staff.get_by_test_id("review-row").filter(has_text=TITLE)
    assert "指尖直通" in row.inner_text()
    screenshot(staff, "lists-03-review-queue")
    row.get_by_test_id("approve").click()
    staff.wait_for_load_state("networkidle")
    assert "已采纳并公布" in staff.locator(".messages").inner_text()
    assert staff.get_by_test_id("review-row").count() == 0
    staff.locator(".l-tabs").get_by_text("已公布").click()
    assert TITLE in staff.locator("table.table").inner_text()
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
    liaison.wait_for_load_state("networkidle")
    assert "已认领" in liaison.locator(".messages").inner_text()
    claim_row = liaison.get_by_test_id("claim-row").first
    assert "桂林市中医医院" in claim_row.inner_text() and deadline.isoformat() in claim_row.inner_text()
    screenshot(liaison, "lists-05-liaison-claimed")
    made = Claim.objects.get(need=need)
    assert made.organisation == live_world.hospital and made.deadline == deadline

    # 4. Back on her phone she sees who took it on
    phone.goto(f"{live_server.url}/m/needs/")
    mine = phone.get_by_test_id("my-need").first
    assert "已公布" in mine.inner_text() and "桂林市中医医院" in mine.inner_text()
    screenshot(phone, "lists-06-resident-my-needs-claimed")
