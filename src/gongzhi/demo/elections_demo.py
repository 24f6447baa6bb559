"""Demo data for 居民选举 in 象山街道: in 五美社区, the neighbourhood where 王秀英 lives elected its 百姓监督员 for the
old-neighbourhood renovation (4 candidates for 3 seats, published 5 days ahead, voted mostly on paper at an on-site
meeting and entered by two staff, 王秀英 on her phone; results published; the supervisors then logged inspections and
one problem became a case); a second election of residents' representatives is open for voting now. All through the
services, the clock moved to each moment."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from gongzhi.cases.models import CaseCategory
from gongzhi.core import clock
from gongzhi.elections import services
from gongzhi.elections.models import Candidate, ElectionKind
from gongzhi.people.models import Person
from gongzhi.regions.models import RegionKind, RegionNode

TZ = ZoneInfo("Asia/Shanghai")
STATEMENTS = ["退休建筑工程师，熟悉施工质量", "小区楼栋长，了解邻居诉求", "党员志愿者，愿意每周巡查", "在小区居住三十年，热心公益"]


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


def _eligible(hood: RegionNode, election_stub, *, exclude=()) -> list[Person]:
    people = Person.objects.filter(home__path__startswith=hood.path).exclude(pk__in=exclude).select_related("home") \
        .order_by("pk")[:200]
    return [p for p in people if not services.ineligibility(p, election_stub)]


def load(builder) -> dict[str, int]:
    users = builder.demo_users()
    staff, admin, resident = users.get("wumei"), builder.admin, users.get("wangxiuying")
    wumei = next((c for c in builder.street_communities() if c.name == "五美社区"), None)
    if staff is None or wumei is None or resident is None or getattr(resident, "person", None) is None:
        return {}
    home = resident.person.home
    hood = next((n for n in [home, *home.ancestors()] if n.kind == RegionKind.NEIGHBOURHOOD), None) or wumei
    today = clock.today()

    # 1. The closed election: defined 40 days ago, candidates published 5+ days before the on-site vote.
    start = today - dt.timedelta(days=40)
    vote_day = today - dt.timedelta(days=30)
    with clock.frozen(_at(start, 9)):
        closed = services.create_election(
            actor=staff, community=wumei, constituency=hood, kind=ElectionKind.SUPERVISOR,
            title=f"{hood.name}老旧小区改造百姓监督员选举", project=f"{hood.name}老旧小区改造（雨污分流、外墙、加装电梯）",
            seats=3, opens_at=_at(vote_day, 9), closes_at=_at(vote_day, 17))
        pool = _eligible(hood, closed, exclude=[resident.person.pk])
        if len(pool) < 8:
            return {"elections": 1}
        # 王秀英 stands too (she will log inspections on her phone once elected)
        standing = [resident.person, *pool[:3]] if not services.ineligibility(resident.person, closed) else pool[:4]
        for person, statement in zip(standing, STATEMENTS, strict=True):
            services.nominate_candidate(actor=staff, election=closed, person=person, note="10名居民联名推荐")
            Candidate.objects.filter(election=closed, person=person).update(statement=statement)
    with clock.frozen(_at(start + dt.timedelta(days=3), 10)):
        services.publish_election(actor=staff, election=closed)
    candidates = list(Candidate.objects.filter(election=closed).order_by("pk"))
    voters = [p for p in pool[3:] if p not in standing]
    with clock.frozen(_at(vote_day, 10)):
        services.cast_vote(actor=resident, election=closed, candidate_ids=[candidates[0].pk, candidates[2].pk])
        for person in voters:
            services.record_paper_voter(actor=staff, election=closed, person=person)
    n = len(voters)
    invalid = 1 if n > 4 else 0
    valid = n - invalid
    counts = {str(candidates[0].pk): valid, str(candidates[1].pk): max(valid - 2, 0),
              str(candidates[2].pk): max(valid - 1, 0), str(candidates[3].pk): min(3, valid)}
    with clock.frozen(_at(vote_day, 17, 40)):
        services.enter_paper_tally(actor=staff, election=closed, ballots=n, invalid=invalid, counts=counts)
    with clock.frozen(_at(vote_day, 17, 50)):
        services.enter_paper_tally(actor=admin, election=closed, ballots=n, invalid=invalid, counts=counts)
    with clock.frozen(_at(vote_day, 18, 10)):
        services.declare_results(actor=staff, election=closed)

    # 2. The elected supervisors at work.
    elected = list(Candidate.objects.filter(election=closed, elected=True).select_related("person__user"))
    inspections = problems_made = cases = 0
    category = CaseCategory.objects.filter(active=True, code__in=["infrastructure", "municipal", "environment"]) \
        .first() or CaseCategory.objects.filter(active=True).order_by("order").first()
    for i, supervisor in enumerate(c for c in elected if c.person.user_id):
        day = vote_day + dt.timedelta(days=7 + 7 * i)
        with clock.frozen(_at(day, 15)):
            inspection = services.log_inspection(
                actor=supervisor.person.user, election=closed, inspected_on=day,
                findings="雨污分流管网开挖回填情况良好，施工围挡完整。",
                problems=["东侧道路开挖后未及时恢复路面，老人出行不便"] if i == 0 else [])
            inspections += 1
            problems_made += inspection.problems.count()
            if i == 0 and category is not None:
                services.problem_to_case(actor=staff, problem=inspection.problems.get(), category=category)
                cases += 1

    # 3. An election open for voting now: residents' representatives of the whole community.
    with clock.frozen(_at(today - dt.timedelta(days=8), 9)):
        opening = _at(today - dt.timedelta(days=1), 8)
        open_one = services.create_election(
            actor=staff, community=wumei, constituency=wumei, kind=ElectionKind.REPRESENTATIVE,
            title="五美社区第三届居民代表补选", seats=2, opens_at=opening, closes_at=opening + dt.timedelta(days=5))
        for person in voters[:3]:
            services.nominate_candidate(actor=staff, election=open_one, person=person, note="5名户代表联名推荐")
    with clock.frozen(_at(today - dt.timedelta(days=7), 9)):
        services.publish_election(actor=staff, election=open_one)
    return {"elections": 2, "election_candidates": 7, "election_voters": n + 1, "inspections": inspections,
            "inspection_cases": cases}
