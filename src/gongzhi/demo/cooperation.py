"""The demo year of contract-based co-construction (商约 · 签约 · 履约) in the seven communities of 象山街道,
written through the services as the people would do it: needs submitted and reviewed, unit resources
registered, a negotiation meeting, a signed contract with commitments, fulfilment records through the year,
the start-of-year publication and the quarterly reports of the quarters that have ended.

五美社区 gets the full story with three units (桂林市中医医院, 桂爱社会工作服务中心, 五美路商家联盟) acted by
the demo accounts; the other communities get a smaller contract each so district figures mean something."""

from __future__ import annotations

import datetime as dt
import importlib
import random
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from gongzhi.contracts import services as contracts
from gongzhi.contracts.models import Contract
from gongzhi.core import clock
from gongzhi.lists import services as lists
from gongzhi.lists.models import Category
from gongzhi.organisations.models import Organisation
from gongzhi.regions.models import RegionNode

TZ = ZoneInfo("Asia/Shanghai")

# (category code, title, beneficiaries, channel, scale)
NEEDS = [
    ("medical", "老年人家门口量血压、测血糖", ["elderly"], "questionnaire", 120),
    ("education", "双职工家庭孩子放学后无人看护", ["children"], "forum", 40),
    ("elderly", "高龄独居老人定期探访", ["elderly"], "grid_visit", 35),
    ("repairs", "老旧小区下水道经常堵塞", ["all_residents"], "window", 200),
    ("hardship_relief", "困难群众节日慰问", ["hardship"], "grid_visit", 55),
    ("legal", "邻里纠纷法律咨询", ["all_residents"], "online", 30),
    ("culture_sports", "小花园健身场地破旧需改造", ["all_residents"], "wish_wall", 300),
    ("employment", "失业人员技能培训与就业推荐", ["hardship"], "window", 25),
    ("environment", "化粪池清掏、周边环境整治", ["all_residents"], "forum", 400),
    ("lecture", "防诈骗、健康养生讲座", ["elderly"], "questionnaire", 80),
]

# (category code, title, times a year, people a session, cost, schedule) by the unit that offers it.
RESOURCES = {
    "桂林市中医医院": [("medical", "大型义诊与健康体检", 4, 100, "free", "每季度一次"),
                  ("lecture", "中医养生健康讲座", 6, 60, "free", "隔月一次")],
    "桂爱社会工作服务中心": [("education", "四点半课堂课后看护", 200, 30, "free", "工作日16:30—18:00"),
                      ("elderly", "长者驿站探访服务", 24, 20, "free", "每月两次")],
    "五美路商家联盟": [("repairs", "一元理发、免费磨刀、便民维修", 12, 50, "semi_free", "每月第一个周六"),
                 ("hardship_relief", "困难家庭节日慰问物资", 2, 55, "free", "春节、中秋")],
}

# The three-unit contract of 五美社区: (unit, area, title, content, beneficiaries, target services, target
# person-times, target note, deadline month/day, need index it answers)
COMMITMENTS = [
    ("桂林市中医医院", "governance", "大型义诊进社区", "每季度到五美社区开展一次大型义诊：测血压血糖、中医问诊、健康咨询。",
     ["elderly"], 4, 400, "全年义诊不少于4次、服务不少于400人次", (12, 15), 0),
    ("桂林市中医医院", "party_education", "党员志愿者健康宣讲", "医院党员志愿者进社区开展健康宣讲和控烟知识教育。",
     ["all_residents"], 6, 300, "", (11, 30), 9),
    ("桂爱社会工作服务中心", "governance", "四点半课堂", "工作日下午为双职工家庭孩子提供课后看护与作业辅导。",
     ["children"], 10, 2500, "每月开课、全年服务不少于2500人次", (12, 31), 1),
    ("桂爱社会工作服务中心", "standardisation", "结对帮扶困难群众", "结对帮扶困难群众55户，每年开展慰问活动不少于2次。",
     ["hardship"], 2, 110, "每年走访55户困难群众不少于2次", (12, 20), 4),
    ("五美路商家联盟", "governance", "一元理发进社区", "每月在社区党群服务中心开展一元理发、免费磨刀、便民维修。",
     ["elderly"], 12, 600, "", (12, 31), 3),
]


@dataclass(frozen=True)
class Actors:
    admin: object
    community_staff: object
    street_staff: object
    liaison: object  # 桂林市中医医院


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=TZ)


def _categories() -> dict[str, Category]:
    """The taxonomy seeded by the lists' data migration (re-seeded if a test database was flushed)."""
    if not Category.objects.exists():
        from django.apps import apps

        importlib.import_module("gongzhi.lists.migrations.0003_seed_categories").seed(apps, None)
    return {c.code: c for c in Category.objects.all()}


