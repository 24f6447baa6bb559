"""The demo's volunteer activities in 五美社区, written through the services as the people would do it: the
community registers two activities a month over the year of `today` (学雷锋日, 红袖标巡逻, 义诊, 重阳敬老 …), some
organised by a team (one team-only), one by the hospital; volunteers sign up days before (full activities fill a
waiting list, a cancellation moves the first waiting up), check in and out with the rotating code at the activity,
a few forget to check out (the sweep closes them, flagged); the community confirms the hours in bulk, declines
one, corrects one and records honour hours for a volunteer without a phone. The latest past activity keeps its
hours pending, and three activities after `today` are open for sign-up — one of them already full, with a
waiting list; 刘洋 (the volunteer account) has signed up for one.

Every past moment is written under `clock.frozen` so times, codes and chronicle entries are those of the day."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from gongzhi.core import clock
from gongzhi.lists.models import Category
from gongzhi.lists.permissions import unit_communities
from gongzhi.lists.services import create_activity
from gongzhi.people.models import Person, Volunteer, VolunteerTeam
from gongzhi.regions.models import RegionNode
from gongzhi.volunteering.models import HoursEntry, HoursStatus, SignUp, SignUpStatus
from gongzhi.volunteering.services import activities as services
from gongzhi.volunteering.services import hours as hours_services

TZ = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class Actors:
    admin: object
    community_staff: object  # 五美社区's staff: registers activities, runs the code, confirms hours
    liaison: object  # 桂林市中医医院's liaison: organises the clinic days
    volunteer: object  # 刘洋, a volunteer of 五美社区 with an account


# (title, category code, place, start hour, hours, quota, team speciality or "unit" or "", team-only)
PLAN = [
    ("学雷锋志愿服务日·便民服务", "repairs", "五美社区党群服务中心门前", 9, 3, 12, "关爱帮扶", False),
    ("红袖标平安巡逻", "environment", "五美小区、文化里", 19, 2, 6, "治安巡逻", True),
    ("五美社区环境清洁日", "environment", "五美小区中心花园", 8, 3, 15, "环境整治", False),
    ("中医义诊进社区", "medical", "五美社区卫生服务站", 9, 3, 6, "unit", False),
    ("文明劝导·路口值守", "environment", "五美路与文化路路口", 7, 2, 8, "文明劝导", False),
    ("关爱独居老人上门探访", "elderly", "五美社区各楼栋", 14, 2, 8, "邻里互助", False),
    ("垃圾分类宣传指导", "environment", "五美小区垃圾分类投放点", 18, 2, 10, "环境整治", False),
    ("四点半课堂课业辅导", "education", "五美社区四点半课堂", 16, 2, 6, "课后托管", False),
    ("防范电信诈骗宣传进楼栋", "legal", "文化里2栋、五美小区1栋", 15, 2, 8, "", False),
    ("七彩假期暑期托管", "education", "五美社区党群服务中心二楼", 9, 3, 8, "课后托管", False),
    ("重阳节敬老志愿服务", "elderly", "五美社区老年活动室", 9, 3, 10, "关爱帮扶", False),
    ("消防安全隐患排查", "environment", "五美小区各楼道", 14, 3, 8, "", False),
]
UPCOMING = [  # after `today`: (title, category, place, start hour, hours, quota, days ahead)
    ("岁末寒冬送温暖·困难家庭走访", "hardship_relief", "五美社区困难家庭", 9, 3, 3, 6),
    ("元旦迎新环境大扫除", "environment", "五美小区中心花园", 8, 3, 20, 12),
    ("红袖标平安巡逻（元旦夜）", "environment", "五美小区、文化里", 19, 2, 6, 26),
]
HONOUR_REASON = "未带手机无法扫码，队长现场核实全程到岗"
DECLINE_REASON = "经核实当天提前离开未参加服务，系误签"
CORRECT_REASON = "提前一小时到场布置场地，经组织方核实补记"


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


def _code(activity, purpose: str, moment: dt.datetime) -> str:
    with clock.frozen(moment):
        return services.current_code(actor=None, activity=activity, purpose=purpose).code


def _volunteers(community: RegionNode, team: VolunteerTeam | None = None) -> list[Person]:
    qs = Volunteer.objects.filter(person__home__path__startswith=community.path)
    if team is not None:
        qs = qs.filter(teams=team)
    return list(Person.objects.filter(pk__in=qs.values("person_id")).order_by("pk")[:300])


def _team(teams: list[VolunteerTeam], speciality: str) -> VolunteerTeam | None:
    return next((t for t in teams if t.speciality == speciality and t.organisation_id is None), None)


def _make(community, staff, liaison, hospital, teams, row, day: dt.date, created: dt.datetime):
    title, category, place, hour, hours, quota, organiser, team_only = row
    team = _team(teams, organiser) if organiser not in ("", "unit") else None
    start = _at(day, hour)
    with clock.frozen(created):
        return create_activity(
            actor=staff, community=community, title=title, category=Category.objects.get(code=category),
            starts_at=start, ends_at=start + dt.timedelta(hours=hours), place=place,
            organiser=hospital if organiser == "unit" else None, organiser_team=team,
            recruitment="team" if team_only and team is not None else "open", quota=quota, cancel_cutoff_hours=2,
            description="欢迎社区居民、在职党员和志愿者报名参加，请按时到场扫码签到。")


def _sign_up(activity, people: list[Person], at: dt.datetime, counts: dict) -> list[SignUp]:
    signups = []
    with clock.frozen(at):
        for person in people:
            signups.append(services.sign_up(actor=None, activity=activity, person=person))
            counts["signups"] += 1
    return signups


def load(*, communities: list[RegionNode], actors: Actors, rng: random.Random,
         today: dt.date | None = None) -> dict[str, int]:
    """Activities of the year of `today` in 五美社区 (the one community of `communities` it fills)."""
    today = today or clock.today()
    counts = {"activities": 0, "signups": 0, "waiting": 0, "promoted": 0, "hours": 0, "confirmed": 0,
              "auto_closed": 0, "open": 0}
    community = next((c for c in communities if c.name == "五美社区"), None)
    if community is None:
        return counts
    staff, liaison = actors.community_staff, actors.liaison
    teams = list(VolunteerTeam.objects.filter(community=community).order_by("pk"))
    hospital = next((t.organisation for t in teams if t.organisation and t.organisation.name == "桂林市中医医院"
                     and community in unit_communities(t.organisation)), None)
    everyone = _volunteers(community)
    if len(everyone) < 4:
        return counts
    liu = getattr(actors.volunteer, "person", None)
    days = [dt.date(today.year, month, d) for month in range(1, 13) for d in (10, 24)]
    past = [d for d in days if d < today - dt.timedelta(days=1)]
    for i, day in enumerate(past):
        row = PLAN[i % len(PLAN)]
        activity = _make(community, staff, liaison, hospital, teams, row, day, _at(day - dt.timedelta(days=10), 10))
        counts["activities"] += 1
        pool = _volunteers(community, activity.organiser_team) if activity.recruitment == "team" else everyone
        if not pool:
            continue
        assert activity.quota is not None
        # a full activity every third time: two more sign up than there are places
        wanted = min(len(pool), activity.quota + 2 if i % 3 == 0 else max(2, activity.quota - rng.randint(1, 4)))
        chosen = rng.sample(pool, wanted)
        signups = _sign_up(activity, chosen, _at(day - dt.timedelta(days=5), 20), counts)
        counts["waiting"] += sum(1 for s in signups if s.status == SignUpStatus.WAITING)
        if i % 3 == 0 and any(s.status == SignUpStatus.WAITING for s in signups):
            leaving = next(s for s in signups if s.status == SignUpStatus.SIGNED)
            with clock.frozen(_at(day - dt.timedelta(days=2), 21)):
                services.cancel_signup(actor=None, signup=leaving)
            counts["promoted"] += 1
        assert activity.ends_at is not None
        start, end = activity.starts_at, activity.ends_at
        attending = list(SignUp.objects.filter(activity=activity, status=SignUpStatus.SIGNED).select_related("person"))
        honour_person = attending[-1].person if attending and i % 4 == 1 else None
        for signup in attending:
            person = signup.person
            if person == honour_person or rng.random() < 0.08:  # no phone that day, or did not come
                continue
            arrive = start + dt.timedelta(minutes=rng.randint(-20, 15))
            with clock.frozen(arrive):
                services.check_in(actor=None, activity=activity, person=person, code=_code(activity, "in", arrive))
            if rng.random() < 0.06:  # forgot to check out: the sweep closes it at the end
                continue
            leave = end + dt.timedelta(minutes=rng.randint(-40, 10))
            with clock.frozen(leave):
                services.check_out(actor=None, activity=activity, person=person, code=_code(activity, "out", leave))
        counts["auto_closed"] += services.sweep_unclosed_checkins(now=end + dt.timedelta(hours=1))
        entries = list(HoursEntry.objects.filter(activity=activity, status=HoursStatus.PENDING).order_by("pk"))
        counts["hours"] += len(entries)
        if day == past[-1]:
            continue  # the latest activity's hours wait for the organiser
        decider = liaison if activity.organiser_id is not None and hospital is not None else staff
        with clock.frozen(end + dt.timedelta(days=1, hours=1)):
            if i % 5 == 2 and len(entries) > 2:
                hours_services.decline_hours(actor=decider, entry=entries.pop(0), reason=DECLINE_REASON)
            counts["confirmed"] += hours_services.confirm_many(actor=decider, entries=entries)
            if i % 6 == 4 and entries and activity.length_hours and entries[0].hours < activity.length_hours:
                hours_services.correct_hours(actor=decider, entry=entries[0], hours=activity.length_hours,
                                             reason=CORRECT_REASON)
            if honour_person is not None and activity.length_hours:
                hours_services.record_honour_hours(actor=decider, activity=activity, person=honour_person,
                                                   hours=activity.length_hours, reason=HONOUR_REASON)
    for title, category, place, hour, hours, quota, ahead in UPCOMING:
        day = today + dt.timedelta(days=ahead)
        activity = _make(community, staff, liaison, hospital, teams,
                         (title, category, place, hour, hours, quota, "关爱帮扶", False), day, _at(today, 9))
        counts["activities"] += 1
        counts["open"] += 1
        pool = [p for p in everyone if p != liu]
        n = quota + 2 if quota <= 3 else rng.randint(3, quota // 2)  # the first one is full with a waiting list
        signups = _sign_up(activity, rng.sample(pool, min(n, len(pool))), _at(today, 10), counts)
        counts["waiting"] += sum(1 for s in signups if s.status == SignUpStatus.WAITING)
        if liu is not None and ahead == 12:
            with clock.frozen(_at(today, 11)):
                services.sign_up(actor=actors.volunteer, activity=activity)
            counts["signups"] += 1
    return counts
