"""Browser check: under the Content-Security-Policy no script or style of ours is blocked, and the behaviours
that used to be inline handlers still work (Debian Chromium)."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def _watch(page) -> list[str]:
    blocked: list[str] = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda e: blocked.append(str(e)))
    return blocked


def test_pages_work_under_the_policy(live_world, login_page, live_server, screenshot):
    staff = login_page("district_staff")
    blocked = _watch(staff)
    staff.goto(f"{live_server.url}/workbench/rates/")
    select = staff.locator("[data-testid=period-select]")
    expect(select).to_be_visible()
    options = select.locator("option").evaluate_all("(els) => els.map(e => e.value).filter(v => v)")
    target = options[-1] if options[-1] not in staff.url else options[0]
    select.select_option(target)  # data-autosubmit (behaviours.js) submits the form
    expect(staff).to_have_url(re.compile(rf"period={re.escape(target)}"))
    staff.goto(f"{live_server.url}/workbench/evaluation/new/")  # the one nonce'd <style>
    expect(staff.locator("h1")).to_be_visible()
    screenshot(staff, "security-01-rates-under-csp")

    resident = login_page("resident", mobile=True)
    blocked += _watch(resident)
    resident.context.grant_permissions([])  # no location: the button must still answer
    resident.goto(f"{live_server.url}/m/cases/new/")
    resident.click("[data-testid=locate]")
    expect(resident.locator("#locate-status")).not_to_have_text("")
    resident.goto(f"{live_server.url}/m/cases/")  # polls with htmx
    expect(resident.locator(".m-tabbar")).to_be_visible()
    screenshot(resident, "security-02-case-form-under-csp")
    assert blocked == []


def test_the_language_switch_on_the_login_page_works(live_world, browser, live_server, screenshot):
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator(".lang-switch button").click()
    expect(page.locator("label[for=id_username]")).to_have_text("Username")
    screenshot(page, "security-03-login-in-english")
    context.close()


def test_error_pages_in_both_shells(live_world, login_page, browser, live_server, screenshot):
    staff = login_page("wumei_staff")
    staff.goto(f"{live_server.url}/workbench/no-such-page/")
    expect(staff.locator("[data-testid=error-page]")).to_contain_text("页面不存在")
    expect(staff.locator(".sidenav")).to_be_visible()
    screenshot(staff, "security-04-404-workbench")
    resident = login_page("resident", mobile=True)
    resident.goto(f"{live_server.url}/m/no-such-page/")
    expect(resident.locator("[data-testid=error-page]")).to_contain_text("页面不存在")
    screenshot(resident, "security-05-404-phone")
    context = browser.new_context(locale="en")
    anonymous = context.new_page()
    anonymous.goto(f"{live_server.url}/no-such-page/")
    expect(anonymous.locator("[data-testid=error-page]")).to_be_visible()
    screenshot(anonymous, "security-06-404-plain")
    context.close()


def test_a_resident_whose_token_expired_resubmits_her_report(live_world, login_page, live_server, screenshot):
    resident = login_page("resident", mobile=True)
    resident.goto(f"{live_server.url}/m/cases/new/")
    resident.fill("textarea[name=description]", "楼道灯坏了三天，晚上老人上下楼看不清")
    resident.context.clear_cookies(name="csrftoken")  # the token in her open form no longer matches
    resident.context.add_cookies([{"name": "csrftoken", "value": "x" * 32, "url": live_server.url}])
    # (no categories in this world: skip the browser's own required-field check; CSRF is checked first anyway)
    resident.locator("[data-testid=case-form]").evaluate("f => { f.noValidate = true; }")
    resident.click("[data-testid=case-submit]")
    expect(resident.locator("[data-testid=typed-text]")).to_contain_text("楼道灯坏了三天")
    screenshot(resident, "security-07-csrf-keeps-the-report")
