"""The election services: definition, candidates (差额), publication five days ahead, one vote each, paper tallies
entered twice, results; every refusal is a Chinese message that leaves nothing behind."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongzhi.cases.testing import seed_case_categories
from gongzhi.chronicle.models import Entry
from gongzhi.core import clock
from gongzhi.elections import services
from gongzhi.elections.models import Candidate, Election, PaperTally, TallyStatus, VoterRecord
from gongzhi.elections.permissions import phase
from gongzhi.elections.tests.conftest import AFTER, CLOSES, OPENS, VOTING, id_number, resident


def _nothing_written(before_entries: int, model=VoterRecord, before: int = 0):
    assert Entry.objects.count() == before_entries
    assert model.objects.count() == before


def test_a_zero_seat_election_is_refused(world, frozen):
    with pytest.raises(ValidationError) as e:
        services.create_election(actor=world.wumei_staff, community=world.wumei, kind="supervisor", title="监督员选举",
                                 project="改造", seats=0, opens_at=OPENS, closes_at=CLOSES)
    assert "应选名额须为 1—50 之间的整数" in str(e.value)
    assert Election.objects.count() == 0


def test_other_communities_staff_may_not_define_an_election(world, frozen):
    with pytest.raises(PermissionDenied):
        services.create_election(actor=world.nanmen_staff, community=world.wumei, kind="supervisor", title="选举",
                                 project="改造", seats=1, opens_at=OPENS, closes_at=CLOSES)


def test_publication_needs_more_candidates_than_seats(world, drafted):
    Candidate.objects.filter(pk=drafted.candidates[2].pk).delete()
    entries = Entry.objects.count()
    with pytest.raises(ValidationError) as e:
        services.publish_election(actor=world.wumei_staff, election=drafted.election)
    assert "正式候选人（现 2 名）须多于应选名额 2 名" in str(e.value)
    assert Election.objects.get().status == "draft" and Entry.objects.count() == entries


def test_publication_five_days_before_voting(world, drafted):
    with clock.frozen(OPENS - dt.timedelta(days=4)), pytest.raises(ValidationError) as e:
        services.publish_election(actor=world.wumei_staff, election=drafted.election)
    assert "候选人名单须在投票开始 5 天前公布" in str(e.value)


def test_a_resident_applies_and_the_community_decides(world, drafted):
    user = resident(world, "applicant", "周红", id_number=id_number(21, "19720303"))
    candidate = services.apply_as_candidate(actor=user, election=drafted.election, statement="退休工程师，愿意监督施工质量")
    assert candidate.status == "applied"
    with pytest.raises(ValidationError, match="还有报名未审核"):
        services.publish_election(actor=world.wumei_staff, election=drafted.election)
    services.decide_application(actor=world.wumei_staff, candidate=candidate, accept=True)
    services.publish_election(actor=world.wumei_staff, election=drafted.election)
    with pytest.raises(ValidationError, match="候选人名单已经公布"):
        services.apply_as_candidate(actor=resident(world, "late", "迟到", id_number=id_number(22, "19720404")),
                                    election=drafted.election)


def test_candidates_must_be_eligible(world, drafted):
    young = resident(world, "young", "小明", id_number=id_number(23, "20100101"))
    with pytest.raises(ValidationError, match="未满18周岁"):
        services.apply_as_candidate(actor=young, election=drafted.election)
    with pytest.raises(ValidationError, match="不在本次选举的选民范围内"):
        services.nominate_candidate(actor=world.wumei_staff, election=drafted.election, person=world.volunteer_person)
    unknown = resident(world, "noage", "无龄")
    with pytest.raises(ValidationError, match="未登记出生日期"):
        services.apply_as_candidate(actor=unknown, election=drafted.election)


def test_one_person_one_vote(world, voting):
    e = voting
    services.cast_vote(actor=e.voters[0], election=e.election, candidate_ids=[e.candidates[0].pk])
    entries = Entry.objects.count()
    with pytest.raises(ValidationError) as err:
        services.cast_vote(actor=e.voters[0], election=e.election, candidate_ids=[e.candidates[1].pk])
    assert "您已经投过票，每人只能投一次" in str(err.value)
    assert Entry.objects.count() == entries and VoterRecord.objects.count() == 1
    assert sorted(Candidate.objects.values_list("online_votes", flat=True)) == [0, 0, 1]


@pytest.mark.parametrize(("choice", "message"), [
    ("none", "请至少选择一名候选人"), ("three", "最多选择 2 名候选人"), ("twice", "同一候选人只能选一次"),
    ("stranger", "只能选择本次选举的正式候选人"),
])
def test_bad_ballots_are_refused_and_write_nothing(world, voting, choice, message):
    e = voting
    ids = {"none": [], "three": [c.pk for c in e.candidates], "twice": [e.candidates[0].pk] * 2,
           "stranger": [999999]}[choice]
    entries = Entry.objects.count()
    with pytest.raises(ValidationError, match=message):
        services.cast_vote(actor=e.voters[0], election=e.election, candidate_ids=ids)
    _nothing_written(entries)
    assert set(Candidate.objects.values_list("online_votes", flat=True)) == {0}


def test_votes_only_between_opening_and_close(world, published):
    e = published
    with pytest.raises(ValidationError, match="投票尚未开始"):
        services.cast_vote(actor=e.voters[0], election=e.election, candidate_ids=[e.candidates[0].pk])
    with clock.frozen(AFTER):
        entries = Entry.objects.count()
        with pytest.raises(ValidationError, match="投票已于 2026-06-21 18:00 截止"):
            services.cast_vote(actor=e.voters[0], election=e.election, candidate_ids=[e.candidates[0].pk])
        _nothing_written(entries)


def test_an_ineligible_voter_is_refused(world, voting):
    e = voting
    outsider = resident(world, "far", "远方", home=world.nanmen_b1, id_number=id_number(24, "19700101"))
    with pytest.raises(ValidationError, match="须为五美小区居民"):
        services.cast_vote(actor=outsider, election=e.election, candidate_ids=[e.candidates[0].pk])
    minor = resident(world, "minor", "少年", id_number=id_number(25, "20090101"))
    with pytest.raises(ValidationError, match="未满18周岁"):
        services.cast_vote(actor=minor, election=e.election, candidate_ids=[e.candidates[0].pk])
    assert VoterRecord.objects.count() == 0


def _vote_all(e):
    services.cast_vote(actor=e.voters[0], election=e.election, candidate_ids=[e.candidates[0].pk, e.candidates[1].pk])
    services.cast_vote(actor=e.voters[1], election=e.election, candidate_ids=[e.candidates[0].pk])
    services.cast_vote(actor=e.voters[2], election=e.election, candidate_ids=[e.candidates[2].pk])


def test_results_with_paper_tallies_entered_twice(world, voting):
    e = voting
    _vote_all(e)
    paper_voter = e.voters[3].person
    services.record_paper_voter(actor=world.wumei_staff, election=e.election, person=paper_voter)
    with pytest.raises(ValidationError, match="该居民已经投过票"):
        services.record_paper_voter(actor=world.wumei_staff, election=e.election, person=e.voters[0].person)
    second_staff = resident(world, "wumei_staff2", "五美社区·李娜")
    from gongzhi.accounts.services import assign_role
    assign_role(actor=world.admin, user=second_staff, role="community_staff", region=world.wumei)
    second_staff.refresh_from_db()
    c = e.candidates
    with clock.frozen(AFTER):
        with pytest.raises(ValidationError, match="有居民现场书面投票"):
            services.declare_results(actor=world.wumei_staff, election=e.election)
        counts = {str(c[1].pk): 1}
        services.enter_paper_tally(actor=world.wumei_staff, election=e.election, ballots=1, invalid=0, counts=counts)
        with pytest.raises(ValidationError, match="第二次录入须由另一名工作人员完成"):
            services.enter_paper_tally(actor=world.wumei_staff, election=e.election, ballots=1, invalid=0,
                                       counts=counts)
        from gongzhi.accounts.models import User
        second = User.objects.get(pk=second_staff.pk)
        wrong = services.enter_paper_tally(actor=second, election=e.election, ballots=1, invalid=0,
                                           counts={str(c[2].pk): 1})
        assert wrong.status == TallyStatus.MISMATCH
        assert set(Candidate.objects.values_list("paper_votes", flat=True)) == {0}
        services.enter_paper_tally(actor=second, election=e.election, ballots=1, invalid=0, counts=counts)
        ok = services.enter_paper_tally(actor=world.wumei_staff, election=e.election, ballots=1, invalid=0,
                                        counts=counts)
        assert ok.status == TallyStatus.CONFIRMED
        assert PaperTally.objects.filter(status=TallyStatus.CONFIRMED).count() == 2
        services.declare_results(actor=world.wumei_staff, election=e.election)
    got = {x.person.name: (x.votes, x.elected) for x in Candidate.objects.select_related("person")}
    assert got == {"陈建华": (2, True), "李桂兰": (2, True), "黄志强": (1, False)}
    assert Election.objects.get().result_note == ""


def test_a_tie_across_the_last_seat_elects_none_of_the_tied(world, voting):
    e = voting
    services.cast_vote(actor=e.voters[0], election=e.election, candidate_ids=[e.candidates[0].pk, e.candidates[1].pk])
    services.cast_vote(actor=e.voters[1], election=e.election, candidate_ids=[e.candidates[0].pk, e.candidates[2].pk])
    with clock.frozen(AFTER):
        services.declare_results(actor=world.wumei_staff, election=e.election)
    election = Election.objects.get()
    assert election.result_note == "第 2 名有 2 人得票相同（1 票），须另行投票决定"
    assert list(Candidate.objects.filter(elected=True).values_list("person__name", flat=True)) == ["陈建华"]


def test_results_not_before_the_close(world, voting):
    _vote_all(voting)
    with pytest.raises(ValidationError, match="投票截止后才能公布结果"):
        services.declare_results(actor=world.wumei_staff, election=voting.election)


def test_supervisors_log_inspections_and_problems_become_cases(world, voting):
    e = voting
    _vote_all(e)
    with clock.frozen(AFTER):
        services.declare_results(actor=world.wumei_staff, election=e.election)
        elected = Candidate.objects.filter(elected=True).select_related("person__user").first()
        supervisor = elected.person.user
        with pytest.raises(PermissionDenied):
            services.log_inspection(actor=e.voters[0], election=e.election, inspected_on=clock.today(),
                                    findings="x")
        inspection = services.log_inspection(actor=supervisor, election=e.election, inspected_on=clock.today(),
                                             findings="外墙保温施工进度正常", problems=["雨水管接口渗漏", ""])
        problem = inspection.problems.get()
        categories = seed_case_categories()
        category = next(iter(categories.values()))
        problem = services.problem_to_case(actor=world.wumei_staff, problem=problem, category=category)
        assert problem.case.community == world.wumei and problem.case.status == "submitted"
        assert "雨水管接口渗漏" in problem.case.description
        with pytest.raises(ValidationError, match="已经转为诉求"):
            services.problem_to_case(actor=world.wumei_staff, problem=problem, category=category)


def test_phases_follow_the_clock(world, published):
    election = published.election
    assert phase(election) == "announced"
    assert phase(election, VOTING) == "voting"
    assert phase(election, AFTER) == "counting"
