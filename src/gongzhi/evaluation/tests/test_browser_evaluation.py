"""Browser story: the hospital's 2026 assessment clicked through its four stages by the four roles — the
liaison's self-assessment with the annual report filed twice, the community's review, the street's overall
assessment, the district's re-check (refused without a reason, then adjusted with one) — then the district
commends the hospital, reminds the unit graded 较差, publishes, and the public board shows the grades."""

import pytest
from playwright.sync_api import expect

from gongzhi.evaluation.models import Stage
from gongzhi.evaluation.tests.conftest import PDF, build_evaluation, uniform, walk

pytestmark = pytest.mark.browser


def _open_hospital(page, scheme_title):
    page.locator(".sidenav").get_by_text("评约考评").click()
    page.get_by_role("link", name=scheme_title).click()
    page.get_by_role("link", name="桂林市中医医院").click()
    expect(page.locator("h1")).to_contain_text("桂林市中医医院")


def _shot(screenshot, page, name):
    page.evaluate("window.scrollTo(0, 0)")  # the sticky top bar stays at the top of a full-page screenshot
    screenshot(page, name)


def _score(page, c, name, value):
    page.fill(f"#id_score_{c.indicators[name].pk}", str(value))


def test_the_four_stages_then_the_published_grade(live_world, login_page, screenshot, live_server, browser, tmp_path):
    c = build_evaluation(live_world)
    title = c.scheme.title
    report = tmp_path / "桂林市中医医院2026年度契约化共建自评报告.pdf"
    report.write_bytes(PDF)

    # 单位自评: computed indicators are pre-filled from the fulfilment records
    page = login_page("hospital_liaison")
    _open_hospital(page, title)
    assert page.input_value(f"#id_score_{c.indicators['履约完成率'].pk}") == "100"
    _score(page, c, "居民满意度", 92)
    _score(page, c, "党建共建成效", 88)
    page.fill("#id_comment", "全年开展义诊四次，服务群众480人次")
    page.set_input_files("#id_annual_report", str(report))
    page.check("#id_file_to_street")
    page.check("#id_file_to_supervisor")
    _shot(screenshot, page, "evaluation-01-self-assessment-form")
    page.get_by_role("button", name="提交单位自评").click()
    expect(page.locator("body")).to_contain_text("“单位自评”已提交")
    expect(page.locator("body")).to_contain_text("等待“社区评议”")

    # 社区评议: pre-filled with the self-assessment, one score lowered
    page = login_page("wumei_staff")
    _open_hospital(page, title)
    assert page.input_value(f"#id_score_{c.indicators['居民满意度'].pk}") == "92.00"
    _score(page, c, "居民满意度", 90)
    page.fill("#id_comment", "居民评价良好，个别义诊场次排队时间较长")
    page.get_by_role("button", name="提交社区评议").click()
    expect(page.locator("body")).to_contain_text("“社区评议”已提交")
    _shot(screenshot, page, "evaluation-02-community-review")

    # 街道总评
    page = login_page("street_staff")
    _open_hospital(page, title)
    _score(page, c, "党建共建成效", 85)
    page.fill("#id_comment", "联合主题党日开展扎实")
    page.get_by_role("button", name="提交街道总评").click()
    expect(page.locator("body")).to_contain_text("“街道总评”已提交")

    # 城区复核: an adjustment needs a written reason
    page = login_page("district_staff")
    _open_hospital(page, title)
    _score(page, c, "党建共建成效", 95)
    page.get_by_role("button", name="提交城区复核").click()
    expect(page.locator("body")).to_contain_text("请填写调整理由")
    _shot(screenshot, page, "evaluation-03-recheck-needs-a-reason")
    page.fill("#id_adjustment_reason", "抽查党建活动台账，共建成效突出，予以上调")
    page.get_by_role("button", name="提交城区复核").click()
    expect(page.locator("[data-testid=grade]")).to_have_text("优秀")
    expect(page.locator("[data-testid=final-score]")).to_have_text("97.25")
    _shot(screenshot, page, "evaluation-04-rechecked")

    # the other unit is finished through the services; the district publishes
    walk(c, c.centre_assessment, scores=uniform(c.scheme, 55), actors={Stage.SELF: "centre_liaison"})
    page.get_by_role("link", name=title).click()
    page.get_by_role("link", name="评比表彰").click()
    page.select_option("#id_kind", "advanced_unit")
    page.select_option("#id_organisation", label="桂林市中医医院")
    page.fill("#id_citation", "全年义诊四次，服务群众480人次")
    page.get_by_role("button", name="加入表彰名单").click()
    expect(page.locator("body")).to_contain_text("已加入表彰名单")
    page.get_by_role("button", name="发出督促提醒").click()
    expect(page.locator(".messages")).to_be_visible()
    page.get_by_test_id("publish").click()
    expect(page.locator("body")).to_contain_text("考评结果已在各社区公开栏公布")
    _shot(screenshot, page, "evaluation-05-published")

    # the public board, no login
    context = browser.new_context(locale="zh-CN", viewport={"width": 1100, "height": 900})
    board = context.new_page()
    board.goto(f"{live_server.url}/board/{live_world.wumei.pk}/")
    section = board.locator("[data-section=evaluation]")
    for text in ("共建工作先进单位：桂林市中医医院", "97.25", "优秀", "较差"):
        expect(section).to_contain_text(text)
    _shot(screenshot, board, "evaluation-06-public-board")
    context.close()
