"""The whole story of issue 9 in one run (Debian Chromium against a live server; phone steps at 390×844, staff at
1280×900): 黄丽娟, an in-service party member of 桂林市中医医院 who lives in 五美社区, applies on her phone to report
(报到) to the community and its staff confirm it; she signs up for a full activity (quota 1) and waits; the other
volunteer cancels and she gets the place (候补已转正); at the activity she types the organiser's rotating code to
check in and later to check out; the organiser confirms her hours on the workbench and the points arrive on commit;
she redeems an item in the points supermarket and staff hand it over; the hospital's liaison sees her hours against
the district's yearly target; staff issue a certificate of her service hours, she downloads the PDF on her phone and
the address printed in it opens the public verification page, which says it is genuine.

The clock is moved with `clock.frozen(...)`, which the live server (a thread of this process) reads too."""

import datetime as dt
import io
import re
import shutil
import subprocess
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from playwright.sync_api import expect
from pypdf import PdfReader

from gongzhi.core import clock
from gongzhi.organisations.services import create_organisation
from gongzhi.points import services as points
from gongzhi.points.models import Item, Redemption
from gongzhi.recognition.models import Certificate
from gongzhi.testing.browser import touch_height
from gongzhi.volunteering.models import HoursEntry, InServiceReport, SignUp
from gongzhi.volunteering.services import activities, inservice
from gongzhi.volunteering.tests.test_activities_helpers import make_activity, volunteer
from gongzhi.volunteering.tests.test_inservice_world import add_member

pytestmark = pytest.mark.browser

CST = ZoneInfo("Asia/Shanghai")
BEFORE = dt.datetime(2026, 6, 1, 10, 0, tzinfo=CST)  # a Monday: 报到, sign-ups, the cancellation
START = dt.datetime(2026, 6, 6, 9, 0, tzinfo=CST)  # the Saturday morning activity, 9:00–12:00
AFTER = dt.datetime(2026, 6, 8, 10, 0, tzinfo=CST)  # the next Monday: confirmation, points, liaison, certificate
DESK = {"width": 1280, "height": 900}


def _desk(login_page, username):
    page = login_page(username)
    page.set_viewport_size(DESK)
    return page


def _no_sideways_scroll(page) -> None:
    width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], width


def _number(locator) -> int:
    return int(re.sub(r"[^\d-]", "", locator.inner_text()))


