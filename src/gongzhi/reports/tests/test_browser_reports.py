"""Browser story (Debian Chromium): 象山街道's staffer asks for the street's 2026 annual report on her laptop, reads
it once the worker has built it (charts and all), publishes it, and 五美社区's board offers the PDF."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from gongzhi.contracts.tests.conftest import build_lifecycle
from gongzhi.core import clock
from gongzhi.reports import services
from gongzhi.reports.models import AnnualReport

pytestmark = pytest.mark.browser


def test_a_street_publishes_its_annual_report(live_world, login_page, screenshot, live_server):
    w = live_world
    build_lifecycle(w)
    with clock.frozen(dt.datetime(2026, 12, 20, 9, 0, tzinfo=dt.UTC)):
        page = login_page("street_staff")
        page.goto(f"{live_server.url}/workbench/reports/")
        page.select_option("#id_node", label="象山街道")
        page.fill("#id_year", "2026")
        page.get_by_test_id("report-request").locator("button").click()
        expect(page.get_by_test_id("report-status")).to_contain_text("生成中")
        services.build_report(report_id=AnnualReport.objects.get().pk)  # what the worker does
        page.reload()
        expect(page.get_by_test_id("report-body")).to_contain_text("主要指标")
        expect(page.get_by_test_id("chart-cases").locator("svg")).to_be_visible()
        screenshot(page, "report-01-street-report")
        page.get_by_test_id("report-publish").click()
        expect(page.locator(".messages")).to_contain_text("已发布")
        board = login_page("wumei_staff").context.new_page()
        board.goto(f"{live_server.url}/board/{w.wumei.pk}/")
        link = board.get_by_role("link", name="象山街道 2026 年度报告（PDF）")
        expect(link).to_be_visible()
        screenshot(board, "report-02-board")
