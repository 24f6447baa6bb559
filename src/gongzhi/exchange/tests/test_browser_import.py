"""Browser story: a community staffer uploads a workbook with bad rows (nothing imported, each row reported),
fixes it, and imports it."""

import pytest
from playwright.sync_api import expect

from gongzhi.exchange.tests.workbooks import PEOPLE_HEADER, xlsx
from gongzhi.people.models import Person

pytestmark = pytest.mark.browser

PLACE = "桂林市/象山区/象山街道/五美社区/五美小区/1栋"


def _person(name, phone="", id_number="", place=PLACE):
    row = dict.fromkeys(PEOPLE_HEADER, "")
    row.update({"姓名": name, "手机号": phone, "身份证号": id_number, "居住地": place})
    return [row[h] for h in PEOPLE_HEADER]


def test_import_people_with_errors_then_fixed(live_world, login_page, screenshot, tmp_path):
    bad = tmp_path / "居民名单.xlsx"
    bad.write_bytes(xlsx(PEOPLE_HEADER, [
        _person("黄桂兰", "13707731234"),
        _person("蒋志明", "1370773"),                                   # bad phone
        _person("莫小红", "13907735678", "450304199001011234"),          # bad check digit
        _person("韦建华", "13607731212", place="桂林市/象山区/象山街道/南门社区/南门花园/1栋"),  # out of scope
    ]))
    page = login_page("wumei_staff")
    page.locator(".sidenav").get_by_text("导入导出").click()
    screenshot(page, "foundation-11-exchange")
    section = page.locator("[data-testid=section-people]")
    section.locator("input[type=file]").set_input_files(str(bad))
    section.get_by_role("button", name="检查并导入").click()
    errors = page.locator("[data-testid=import-errors] tbody tr")
    expect(errors).to_have_count(3)
    expect(errors.locator("td:first-child")).to_have_text(["第3行", "第4行", "第5行"])
    assert not Person.objects.filter(name="黄桂兰").exists()
    page.locator("[data-testid=import-errors]").scroll_into_view_if_needed()
    screenshot(page, "foundation-12-import-errors")

    good = tmp_path / "居民名单-改正.xlsx"
    good.write_bytes(xlsx(PEOPLE_HEADER, [_person("黄桂兰", "13707731234"), _person("蒋志明", "13707735555")]))
    section = page.locator("[data-testid=section-people]")
    section.locator("input[type=file]").set_input_files(str(good))
    section.get_by_role("button", name="检查并导入").click()
    expect(page.locator(".messages")).to_be_visible()
    assert Person.objects.filter(name__in=["黄桂兰", "蒋志明"]).count() == 2
    screenshot(page, "foundation-13-import-done")
