"""Browser story: a community staffer and a resident log in and use their shells (Debian Chromium).
Every check after a navigation waits with Playwright's expect(...), which retries until the new page shows it."""

import re

import pytest
from playwright.sync_api import expect

from gongzhi.party.models import PartyOrganisation
from gongzhi.regions.models import RegionNode

pytestmark = pytest.mark.browser


def _coverage_text(community) -> str:
    """五美社区's coverage from the recorded facts: its neighbourhoods, and those holding a neighbourhood branch or
    a building group (the world: 五美小区党支部 in 五美小区, none in 文化里)."""
    neighbourhoods = list(RegionNode.objects.filter(path__startswith=community.path, kind="neighbourhood"))
    covered = [n for n in neighbourhoods if PartyOrganisation.objects.filter(
        region__path__startswith=n.path, kind__in=["neighbourhood_branch", "building_group"]).exists()]
    return f"{100 * len(covered) / len(neighbourhoods):.1f}%（{len(covered)}/{len(neighbourhoods)}）"


def test_community_staff_workbench_story(live_world, login_page, screenshot, live_server):
    page = login_page("wumei_staff")
    expect(page).to_have_url(re.compile(r"/workbench/$"))
    expect(page.locator("h1").first).to_have_text("工作台")
    expect(page.locator(".sidenav").get_by_text("驻区单位")).to_be_visible()
    expect(page.locator("[data-stat=communities] .stat-value")).to_have_text(re.compile(r"^1"))
    screenshot(page, "foundation-01-staff-workbench")

    page.locator(".sidenav").get_by_text("驻区单位").click()
    expect(page).to_have_url(re.compile(r"/workbench/organisations/$"))
    page.fill("input[name=q]", "glszy")  # pinyin initials of 桂林市中医医院
    page.click("form.filters button")
    expect(page).to_have_url(re.compile(r"[?&]q=glszy"))
    expect(page.locator("table.table tbody tr")).to_have_count(1)
    expect(page.locator("table.table")).to_contain_text("桂林市中医医院")
    screenshot(page, "foundation-02-units-pinyin-search")

    page.get_by_role("link", name="桂林市中医医院").click()
    expect(page.locator("[data-testid=contact-phone]").first).to_contain_text("13877301234")
    screenshot(page, "foundation-03-unit-detail")

    page.locator(".sidenav").get_by_text("人员").click()
    expect(page).to_have_url(re.compile(r"/workbench/people/$"))
    expect(page.locator("main")).to_contain_text("王秀英")
    expect(page.locator("main")).not_to_contain_text("张伟")
    screenshot(page, "foundation-04-people")

    page.locator(".sidenav").get_by_text("区划与网格").click()
    expect(page.locator("h1")).to_have_text(re.compile(r"^五美社区"))
    screenshot(page, "foundation-05-region-node")

    page.goto(f"{live_server.url}/workbench/party/{live_world.wumei_committee.pk}/")
    expected = _coverage_text(live_world.wumei)
    assert expected == "50.0%（1/2）"  # the world's two neighbourhoods, one with a branch
    expect(page.locator("[data-testid=coverage]")).to_have_text(expected)
    screenshot(page, "foundation-06-party-committee")


def test_resident_mobile_shell_story(live_world, login_page, screenshot, live_server):
    page = login_page("resident", mobile=True)
    expect(page).to_have_url(re.compile(r"/m/$"))
    expect(page.locator(".m-title")).to_have_text("五美社区")
    expect(page.locator(".m-tabbar a")).to_have_count(5)  # 首页 社区 需求 公开栏 我的
    box = page.locator(".m-tabbar a").first.bounding_box()
    assert box["height"] >= 44  # large touch targets
    screenshot(page, "foundation-07-resident-home")

    page.locator(".m-tabbar").get_by_text("我的").click()
    expect(page).to_have_url(re.compile(r"/m/me/$"))
    expect(page.locator("body")).to_contain_text("13812345678")  # her own number, unmasked for herself
    screenshot(page, "foundation-08-resident-me")

    page.locator(".m-tabbar").get_by_text("公开栏").click()
    expect(page).to_have_url(re.compile(r"/board/"))
    expect(page.locator("body")).to_contain_text("桂林市中医医院")
    expect(page.locator("body")).not_to_contain_text("13812345678")
    screenshot(page, "foundation-09-public-board")

    page.goto(f"{live_server.url}/workbench/")
    expect(page).to_have_url(re.compile(r"/m/$"))  # a resident has no workbench


def test_english_translation(live_world, login_page, screenshot):
    page = login_page("wumei_staff")
    page.locator(".topbar").get_by_role("button", name="English").click()
    expect(page.locator("h1").first).to_have_text("Workbench")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    screenshot(page, "foundation-10-workbench-english")