def load(*, communities: list[RegionNode], actors: Actors, rng: random.Random, today: dt.date) -> dict[str, int]:
    year = today.year
    categories = _categories()
    counts = {"needs": 0, "resources": 0, "contracts": 0, "commitments": 0, "fulfilments": 0, "publications": 0}
    for community in communities:
        full = community.name == "五美社区"
        staff = actors.community_staff if full else actors.admin
        street = actors.street_staff if full else actors.admin
        units = list(Organisation.objects.filter(home=community).order_by("pk"))
        chosen = [u for u in units if u.name in RESOURCES] if full else units[:2]
        if not chosen:
            continue
        january = dt.date(year, 1, 6)
        with clock.frozen(_at(january)):
            needs = []
            for i, (code, title, beneficiaries, channel, scale) in enumerate(NEEDS if full else NEEDS[:5]):
                need = lists.submit_need(actor=staff, community=community, title=title,
                                         category=categories[code], beneficiaries=beneficiaries, channel=channel,
                                         scale=scale)
                decision = "reject" if full and i == 7 else "approve"
                if full and i >= 8:  # the last two wait for the next periodic review
                    needs.append(need)
                    continue
                lists.review_need(actor=staff, need=need, decision=decision,
                                  reason="已纳入区就业服务中心常规服务" if decision == "reject" else "")
                needs.append(need)
            counts["needs"] += len(needs)
            resources = []
            for unit in chosen:
                for code, title, times, people, cost, schedule in RESOURCES.get(unit.name) or \
                        [("lecture", f"{unit.short_name or unit.name}志愿服务", 4, 30, "free", "每季度一次")]:
                    resources.append(lists.register_resource(
                        actor=actors.liaison if unit.name == "桂林市中医医院" else staff, organisation=unit,
                        community=community, title=title, category=categories[code], times_per_year=times,
                        people_per_session=people, cost=cost, schedule=schedule, place=f"{community.name}党群服务中心"))
            counts["resources"] += len(resources)
            meeting = contracts.convene_meeting(
                actor=street, community=community, title=f"{year}年{community.name}契约化共建商谈会",
                starts_at=_at(dt.date(year, 1, 8), 9), place=f"{community.name}党群服务中心", units=chosen,
                needs=[n for n in needs if n.status == "published"], resources=resources,
                agenda="一、审议需求清单和资源清单；二、商定共建项目；三、明确联络人员和完成时限",
                attendees="社区党委书记\n街道党工委组织委员\n各签约单位党组织负责人")
            contracts.record_meeting_minutes(actor=street, meeting=meeting,
                                             notes="会议逐项审议了需求清单和资源清单，商定共建项目、受益人群、职责权利和考核指标。")
        with clock.frozen(_at(dt.date(year, 1, 12))):
            contract = contracts.draft_contract(
                actor=staff, community=community, title=f"{community.name}{year}年度党建共建契约", year=year,
                term_start=dt.date(year, 1, 1), term_end=dt.date(year, 12, 31), units=chosen, meeting=meeting)
            plan = COMMITMENTS if full else [
                (u.name, "governance", f"{u.short_name or u.name}志愿服务进社区", "组织党员志愿者进社区开展志愿服务。",
                 ["all_residents"], 4, 120, "", (12, 15), 0) for u in chosen]
            by_name = {u.name: u for u in chosen}
            made = []
            for unit, area, title, content, who, services, people, note, (m, d), need_index in plan:
                made.append(contracts.add_commitment(
                    actor=staff, contract=contract, undertakers=[by_name[unit]], area=area, title=title,
                    content=content, beneficiaries=who, deadline=dt.date(year, m, d), target_services=services,
                    target_person_times=people, target_note=note, needs=[needs[need_index]]
                    if needs[need_index].status == "published" else [],
                    unit_duties="组织党员和志愿者按计划开展服务，如实登记履约情况。",
                    community_duties="提供场地，组织居民参与，监督评价。",
                    unit_liaison="周丽华" if unit == "桂林市中医医院" else "", community_liaison="黄敏" if full else "",
                    milestones=[("制定全年服务计划", dt.date(year, 2, 28))]))
            for unit in chosen:
                liaison = actors.liaison if unit.name == "桂林市中医医院" else street
                contracts.record_agreement(actor=liaison, contract=contract, organisation=unit,
                                           representative="周丽华" if unit.name == "桂林市中医医院" else "单位党组织书记")
            contract = contracts.sign_contract(actor=staff, contract=contract)
            counts["contracts"] += 1
            counts["commitments"] += len(made)
        counts["fulfilments"] += _fulfil(made, contract, staff, rng, today)
        if full:
            counts["publications"] += _publish(community, staff, year, today)
    contracts.sweep_reminders(today=today)
    return counts


def _fulfil(commitments, contract: Contract, staff, rng: random.Random, today: dt.date) -> int:
    n = 0
    for c in commitments:
        if today > dt.date(today.year, 2, 28):
            with clock.frozen(_at(dt.date(today.year, 2, 27))):
                contracts.complete_milestone(actor=staff, milestone=c.milestones.first(), on=dt.date(today.year, 2, 20))
        # Services are spread evenly over the year (at most one record a month: a month's sessions are
        # recorded together), up to the month before today.
        sessions = max(1, min(c.target_services, 12))
        months = sorted({max(1, round((k + 1) * 12 / sessions)) for k in range(sessions)})
        for month in (m for m in months if m < today.month):
            day = dt.date(today.year, month, rng.randint(5, 25))
            with clock.frozen(_at(day, 17)):
                contracts.record_fulfilment(
                    actor=staff, commitment=c, date=day, content=f"{c.title}（{month}月）",
                    person_times=max(1, c.target_person_times // sessions + rng.randint(-5, 15)),
                    volunteer_hours=rng.choice([4, 6, 8, 12, 16]), organisation=c.undertakers.first())
            n += 1
    return n


def _publish(community, staff, year: int, today: dt.date) -> int:
    published = 0
    with clock.frozen(_at(dt.date(year, 1, 15))):
        contracts.publish(actor=staff, community=community, year=year, period=0)
        published += 1
    for quarter in (1, 2, 3, 4):
        end = contracts.quarter_end(year, quarter)
        if end >= today:
            break
        with clock.frozen(_at(end + dt.timedelta(days=3))):
            contracts.publish(actor=staff, community=community, year=year, period=quarter)
            published += 1
    return published
