"""Elections through the API and the pages: the same services, 404 out of scope, 400 with a Chinese message, counts
hidden until the result is declared (for staff too), a vote that answers 204 and nothing else."""

import datetime as dt

from django.test import Client
from django.urls import reverse

from gongzhi.core import clock
from gongzhi.elections.models import Candidate, Election, VoterRecord
from gongzhi.elections.tests.conftest import AFTER, CLOSES, OPENS, VOTING

API = "/api/v1/elections"


def post(client, url, data=None):
    return client.post(API + url, data or {}, content_type="application/json")


def test_it_requires_a_login(client, published):
    assert client.get(f"{API}/").status_code == 401
    assert post(client, f"/{published.election.pk}/vote", {"candidate_ids": [1]}).status_code == 401


def test_define_and_refuse_a_zero_seat_election(world, frozen, client_for):
    staff = client_for(world.wumei_staff)
    data = {"community_id": world.wumei.pk, "constituency_id": world.wumei_estate.pk, "kind": "supervisor",
            "title": "五美小区百姓监督员选举", "project": "五美小区老旧小区改造", "seats": 0,
            "opens_at": OPENS.isoformat(), "closes_at": CLOSES.isoformat()}
    bad = post(staff, "/", data)
    assert bad.status_code == 400 and "应选名额须为 1—50 之间的整数" in bad.json()["message"]
    assert Election.objects.count() == 0
    assert post(client_for(world.nanmen_staff), "/", {**data, "seats": 2}).status_code == 404
    created = post(staff, "/", {**data, "seats": 2})
    assert created.status_code == 201 and created.json()["phase"] == "draft"


def test_publish_vote_declare_through_the_api(world, drafted, client_for):
    e, staff = drafted, client_for(world.wumei_staff)
    pid = e.election.pk
    assert post(client_for(world.nanmen_staff), f"/{pid}/publish").status_code == 404
    assert post(staff, f"/{pid}/publish").json()["phase"] == "announced"
    voter = client_for(e.voters[0])
    a, b = e.candidates[0].pk, e.candidates[1].pk
    early = post(voter, f"/{pid}/vote", {"candidate_ids": [a]})
    assert early.status_code == 400 and "投票尚未开始" in early.json()["message"]
    with clock.frozen(VOTING):
        cast = post(voter, f"/{pid}/vote", {"candidate_ids": [a, b]})
        assert cast.status_code == 204 and cast.content == b""
        again = post(voter, f"/{pid}/vote", {"candidate_ids": [a]})
        assert again.status_code == 400 and "您已经投过票" in again.json()["message"]
        assert voter.get(f"{API}/{pid}/voted").json() == {"voted": True}
        shown = staff.get(f"{API}/{pid}").json()
        assert shown["voters"] == 1 and {c["votes"] for c in shown["candidates"]} == {None}
    with clock.frozen(AFTER):
        late = post(client_for(e.voters[1]), f"/{pid}/vote", {"candidate_ids": [a]})
        assert late.status_code == 400 and "投票已于" in late.json()["message"]
        declared = post(staff, f"/{pid}/declare").json()
    votes = {c["name"]: (c["votes"], c["elected"]) for c in declared["candidates"]}
    assert votes == {"陈建华": (1, True), "李桂兰": (1, True), "黄志强": (0, False)}
    assert VoterRecord.objects.count() == 1


def test_the_pages_staff_and_phone(world, published, client_for):
    e = published
    staff = client_for(world.wumei_staff)
    assert "五美小区老旧小区改造百姓监督员选举" in staff.get(reverse("elections:list")).content.decode()
    phone = client_for(e.voters[0])
    url = reverse("elections:m_detail", args=[e.election.pk])
    assert "候选人公示中" in phone.get(url).content.decode()
    with clock.frozen(VOTING):
        page = phone.post(url, {"action": "vote", "candidate": [c.pk for c in e.candidates]}).content.decode()
        assert "最多选择 2 名候选人" in page and VoterRecord.objects.count() == 0
        response = phone.post(url, {"action": "vote", "candidate": [e.candidates[2].pk]})
        assert response.status_code == 302
        assert "您已投票" in phone.get(url).content.decode()
        detail = staff.get(reverse("elections:detail", args=[e.election.pk])).content.decode()
        assert 'data-testid="votes"' not in detail  # no counts before the close, staff included
    with clock.frozen(AFTER):
        staff.post(reverse("elections:detail", args=[e.election.pk]), {"action": "declare"})
    assert Candidate.objects.get(pk=e.candidates[2].pk).elected
    board = Client().get(reverse("core:board", args=[world.wumei.pk])).content.decode()
    assert "黄志强 1 票" in board


def test_out_of_scope_is_404(world, published, client_for):
    assert client_for(world.nanmen_staff).get(f"{API}/{published.election.pk}").status_code == 404
    assert client_for(world.nanmen_staff).get(reverse("elections:detail",
                                                      args=[published.election.pk])).status_code == 404


def test_an_inspection_and_its_problem_as_a_case_via_the_api(world, voting, client_for):
    from gongzhi.cases.testing import seed_case_categories
    from gongzhi.elections import services
    e = voting
    services.cast_vote(actor=e.voters[0], election=e.election, candidate_ids=[e.candidates[0].pk])
    with clock.frozen(AFTER):
        services.declare_results(actor=world.wumei_staff, election=e.election)
        supervisor = client_for(e.candidates[0].person.user)
        made = post(supervisor, f"/{e.election.pk}/inspections", {
            "inspected_on": str(clock.today()), "findings": "管网改造按计划推进", "problems": ["3号井盖松动"]})
        assert made.status_code == 201, made.json()
        assert post(client_for(e.voters[1]), f"/{e.election.pk}/inspections", {
            "inspected_on": str(clock.today()), "findings": "x"}).status_code == 404
        category = next(iter(seed_case_categories().values()))
        problem_id = made.json()["problems"][0]["id"]
        case = post(client_for(world.wumei_staff), f"/problems/{problem_id}/case", {"category_id": category.pk})
        assert case.status_code == 200 and case.json()["case_number"]
        future = post(supervisor, f"/{e.election.pk}/inspections", {
            "inspected_on": str(clock.today() + dt.timedelta(days=3)), "findings": "x"})
        assert future.status_code == 400 and "巡查日期" in future.json()["message"]


def test_the_talent_pool_proposes_candidates_and_one_click_nominates(world, drafted, client_for):
    """人才储备库: residents of the constituency with a skill the post asks for are proposed on the election page
    (never those already standing, nor those living outside the constituency); one click enters the nomination."""
    from gongzhi.elections.tests.conftest import id_number, resident
    from gongzhi.talent.services import register_talent

    builder = resident(world, "builder", "赵建国", id_number=id_number(201, "19680303")).person
    outside = resident(world, "far", "钱远", home=world.wenhua_b2, id_number=id_number(202, "19680303")).person
    for person in (builder, outside, drafted.candidates_people[0]):
        register_talent(actor=world.wumei_staff, person=person, skills=["repairs"], availability=["weekend"], consent=True,
                        consent_note="书面登记表")
    url = reverse("elections:detail", args=[drafted.election.pk])
    staff = client_for(world.wumei_staff)
    box = staff.get(url).content.decode()
    box = box[box.index('data-testid="talent-suggestions"'):]
    assert "赵建国" in box and "陈建华" not in box and "钱远" not in box  # 钱远 lives in 文化里, outside 五美小区
    staff.post(url, {"action": "nominate", "person": builder.pk, "note": "人才储备库推荐"})
    assert Candidate.objects.filter(election=drafted.election, person=builder, nomination_note="人才储备库推荐").exists()
