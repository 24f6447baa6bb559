"""Browser story (Debian Chromium): the district's staff open the league table, switch the period to June and
the tab to communities, export the table to Excel and look at a department's whistles; 五美社区's staff send an
unsatisfied rating for review and the street decides it; anyone reads the community's public statistics page."""

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from gongzhi.cases.testing import seed_case_categories
from gongzhi.core import clock
from gongzhi.rates.models import RatingReview
from gongzhi.rates.tests.conftest import AS_OF, REPORTER_NAME, REPORTER_PHONE, build_rates_world

pytestmark = pytest.mark.browser


@pytest.fixture
def story_world(live_world):
    world = build_rates_world(live_world, seed_case_categories())
    from gongzhi.cases.services import set_public_wording

    # The public page shows only cases whose public wording the community approved (never the resident's words).
    for case in (world.c1, world.c2, world.c6, world.c7, world.c9, world.c12):
        set_public_wording(actor=world.w.wumei_staff, case=case, wording=f"五美小区{case.category.name}，已办理")
    with clock.frozen(AS_OF):  # the live server runs in this process: it reads the same clock
        yield world


def test_league_table_export_review_and_public_page(story_world, login_page, screenshot, live_server):
    rw = story_world

    # 1. 象山区's staff: side navigation → 三率排行 (this month, July, has nothing assessed yet)
    staff = login_page("district_staff")
    staff.locator(".sidenav").get_by_text("三率排行").click()
    expect(staff.locator(".r-caption")).to_contain_text("2026年7月")
    # behaviours.js is deferred: until it has run, changing the select submits nothing (failed once in CI)
    staff.wait_for_load_state("load")
    # 2. period → 2026年6月: the judicial office leads with 83.8
    with staff.expect_navigation():
        staff.get_by_test_id("period-select").select_option(label="2026年6月")
    assert "period=2026-06" in staff.url
    rows = staff.get_by_test_id("league-row")
    expect(rows).to_have_count(4)
    first = rows.first
    expect(first).to_contain_text("象山街道司法所")
    expect(first).to_contain_text("83.8")
    expect(first).to_contain_text("3/4")
    screenshot(staff, "rates-01-league-departments-june")

    # 3. sort by response rate, then the communities tab
    staff.locator("th a[data-sort=response]").click()
    expect(staff.get_by_test_id("league-row").first).to_contain_text("象山区住建局")  # 2/2
    staff.get_by_test_id("tab-communities").click()
    expect(staff.get_by_test_id("league-row")).to_have_count(2)
    expect(staff.locator(".r-caption")).to_contain_text("2026年6月")  # the period is kept across tabs
    screenshot(staff, "rates-02-league-communities-june")

    # 4. export the same table
    with staff.expect_download() as download:
        staff.get_by_test_id("export").click()
    assert download.value.suggested_filename == "三率排行-社区-2026-06.xlsx"
    sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    names = [row[1] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert sorted(names) == ["五美社区", "南门社区"]

    # 5. a department's whistles
    staff.get_by_test_id("tab-departments").click()
    expect(staff.get_by_role("link", name="象山街道司法所")).to_be_visible()
    staff.get_by_role("link", name="象山街道司法所").click()
    expect(staff.get_by_test_id("whistle-row")).to_have_count(5)
    screenshot(staff, "rates-03-department-whistles")

    # 6. 南门社区's staff send C10's 不满意 for review; 象山街道 excludes it
    nanmen = login_page("nanmen_staff")
    nanmen.goto(f"{live_server.url}/workbench/rates/reviews/")
    row = nanmen.get_by_test_id("candidate-row").filter(has_text=rw.c10.number)
    row.locator("textarea").fill("居民要求更换整栋管网，超出本次诉求范围")
    row.get_by_role("button", name="申请复核").click()
    expect(nanmen.locator(".messages")).to_contain_text("已申请复核")
    screenshot(nanmen, "rates-04-review-requested")
    street = login_page("street_staff")
    street.goto(f"{live_server.url}/workbench/rates/reviews/")
    street.get_by_test_id("review-row").filter(has_text=rw.c10.number).get_by_test_id("decide").click()
    street.get_by_label("剔除该评价（不计入满意率）").check()
    street.select_option("#id_ground", value="unreasonable")
    street.fill("#id_note", "整栋管网改造不属于本次诉求，住建局已按职责处置")
    screenshot(street, "rates-05-review-decide")
    street.get_by_role("button", name="提交复核结论").click()
    expect(street.locator(".messages")).to_contain_text("复核结论已记录")
    assert RatingReview.objects.get(case=rw.c10).status == "excluded"

    # 7. the public page, without logging in: figures, examples, no personal data
    context = staff.context.browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/board/{rw.w.wumei.pk}/")
    expect(page.locator("[data-section=cases]")).to_have_count(1)
    page.locator("[data-section=cases] a").click()
    expect(page.locator("h1")).to_contain_text("五美社区 · 诉求办理公开")
    html = page.content()  # the page is there (expect above): now scan all of it for personal data
    assert "五美社区 · 诉求办理公开" in html
    assert REPORTER_NAME not in html and REPORTER_PHONE not in html
    expect(page.get_by_test_id("public-examples").locator("li").nth(2)).to_be_visible()
    screenshot(page, "rates-06-public-page")
    mobile = staff.context.browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844},
                                              is_mobile=True, has_touch=True, device_scale_factor=2)
    phone = mobile.new_page()
    phone.goto(f"{live_server.url}/board/{rw.w.wumei.pk}/cases/?year=2026")
    screenshot(phone, "rates-07-public-page-phone")
    mobile.close()
    context.close()
