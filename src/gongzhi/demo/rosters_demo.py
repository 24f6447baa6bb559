"""The demo's volunteer teams and duty rosters, written through the services as the people would do it.

Every team of the given communities gets its kind from its name (学雷锋, 红袖标安全卫士 patrol, 文明劝导 persuasion,
professional teams of doctors, a unit's team). In 五美社区 the 红袖标安全卫士巡逻队 (captain: 刘洋, the demo's
volunteer account) and the 文明劝导队 get members with their joining dates (one leaves in spring and comes back in
autumn), weekly rosters (Wednesday and Friday evening patrols, a Tuesday morning persuasion post at the crossing and a
Saturday afternoon one at 象鼻山), and the year's shifts week by week: members sign up, the captain or the community
marks who served, the community confirms the duty hours the following Monday. The coming weeks' shifts are open,
some still short of members (the gaps the captain sees)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError

from gongzhi.core import clock
from gongzhi.people.models import TeamKind, TeamMembership, Volunteer, VolunteerTeam
from gongzhi.people.services import create_team, join_team, leave_team, set_captain, update_team
from gongzhi.regions.models import RegionNode
from gongzhi.volunteering.models import HoursEntry, HoursStatus, Shift, ShiftSignup, SignupStatus
from gongzhi.volunteering.services import rosters as services

TZ = ZoneInfo("Asia/Shanghai")
PATROL = "红袖标安全卫士巡逻队"
PERSUASION = "文明劝导队"
START = dt.date(2026, 1, 5)  # the first Monday of 2026: the rosters start

# (team, title, place, weekday, start, end, slots)
ROSTERS = [
    (PATROL, "周三晚间巡逻", "五美小区、文化里各楼栋", 2, "19:30", "21:30", 3),
    (PATROL, "周五晚间巡逻", "五美路沿街商铺", 4, "19:30", "21:30", 3),
    (PERSUASION, "五美路口早高峰文明劝导", "五美路与中山南路交叉口", 1, "07:30", "09:00", 4),
    (PERSUASION, "象鼻山景区文明旅游劝导", "象鼻山景区东门", 5, "15:00", "17:00", 3),
]


@dataclass(frozen=True)
class Actors:
    admin: object
    community_staff: object  # 五美社区's staff: set up rosters, mark persuasion attendance, confirm duty hours
    captain: object  # 刘洋's account (a volunteer of 五美社区): captain of the patrol team


def kind_of(team: VolunteerTeam) -> str:
    name = team.name
    if "红袖标" in name or "巡逻" in name:
        return TeamKind.PATROL
    if "劝导" in name:
        return TeamKind.PERSUASION
    if "学雷锋" in name:
        return TeamKind.LEIFENG
    if any(word in name for word in ("医疗", "医生", "律师", "法律")):
        return TeamKind.PROFESSIONAL
    if team.organisation_id is not None:
        return TeamKind.UNIT
    return TeamKind.OTHER


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


def _team(community, name: str, kind: str, speciality: str, admin) -> VolunteerTeam:
    team = VolunteerTeam.objects.filter(community=community, name=name).first()
    if team is None:
        with clock.frozen(_at(START - dt.timedelta(days=30), 9)):
            return create_team(actor=admin, name=name, community=community, kind=kind, speciality=speciality)
    if team.kind != kind:
        update_team(actor=admin, team=team, kind=kind)
    return team


def _members(team: VolunteerTeam, pool: list[Volunteer], n: int, staff, rng: random.Random) -> list[Volunteer]:
    """`n` members: the team's current ones first, then volunteers of the community joining between December and
    February (never before they registered)."""
    current = list(Volunteer.objects.filter(memberships__team=team, memberships__left_on__isnull=True)
                   .select_related("person"))
    members = current[:n]
    for volunteer in pool:
        if len(members) >= n:
            break
        if volunteer in members:
            continue
        on = max(volunteer.registered_on, dt.date(2025, 12, 1) + dt.timedelta(days=rng.randrange(60)))
        if on > START:
            continue
        with clock.frozen(_at(on, 10)):
            join_team(actor=staff, volunteer=volunteer, team=team, on=on)
        members.append(volunteer)
    return members


def load(*, community: RegionNode, communities: list[RegionNode] | None = None, actors: Actors, rng: random.Random,
         today: dt.date) -> dict[str, int]:
    """Build the teams' kinds (for `communities`, default the one community) and 五美社区's duty rosters up to
    `today` (a date in 2026 or later); returns counts for the demo's summary."""
    counts = {"teams_classified": 0, "rosters": 0, "shifts": 0, "signups": 0, "served": 0, "confirmed": 0,
              "gaps": 0}
    for team in VolunteerTeam.objects.filter(community__in=communities or [community]).order_by("pk"):
        kind = kind_of(team)
        if team.kind != kind:
            update_team(actor=actors.admin, team=team, kind=kind)
            counts["teams_classified"] += 1
    staff = actors.community_staff
    patrol = _team(community, PATROL, TeamKind.PATROL, "治安巡逻", actors.admin)
    persuasion = _team(community, PERSUASION, TeamKind.PERSUASION, "文明劝导", actors.admin)
    pool = list(Volunteer.objects.filter(person__home__path__startswith=community.path, registered_on__lte=START)
                .select_related("person").order_by("pk"))
    rng.shuffle(pool)
    captain = Volunteer.objects.filter(person__user=actors.captain).first()
    if captain is not None and not TeamMembership.objects.current().filter(volunteer=captain, team=patrol).exists():
        on = max(captain.registered_on, dt.date(2025, 12, 1))
        with clock.frozen(_at(on, 10)):
            join_team(actor=staff, volunteer=captain, team=patrol, on=on)
    patrol_members = _members(patrol, pool, 8, staff, rng)
    persuasion_members = _members(persuasion, [v for v in pool if v not in patrol_members], 8, staff, rng)
    with clock.frozen(_at(START - dt.timedelta(days=3), 10)):
        if captain is not None:
            set_captain(actor=staff, team=patrol, volunteer=captain)
        if persuasion_members:
            set_captain(actor=staff, team=persuasion, volunteer=persuasion_members[0])
    teams = {PATROL: (patrol, patrol_members), PERSUASION: (persuasion, persuasion_members)}
    with clock.frozen(_at(START, 8)):
        for team_name, title, place, weekday, starts, ends, slots in ROSTERS:
            services.create_roster(actor=staff, team=teams[team_name][0], title=title, place=place, weekday=weekday,
                                   starts_at=starts, ends_at=ends, slots=slots)
            counts["rosters"] += 1
    # one patrol member steps back in spring and rejoins in autumn
    wanderer = next((v for v in patrol_members if v != captain), None)
    away = (dt.date(2026, 4, 1), dt.date(2026, 9, 1))
    week = START
    while week <= today:
        with clock.frozen(_at(week, 8)):
            services.sweep_rosters()
            for day, change in zip(away, (leave_team, join_team), strict=True):
                if wanderer is not None and week <= day < week + dt.timedelta(days=7) and day <= today:
                    with clock.frozen(_at(day, 10)):
                        change(actor=staff, volunteer=wanderer, team=patrol, on=day)
            shifts = list(Shift.objects.filter(roster__team__in=[patrol, persuasion], date__gte=week,
                                               date__lt=week + dt.timedelta(days=7)).select_related("roster__team")
                          .order_by("starts_at"))
            future = week + dt.timedelta(days=7) > today
            for shift in shifts:
                team, members = teams[PATROL] if shift.roster.team_id == patrol.pk else teams[PERSUASION]
                current = set(TeamMembership.objects.current().filter(team=team).values_list("volunteer_id",
                                                                                              flat=True))
                eligible = [m for m in members if m.pk in current]
                wanted = shift.slots - (rng.random() < (0.5 if future else 0.15))  # now and then a gap
                for volunteer in rng.sample(eligible, min(len(eligible), max(wanted, 0))):
                    if shift.starts_at <= clock.now():
                        break
                    actor = actors.captain if captain is not None and volunteer == captain else None
                    try:
                        services.sign_up(actor=actor, shift=shift, volunteer=None if actor else volunteer)
                    except ValidationError:
                        continue
                    counts["signups"] += 1
        for shift in shifts:
            if shift.ends_at.date() > today or shift.ends_at > _at(today, 23, 59):
                continue
            signed = list(ShiftSignup.objects.filter(shift=shift, status=SignupStatus.SIGNED)
                          .values_list("volunteer_id", flat=True))
            if not signed:
                continue
            served = [v for v in signed if rng.random() < 0.9]
            marker = actors.captain if shift.roster.team_id == patrol.pk and captain is not None else staff
            with clock.frozen(shift.ends_at + dt.timedelta(minutes=20)):
                counts["served"] += len(services.record_attendance(actor=marker, shift=shift, served=served))
        monday = week + dt.timedelta(days=7)
        if monday <= today:
            with clock.frozen(_at(monday, 9)):
                pending = list(HoursEntry.objects.filter(kind="duty", status=HoursStatus.PENDING,
                                                         team__in=[patrol, persuasion]))
                if pending:
                    counts["confirmed"] += services.confirm_duty_hours(actor=staff, entries=pending)
        week = monday
    with clock.frozen(_at(today, 8)):
        services.sweep_rosters()
    counts["shifts"] = Shift.objects.filter(roster__team__in=[patrol, persuasion]).count()
    from gongzhi.volunteering.selectors_rosters import gaps

    with clock.frozen(_at(today, 8)):
        counts["gaps"] = gaps(Shift.objects.filter(roster__team__in=[patrol, persuasion])).count()
    return counts
