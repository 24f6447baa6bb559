"""Demo data for 居民提议 in 五美社区: residents' proposals on street lamps, parking, a drying rack, a ramp and
the market's noise, supported by neighbours, most answered by the community (one late), one waiting, one overdue
and reminded by the sweep. All through the services, the clock moved to each moment."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from gongzhi.core import clock
from gongzhi.meetings.models import JointMeeting, MeetingStatus
from gongzhi.people.models import Person
from gongzhi.proposals import services

TZ = ZoneInfo("Asia/Shanghai")

# (title, problem, suggestion, days ago, supporters, answer or "", days to answer)
PROPOSALS = [
    ("小区主干道路灯不亮", "主干道有三盏路灯晚上不亮，老人夜里出门看不清路。", "请物业尽快更换灯泡，并定期巡查路灯。", 60, 12,
     "已联系物业于10日内更换全部故障路灯，并纳入每月巡查。", 6),
    ("电动车充电桩不够用", "晚上电动车排队充电，有人从楼道拉线充电，存在火灾隐患。", "在小区西侧空地增设一组充电桩。", 45, 20,
     "已与供电所和物业商定，本月在西侧空地增设20个充电口，楼道飞线充电将劝导整改。", 12),
    ("增设公共晾衣架", "小区缺少晾晒场地，居民在绿化带拉绳晾衣。", "在活动广场边增设可收折的公共晾衣架。", 35, 6,
     "已列入本年度微改造项目，预计下月完工。", 18),
    ("单元门口加装无障碍坡道", "坐轮椅的老人进出单元门要人抬。", "在台阶旁加装无障碍坡道和扶手。", 20, 9, "", 0),
    ("早市噪音扰民", "早市五点开始叫卖，影响周边居民休息。", "协调市场监管部门，规定早市七点后开市。", 5, 3, "", 0),
]


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=TZ)


def load(builder) -> dict[str, int]:
    users = builder.demo_users()
    staff, resident = users.get("wumei"), users.get("wangxiuying")
    wumei = next((c for c in builder.street_communities() if c.name == "五美社区"), None)
    if staff is None or wumei is None:
        return {}
    residents = list(Person.objects.filter(home__path__startswith=wumei.path).select_related("home").order_by("pk")[:60])
    if len(residents) < 25:
        return {}
    today = clock.today()
    # the joint meeting that takes a proposal up: 五美社区's next scheduled one (from the meetings demo), if any
    upcoming = (JointMeeting.objects.filter(community=wumei, status=MeetingStatus.SCHEDULED).order_by("starts_at")
                .first())
    made = supports = answered = 0
    for i, (title, problem, suggestion, ago, supporters, answer, answer_after) in enumerate(PROPOSALS):
        day = today - dt.timedelta(days=ago)
        with clock.frozen(_at(day, 9)):
            if i == 0 and resident is not None and getattr(resident, "person", None) is not None:
                proposal = services.submit_proposal(actor=resident, title=title, problem=problem,
                                                    suggestion=suggestion)
                author = resident.person
            else:
                author = residents[i]
                proposal = services.submit_proposal(actor=None, author=author, community=wumei, title=title,
                                                    problem=problem, suggestion=suggestion)
            made += 1
        backers = [p for p in residents[5:] if p.pk != author.pk][:supporters]
        for k, person in enumerate(backers):
            with clock.frozen(_at(day + dt.timedelta(days=min(k // 4, max(ago - 1, 0))), 10 + k % 8)):
                services.support_proposal(actor=None, proposal=proposal, person=person)
                supports += 1
        if answer:
            with clock.frozen(_at(day + dt.timedelta(days=answer_after), 16)):
                if i == 1 and upcoming is not None:
                    services.put_on_agenda(actor=staff, proposal=proposal, meeting=upcoming)
                services.answer_proposal(actor=staff, proposal=proposal, answer=answer)
                answered += 1
    overdue = services.sweep().reminded
    return {"proposals": made, "proposal_supports": supports, "proposals_answered": answered,
            "proposals_overdue": overdue}
