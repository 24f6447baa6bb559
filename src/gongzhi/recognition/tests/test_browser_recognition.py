"""Browser story (Debian Chromium): 五美社区's staff open 刘洋's volunteer record and issue a certificate of her
service hours; 刘洋 downloads it on her phone (390×844); the address under its QR code opens the public
verification page, which says it is genuine, and a tampered hash says it is not; the year's 最美志愿者 selection is
decided and published on the community's public board with her masked name."""

import io
import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect
from pypdf import PdfReader

from gongzhi.recognition.models import Certificate
from gongzhi.recognition.tests.conftest import serve
from gongzhi.testing.browser import touch_height

pytestmark = pytest.mark.browser


def test_certificate_issued_downloaded_verified_and_honours_published(live_world, login_page, screenshot,
                                                                      live_server, browser):
    w = live_world
    served = serve(w)
    person = served["person"]
    shots = Path(settings.VAR_DIR) / "screenshots"

    # 1. Staff, desktop: 服务证明与表彰 → 刘洋's record → 出具时长证明
    staff = login_page("wumei_staff")
    staff.locator(".sidenav").get_by_text("服务证明与表彰").click()
    row = staff.get_by_test_id("volunteer-row").filter(has_text="刘洋")
    expect(row).to_contain_text("11.0")
    screenshot(staff, "recognition-01-volunteers")
    row.get_by_role("link", name="刘洋").click()
    expect(staff.get_by_test_id("record-total")).to_have_text("11.0")
    expect(staff.get_by_test_id("person-id")).to_have_text("450304199001020035")  # community staff see it whole
    screenshot(staff, "recognition-02-record")
    staff.get_by_test_id("issue-link").click()
    expect(staff.get_by_test_id("issue-person")).to_have_text("刘洋")
    staff.fill("#id_period_start", "2026-11-30")
    staff.fill("#id_period_end", "2026-01-01")
    staff.get_by_test_id("issue").click()
    expect(staff.locator(".errorlist")).to_contain_text("截止日期不能早于起始日期")
    assert not Certificate.objects.exists()
    staff.fill("#id_period_start", "2025-01-01")
    staff.fill("#id_period_end", "2026-11-30")
    staff.fill("#id_content", "参加重阳节敬老义诊、夜间巡逻、清理楼道小广告等社区志愿服务")
    screenshot(staff, "recognition-03-issue-form")
    staff.get_by_test_id("issue").click()
    expect(staff.get_by_test_id("certificate-number")).to_have_text("GZ-ZYFW-2026-000001")
    expect(staff.get_by_test_id("certificate-hours")).to_contain_text("11.0")
    screenshot(staff, "recognition-04-certificate")
    certificate = Certificate.objects.get()

    # 2. 刘洋 on her phone: 我的志愿服务 → her certificate → download
    phone = login_page("volunteer", mobile=True)
    phone.locator(".m-shortcuts").get_by_text("我的志愿服务").click()
    expect(phone.get_by_test_id("record-total")).to_contain_text("11.0")
    expect(phone.get_by_test_id("my-certificate")).to_contain_text("GZ-ZYFW-2026-000001")
    screenshot(phone, "recognition-05-phone-record")
    link = phone.get_by_test_id("download-certificate")
    assert touch_height(link) >= 32
    response = phone.request.get(live_server.url + link.get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    pdf = shots / "recognition-certificate.pdf"
    pdf.write_bytes(response.body())
    subprocess.run(["pdftoppm", "-png", "-r", "110", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(shots / "recognition-06-certificate-pdf")], check=True)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages).replace("\n", "")
    assert "4503**********0035" in text and "450304199001020035" not in text
    url = re.search(r"http://\S+/verify/certificates/\S+?\?h=[0-9a-f]{16}", text.replace(" ", "")).group(0)
    assert url == f"{live_server.url}/verify/certificates/{certificate.number}/?h={certificate.hash_prefix}"

    # 3. Anybody, on a phone: the address of the QR code says genuine; a tampered hash says not
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True)
    try:
        public = context.new_page()
        public.goto(url)
        expect(public.get_by_test_id("verdict")).to_contain_text("证明真实有效")
        expect(public.get_by_test_id("verify-name")).to_have_text("刘*")
        expect(public.get_by_test_id("verify-hours")).to_contain_text("11.0")
        assert "刘洋" not in public.content() and "0035" not in public.content()
        screenshot(public, "recognition-07-verify-genuine")
        public.goto(url[:-4] + "0000")
        expect(public.get_by_test_id("verdict")).to_contain_text("不是真实证明")
        screenshot(public, "recognition-08-verify-tampered")
    finally:
        context.close()

    # 4. Honours: open the selection, nominate, the committee decides, publish; the board shows the masked name
    staff.locator(".sidenav").get_by_text("服务证明与表彰").click()
    staff.get_by_test_id("honours-tab").click()
    staff.select_option("#id_kind", "volunteer")
    staff.get_by_test_id("open-selection").click()
    expect(staff.get_by_test_id("selection-status")).to_have_text("推荐中")
    staff.select_option("#id_person", label="刘洋")
    staff.fill("#id_reason", "全年参加夜间巡逻和敬老义诊，服务时长居社区前列")
    staff.get_by_test_id("nominate").click()
    expect(staff.get_by_test_id("nomination-row")).to_contain_text("社区推荐")

    # a resident of 五美 nominates a neighbour from her phone, with a reason
    resident = login_page("resident", mobile=True)
    resident.locator(".m-shortcuts").get_by_text("我的志愿服务").click()
    resident.get_by_test_id("honours-link").click()
    resident.get_by_test_id("m-selection").filter(has_text="最美志愿者").get_by_test_id("m-nominate-link").click()
    resident.fill("#id_nominee_name", "张桂兰")
    resident.get_by_test_id("m-nominate").click()  # a reason is required: the form stays
    expect(resident).to_have_url(re.compile(r"/m/recognition/honours/\d+/nominate/$"))
    resident.fill("#id_reason", "每天早上帮楼里行动不便的老人买菜，风雨无阻")
    screenshot(resident, "recognition-09-phone-nominate")
    resident.get_by_test_id("m-nominate").click()
    expect(resident.locator(".messages")).to_contain_text("感谢推荐")

    staff.reload()
    expect(staff.get_by_test_id("nomination-row")).to_have_count(2)
    expect(staff.get_by_test_id("nomination-row").nth(1)).to_contain_text("居民推荐")
    first, second = staff.get_by_test_id("decide-row").nth(0), staff.get_by_test_id("decide-row").nth(1)
    first.get_by_label("当选", exact=True).check()
    first.locator("input[type=text]").fill("群众公认，事迹突出")
    second.get_by_label("未当选", exact=True).check()
    second.locator("input[type=text]").fill("事迹待社区走访核实，列入下一年度推荐")
    staff.fill("#id_committee", "黄敏、吴刚、周丽华")
    screenshot(staff, "recognition-10-committee")
    staff.get_by_test_id("decide").click()
    expect(staff.get_by_test_id("nomination-status").first).to_have_text("当选")
    staff.get_by_test_id("publish").click()
    expect(staff.get_by_test_id("selection-status")).to_have_text("已公布")
    screenshot(staff, "recognition-11-published")
    staff.goto(f"{live_server.url}/board/{w.wumei.pk}/")
    section = staff.locator("[data-section=honours]")
    expect(section.get_by_test_id("board-winner")).to_have_text("刘*")
    assert "刘洋" not in section.inner_html()
    section.scroll_into_view_if_needed()
    screenshot(staff, "recognition-12-board")
    assert person.honour_nominations.get().status == "selected"
