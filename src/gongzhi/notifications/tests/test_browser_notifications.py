"""Browser story (Debian Chromium): a whistle tells the department. 五美社区 whistles the judicial office about a
flooded flat; the office's receiver sees the bell's red count on the wall-sized workbench, opens the inbox, follows
the notification to the whistle inbox, and the count is gone; on her phone the bell is there too, and she chooses SMS
for whistles. The case is resolved and 王秀英's phone bell asks her to confirm it."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from gongzhi.cases import services
from gongzhi.cases.testing import seed_case_categories
from gongzhi.cases.tests.conftest import CST
from gongzhi.core import clock

pytestmark = pytest.mark.browser
MONDAY_9 = dt.datetime(2026, 5, 11, 9, 0, tzinfo=CST)
WALL = {"width": 1920, "height": 1080}


def test_a_whistle_notifies_the_receiver_until_read(live_world, login_page, screenshot, live_server):
    w = live_world
    cats = seed_case_categories()
    with clock.frozen(MONDAY_9):
        case = services.report_case(actor=w.resident, category=cats["sewage"], community=w.wumei,
                                    title="楼上下水管堵塞，污水倒灌", description="卫生间地漏反水。", channel="phone_app",
                                    place=w.wumei_b1, address="五美小区1栋")
        services.accept_case(actor=w.wumei_grid_worker, case=case)
        services.blow_whistle(actor=w.wumei_staff, case=case, departments=[w.judicial_office],
                              request="请司法所到场调解")
    with clock.frozen(MONDAY_9 + dt.timedelta(minutes=5)):
        # 1. The receiver at the wall screen: the bell counts one
        receiver = login_page("judicial_receiver")
        receiver.set_viewport_size(WALL)
        receiver.goto(f"{live_server.url}/workbench/")
        expect(receiver.get_by_test_id("bell-badge")).to_have_text("1")
        screenshot(receiver, "notify-01-receiver-bell")
        receiver.get_by_test_id("bell").click()
        expect(receiver.get_by_test_id("notice")).to_have_count(1)
        expect(receiver.get_by_test_id("notice")).to_have_class("notice unread")
        expect(receiver.get_by_test_id("notice")).to_contain_text(case.number)
        screenshot(receiver, "notify-02-receiver-inbox")
        # 2. Following it opens the whistle inbox, and it is read
        receiver.get_by_test_id("notice").locator("a").click()
        expect(receiver).to_have_url(f"{live_server.url}/workbench/whistle-inbox/")
        expect(receiver.get_by_test_id("bell-badge")).to_have_count(0)
        receiver.goto(f"{live_server.url}/notifications/")
        expect(receiver.get_by_test_id("notice")).to_have_class("notice")
        screenshot(receiver, "notify-03-receiver-read")

        # 3. On her phone: the bell in the top bar, and SMS chosen for whistles
        phone = login_page("judicial_receiver", mobile=True)
        phone.goto(f"{live_server.url}/notifications/settings/")
        expect(phone.get_by_test_id("bell")).to_be_visible()
        phone.fill("#id_sms", "13912345678")
        screenshot(phone, "notify-04-receiver-settings-phone")
        phone.get_by_test_id("save-settings").click()
        expect(phone.locator(".messages")).to_contain_text("通知设置已保存")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390

        services.report_whistle(actor=w.receiver, whistle=case.whistles.get())
        services.complete_whistle(actor=w.receiver, whistle=case.whistles.get(), action="已协调楼上住户疏通")
        services.resolve_case(actor=w.wumei_staff, case=case, result="管道已疏通")

        # 4. 王秀英's phone: the bell asks her to confirm
        resident = login_page("resident", mobile=True)
        resident.goto(f"{live_server.url}/m/")
        expect(resident.get_by_test_id("bell-badge")).to_have_text("1")
        screenshot(resident, "notify-05-resident-bell")
        resident.get_by_test_id("bell").click()
        expect(resident.get_by_test_id("notice")).to_contain_text("请确认")
        screenshot(resident, "notify-06-resident-inbox")
        assert resident.evaluate("document.documentElement.scrollWidth") <= 390
        resident.get_by_test_id("notice").locator("a").click()
        expect(resident).to_have_url(f"{live_server.url}/m/cases/?status=resolved")
        expect(resident.get_by_test_id("bell-badge")).to_have_count(0)
