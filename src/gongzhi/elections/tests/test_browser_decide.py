"""Browser story (Debian Chromium), desktop for 五美社区's staff and 390×844 phones for residents:

1. 王秀英 proposes on her phone that the street lamps be mended; her neighbour 邻居李 supports it (once); the staff
   answer it at the desk; she reads the answer, which the public board shows without her name.
2. The staff define an election of 2 百姓监督员 for the renovation of 五美小区, nominate three candidates and publish
   the list six days before voting; on voting day two residents vote on their phones (a second vote is impossible:
   the page says 您已投票); after the close the staff declare the result, with counts, on the desk, the phones and
   the public board."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from gongzhi.core import clock
from gongzhi.elections.models import Candidate, VoterRecord
from gongzhi.elections.tests.conftest import AFTER, NOW, VOTING, id_number, resident
from gongzhi.proposals.models import Proposal
from gongzhi.testing.browser import touch_height
from gongzhi.testing.personas import PASSWORD

pytestmark = pytest.mark.browser


def test_a_proposal_is_answered_and_an_election_is_held(live_world, login_page, screenshot, live_server):
    w = live_world
    with clock.frozen(NOW):
        resident(w, "neighbour", "邻居李", id_number=id_number(7, "19750505"), password=PASSWORD)
        candidates = [resident(w, f"cand{i}", name, id_number=id_number(100 + i, "19650505")).person
                      for i, name in enumerate(["陈建华", "李桂兰", "黄志强"])]
        # --- 1. the proposal ----------------------------------------------------------------------------------
        phone = login_page("resident", mobile=True)
        phone.locator(".m-shortcuts").get_by_text("居民提议").click()
        phone.get_by_test_id("new-proposal").click()
        phone.fill("#id_title", "五美小区路灯坏了三盏")
        phone.fill("#id_problem", "我家3栋门口的路灯坏了")
        phone.fill("#id_suggestion", "请物业更换路灯")
        phone.get_by_test_id("submit-proposal").click()
        expect(phone.locator(".errorlist")).to_contain_text("请不要填写电话、身份证号或楼栋门牌")
        screenshot(phone, "decide-01-proposal-refuses-home-detail")
        assert Proposal.objects.count() == 0
        phone.fill("#id_problem", "小区主干道三盏路灯晚上不亮，老人夜里出门不安全。")
        phone.get_by_test_id("submit-proposal").click()
        expect(phone.locator(".messages")).to_contain_text("提议已提交")
        screenshot(phone, "decide-02-proposal-submitted")

        other = login_page("neighbour", mobile=True)
        other.goto(f"{live_server.url}/m/proposals/")
        expect(other.get_by_test_id("m-proposal")).to_have_count(1)
        expect(other.get_by_test_id("m-proposal")).not_to_contain_text("王秀英")
        other.get_by_test_id("m-proposal").click()
        support = other.get_by_test_id("support")
        assert touch_height(support) >= 44
        support.click()
        expect(other.get_by_test_id("support-count")).to_have_text("1")
        expect(other.get_by_test_id("supported")).to_be_visible()
        screenshot(other, "decide-03-neighbour-supported")

        staff = login_page("wumei_staff")
        staff.locator(".sidenav").get_by_text("居民提议").click()
        expect(staff.get_by_test_id("proposal-row")).to_contain_text("王秀英")
        staff.get_by_test_id("proposal-row").get_by_role("link").click()
        staff.fill("#id_answer", "已联系物业，6月20日前更换三盏路灯，并纳入每月巡查。")
        staff.get_by_test_id("answer-submit").click()
        expect(staff.get_by_test_id("answer")).to_contain_text("6月20日前更换")
        screenshot(staff, "decide-04-staff-answered")

        phone.reload()
        expect(phone.get_by_test_id("answer")).to_contain_text("纳入每月巡查")
        screenshot(phone, "decide-05-resident-reads-answer")
        phone.goto(f"{live_server.url}/board/{w.wumei.pk}/")
        expect(phone.get_by_test_id("proposals-answered")).to_contain_text("五美小区路灯坏了三盏")
        expect(phone.get_by_test_id("proposals-answered")).not_to_contain_text("王秀英")

        # --- 2. the election: defined, candidates, published -----------------------------------------------------
        staff.locator(".sidenav").get_by_text("居民选举").click()
        staff.select_option("#id_community", str(w.wumei.pk))
        staff.select_option("#id_constituency", str(w.wumei_estate.pk))
        staff.select_option("#id_kind", "supervisor")
        staff.fill("#id_title", "五美小区老旧小区改造百姓监督员选举")
        staff.fill("#id_project", "五美小区老旧小区改造")
        staff.fill("#id_seats", "0")
        staff.fill("#id_opens_at", "2026-06-21T08:00")
        staff.fill("#id_closes_at", "2026-06-21T18:00")
        staff.get_by_test_id("create-election").click()
        expect(staff.locator(".errorlist").first).to_contain_text("应选名额须为 1—50 之间的整数")
        screenshot(staff, "decide-06-zero-seats-refused")
        staff.fill("#id_seats", "2")
        staff.get_by_test_id("create-election").click()
        expect(staff.get_by_test_id("phase")).to_have_text("候选人报名中")
        staff.get_by_test_id("publish").click()
        expect(staff.locator(".messages")).to_contain_text("正式候选人（现 0 名）须多于应选名额 2 名")
        for person in candidates:
            staff.select_option("#id_person", str(person.pk))
            staff.fill("#id_note", "10名居民联名推荐")
            staff.get_by_test_id("nominate").click()
            expect(staff.locator(".messages")).to_contain_text("已登记候选人")
        expect(staff.get_by_test_id("candidate-row")).to_have_count(3)
        staff.get_by_test_id("publish").click()
        expect(staff.get_by_test_id("phase")).to_have_text("候选人公示中")
        screenshot(staff, "decide-07-candidates-published")

    # --- voting day on the phones ---------------------------------------------------------------------------------
    with clock.frozen(VOTING):
        phone.goto(f"{live_server.url}/m/elections/")
        phone.get_by_test_id("m-election").click()
        expect(phone.get_by_test_id("choice")).to_have_count(3)
        for name in ("陈建华", "李桂兰", "黄志强"):
            phone.get_by_test_id("choice").filter(has_text=name).click()
        phone.get_by_test_id("vote").click()
        expect(phone.get_by_test_id("vote-error")).to_contain_text("最多选择 2 名候选人")
        screenshot(phone, "decide-08-too-many-choices")
        assert VoterRecord.objects.count() == 0
        for name in ("陈建华", "李桂兰"):
            phone.get_by_test_id("choice").filter(has_text=name).click()
        phone.get_by_test_id("vote").click()
        expect(phone.get_by_test_id("voted")).to_contain_text("您已投票")
        expect(phone.locator(".messages")).to_contain_text("任何人都无法查到您投给了谁")
        screenshot(phone, "decide-09-resident-voted")

        other.goto(f"{live_server.url}/m/elections/")
        other.get_by_test_id("m-election").click()
        other.get_by_test_id("choice").filter(has_text="陈建华").click()
        other.get_by_test_id("vote").click()
        expect(other.get_by_test_id("voted")).to_be_visible()
        other.reload()
        expect(other.get_by_test_id("vote")).to_have_count(0)  # no second ballot

        staff.reload()
        expect(staff.get_by_test_id("voters")).to_have_text("2")
        expect(staff.get_by_test_id("votes")).to_have_count(0)  # counts hidden until the result is declared
        screenshot(staff, "decide-10-staff-during-voting")

    # --- after the close -------------------------------------------------------------------------------------------
    with clock.frozen(AFTER):
        staff.reload()
        staff.get_by_test_id("declare").click()
        expect(staff.get_by_test_id("phase")).to_have_text("已公布结果")
        expect(staff.get_by_test_id("elected")).to_have_count(2)
        screenshot(staff, "decide-11-results-declared")
        phone.reload()
        expect(phone.get_by_test_id("result-row")).to_have_count(3)
        expect(phone.get_by_test_id("result-row").first).to_contain_text("陈建华")
        expect(phone.get_by_test_id("result-row").first).to_contain_text("2")
        screenshot(phone, "decide-12-resident-sees-results")
        phone.goto(f"{live_server.url}/board/{w.wumei.pk}/")
        expect(phone.get_by_test_id("elections-results")).to_contain_text("陈建华 2 票（当选）")
        screenshot(phone, "decide-13-board")
    assert {c.person.name: c.votes for c in Candidate.objects.select_related("person")} == {
        "陈建华": 2, "李桂兰": 1, "黄志强": 0}
    assert dt.timedelta(0) < AFTER - VOTING
