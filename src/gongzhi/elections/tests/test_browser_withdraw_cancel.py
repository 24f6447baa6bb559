"""Browser story (Debian Chromium), desktop for 五美社区's staff and a 390×844 phone for a candidate:

1. The staff define an election of 1 residents' representative with three candidates; 陈建华 withdraws on her phone
   before the list is published (the reason is public, so a phone number in it is refused); the staff record 李桂兰's
   withdrawal at the desk — now only one candidate is left for one seat, so publication is refused (差额).
2. The staff cancel the election with a public reason; the candidate's phone and the desk say it is cancelled and
   nobody can vote.
3. A volunteer team's page suggests residents of the talent pool whose skills suit it."""

import pytest
from playwright.sync_api import expect

from gongzhi.core import clock
from gongzhi.elections import services
from gongzhi.elections.models import Candidate, CandidateStatus, Election, ElectionStatus
from gongzhi.elections.tests.conftest import CLOSES, NOW, OPENS, id_number, resident
from gongzhi.people.services import create_team, register_person
from gongzhi.talent import services as talent
from gongzhi.testing.personas import PASSWORD

pytestmark = pytest.mark.browser


def test_candidates_withdraw_and_the_staff_cancel_an_election(live_world, login_page, screenshot, live_server):
    w = live_world
    with clock.frozen(NOW):
        chen = resident(w, "chen", "陈建华", id_number=id_number(100, "19650505"), password=PASSWORD)
        others = [resident(w, f"cand{i}", name, id_number=id_number(101 + i, "19650505")).person
                  for i, name in enumerate(["李桂兰", "黄志强"])]
        election = services.create_election(
            actor=w.wumei_staff, community=w.wumei, constituency=w.wumei_estate, kind="representative",
            title="五美小区居民代表补选", seats=1, opens_at=OPENS, closes_at=CLOSES)
        for person in (chen.person, *others):
            services.nominate_candidate(actor=w.wumei_staff, election=election, person=person, note="居民联名推荐")

        # --- 1. withdrawals ------------------------------------------------------------------------------------
        phone = login_page("chen", mobile=True)
        phone.goto(f"{live_server.url}/m/elections/{election.pk}/")
        phone.get_by_test_id("withdraw-mine").locator("summary").click()
        phone.fill("input[name=reason]", "请联系13812345678")
        phone.once("dialog", lambda d: d.accept())
        phone.get_by_test_id("withdraw").click()
        expect(phone.locator(".errorlist, .messages")).to_contain_text("请不要填写电话")
        screenshot(phone, "decide-20-withdraw-refuses-a-phone-number")
        phone.goto(f"{live_server.url}/m/elections/{election.pk}/")
        phone.get_by_test_id("withdraw-mine").locator("summary").click()
        phone.fill("input[name=reason]", "工作调动，不能参加社区事务")
        phone.once("dialog", lambda d: d.accept())
        phone.get_by_test_id("withdraw").click()
        expect(phone.locator(".messages")).to_contain_text("您已退出本次选举")
        screenshot(phone, "decide-21-candidate-withdrew-on-her-phone")
        assert Candidate.objects.get(person=chen.person).status == CandidateStatus.WITHDRAWN

        desk = login_page("wumei_staff")
        desk.goto(f"{live_server.url}/workbench/elections/{election.pk}/")
        row = desk.get_by_test_id("candidate-row").filter(has_text="李桂兰")
        row.locator("input[name=reason]").fill("身体原因")
        row.get_by_test_id("withdraw").click()
        expect(desk.locator(".messages")).to_contain_text("已登记候选人退出")
        desk.get_by_test_id("publish").click()
        expect(desk.locator(".messages")).to_contain_text("正式候选人（现 1 名）须多于应选名额 1 名")
        screenshot(desk, "decide-22-withdrawals-leave-too-few-candidates")

        # --- 2. cancelling -------------------------------------------------------------------------------------
        desk.locator("details.el-cancel summary").click()
        desk.get_by_test_id("cancel-reason").fill("候选人不足，改期重新组织补选")
        desk.once("dialog", lambda d: d.accept())
        desk.get_by_test_id("cancel-election").click()
        expect(desk.get_by_test_id("cancelled")).to_contain_text("候选人不足，改期重新组织补选")
        expect(desk.get_by_test_id("phase")).to_have_text("已取消")
        screenshot(desk, "decide-23-election-cancelled")
        assert Election.objects.get(pk=election.pk).status == ElectionStatus.CANCELLED
        phone.goto(f"{live_server.url}/m/elections/{election.pk}/")
        expect(phone.get_by_test_id("cancelled")).to_contain_text("候选人不足")
        expect(phone.get_by_test_id("vote")).to_have_count(0)
        screenshot(phone, "decide-24-phone-shows-the-cancellation")

        # --- 3. the talent pool on a team's page ---------------------------------------------------------------
        nurse = register_person(actor=w.admin, name="张丽华", home=w.wumei_b1, phone="13907730001")
        talent.register_talent(actor=w.wumei_staff, person=nurse, skills=["medical", "care"],
                               availability=["weekend"], consent=True)
        team = create_team(actor=w.wumei_staff, name="五美义诊志愿服务队", community=w.wumei,
                           speciality="上门测血压、健康义诊", kind="professional")
        desk.goto(f"{live_server.url}/workbench/people/teams/{team.pk}/")
        expect(desk.get_by_test_id("talent-suggestion")).to_contain_text("张丽华")
        screenshot(desk, "decide-25-team-page-suggests-the-talent-pool")
