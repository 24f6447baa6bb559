"""Browser check of the ledger with disputes in every state (the demo's, on the test world): the list with its
tabs and filters, 回访提醒 with an overdue visit, and the street's 重大 flag."""

import random

import pytest
from playwright.sync_api import expect

from gongzhi.cases.testing import seed_case_categories
from gongzhi.core import clock
from gongzhi.demo import disputes_demo
from gongzhi.people.services import register_person

pytestmark = pytest.mark.browser


def test_the_ledger_in_every_state(live_world, login_page, screenshot):
    seed_case_categories()
    w = live_world
    for i, home in enumerate([w.wumei_b1, w.wenhua_b2, w.wumei_b1, w.nanmen_b1, w.nanmen_b1, w.nanmen_b1]):
        register_person(actor=w.admin, name=["赵建华", "钱秀兰", "孙志强", "李桂英", "周文斌", "吴丽娟"][i], home=home,
                        phone=f"1390773{i:04d}")
    disputes_demo.load(communities=[w.wumei, w.nanmen],
                       actors=disputes_demo.Actors(admin=w.admin, community_staff=w.wumei_staff,
                                                   grid_worker=w.wumei_grid_worker, street_staff=w.street_staff),
                       rng=random.Random(7), today=clock.today())

    staff = login_page("wumei_staff")
    staff.locator(".sidenav").get_by_text("矛盾纠纷").click()
    expect(staff.get_by_test_id("dispute-row")).to_have_count(5)  # waits for the ledger page, then counts
    screenshot(staff, "disputes-09-ledger")
    staff.fill("input[name=q]", "zjh")  # 赵建华 by pinyin initials
    staff.get_by_role("button", name="查询").click()
    expect(staff.get_by_test_id("dispute-row").nth(0)).to_be_visible()
    assert all("赵建华" in t for t in staff.get_by_test_id("dispute-row").all_inner_texts())

    street = login_page("street_staff")
    street.locator(".sidenav").get_by_text("矛盾纠纷").click()
    expect(street.get_by_test_id("dispute-row")).to_have_count(7)
    expect(street.get_by_test_id("major-flag")).to_contain_text("重大")
    street.get_by_test_id("follow-ups-tab").click()
    rows = street.get_by_test_id("follow-up-row")
    expect(rows.nth(0)).to_be_visible()
    expect(rows.first).to_contain_text("逾期")
    screenshot(street, "disputes-10-street-follow-up-reminders")
