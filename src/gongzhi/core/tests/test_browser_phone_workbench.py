"""Browser check (Debian Chromium, 390×844): grid workers and liaisons work from phones. For every staff role, the
workbench's mobile menu opens and navigates, and no workbench page of the role's navigation (nor the first detail
page or sub-page each list links to) is wider than the phone: the page body never scrolls sideways.

Screenshots of every page of the grid worker and the community staffer: var/screenshots/phone-<role>-<page>.png."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from gongzhi.cases.testing import seed_case_categories
from gongzhi.contracts import services as contracts
from gongzhi.core import clock
from gongzhi.lists import services as lists
from gongzhi.lists.tests.conftest import seed_categories

pytestmark = pytest.mark.browser

PHONE_WIDTH = 390
ROLES = [  # (username, screenshot name or None)
    ("wumei_grid", "grid-worker"),
    ("wumei_staff", "community-staff"),
    ("street_staff", None),  # also visits the 商谈会 form (EXTRA)
    ("district_staff", None),
    ("hospital_liaison", None),
    ("judicial_receiver", None),
    ("admin", None),
]
LONG_TITLE = "五美小区" + "楼道照明线路老化、声控灯不亮、夜间老人上下楼摔倒风险高，" * 4  # ~120 characters
EXTRA = {"street_staff": ["/workbench/contracts/meetings/new/", "/workbench/lists/needs/review/"]}
SKIP = re.compile(r"(\.xlsx|\.pdf|\.csv|/export/|/template/|/import/|/verify/|badge)")

# What overflows: the page's width, and the widest elements that stick out of the screen (for the message).
MEASURE = """() => {
  const width = window.innerWidth, out = [];
  for (const el of document.querySelectorAll("body *")) {
    const r = el.getBoundingClientRect();
    if (r.right > width + 1 && r.width > 0) {
      let scrolled = false;
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        if (o === "auto" || o === "scroll" || o === "hidden") { scrolled = true; break; }
      }
      if (!scrolled) out.push(el.tagName.toLowerCase() + (el.className && el.className.baseVal === undefined
        ? "." + String(el.className).trim().replace(/\\s+/g, ".") : "") + "→" + Math.round(r.right));
    }
  }
  const squeezed = [];  // a table cell of several characters laid out one character per line
  for (const cell of document.querySelectorAll("main td, main th")) {
    const text = cell.innerText.trim();
    const style = getComputedStyle(cell), inner = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    if (text.length >= 2 && cell.clientWidth > 0 && inner < 2 * parseFloat(style.fontSize)) squeezed.push(text.slice(0, 8));
  }
  const raw = [...document.querySelectorAll("main option")].filter(o => o.textContent.trim() === "---------").length;
  return {scroll: document.documentElement.scrollWidth, width, culprits: out.slice(0, 6), squeezed: squeezed.slice(0, 6), raw};
}"""

# Same-section links of a list page: the first detail page (…/<id>/) and the first few sub-pages (…/review/).
SECTION_LINKS = """(base) => {
  const detail = [], sub = [];
  for (const a of document.querySelectorAll("main a[href]")) {
    const u = new URL(a.href, location.href);
    if (u.origin !== location.origin || u.search || u.hash || !u.pathname.startsWith(base) || u.pathname === base) continue;
    (/\\/\\d+\\/$/.test(u.pathname) ? detail : sub).push(u.pathname);
  }
  return [...detail.slice(0, 1), ...[...new Set(sub)].slice(0, 3)];
}"""


def _seed(w):
    """Enough of each capability that lists have rows and detail pages exist: needs (one with a 120-character
    title, with merge candidates in the review queue), resources, a case, a meeting with a draft contract."""
    cats = seed_categories()
    lists.submit_need(actor=w.resident, title=LONG_TITLE, category=cats["repairs"])
    lists.submit_need(actor=w.resident, title="楼道灯坏了希望维修", category=cats["repairs"])
    published = lists.submit_need(actor=w.wumei_staff, community=w.wumei, channel="window", title="老年人免费体检",
                                  category=cats["medical"], beneficiaries=["elderly"], place=w.wumei_estate, scale=120)
    lists.review_need(actor=w.wumei_staff, need=published, decision="approve")
    lists.register_resource(actor=w.liaison, organisation=w.hospital, title="中医义诊进社区", category=cats["medical"],
                            times_per_year=12, people_per_session=50, schedule="每月第一个周六上午")
    case_cats = seed_case_categories()
    from gongzhi.cases import services as cases

    case = cases.report_case(actor=w.resident, category=case_cats["sewage"], community=w.wumei,
                             title="楼上邻居下水管堵塞，污水倒灌进我家", description="新房卫生间地漏反水，污水漫到客厅。",
                             channel="phone_app", place=w.wumei_b1, address="五美小区1栋2单元101")
    cases.accept_case(actor=w.wumei_grid_worker, case=case)
    at = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)
    with clock.frozen(at):
        meeting = contracts.convene_meeting(
            actor=w.street_staff, community=w.wumei, title="2026年五美社区契约化共建商谈会",
            starts_at=at + dt.timedelta(days=3), place="五美社区党群服务中心", units=[w.hospital], agenda="审议清单")
        contracts.draft_contract(actor=w.wumei_staff, community=w.wumei, title="五美社区2026年度党建共建契约",
                                 year=2026, term_start=dt.date(2026, 1, 1), term_end=dt.date(2026, 12, 31),
                                 units=[w.hospital], meeting=meeting)


def _slug(path: str) -> str:
    path = re.sub(r"/\d+/", "/detail/", path.removeprefix("/workbench/"))
    return re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"


@pytest.mark.parametrize(("username", "shot"), ROLES, ids=[u for u, _ in ROLES])
def test_every_workbench_page_fits_a_phone(live_world, login_page, live_server, screenshot, username, shot):
    _seed(live_world)
    page = login_page(username, mobile=True)
    assert page.viewport_size["width"] == PHONE_WIDTH

    # The mobile menu: hidden at first, the top bar's toggle opens it as a drawer, a link in it navigates.
    sidenav, toggle = page.locator(".sidenav"), page.get_by_test_id("nav-toggle")
    expect(toggle).to_be_visible()
    expect(sidenav).to_be_hidden()
    toggle.click()
    expect(sidenav).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(sidenav).to_have_css("transform", "none")  # the drawer has slid in
    if shot:
        screenshot(page, f"phone-{shot}-menu-open")
    links = sidenav.locator("a")
    target = links.last
    href = target.get_attribute("href")
    target.click()
    expect(page).to_have_url(re.compile(re.escape(href) + "$"))
    expect(sidenav).to_be_hidden()

    # Every page of the navigation; for the grid worker and the community staffer also each list's first detail
    # page and first sub-pages (待审核, 商谈会, forms …), with a screenshot of each.
    nav = list(links.evaluate_all("els => els.map(a => a.getAttribute('href'))"))
    queue, seen, problems = [*nav, *EXTRA.get(username, [])], set(), []
    while queue:
        path = queue.pop(0)
        if path in seen or SKIP.search(path):
            continue
        seen.add(path)
        response = page.goto(f"{live_server.url}{path}")
        if response is None or not response.ok:
            problems.append(f"{path}: HTTP {response and response.status}")
            continue
        measured = page.evaluate(MEASURE)
        if measured["scroll"] > min(measured["width"], PHONE_WIDTH):
            problems.append(f"{path}: {measured['scroll']}px wide {measured['culprits']}")
        if measured["squeezed"]:
            problems.append(f"{path}: table columns squeezed to one character {measured['squeezed']}")
        if measured["raw"]:
            problems.append(f"{path}: {measured['raw']} select(s) offer a raw '---------'")
        if shot:
            screenshot(page, f"phone-{shot}-{_slug(path)}")
            if path in nav and path != "/workbench/":
                queue.extend(p for p in page.evaluate(SECTION_LINKS, path) if p not in seen)
    assert not problems, f"{username}: pages that do not fit a phone:\n" + "\n".join(problems)