def test_issue9_in_service_member_from_report_to_verified_certificate(live_world, login_page, screenshot,
                                                                        live_server, browser):
    w = live_world
    shots = Path(settings.VAR_DIR) / "screenshots"
    with clock.frozen(BEFORE):
        her = add_member(w, username="party_huang", name="黄丽娟", phone="13907739876")
        inservice.set_yearly_target(actor=w.district_staff, district=w.xiangshan, year=2026, hours=50)
        points.set_rule(actor=w.wumei_staff, community=w.wumei, points_per_hour=10,
                        effective_from=dt.date(2026, 1, 1))
        shop = create_organisation(actor=w.admin, name="五美便民超市", kind="merchant", home=w.wumei)
        soap = points.create_item(actor=w.wumei_staff, community=w.wumei, name="洗衣液（2公斤）", price=20, stock=5,
                                  donor=shop)
        other = volunteer(w, "liming", "李明", phone="13907735678")
        activity = make_activity(w, quota=1, starts=START, ends=START + dt.timedelta(hours=3),
                                 title="五美社区环境清洁日")
        activities.sign_up(actor=other, activity=activity)  # the only place is taken

        # 1. On her phone: 首页 → 在职党员报到 → 申请报到; the community's staff confirm it at the desk
        phone = login_page("party_huang", mobile=True)
        phone.locator(".m-shortcuts").get_by_text("在职党员报到").click()
        expect(phone.get_by_test_id("registration-status")).to_have_text("未报到")
        phone.fill("#id_note", "周末可参加环境清洁和义诊")
        screenshot(phone, "issue9-01-member-applies-to-report")
        phone.get_by_test_id("apply").click()
        expect(phone.locator(".messages")).to_contain_text("报到申请已提交")
        expect(phone.get_by_test_id("pending-note")).to_contain_text("五美社区")
        _no_sideways_scroll(phone)
        screenshot(phone, "issue9-02-member-report-pending")

        staff = _desk(login_page, "wumei_staff")
        staff.locator(".sidenav").get_by_text("在职党员").click()
        staff.get_by_test_id("queue-tab").click()
        row = staff.get_by_test_id("report-row").filter(has_text="黄丽娟")
        expect(row).to_contain_text("首次报到")
        expect(row).to_contain_text("周末可参加环境清洁和义诊")
        screenshot(staff, "issue9-03-staff-report-queue")
        row.get_by_test_id("confirm-report").click()
        expect(staff.locator(".messages")).to_contain_text("已确认报到")
        phone.reload()
        expect(phone.get_by_test_id("registration-status")).to_have_text("报到有效")
        expect(phone.get_by_test_id("valid-until")).to_have_text("2026-12-01")
        screenshot(phone, "issue9-04-member-registered")
        assert InServiceReport.objects.get(member=her.member).status == "confirmed"

        # 2. The activity is full: she joins the waiting list; 李明 cancels; she gets the place
        phone.goto(f"{live_server.url}/m/")
        phone.locator(".m-shortcuts").get_by_text("志愿活动").click()
        card = phone.get_by_test_id("open-activity").filter(has_text="五美社区环境清洁日")
        expect(card).to_contain_text("已满，可候补")
        card.get_by_role("link", name="五美社区环境清洁日").click()
        sign_up = phone.get_by_test_id("sign-up")
        expect(sign_up).to_have_text("报名候补")
        sign_up.click()
        expect(phone.get_by_test_id("waiting")).to_contain_text("您在候补名单中，前面还有 0 人")
        screenshot(phone, "issue9-05-member-waiting-list")
        assert SignUp.objects.get(person=her.person).status == "waiting"

        his = login_page("liming", mobile=True)
        his.goto(phone.url)
        his.once("dialog", lambda dialog: dialog.accept())  # data-confirm asks first
        form = his.locator("form", has=his.get_by_test_id("cancel"))
        assert f"/m/activities/{activity.pk}/cancel/" in (form.get_attribute("action") or "")
        his.get_by_test_id("cancel").click()
        expect(his.locator(".messages")).to_contain_text("已取消报名")
        screenshot(his, "issue9-06-other-volunteer-cancels")
        phone.reload()
        expect(phone.get_by_test_id("promoted")).to_contain_text("候补已转正")
        expect(phone.get_by_test_id("signup-status")).to_have_text("已报名")
        screenshot(phone, "issue9-07-member-promoted")
        activity_url = phone.url

    # 3. At the activity: the organiser's phone shows the rotating code and its QR code; she types it
    with clock.frozen(START + dt.timedelta(minutes=4, seconds=10)):
        organiser = login_page("wumei_staff", mobile=True)
        organiser.goto(activity_url.replace(f"/m/activities/{activity.pk}/", f"/m/activities/{activity.pk}/code/"))
        code = organiser.get_by_test_id("code")
        expect(code).to_have_text(re.compile(r"^\s*\d{6}\s*$"))
        expect(organiser.get_by_test_id("qr").locator("svg")).to_be_visible()
        _no_sideways_scroll(organiser)
        screenshot(organiser, "issue9-08-organiser-check-in-code")
        phone.goto(activity_url)
        phone.fill("#id_code", code.inner_text().strip())
        phone.get_by_test_id("check-in").click()
        expect(phone.locator(".messages")).to_contain_text("签到成功")
        screenshot(phone, "issue9-09-member-checked-in")

    with clock.frozen(START + dt.timedelta(hours=2, minutes=30, seconds=5)):
        organiser.get_by_test_id("purpose-out").click()
        out = organiser.get_by_test_id("code")
        expect(out).to_have_text(activities.current_code(actor=None, activity=activity, purpose="out").code)
        screenshot(organiser, "issue9-10-organiser-check-out-code")
        phone.reload()
        phone.fill("#id_code", out.inner_text().strip())
        phone.get_by_test_id("check-out").click()
        expect(phone.locator(".messages")).to_contain_text("签退成功，本次服务 2.4 小时")
        expect(phone.get_by_test_id("my-hours")).to_contain_text("待确认")
        screenshot(phone, "issue9-11-member-checked-out")

    with clock.frozen(AFTER):
        # 4. The organiser confirms her hours on the workbench; the points arrive when the confirmation commits
        staff.goto(f"{live_server.url}/")
        staff.locator(".sidenav").get_by_text("志愿活动").click()
        staff.get_by_test_id("vol-activity-row").filter(has_text="五美社区环境清洁日").get_by_role("link").click()
        row = staff.get_by_test_id("hours-row").filter(has_text="黄丽娟")
        expect(row.get_by_test_id("hours-status")).to_have_text("待确认")
        screenshot(staff, "issue9-12-staff-pending-hours")
        staff.get_by_test_id("bulk-confirm").click()
        expect(staff.locator(".messages")).to_contain_text("已确认 1 条服务时长")
        expect(row.get_by_test_id("hours-status")).to_have_text("已确认")
        screenshot(staff, "issue9-13-staff-hours-confirmed")
        entry = HoursEntry.objects.get(person=her.person)
        assert entry.status == "confirmed" and str(entry.hours) == "2.4"
        assert points.sweep().credited == 0  # already paid on commit: the sweep finds nothing left

        phone.goto(f"{live_server.url}/m/")
        phone.locator(".m-shortcuts").get_by_text("我的积分").click()
        expect(phone.get_by_test_id("balance")).to_have_text("24")  # 2.4 h × 10 points
        expect(phone.get_by_test_id("history-row").first).to_contain_text("+24")
        screenshot(phone, "issue9-14-member-points-balance")

        # 5. The points supermarket: one bottle of detergent for 20 points; staff hand it over
        phone.get_by_test_id("shop-link").click()
        expect(phone.get_by_test_id("shop-balance")).to_have_text("24")
        phone.get_by_test_id("shop-item").filter(has_text="洗衣液").click()
        stock_before = _number(phone.get_by_test_id("item-stock"))
        assert stock_before == 5
        screenshot(phone, "issue9-15-member-item")
        phone.get_by_test_id("redeem").click()
        expect(phone.locator(".messages")).to_contain_text("兑换成功")
        expect(phone.get_by_test_id("my-redemption-status").first).to_have_text("待领取")
        screenshot(phone, "issue9-16-member-redeemed")

        staff.locator(".sidenav").get_by_text("积分与积分超市").click()
        staff.get_by_test_id("redemptions-tab").click()
        row = staff.get_by_test_id("redemption-row").filter(has_text="洗衣液")
        expect(row).to_contain_text("黄丽娟")
        expect(row).to_contain_text("待领取")
        screenshot(staff, "issue9-17-staff-redemptions")
        row.get_by_test_id("pickup").click()
        expect(staff.locator(".messages")).to_contain_text("已确认领取")
        expect(staff.get_by_test_id("redemption-status").first).to_have_text("已领取")
        staff.get_by_test_id("items-tab").click()
        stock = staff.get_by_test_id("item-row").filter(has_text="洗衣液").get_by_test_id("item-stock")
        expect(stock).to_have_text("4")
        assert _number(stock) == stock_before - 1
        screenshot(staff, "issue9-18-staff-item-stock")

        phone.goto(f"{live_server.url}/m/points/")
        expect(phone.get_by_test_id("balance")).to_have_text("4")
        expect(phone.get_by_test_id("history-row").first).to_contain_text("-20")
        assert _number(phone.get_by_test_id("balance")) == 24 - 20
        screenshot(phone, "issue9-19-member-balance-after-pickup")
        phone.goto(f"{live_server.url}/m/points/redemptions/")
        expect(phone.get_by_test_id("my-redemption-status").first).to_have_text("已领取")
        assert Item.objects.get(pk=soap.pk).stock == 4
        assert Redemption.objects.get().status == "picked_up" and points.check_ledger().ok

        # 6. The hospital's liaison, on her phone, sees the hours against the district's yearly target
        liaison = login_page("hospital_liaison", mobile=True)
        liaison.get_by_test_id("nav-toggle").click()
        liaison.locator(".sidenav").get_by_text("在职党员").click()
        member_row = liaison.get_by_test_id("member-row").filter(has_text="黄丽娟")
        expect(member_row.get_by_test_id("member-hours")).to_contain_text(re.compile(r"^\s*2\.4 / 50"))
        expect(member_row).to_contain_text("报到有效")
        _no_sideways_scroll(liaison)
        screenshot(liaison, "issue9-20-liaison-phone-members")
        member_row.get_by_role("link", name="黄丽娟").click()
        expect(liaison.get_by_test_id("hours-year")).to_contain_text(re.compile(r"\b2\.4\b"))
        _no_sideways_scroll(liaison)
        screenshot(liaison, "issue9-21-liaison-phone-member")

        # 7. Staff issue a certificate of her service hours
        staff.locator(".sidenav").get_by_text("服务证明与表彰").click()
        row = staff.get_by_test_id("volunteer-row").filter(has_text="黄丽娟")
        expect(row).to_contain_text("2.4")
        row.get_by_role("link", name="黄丽娟").click()
        expect(staff.get_by_test_id("record-total")).to_have_text("2.4")
        staff.get_by_test_id("issue-link").click()
        expect(staff.get_by_test_id("issue-person")).to_have_text("黄丽娟")
        staff.fill("#id_period_start", "2026-01-01")
        staff.fill("#id_period_end", "2026-06-08")
        staff.fill("#id_content", "参加五美社区环境清洁日志愿服务")
        screenshot(staff, "issue9-22-staff-issue-certificate")
        staff.get_by_test_id("issue").click()
        expect(staff.get_by_test_id("certificate-number")).to_have_text("GZ-ZYFW-2026-000001")
        expect(staff.get_by_test_id("certificate-hours")).to_contain_text("2.4")
        screenshot(staff, "issue9-23-staff-certificate")
        certificate = Certificate.objects.get()

        # ... she downloads it on her phone: 我的志愿服务 → the certificate
        phone.goto(f"{live_server.url}/m/")
        phone.locator(".m-shortcuts").get_by_text("我的志愿服务").click()
        expect(phone.get_by_test_id("record-total")).to_contain_text("2.4")
        expect(phone.get_by_test_id("my-certificate")).to_contain_text("GZ-ZYFW-2026-000001")
        screenshot(phone, "issue9-24-member-record-certificate")
        link = phone.get_by_test_id("download-certificate")
        assert touch_height(link) >= 32
        # the PDF is served inline (the phone's viewer opens it): fetch it with her session, as the tap does
        response = phone.request.get(live_server.url + link.get_attribute("href"))
        assert response.status == 200 and response.headers["content-type"] == "application/pdf"
        pdf = response.body()

    assert pdf.startswith(b"%PDF")
    if shutil.which("pdftoppm"):
        (shots / "issue9-certificate.pdf").write_bytes(pdf)
        subprocess.run(["pdftoppm", "-png", "-r", "110", "-f", "1", "-l", "1", "-singlefile",
                        str(shots / "issue9-certificate.pdf"), str(shots / "issue9-25-certificate-pdf")],
                       check=True, timeout=60)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).replace("\n", "")
    assert "GZ-ZYFW-2026-000001" in text and "2.4" in text
    url = re.search(r"http://\S+/verify/certificates/\S+?\?h=[0-9a-f]{16}", text.replace(" ", "")).group(0)
    assert url == f"{live_server.url}/verify/certificates/{certificate.number}/?h={certificate.hash_prefix}"

    # ... and the address printed in it opens the public verification page (no login), which says genuine
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True)
    try:
        public = context.new_page()
        public.goto(url)
        expect(public.get_by_test_id("verdict")).to_contain_text("证明真实有效")
        expect(public.get_by_test_id("verify-name")).to_have_text("黄**")
        expect(public.get_by_test_id("verify-hours")).to_contain_text("2.4")
        assert "黄丽娟" not in public.content()
        _no_sideways_scroll(public)
        screenshot(public, "issue9-26-public-verify-genuine")
    finally:
        context.close()
