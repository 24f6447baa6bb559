"""A candidate steps down (herself, or recorded by the community) before voting, never breaking 差额 once the list is
published; the community cancels an election before its result, and nothing about it can go on afterwards (no vote,
no tally, no declaration), while the votes already cast stay unseen. Pages and API alike."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongzhi.chronicle.models import Entry
from gongzhi.core import clock
from gongzhi.elections import services
from gongzhi.elections.models import Candidate, CandidateStatus, Election, ElectionStatus
from gongzhi.elections.tests.conftest import AFTER, VOTING, id_number, resident

API = "/api/v1/elections"


def test_a_candidate_withdraws_herself_before_publication(world, drafted, client_for):
    cand = drafted.candidates[0]
    c = client_for(cand.person.user)
    r = c.post(f"/m/elections/{drafted.election.pk}/", {"action": "withdraw", "reason": "身体原因，不能参加巡查"})
    assert r.status_code == 302
    cand.refresh_from_db()
    assert cand.status == CandidateStatus.WITHDRAWN and cand.withdrawn_reason == "身体原因，不能参加巡查"
    entry = Entry.objects.filter(action="elections.withdrawn").get()
    assert entry.data["by_herself"] is True
    # a second withdrawal, or another resident's, changes nothing
    with pytest.raises(ValidationError, match="现为“已退出”，不能再退出"):
        services.withdraw_candidate(actor=cand.person.user, candidate=cand, reason="再次")
    other = drafted.candidates[1]
    with pytest.raises(PermissionDenied):
        services.withdraw_candidate(actor=cand.person.user, candidate=other, reason="替他退出")
    assert Candidate.objects.get(pk=other.pk).status == CandidateStatus.ACCEPTED


def test_after_publication_a_withdrawal_must_keep_the_election_contested(world, published):
    three = published.candidates
    entries = Entry.objects.count()
    with pytest.raises(ValidationError) as e:
        services.withdraw_candidate(actor=world.wumei_staff, candidate=three[0], reason="搬离本小区")
    assert "不符合差额选举" in str(e.value) and "请取消本次选举" in str(e.value)
    assert Entry.objects.count() == entries and Candidate.objects.get(pk=three[0].pk).status == "accepted"
    # a reason that would publish a phone number is refused too
    with pytest.raises(ValidationError, match="将向居民公开"):
        services.withdraw_candidate(actor=world.wumei_staff, candidate=three[0], reason="联系电话13812345678")


def test_with_a_spare_candidate_a_withdrawal_after_publication_stands(world, drafted):
    extra = resident(world, "cand9", "周玉梅", id_number=id_number(109, "19700303")).person
    services.nominate_candidate(actor=world.wumei_staff, election=drafted.election, person=extra)
    services.publish_election(actor=world.wumei_staff, election=drafted.election)
    gone = services.withdraw_candidate(actor=world.wumei_staff, candidate=drafted.candidates[2], reason="工作调动")
    assert gone.status == CandidateStatus.WITHDRAWN
    # once voting opens nobody withdraws: votes are never moved between candidates
    with clock.frozen(VOTING), pytest.raises(ValidationError, match="投票开始后候选人不能退出"):
        services.withdraw_candidate(actor=world.wumei_staff, candidate=drafted.candidates[0], reason="临时有事")


def test_a_cancelled_election_takes_no_vote_and_is_never_declared(world, published, client_for):
    with clock.frozen(VOTING):
        services.cast_vote(actor=published.voters[0], election=published.election,
                           candidate_ids=[published.candidates[0].pk])
        staff = client_for(world.wumei_staff)
        r = staff.post(f"/workbench/elections/{published.election.pk}/", {"action": "cancel", "reason": ""})
        assert Election.objects.get(pk=published.election.pk).status == ElectionStatus.PUBLISHED
        r = staff.post(f"/workbench/elections/{published.election.pk}/",
                       {"action": "cancel", "reason": "改造项目暂缓实施，监督员选举另行组织"})
        assert r.status_code == 302
        election = Election.objects.get(pk=published.election.pk)
        assert election.status == ElectionStatus.CANCELLED and election.cancelled_at is not None
        with pytest.raises(ValidationError, match="该选举已经取消"):
            services.cast_vote(actor=published.voters[1], election=election,
                               candidate_ids=[published.candidates[1].pk])
        page = client_for(published.voters[1]).get(f"/m/elections/{election.pk}/").content.decode()
        assert "本次选举已取消：改造项目暂缓实施" in page and 'data-testid="vote"' not in page
    with clock.frozen(AFTER):
        with pytest.raises(ValidationError, match="该选举已经取消"):
            services.declare_results(actor=world.wumei_staff, election=election)
        with pytest.raises(ValidationError, match="该选举已经取消"):
            services.cancel_election(actor=world.wumei_staff, election=election, reason="再次取消")
        body = client_for(world.wumei_staff).get(f"{API}/{election.pk}").json()
        assert body["phase"] == "cancelled" and body["cancel_reason"].startswith("改造项目暂缓")
        assert all(c["votes"] is None for c in body["candidates"])  # the one vote cast stays unseen


def test_the_api_withdraws_and_cancels_and_keeps_others_out(world, drafted, client_for):
    staff, other = client_for(world.wumei_staff), client_for(world.nanmen_staff)
    cand = drafted.candidates[0]
    assert other.post(f"{API}/candidates/{cand.pk}/withdraw", {"reason": "x"},
                      content_type="application/json").status_code == 404
    r = staff.post(f"{API}/candidates/{cand.pk}/withdraw", {"reason": "搬离本小区"}, content_type="application/json")
    assert r.status_code == 200 and r.json()["status"] == "withdrawn"
    assert other.post(f"{API}/{drafted.election.pk}/cancel", {"reason": "x"},
                      content_type="application/json").status_code == 404
    r = staff.post(f"{API}/{drafted.election.pk}/cancel", {"reason": ""}, content_type="application/json")
    assert r.status_code == 400 and "取消原因" in r.json()["message"]
    r = staff.post(f"{API}/{drafted.election.pk}/cancel", {"reason": "候选人不足，另行组织"},
                   content_type="application/json")
    assert r.status_code == 200 and r.json()["status"] == "cancelled"


def test_a_declared_election_cannot_be_cancelled(world, published):
    with clock.frozen(VOTING):
        for i, voter in enumerate(published.voters):
            services.cast_vote(actor=voter, election=published.election,
                               candidate_ids=[published.candidates[i % 2].pk])
    with clock.frozen(AFTER):
        services.declare_results(actor=world.wumei_staff, election=published.election)
        with pytest.raises(ValidationError, match="选举结果已经公布，不能取消"):
            services.cancel_election(actor=world.wumei_staff, election=published.election, reason="有异议")
