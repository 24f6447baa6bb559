"""Browser story (Debian Chromium, phone viewport 390×844 for the volunteers and the organiser's code): an in-service
party member signs up for a full activity and lands on the waiting list; another volunteer cancels on his phone
and she gets the place (候补已转正); at the activity the organiser's phone shows the rotating code and its QR code,
she types the code to check in and, later, the check-out code; the organiser confirms her hours on the workbench."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from gongzhi.accounts.services import assign_role, create_user
from gongzhi.core import clock
from gongzhi.people.services import link_account, register_party_member, register_person, report_to_community
from gongzhi.testing.browser import touch_height
from gongzhi.testing.personas import PASSWORD
from gongzhi.volunteering.models import HoursEntry, SignUp
from gongzhi.volunteering.services import activities as services
from gongzhi.volunteering.tests.test_activities_helpers import make_activity, volunteer

pytestmark = pytest.mark.browser


def _party_member(w):
    person = register_person(actor=w.admin, name="陈志刚", home=w.wenhua_b2, phone="13907731234")
    member = register_party_member(actor=w.admin, person=person, party_organisation=w.hospital_committee,
                                   work_unit=w.hospital)
    report_to_community(actor=w.admin, member=member, community=w.wumei, on=dt.date(2026, 3, 1))
    user = create_user(actor=w.admin, username="party_member", password=PASSWORD, display_name="陈志刚")
    assign_role(actor=w.admin, user=user, role="resident", region=w.wenhua_b2)
    link_account(actor=w.admin, person=person, user=user)
    return user


def test_waiting_list_place_check_in_out_and_confirmation(live_world, login_page, screenshot):
    w = live_world
    member = _party_member(w)
    other = volunteer(w, "liming", "李明", phone="13907735678")
    now = timezone.localtime(clock.now()).replace(second=0, microsecond=0)
    start = (now + dt.timedelta(days=2)).replace(hour=9, minute=0)
    activity = make_activity(w, quota=1, starts=start, ends=start + dt.timedelta(hours=3), title="五美社区环境清洁日")
    services.sign_up(actor=other, activity=activity)  # the only place is taken

    # 1. The party member, on her phone: 首页 → 志愿活动 → the full activity → 报名候补
    phone = login_page("party_member", mobile=True)
    phone.locator(".m-shortcuts").get_by_text("志愿活动").click()
    card = phone.get_by_test_id("open-activity").filter(has_text="五美社区环境清洁日")
    expect(card).to_contain_text("已满，可候补")
    screenshot(phone, "activities-01-member-open-activities")
    card.get_by_role("link", name="五美社区环境清洁日").click()
    button = phone.get_by_test_id("sign-up")
    expect(button).to_have_text("报名候补")
    assert touch_height(button) >= 44  # a large touch target
    button.click()
    expect(phone.get_by_test_id("waiting")).to_contain_text("您在候补名单中，前面还有 0 人")
    screenshot(phone, "activities-02-member-on-the-waiting-list")
    assert SignUp.objects.get(person=member.person).status == "waiting"

    # 2. 李明 cancels on his phone; the place goes to her
    his = login_page("liming", mobile=True)
    his.goto(phone.url)
    his.once("dialog", lambda dialog: dialog.accept())  # data-confirm asks first
    his.get_by_test_id("cancel").click()
    expect(his.locator(".messages")).to_contain_text("已取消报名")
    screenshot(his, "activities-03-other-volunteer-cancelled")
    phone.reload()
    expect(phone.get_by_test_id("promoted")).to_contain_text("候补已转正")
    expect(phone.get_by_test_id("signup-status")).to_have_text("已报名")
    screenshot(phone, "activities-04-member-promoted")

    # 3. At the activity: the organiser's phone shows the rotating check-in code and its QR code
    with clock.frozen(start + dt.timedelta(minutes=4, seconds=10)):
        organiser = login_page("wumei_staff", mobile=True)
        organiser.goto(phone.url.replace(f"/m/activities/{activity.pk}/", f"/m/activities/{activity.pk}/code/"))
        code = organiser.get_by_test_id("code")
        expect(code).to_have_text(services.current_code(actor=None, activity=activity, purpose="in").code)
        expect(organiser.get_by_test_id("qr").locator("svg")).to_be_visible()
        screenshot(organiser, "activities-05-organiser-check-in-code")
        digits = code.inner_text().strip()

        # she types a wrong code first (letters), then the six digits
        phone.reload()
        phone.fill("#id_code", "12a4b6")
        phone.get_by_test_id("check-in").click()
        expect(phone.locator(".errorlist")).to_contain_text("签到码只能是 6 位数字")
        screenshot(phone, "activities-06-member-code-of-letters")
        phone.fill("#id_code", digits)
        phone.get_by_test_id("check-in").click()
        expect(phone.locator(".messages")).to_contain_text("签到成功")
        screenshot(phone, "activities-07-member-checked-in")

    # 4. Later: the check-out code; the hours (capped at the activity's length) wait for confirmation
    with clock.frozen(start + dt.timedelta(hours=2, minutes=30, seconds=5)):
        organiser.get_by_test_id("purpose-out").click()
        out = organiser.get_by_test_id("code")
        expect(out).to_have_text(services.current_code(actor=None, activity=activity, purpose="out").code)
        screenshot(organiser, "activities-08-organiser-check-out-code")
        phone.reload()
        phone.fill("#id_code", out.inner_text().strip())
        phone.get_by_test_id("check-out").click()
        expect(phone.locator(".messages")).to_contain_text("签退成功，本次服务 2.4 小时")
        expect(phone.get_by_test_id("my-hours")).to_contain_text("待确认")
        screenshot(phone, "activities-09-member-checked-out")

    # 5. The organiser confirms on the workbench (desktop)
    desk = login_page("wumei_staff")
    desk.locator(".sidenav").get_by_text("志愿活动").click()
    desk.get_by_test_id("vol-activity-row").filter(has_text="五美社区环境清洁日").get_by_role("link").click()
    row = desk.get_by_test_id("hours-row").filter(has_text="陈志刚")
    expect(row.get_by_test_id("hours-status")).to_have_text("待确认")
    screenshot(desk, "activities-10-workbench-pending-hours")
    desk.get_by_test_id("bulk-confirm").click()
    expect(desk.locator(".messages")).to_contain_text("已确认 1 条服务时长")
    expect(row.get_by_test_id("hours-status")).to_have_text("已确认")
    screenshot(desk, "activities-11-workbench-confirmed")
    entry = HoursEntry.objects.get(person=member.person)
    assert entry.status == "confirmed" and str(entry.hours) == "2.4"
