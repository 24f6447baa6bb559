"""Browser story (Debian Chromium): a journalist at her desk, then a resident on her phone, find the open data from
the boards' index, read a dataset's dictionary and download its CSV."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_open_data_from_the_board_index(transactional_db, browser, live_server, screenshot):
    for mobile in (False, True):
        size = {"width": 390, "height": 844} if mobile else {"width": 1920, "height": 1080}
        context = browser.new_context(locale="zh-CN", viewport=size, accept_downloads=True)
        page = context.new_page()
        page.goto(f"{live_server.url}/board/")
        page.get_by_test_id("open-data-link").click()
        expect(page.get_by_test_id("dataset")).to_have_count(8)
        page.locator("#service_points summary").click()
        expect(page.locator("#service_points table")).to_contain_text("WGS-84")
        screenshot(page, "opendata-02-phone" if mobile else "opendata-01-desktop")
        if mobile:
            assert page.evaluate("document.documentElement.scrollWidth") <= 391
        with page.expect_download() as download:
            page.locator("#contracts").get_by_text("CSV").click()
        assert download.value.suggested_filename == "gongzhi-contracts.csv"
        context.close()
