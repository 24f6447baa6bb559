"""Browser story (Debian Chromium): 五美社区's staff register a 邻里纠纷 — water leaking from 李明's flat into 王秀英's
— with both parties, record the mediation session in which they agreed, the agreement (人民调解协议), the
follow-up visit, and close it; the street's staff then see the ledger with the parties' phones masked."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from gongzhi.cases.testing import seed_case_categories
from gongzhi.core import clock
from gongzhi.disputes.models import Dispute

pytestmark = pytest.mark.browser

TITLE = "五美小区1栋楼上漏水纠纷"


def test_a_leak_dispute_is_mediated_to_an_agreement_and_followed_up(live_world, login_page, screenshot):
    seed_case_categories()

    # 1. 矛盾纠纷 → 登记纠纷: the dispute and its two parties on one form
    staff = login_page("wumei_staff")
    staff.locator(".sidenav").get_by_text("矛盾纠纷").click()
    staff.get_by_test_id("new-dispute").click()
    staff.select_option("#id_category", label="邻里纠纷")
    staff.fill("#id_title", TITLE)
    staff.fill("#id_subject", "卫生间漏水致楼下天花板受损，维修和赔偿争议")
    staff.fill("#id_description", "王秀英反映楼上李明家卫生间长期漏水，天花板发霉脱落，多次协商未果。")
    staff.fill("#id_amount", "3000")
    staff.select_option("#id_place", label="五美社区 · 五美小区")
    staff.fill("#id_parties-0-name", "王秀英")
    staff.fill("#id_parties-0-phone", "13812345678")
    staff.fill("#id_parties-0-address", "五美小区1栋101")
    staff.fill("#id_parties-1-name", "李明")
    staff.fill("#id_parties-1-phone", "13907731234")
    staff.fill("#id_parties-1-address", "五美小区1栋201")
    screenshot(staff, "disputes-01-register-form")
    staff.get_by_role("button", name="登记", exact=True).click()
    expect(staff.locator(".messages")).to_contain_text("矛盾纠纷已登记")
    expect(staff.get_by_test_id("dispute-status")).to_have_text("登记")
    expect(staff.get_by_test_id("party-row")).to_have_count(2)
    expect(staff.get_by_test_id("party-row").first).to_contain_text("13812345678")
    screenshot(staff, "disputes-02-registered")
    dispute = Dispute.objects.select_related("case").get()
    assert dispute.case.kind == "dispute" and dispute.case.owner == live_world.wumei_staff
    assert dispute.parties.get(role="applicant").person == live_world.resident_person

    # 2. 登记调解: the session in which both sides agreed
    staff.get_by_test_id("record-session").click()
    held = timezone.localtime(clock.now() - dt.timedelta(minutes=5))
    staff.fill("#id_held_at", held.strftime("%Y-%m-%dT%H:%M"))
    staff.fill("#id_place", "五美社区人民调解室")
    staff.get_by_label("五美网格员·孙静").check()
    staff.fill("#id_mediator_names", "人民调解员 张明；法律顾问 李律师")
    staff.get_by_label("象山街道司法所").check()
    staff.fill("#id_notes", "双方到场陈述。经查为楼上防水层老化所致，调解员释法说理，双方同意由李明维修并赔偿。")
    staff.get_by_label("达成一致", exact=True).check()
    screenshot(staff, "disputes-03-session-form")
    staff.get_by_role("button", name="登记调解").click()
    expect(staff.get_by_test_id("dispute-status")).to_have_text("调解中")
    expect(staff.get_by_test_id("sessions")).to_contain_text("第 1 次调解")

    # 3. 登记调解结果: the agreement, with the follow-up date
    staff.get_by_test_id("record-outcome").click()
    staff.get_by_label("调解成功，达成协议").check()
    staff.fill("#id_agreement_text", "一、李明于7日内修复卫生间防水层；\n二、李明赔偿王秀英天花板修复费用2000元，于7日内付清。")
    staff.fill("#id_agreed_amount", "2000")
    screenshot(staff, "disputes-04-outcome-form")
    staff.get_by_role("button", name="登记结果").click()
    expect(staff.get_by_test_id("dispute-status")).to_have_text("达成协议")
    expect(staff.get_by_test_id("agreement")).to_contain_text("2000元")
    follow_up_on = clock.today() + dt.timedelta(days=15)
    expect(staff.get_by_test_id("follow-up-on")).to_have_text(follow_up_on.isoformat())
    screenshot(staff, "disputes-05-agreed")

    # 4. 登记回访, then 回访结案: the case is resolved in the cases app
    staff.get_by_test_id("record-follow-up").click()
    staff.get_by_label("矛盾已化解，情况稳定").check()
    staff.fill("#id_note", "上门回访：防水层已修复，赔偿款已付清，双方关系缓和。")
    staff.get_by_role("button", name="登记回访").click()
    expect(staff.get_by_test_id("follow-up")).to_have_count(1)
    staff.get_by_test_id("close").click()
    expect(staff.get_by_test_id("dispute-status")).to_have_text("已回访结案")
    screenshot(staff, "disputes-06-closed")
    dispute.refresh_from_db()
    dispute.case.refresh_from_db()
    assert dispute.status == "closed" and dispute.case.status == "resolved"

    # 5. The street's staff see the ledger, and the parties' phones masked
    street = login_page("street_staff")
    street.locator(".sidenav").get_by_text("矛盾纠纷").click()
    row = street.get_by_test_id("dispute-row").filter(has_text=TITLE)
    expect(row).to_contain_text("王秀英")
    expect(row).to_contain_text("已回访结案")
    screenshot(street, "disputes-07-street-ledger")
    row.get_by_role("link", name=TITLE).click()
    phones = street.get_by_test_id("party-phone").all_inner_texts()
    assert phones == ["138****5678", "139****1234"]
    screenshot(street, "disputes-08-street-detail-masked")
