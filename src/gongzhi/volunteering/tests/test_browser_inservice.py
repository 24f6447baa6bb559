"""Browser story (Debian Chromium): 陈志刚, an in-service party member of 桂林市中医医院 who lives in 五美社区, applies to
report (报到) on his phone; 五美社区's staff confirm it on the workbench; he sees his registration and the date of his
next report; the hospital's liaison, on her phone and at her desk, sees his hours this year against the district's
target of 50 h and downloads his quarterly service card — a real PDF carrying his masked name only."""

import datetime as dt
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect
from pypdf import PdfReader

from gongzhi.core import clock
from gongzhi.testing.browser import touch_height
from gongzhi.volunteering.models import InServiceReport
from gongzhi.volunteering.services import inservice as services
from gongzhi.volunteering.tests.test_inservice_world import add_member, at, confirmed_hours

pytestmark = pytest.mark.browser

NOW = at(2026, 5, 12, 10)


def _keep_pdf_page(pdf: bytes, screenshot) -> None:
    """The card's first page as a PNG beside the screenshots (poppler's pdftoppm), to look at its typesetting."""
    if shutil.which("pdftoppm") is None:
        return
    folder = Path(settings.VAR_DIR) / "screenshots"
    (folder / "inservice-card.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-singlefile", str(folder / "inservice-card.pdf"),
                    str(folder / "inservice-10-card-pdf")], check=True, timeout=60)


def _no_sideways_scroll(page) -> None:
    width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], width


def test_a_member_reports_the_community_confirms_and_the_unit_follows_his_hours(live_world, login_page, screenshot):
    w = live_world
    chen = add_member(w)
    services.set_yearly_target(actor=w.district_staff, district=w.xiangshan, year=2026, hours=50)
    confirmed_hours(chen.person, w.wumei, dt.date(2026, 4, 18), "3.5", content="文明劝导")
    confirmed_hours(chen.person, w.wumei, dt.date(2026, 5, 4), "2", content="红袖标平安巡逻")
    confirmed_hours(chen.person, w.wumei, dt.date(2026, 2, 14), "3", content="社区义诊")

    with clock.frozen(NOW):
        # 1. 陈志刚 on his phone: 首页 → 在职党员报到 → 申请报到
        phone = login_page("party_chen", mobile=True)
        phone.locator(".m-shortcuts").get_by_text("在职党员报到").click()
        expect(phone).to_have_url(re.compile(r"/m/inservice/$"))
        expect(phone.get_by_test_id("registration-status")).to_have_text("未报到")
        phone.fill("#id_note", "周末可参加平安巡逻，可提供义诊")
        apply = phone.get_by_test_id("apply")
        assert touch_height(apply) >= 40
        screenshot(phone, "inservice-01-member-applies")
        apply.click()
        expect(phone.locator(".messages")).to_contain_text("报到申请已提交")
        expect(phone.get_by_test_id("pending-note")).to_contain_text("五美社区")
        _no_sideways_scroll(phone)
        screenshot(phone, "inservice-02-member-pending")
        assert InServiceReport.objects.get().status == "pending"

        # 2. 五美社区's staff, at the desk: 在职党员 → 待确认报到 → 确认报到
        staff = login_page("wumei_staff")
        staff.locator(".sidenav").get_by_text("在职党员").click()
        staff.get_by_test_id("queue-tab").click()
        row = staff.get_by_test_id("report-row").filter(has_text="陈志刚")
        expect(row).to_contain_text("首次报到")
        expect(row).to_contain_text("周末可参加平安巡逻")
        screenshot(staff, "inservice-03-community-queue")
        row.get_by_test_id("confirm-report").click()
        expect(staff.locator(".messages")).to_contain_text("已确认报到")
        staff.goto(staff.url.replace("/reports/", "/"))
        expect(staff.get_by_test_id("member-row").filter(has_text="陈志刚")).to_contain_text("报到有效")
        screenshot(staff, "inservice-04-community-list")

        # 3. He sees his registration and when to report again
        phone.reload()
        expect(phone.get_by_test_id("registration-status")).to_have_text("报到有效")
        expect(phone.get_by_test_id("valid-until")).to_have_text("2026-11-12")
        expect(phone.get_by_test_id("hours-year")).to_have_text("8.5")
        expect(phone.get_by_test_id("hours-target")).to_have_text("50")
        _no_sideways_scroll(phone)
        screenshot(phone, "inservice-05-member-registered")

        # 4. The hospital's liaison on her phone: the workbench's menu → 在职党员
        liaison_phone = login_page("hospital_liaison", mobile=True)
        liaison_phone.get_by_test_id("nav-toggle").click()
        liaison_phone.locator(".sidenav").get_by_text("在职党员").click()
        member_row = liaison_phone.get_by_test_id("member-row").filter(has_text="陈志刚")
        expect(member_row.get_by_test_id("member-hours")).to_contain_text("8.5 / 50")
        expect(member_row).to_contain_text("报到有效")
        _no_sideways_scroll(liaison_phone)
        screenshot(liaison_phone, "inservice-06-liaison-phone-list")
        member_row.get_by_role("link", name="陈志刚").click()
        expect(liaison_phone.get_by_test_id("hours-year")).to_contain_text("8.5")
        _no_sideways_scroll(liaison_phone)
        screenshot(liaison_phone, "inservice-07-liaison-phone-member")

        # 5. At her desk: the member's record → the second quarter's service card → PDF
        desk = login_page("hospital_liaison")
        desk.locator(".sidenav").get_by_text("在职党员").click()
        desk.get_by_test_id("member-row").filter(has_text="陈志刚").get_by_role("link", name="陈志刚").click()
        expect(desk.get_by_test_id("hours-target")).to_contain_text("50")
        screenshot(desk, "inservice-08-liaison-member")
        desk.get_by_test_id("card-link").nth(1).click()
        expect(desk.get_by_test_id("card-name")).to_have_text("陈**")
        expect(desk.locator("main")).to_contain_text("文明劝导")
        assert "陈志刚" not in desk.locator("main").inner_text()
        screenshot(desk, "inservice-09-quarterly-card")
        with desk.expect_download() as download:
            desk.locator(".page-actions").get_by_test_id("card-pdf").click()
        pdf = Path(download.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    _keep_pdf_page(pdf, screenshot)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "在职党员季度服务卡" in text and "陈**" in text and "陈志刚" not in text
    assert "2026年第2季度" in text and "5.5" in text and "文明劝导" in text
