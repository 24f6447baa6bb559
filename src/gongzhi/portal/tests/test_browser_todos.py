"""Browser story (Debian Chromium): the home pages start with what waits. At noon on a Monday 五美社区's staffer
opens the workbench on a wall-sized screen and her to-do list leads her to each waiting item — the late case
first, then the one due this afternoon, then the new one to accept, which she accepts and sees leave the list;
the judicial office's receiver sees the late whistle and the ones to report; the grid worker reads the same
list on his phone; 王秀英 opens her phone and is asked to confirm the case that was resolved for her."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from gongzhi.cases import services
from gongzhi.cases.testing import seed_case_categories
from gongzhi.cases.tests.conftest import CST
from gongzhi.core import clock

pytestmark = pytest.mark.browser
MONDAY_9 = dt.datetime(2026, 5, 11, 9, 0, tzinfo=CST)
NOON = MONDAY_9 + dt.timedelta(hours=3)
WALL = {"width": 1920, "height": 1080}


def _report(w, cats, title):
    return services.report_case(actor=w.resident, category=cats["sewage"], community=w.wumei, title=title,
                                description="居民反映，请社区尽快处理。", channel="phone_app", place=w.wumei_b1,
                                address="五美小区1栋")


def _cases(w):
    cats = seed_case_categories()
    with clock.frozen(MONDAY_9):
        new = _report(w, cats, "小区路灯不亮，晚上出行不便")
        late, soon, done = (_report(w, cats, t) for t in ("楼道堆放杂物堵塞通道", "垃圾清运不及时", "单元门禁损坏"))
        for case in (late, soon, done):
            services.accept_case(actor=w.wumei_grid_worker, case=case)
    with clock.frozen(MONDAY_9 + dt.timedelta(minutes=30)):  # to report by 10:30
        services.blow_whistle(actor=w.wumei_staff, case=late, departments=[w.judicial_office], request="请到场调解")
        services.resolve_case(actor=w.wumei_grid_worker, case=done, result="已更换门禁读卡器")
    with clock.frozen(MONDAY_9 + dt.timedelta(hours=2, minutes=30)):  # to report by 15:00
        services.blow_whistle(actor=w.wumei_staff, case=soon, departments=[w.judicial_office], request="请到场")
    return new


def _todo(page, key):
    return page.locator(f'[data-testid="todo"][data-key="{key}"]')


def test_the_to_do_lists_lead_to_what_waits(live_world, login_page, screenshot, live_server):
    w = live_world
    new = _cases(w)
    with clock.frozen(NOON):
        # 1. The community staffer, at the wall screen: late first, then due soon, then waiting
        staff = login_page("wumei_staff")
        staff.set_viewport_size(WALL)
        staff.goto(f"{live_server.url}/workbench/")
        keys = staff.locator('[data-testid="todo"]').evaluate_all("els => els.map(e => e.dataset.key)")
        assert keys.index("cases.overdue") < keys.index("cases.soon") < keys.index("cases.submitted")
        expect(_todo(staff, "cases.overdue")).to_have_class("todo todo-overdue")
        screenshot(staff, "todo-01-staff-workbench")
        _todo(staff, "cases.overdue").locator("a").click()
        expect(staff.get_by_test_id("case-row")).to_have_count(1)
        expect(staff.get_by_test_id("case-row")).to_contain_text("楼道堆放杂物堵塞通道")
        screenshot(staff, "todo-02-staff-overdue-cases")
        staff.go_back()
        _todo(staff, "cases.soon").locator("a").click()
        expect(staff.get_by_test_id("case-row")).to_have_count(1)
        expect(staff.get_by_test_id("case-row")).to_contain_text("垃圾清运不及时")
        staff.go_back()
        _todo(staff, "cases.submitted").locator("a").click()
        expect(staff.get_by_test_id("case-row")).to_have_count(1)
        staff.get_by_test_id("case-row").get_by_text(new.title).click()
        staff.get_by_test_id("accept").click()
        expect(staff.locator(".messages")).to_be_visible()
        staff.goto(f"{live_server.url}/workbench/")
        expect(_todo(staff, "cases.submitted")).to_have_class("todo todo-none")
        expect(_todo(staff, "cases.submitted").get_by_test_id("todo-count")).to_have_text("0")
        screenshot(staff, "todo-03-staff-after-accepting")

        # 2. The judicial office's receiver: the late whistle, the two to report
        receiver = login_page("judicial_receiver")
        expect(_todo(receiver, "whistles.overdue").get_by_test_id("todo-count")).to_have_text("1")
        expect(_todo(receiver, "whistles.sent").get_by_test_id("todo-count")).to_have_text("2")
        screenshot(receiver, "todo-04-receiver-workbench")
        _todo(receiver, "whistles.overdue").locator("a").click()
        expect(receiver.get_by_test_id("inbox-row")).to_have_count(1)
        screenshot(receiver, "todo-05-receiver-late-whistle")

        # 3. The grid worker on his phone: the same list, no sideways scrolling
        grid = login_page("wumei_grid", mobile=True)
        grid.goto(f"{live_server.url}/workbench/")
        expect(_todo(grid, "cases.overdue")).to_be_visible()
        assert grid.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        screenshot(grid, "todo-06-grid-worker-phone")

        # 4. 王秀英 on her phone: the resolved case waits for her confirmation
        phone = login_page("resident", mobile=True)
        phone.goto(f"{live_server.url}/m/")
        expect(_todo(phone, "cases.m_resolved").get_by_test_id("todo-count")).to_have_text("1")
        screenshot(phone, "todo-07-resident-home")
        _todo(phone, "cases.m_resolved").locator("a").click()
        expect(phone.get_by_test_id("list-filter")).to_contain_text("待确认")
        expect(phone.get_by_test_id("my-case")).to_have_count(1)
        expect(phone.get_by_test_id("my-case")).to_contain_text("单元门禁损坏")
        screenshot(phone, "todo-08-resident-cases-to-confirm")
