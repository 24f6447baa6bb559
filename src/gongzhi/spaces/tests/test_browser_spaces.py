"""Browser story (Debian Chromium): 五美书画社, a merchant and an approved partner of 五美社区, books the hall every
Friday evening for a term in exchange for a free calligraphy class for the elderly: its liaison checks every Friday
before submitting (all free), submits; 王秀英 on her phone (390×844) tries one of those Friday evenings and is told
the date and time already taken; 五美社区's staff approve the series; the liaison cancels one Friday, which frees it,
and 王秀英 books it after all. The partner's commitment and the usage page show what was exchanged."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from gongzhi.core import clock
from gongzhi.spaces import services
from gongzhi.spaces.models import Application, Booking, BookingStatus
from gongzhi.spaces.tests.conftest import build_spaces
from gongzhi.testing.browser import touch_height

pytestmark = pytest.mark.browser


def test_a_merchant_books_the_hall_every_friday_for_a_free_class(live_world, login_page, screenshot, live_server):
    w = live_world
    s = build_spaces(w)
    today = clock.today()
    friday = today + dt.timedelta(days=(4 - today.weekday()) % 7 + 7)  # a Friday one to two weeks ahead
    until = friday + dt.timedelta(weeks=15)
    clash = friday + dt.timedelta(weeks=3)
    label = services.describe_slot(services.at(clash, dt.time(19)), services.at(clash, dt.time(20, 30)))

    # 1. The merchant's liaison: 空间使用 → the hall → 申请使用, checks the 16 Fridays, then submits
    desk = login_page("shuhua_liaison")
    desk.locator(".sidenav").get_by_text("空间使用").click()
    desk.get_by_test_id("venue-row").filter(has_text="党群服务中心多功能厅").get_by_role("link").first.click()
    expect(desk.get_by_test_id("opening-hours")).to_contain_text("周五 08:30-12:00 14:30-21:00")
    desk.get_by_test_id("apply-link").click()
    desk.wait_for_load_state("load")
    desk.select_option("#id_applicant", f"partner:{s.partner.pk}")
    desk.fill("#id_purpose", "书法兴趣班")
    desk.fill("#id_attendance", "30")
    desk.fill("#id_first_date", friday.isoformat())
    desk.fill("#id_starts", "19:00")
    desk.fill("#id_ends", "20:30")
    desk.fill("#id_repeat_until", until.isoformat())
    desk.fill("#id_exchange_service", "每次课后为社区老人免费上一节书法课")
    desk.get_by_test_id("preview").click()
    expect(desk.get_by_test_id("preview-result")).to_contain_text("共 16 次")
    expect(desk.get_by_test_id("occurrence-ok")).to_have_count(16)
    screenshot(desk, "spaces-01-liaison-preview-term")
    assert not Application.objects.exists()  # the preview wrote nothing
    desk.get_by_test_id("submit").click()
    expect(desk.locator(".messages")).to_contain_text("申请已提交（共 16 次）")
    expect(desk.get_by_test_id("status")).to_have_text("待审核")
    expect(desk.get_by_test_id("commitment")).to_contain_text("每次课后为社区老人免费上一节书法课")
    screenshot(desk, "spaces-02-liaison-submitted")

    # 2. 王秀英 on her phone tries one of those Friday evenings: refused, the date and time named, nothing written
    phone = login_page("resident", mobile=True)
    phone.locator(".m-shortcuts").get_by_text("预约场地").click()
    phone.get_by_test_id("m-venue").filter(has_text="党群服务中心多功能厅").click()
    phone.wait_for_load_state("load")
    phone.fill("#id_purpose", "合唱排练")
    phone.fill("#id_attendance", "20")
    phone.fill("#id_first_date", clash.isoformat())
    phone.fill("#id_starts", "19:30")
    phone.fill("#id_ends", "20:30")
    apply_button = phone.get_by_test_id("m-apply")
    assert touch_height(apply_button) >= 44  # a large touch target
    apply_button.click()
    expect(phone.locator(".errorlist").first).to_contain_text(f"{label} 已被预约")
    screenshot(phone, "spaces-03-resident-clash-refused")
    assert Booking.objects.count() == 16

    # 3. 五美社区's staff approve the series
    staff = login_page("wumei_staff")
    staff.locator(".sidenav").get_by_text("空间使用").click()
    staff.get_by_test_id("applications-tab").click()
    row = staff.get_by_test_id("application-row").filter(has_text="书法兴趣班")
    expect(row).to_contain_text("五美书画社")
    expect(row).to_contain_text("共 16 次")
    screenshot(staff, "spaces-04-staff-applications")
    row.get_by_role("link", name="书法兴趣班").click()
    staff.get_by_test_id("approve").click()
    expect(staff.locator(".messages")).to_contain_text("已批准")
    expect(staff.get_by_test_id("status")).to_have_text("已批准")
    screenshot(staff, "spaces-05-staff-approved")

    # 4. The liaison cancels the class on the clashing Friday: the slot is free again
    desk.reload()
    expect(desk.get_by_test_id("status")).to_have_text("已批准")
    target = desk.get_by_test_id("booking-row").filter(has_text=clash.strftime("%Y-%m-%d"))
    target.get_by_test_id("cancel-booking").click()
    expect(desk.locator(".messages")).to_contain_text(f"已取消 {label}，该时段已释放")
    expect(desk.get_by_test_id("booking-row").filter(has_text=clash.strftime("%Y-%m-%d"))
           .get_by_test_id("booking-status")).to_contain_text("已取消")
    screenshot(desk, "spaces-06-liaison-cancelled-one-friday")

    # 5. Now 王秀英's rehearsal fits
    phone.get_by_test_id("m-apply").click()
    expect(phone.locator(".messages")).to_contain_text("申请已提交")
    expect(phone.get_by_test_id("m-application").first).to_contain_text("合唱排练")
    expect(phone.get_by_test_id("m-application-status").first).to_have_text("待审核")
    screenshot(phone, "spaces-07-resident-booked-freed-slot")
    assert Booking.objects.filter(status__in=["applied", "approved"]).count() == 16

    # 6. The hall's week shows the class, and the usage page lists the service obtained in exchange
    staff.goto(f"{live_server.url}/workbench/spaces/venues/{s.hall.pk}/?week={friday.isoformat()}")
    expect(staff.get_by_test_id("week-booking").filter(has_text="书法兴趣班")).to_have_count(1)
    screenshot(staff, "spaces-08-staff-hall-week")
    staff.get_by_test_id("usage-tab").click()
    expect(staff.get_by_test_id("commitment-row")).to_contain_text("每次课后为社区老人免费上一节书法课")
    expect(staff.get_by_test_id("usage-row").filter(has_text="党群服务中心多功能厅")).to_be_visible()
    screenshot(staff, "spaces-09-staff-usage")
    assert re.search(r"\d", staff.get_by_test_id("usage-rate").first.inner_text())
    assert Booking.objects.filter(status=BookingStatus.CANCELLED).count() == 1
