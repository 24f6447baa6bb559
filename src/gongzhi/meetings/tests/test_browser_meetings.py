"""Browser story (Debian Chromium): 五美社区's January partner meeting. At the desk, staff record the hospital's
attendance, try a resolution without an owner (refused with a Chinese message, nothing written), then record it
with 桂林市中医医院 as owner and write the minutes once. The February meeting's agenda shows the open task carried
over. The hospital's liaison, on her phone (390×844), finds it under 我的决议事项, reports 60 % and then done; the
February agenda no longer carries it."""

import pytest
from playwright.sync_api import expect

from gongzhi.meetings.models import Task, TaskStatus
from gongzhi.meetings.tests.conftest import at, hold
from gongzhi.testing.browser import touch_height

pytestmark = pytest.mark.browser


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"] + 1


def test_a_resolution_becomes_a_task_carried_over_until_the_owner_reports_it_done(live_world, login_page,
                                                                                   screenshot, live_server):
    w = live_world
    january = hold(w, at(2026, 11, 10))
    february = hold(w, at(2026, 12, 1))

    # 1. Staff at the desk: 联席会议 → the January meeting
    staff = login_page("wumei_staff")
    staff.locator(".sidenav").get_by_text("联席会议").click()
    expect(staff.get_by_test_id("meeting-row")).to_have_count(2)
    screenshot(staff, "meetings-01-staff-list")
    staff.get_by_role("link", name="五美社区合伙人月度例会（2026年11月）").click()
    expect(staff.get_by_test_id("invitation")).to_have_count(2)

    # attendance of the hospital
    hospital = staff.get_by_test_id("invitation").filter(has_text="桂林市中医医院")
    hospital.locator("input[name=attendees]").fill("周丽华（党办主任）")
    hospital.get_by_test_id("record-attendance").click()
    expect(staff.locator(".messages")).to_contain_text("已登记桂林市中医医院的出席情况")
    expect(staff.get_by_test_id("invitation").filter(has_text="桂林市中医医院")
           .get_by_test_id("attendance-status")).to_have_text("出席")

    # a resolution without an owner: refused, nothing written
    staff.get_by_test_id("open-resolution").click()
    staff.fill("#resolution_title", "五美路人行道破损修复")
    staff.fill("#resolution_deadline", "2026-12-31")
    staff.get_by_test_id("add-resolution").click()
    expect(staff.locator("[data-testid=resolutions] .errorlist")).to_contain_text("请指定决议事项的责任方")
    screenshot(staff, "meetings-02-staff-resolution-without-owner")
    assert Task.objects.count() == 0

    # ... with the hospital as owner it becomes a task
    staff.select_option("#resolution_owner", label="桂林市中医医院")
    staff.get_by_test_id("add-resolution").click()
    expect(staff.locator(".messages")).to_contain_text("已记录决议事项，并转为跟踪任务")
    row = staff.get_by_test_id("resolution-row")
    expect(row).to_contain_text("五美路人行道破损修复")
    expect(row.get_by_test_id("task-status")).to_have_text("办理中")

    # the minutes, once
    staff.fill("#minutes_minutes", "一、通报上月工作。二、议定五美路人行道破损修复由桂林市中医医院牵头负责。")
    staff.get_by_test_id("record-minutes").click()
    expect(staff.get_by_test_id("meeting-status")).to_have_text("已记录纪要")
    expect(staff.get_by_test_id("minutes-text")).to_contain_text("人行道破损修复")
    expect(staff.get_by_test_id("record-minutes")).to_have_count(0)
    screenshot(staff, "meetings-03-staff-january-minuted")

    # 2. The February meeting's agenda carries the open task, which links back to January
    staff.goto(f"{live_server.url}/workbench/meetings/{february.pk}/")
    carried = staff.get_by_test_id("carried-task")
    expect(carried).to_have_count(1)
    expect(carried).to_contain_text("五美路人行道破损修复")
    expect(carried).to_contain_text("桂林市中医医院")
    screenshot(staff, "meetings-04-staff-february-carried-over")
    carried.get_by_role("link").click()
    expect(staff.get_by_test_id("task-meeting")).to_contain_text("2026年11月")

    # 3. The liaison on her phone: 我的决议事项 → progress 60 %, then done
    phone = login_page("hospital_liaison", mobile=True)
    phone.get_by_test_id("nav-toggle").click()
    phone.locator(".sidenav").get_by_text("我的决议事项").click()
    card = phone.get_by_test_id("my-task")
    expect(card).to_have_count(1)
    expect(card).to_contain_text("五美路人行道破损修复")
    _no_sideways_scroll(phone)
    screenshot(phone, "meetings-05-liaison-phone-my-tasks")
    card.click()
    phone.fill("#id_note", "已联系施工队，材料进场")
    phone.fill("#id_percent", "60")
    submit = phone.get_by_test_id("save-progress")
    assert touch_height(submit) >= 44  # a large touch target
    submit.click()
    expect(phone.locator(".messages")).to_contain_text("已更新进展")
    expect(phone.get_by_test_id("task-percent")).to_have_text("60%")
    expect(phone.get_by_test_id("update").first).to_contain_text("已联系施工队")
    _no_sideways_scroll(phone)
    screenshot(phone, "meetings-06-liaison-phone-progress")
    phone.fill("#id_note", "人行道已修复并通过验收")
    phone.check("#id_done")
    phone.get_by_test_id("save-progress").click()
    expect(phone.get_by_test_id("task-status")).to_have_text("已完成")
    expect(phone.get_by_test_id("progress-form")).to_have_count(0)
    screenshot(phone, "meetings-07-liaison-phone-done")
    assert Task.objects.get().status == TaskStatus.DONE

    # 4. Done: the February agenda no longer carries it
    staff.goto(f"{live_server.url}/workbench/meetings/{february.pk}/")
    expect(staff.get_by_test_id("agenda")).to_be_visible()
    expect(staff.get_by_test_id("carried-task")).to_have_count(0)
    staff.goto(f"{live_server.url}/workbench/meetings/{january.pk}/")
    expect(staff.get_by_test_id("resolution-row").get_by_test_id("task-status")).to_have_text("已完成")
    screenshot(staff, "meetings-08-staff-january-task-done")
