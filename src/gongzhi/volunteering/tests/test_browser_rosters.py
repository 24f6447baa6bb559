"""Browser story (Debian Chromium): on a 390×844 phone 刘洋, a member of 五美社区's 红袖标安全卫士 patrol team, opens
志愿值班 and signs up for Friday's patrol that still has a free slot; the captain 陈国强 sees the shifts short of
members, and after the patrol marks who served; 五美社区's staff, at the desk, confirm the duty hours and see the team
list with its current members and this year's confirmed hours."""

import pytest
from playwright.sync_api import expect

from gongzhi.core import clock
from gongzhi.testing.browser import touch_height
from gongzhi.volunteering.models import HoursEntry, ShiftSignup
from gongzhi.volunteering.tests.rosters_world import T0, at, build_duty

pytestmark = pytest.mark.browser


def test_a_member_signs_up_the_captain_marks_attendance_staff_see_the_teams(live_world, login_page, screenshot):
    w = live_world
    d = build_duty(w)

    with clock.frozen(T0):
        # 1. 刘洋 on his phone: 首页 → 志愿值班 → Friday's patrol → 报名值班
        phone = login_page("volunteer", mobile=True)
        phone.locator(".m-shortcuts").get_by_text("志愿值班").click()
        expect(phone.get_by_test_id("my-team")).to_contain_text("红袖标安全卫士巡逻队")
        shift = phone.get_by_test_id("m-shift").filter(has_text="5月15日")
        expect(shift).to_contain_text("0/2 人")
        screenshot(phone, "rosters-01-member-upcoming-shifts")
        shift.click()
        button = phone.get_by_test_id("sign-up")
        assert touch_height(button) >= 44  # a large touch target
        button.click()
        expect(phone.locator(".messages")).to_contain_text("报名成功")
        expect(phone.get_by_test_id("my-status")).to_contain_text("您已报名")
        expect(phone.get_by_test_id("shift-slots")).to_contain_text("还差 1 人")
        screenshot(phone, "rosters-02-member-signed-up")
        assert ShiftSignup.objects.get(shift=d.shift).volunteer == d.liu
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390

        # 2. The captain on his phone sees the gaps of the next two weeks and his members (phones masked)
        captain = login_page("captain", mobile=True)
        captain.goto(captain.url.split("/m/")[0] + "/m/duty/")
        gaps = captain.get_by_test_id("captain-gaps")
        expect(gaps.get_by_test_id("m-gap").first).to_contain_text("1/2 人")
        screenshot(captain, "rosters-03-captain-gaps")
        captain.get_by_test_id("my-team").click()
        expect(captain.get_by_test_id("m-members")).to_contain_text("周梅")
        expect(captain.get_by_test_id("m-members")).to_contain_text("139****0002")
        screenshot(captain, "rosters-04-captain-team")
        assert captain.evaluate("document.documentElement.scrollWidth") <= 390

    with clock.frozen(at(2026, 5, 15, 21, 40)):
        # 3. After the patrol: the captain ticks who served
        captain.goto(captain.url.split("/m/")[0] + f"/m/duty/shifts/{d.shift.pk}/")
        form = captain.get_by_test_id("attendance-form")
        form.get_by_label("刘洋").check()
        screenshot(captain, "rosters-05-captain-attendance")
        form.get_by_role("button", name="登记到岗").click()
        expect(captain.locator(".messages")).to_contain_text("到岗情况已登记")
        expect(captain.get_by_test_id("m-signup").first).to_contain_text("已到岗")
        entry = HoursEntry.objects.get()
        assert (entry.kind, entry.status, entry.team, entry.hours) == ("duty", "pending", d.team, 2)

        # 4. 五美社区's staff at the desk: confirm the duty hours, then the team list with counts and hours
        staff = login_page("wumei_staff")
        staff.locator(".sidenav").get_by_text("值班排班").click()
        staff.get_by_test_id("pending-hours").click()
        expect(staff.get_by_test_id("hours-row")).to_contain_text("刘洋")
        screenshot(staff, "rosters-06-staff-duty-hours")
        staff.get_by_role("button", name="确认所选时长").click()
        expect(staff.locator(".messages")).to_contain_text("已确认 1 条值班时长")
        staff.goto(staff.url.split("/workbench/")[0] + "/workbench/people/teams/")
        row = staff.get_by_test_id("team-row").filter(has_text="红袖标安全卫士巡逻队")
        expect(row.get_by_test_id("team-members")).to_have_text("3")
        expect(row.get_by_test_id("team-hours")).to_have_text("2.0 h")
        expect(row).to_contain_text("陈国强")
        screenshot(staff, "rosters-07-staff-team-list")
        row.get_by_role("link", name="红袖标安全卫士巡逻队").click()
        expect(staff.get_by_test_id("member-row")).to_have_count(3)
        screenshot(staff, "rosters-08-staff-team-detail")
    assert HoursEntry.objects.get().status == "confirmed"
