"""Browser story: a community staffer and a resident log in and use their shells (Debian Chromium)."""

import pytest

pytestmark = pytest.mark.browser


def test_community_staff_workbench_story(live_world, login_page, screenshot, live_server):
    page = login_page("wumei_staff")
    assert page.url.endswith("/workbench/")
    assert page.locator("h1").first.inner_text() == "工作台"
    assert page.locator(".sidenav").get_by_text("驻区单位").is_visible()
    assert page.locator("[data-stat=communities] .stat-value").inner_text().startswith("1")
    screenshot(page, "foundation-01-staff-workbench")

    page.locator(".sidenav").get_by_text("驻区单位").click()
    page.fill("input[name=q]", "glszy")  # pinyin initials of 桂林市中医医院
    page.click("form.filters button")
    assert page.locator("table.table tbody tr").count() == 1
    assert "桂林市中医医院" in page.locator("table.table").inner_text()
    screenshot(page, "foundation-02-units-pinyin-search")

    page.get_by_role("link", name="桂林市中医医院").click()
    assert "13877301234" in page.locator("[data-testid=contact-phone]").first.inner_text()
    screenshot(page, "foundation-03-unit-detail")

    page.locator(".sidenav").get_by_text("人员").click()
    assert "王秀英" in page.content() and "张伟" not in page.content()
    screenshot(page, "foundation-04-people")

    page.locator(".sidenav").get_by_text("区划与网格").click()
    assert page.locator("h1").inner_text().startswith("五美社区")
    screenshot(page, "foundation-05-region-node")

    page.goto(f"{live_server.url}/workbench/party/{live_world.wumei_committee.pk}/")
    assert "100.0%" in page.locator("[data-testid=coverage]").inner_text() or \
        "50.0%" in page.locator("[data-testid=coverage]").inner_text()
    screenshot(page, "foundation-06-party-committee")


def test_resident_mobile_shell_story(live_world, login_page, screenshot, live_server):
    page = login_page("resident", mobile=True)
    assert page.url.endswith("/m/")
    assert page.locator(".m-title").inner_text() == "五美社区"
    assert page.locator(".m-tabbar a").count() == 5  # 首页 社区 需求 公开栏 我的
    box = page.locator(".m-tabbar a").first.bounding_box()
    assert box["height"] >= 44  # large touch targets
    screenshot(page, "foundation-07-resident-home")

    page.locator(".m-tabbar").get_by_text("我的").click()
    assert "13812345678" in page.content()  # her own number, unmasked for herself
    screenshot(page, "foundation-08-resident-me")

    page.locator(".m-tabbar").get_by_text("公开栏").click()
    assert "桂林市中医医院" in page.content() and "13812345678" not in page.content()
    screenshot(page, "foundation-09-public-board")

    page.goto(f"{live_server.url}/workbench/")
    assert page.url.endswith("/m/")  # a resident has no workbench


def test_english_translation(live_world, login_page, screenshot):
    page = login_page("wumei_staff")
    page.locator(".topbar").get_by_role("button", name="English").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").first.inner_text() == "Workbench"
    screenshot(page, "foundation-10-workbench-english")
