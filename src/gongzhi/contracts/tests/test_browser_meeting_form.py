"""Browser story (Debian Chromium, on a phone): 象山街道's staffer convenes a 商谈会 for 五美社区. The units of
五美社区 come first; a search (pinyin initials too), 全选 and 清空 act on the units shown; the street's other units
open on request; a click on a unit's name ticks its box; a meeting dated 2020 is refused with a message."""

import re

import pytest
from playwright.sync_api import expect

from gongzhi.contracts.models import Meeting
from gongzhi.organisations.services import create_organisation

pytestmark = pytest.mark.browser


def test_the_street_convenes_a_meeting_choosing_units_on_a_phone(live_world, login_page, live_server, screenshot):
    w = live_world
    for name in ("五美社区卫生服务站", "五美菜市场"):
        create_organisation(actor=w.admin, name=name, kind="merchant", home=w.wumei)
    page = login_page("street_staff", mobile=True)
    page.goto(f"{live_server.url}/workbench/contracts/meetings/new/?community={w.wumei.pk}")

    picker = page.get_by_test_id("unit-picker")
    local, others = picker.get_by_test_id("local-units"), picker.get_by_test_id("other-units")
    expect(local.locator("li")).to_have_count(3)
    expect(others.get_by_text("桂林市崇善小学")).to_be_hidden()  # 南门社区's unit: behind the switch
    screenshot(page, "contracts-meeting-form-phone-01-units")

    picker.locator("[data-unit-search]").fill("glszy")  # pinyin initials of 桂林市中医医院
    expect(local.locator("li:visible")).to_have_count(1)
    picker.locator("[data-unit-all]").click()
    expect(picker.locator("[data-unit-count]")).to_have_text("已选 1 个")
    picker.locator("[data-unit-search]").fill("")
    expect(local.locator("li:visible")).to_have_count(3)
    expect(local.get_by_label("五美菜市场")).not_to_be_checked()  # 全选 ticked only what the search showed
    picker.locator("[data-unit-all]").click()
    expect(picker.locator("[data-unit-count]")).to_have_text("已选 3 个")
    picker.locator("[data-unit-none]").click()
    expect(picker.locator("[data-unit-count]")).to_have_text("已选 0 个")

    local.get_by_text("桂林市中医医院").click()  # the name is the box's label
    expect(local.get_by_label("桂林市中医医院")).to_be_checked()
    others.locator("summary").click()
    others.get_by_text("桂林市崇善小学").click()
    expect(others.get_by_label(re.compile("桂林市崇善小学"))).to_be_checked()

    page.fill("#id_place", "五美社区党群服务中心")
    page.fill("#id_starts_at", "2020-01-01T09:00")
    assert page.eval_on_selector("#id_starts_at", "e => e.validity.rangeUnderflow")  # the picker's own min
    page.locator("form.form").evaluate("f => { f.noValidate = true; }")  # and the server refuses it too
    page.get_by_role("button", name="召集").click()
    expect(page.locator(".errorlist")).to_contain_text("会议时间须在2025-01-01至")
    screenshot(page, "contracts-meeting-form-phone-02-date-refused")
    expect(page.get_by_test_id("other-units")).to_have_attribute("open", "")  # the chosen school is still shown
    page.fill("#id_starts_at", "2026-12-18T09:00")
    page.get_by_role("button", name="召集").click()
    expect(page).to_have_url(re.compile(r"/workbench/contracts/meetings/\d+/$"))
    assert set(Meeting.objects.get().units.values_list("name", flat=True)) == {"桂林市中医医院", "桂林市崇善小学"}
