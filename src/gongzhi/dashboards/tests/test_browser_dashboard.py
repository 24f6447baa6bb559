"""Browser story (Debian Chromium): 象山区's district staffer puts the dashboard on the wall screen (1920×1080): the
figures, the three charts and the map of the communities fill one screen; a fulfilment record is entered meanwhile
and the next refresh shows it without reloading the page; she colours the map by open cases. On her laptop
(1366×768) the same screen still fits; the street's staffer reads it on his phone (390×844), stacked; anyone opens
the public version of the district."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from gongzhi.core import clock
from gongzhi.dashboards.tests.conftest import NOW, build, record

pytestmark = pytest.mark.browser
WALL = {"width": 1920, "height": 1080}
LAPTOP = {"width": 1366, "height": 768}

POINTS = """() => {
  const chart = echarts.getInstanceByDom(document.getElementById('chart-map'));
  return chart.getOption().series.reduce((n, s) => n + s.data.length, 0);
}"""
SERVICES_IN_TREND = """() => {
  const chart = echarts.getInstanceByDom(document.getElementById('chart-trend'));
  return chart.getOption().series[1].data.reduce((n, v) => n + (v || 0), 0);
}"""


def _charts_drawn(page):
    for chart in ("chart-trend", "chart-categories", "chart-map"):
        expect(page.locator(f"#{chart} canvas")).to_have_count(1)


def _fits(page, viewport):
    sizes = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
    assert sizes[0] <= viewport["width"] and sizes[1] <= viewport["height"], sizes


def _tile(page, key):
    return page.locator(f'[data-testid="tile"][data-key="{key}"] [data-testid="tile-value"]')


def test_the_dashboard_on_the_wall_the_laptop_and_the_phone(live_world, login_page, screenshot, live_server):
    w = live_world
    with clock.frozen(NOW):
        d = build(w)
        staff = login_page("district_staff")
        staff.set_viewport_size(WALL)
        staff.goto(f"{live_server.url}/workbench/dashboard/")
        expect(staff.get_by_test_id("dash-node")).to_contain_text("象山区")
        _charts_drawn(staff)
        assert staff.evaluate(POINTS) == 2  # 五美 and 南门; 翠竹 is in 秀峰区
        expect(staff.get_by_test_id("map-missing")).to_contain_text("所有社区均已标注坐标")
        expect(_tile(staff, "services")).to_contain_text("4")
        expect(staff.get_by_test_id("league-row")).to_have_count(2)
        staff.wait_for_timeout(800)  # the charts' first animation
        _fits(staff, WALL)
        screenshot(staff, "dashboard-01-district-wall-1920x1080")

        # a fulfilment record is entered meanwhile; the next refresh (what "every 60s" does) shows it, no reload
        staff.evaluate("window.notReloaded = true")
        assert staff.evaluate(SERVICES_IN_TREND) == 4
        record(d.life, d.life.clinic, dt.date(2026, 11, 18), 60)
        staff.evaluate("""htmx.ajax('GET', document.getElementById('dash-live').getAttribute('hx-get'),
                                    {target: '#dash-live', swap: 'outerHTML'})""")
        expect(_tile(staff, "services")).to_contain_text("5")
        staff.wait_for_function("() => echarts.getInstanceByDom(document.getElementById('chart-trend'))"
                                ".getOption().series[1].data.reduce((n, v) => n + (v || 0), 0) === 5")
        assert staff.evaluate("window.notReloaded") is True
        assert staff.locator("#dash-live").get_attribute("hx-trigger") == "every 60s"  # and it keeps polling

        # the map coloured by open cases
        staff.get_by_test_id("map-chooser").select_option("open_cases")
        expect(staff).to_have_url(f"{live_server.url}/workbench/dashboard/?node={w.xiangshan.pk}&map=open_cases")
        _charts_drawn(staff)
        expect(staff.locator(".dash-map h2")).to_contain_text("在办诉求")

        # the laptop
        staff.set_viewport_size(LAPTOP)
        staff.goto(f"{live_server.url}/workbench/dashboard/")
        _charts_drawn(staff)
        staff.wait_for_timeout(800)
        _fits(staff, LAPTOP)
        screenshot(staff, "dashboard-02-district-laptop-1366x768")

        # the street's staffer on his phone: stacked, nothing wider than the screen
        phone = login_page("street_staff", mobile=True)
        phone.goto(f"{live_server.url}/workbench/dashboard/")
        expect(phone.get_by_test_id("dash-node")).to_contain_text("象山街道")
        _charts_drawn(phone)
        assert phone.evaluate(POINTS) == 2
        assert phone.evaluate("document.documentElement.scrollWidth") <= 391
        phone.wait_for_timeout(800)
        screenshot(phone, "dashboard-03-street-phone-390x844")

        # the public version of the district: the same figures, no league table
        public = staff.context.browser.new_context(locale="zh-CN", viewport=WALL).new_page()
        public.goto(f"{live_server.url}/board/dashboard/{w.xiangshan.pk}/")
        _charts_drawn(public)
        expect(_tile(public, "services")).to_contain_text("5")
        expect(public.get_by_test_id("league")).to_have_count(0)
        public.wait_for_timeout(800)
        _fits(public, WALL)
        screenshot(public, "dashboard-04-public-district-1920x1080")
        public.context.close()
