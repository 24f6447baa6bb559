"""The demo's in-service party members (在职党员) living in 五美社区, written through the services as the people
would do it: members of 桂林市中医医院 and of a second unit apply to report (报到) on their phones, the community
confirms (one application is returned with a reason, one still waits), members report again after six months (one
did not, and is lapsed), the district sets a yearly target of 50 hours, and the sweep records the lapse.

Confirmed service hours are written as `HoursEntry` rows with status confirmed (the activities area's check-in
and confirmation services produce them in the app; the lead may switch this demo to those services once merged).

`load(*, community, units, actors, today, password=None)`: `units` is the hospital first, then another unit
(each with its party organisation, or one is made); with a `password`, 陈志刚 gets a phone account
(`chenzhigang`) so the demo can show the member's own page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from gongzhi.accounts.services import assign_role, create_user
from gongzhi.core import clock
from gongzhi.organisations.models import Organisation
from gongzhi.party.models import PartyOrganisation
from gongzhi.party.services import create_party_organisation
from gongzhi.people.models import Person
from gongzhi.people.services import link_account, register_party_member, register_person
from gongzhi.regions.models import RegionKind, RegionNode
from gongzhi.volunteering.models import HoursEntry
from gongzhi.volunteering.services import inservice as services

TZ = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class Actors:
    admin: object
    community_staff: object  # 五美社区
    district_staff: object  # 象山区
    liaison: object  # 桂林市中医医院


# (name, unit index, gender, birth year, story, months of hours)
#   story: "current" (reported ~4 months ago and renewed before), "recent" (first report 6 weeks ago), "lapsed"
#   (last report 8 months ago), "pending" (applied 2 days ago), "returned" (returned with a reason, then nothing)
MEMBERS = [
    ("陈志刚", 0, "male", 1982, "current", [("社区义诊", "3"), ("红袖标平安巡逻", "2.5"), ("文明劝导", "2")]),
    ("刘慧敏", 0, "female", 1987, "recent", [("健康知识讲座", "2"), ("独居老人探访", "1.5")]),
    ("黄国强", 0, "male", 1978, "lapsed", [("红袖标平安巡逻", "3")]),
    ("蒙晓燕", 0, "female", 1991, "pending", []),
    ("唐文杰", 1, "male", 1985, "current", [("四点半课堂辅导", "2"), ("文明劝导", "2"), ("七彩假期", "4")]),
    ("韦丽萍", 1, "female", 1989, "returned", []),
]
RETURN_REASON = "居住地登记为南门社区，请先到社区更正居住地后再申请"
NOTES = {"current": "周末可参加平安巡逻和义诊", "recent": "可开展健康讲座", "lapsed": "",
         "pending": "可参加四点半课堂", "returned": ""}


def _id_number(born: str, gender: str) -> str:
    """A valid, unused 18-digit ID number of Guilin's 象山区 for someone born on `born` (YYYYMMDD)."""
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    for sequence in range(801 if gender == "male" else 802, 1000, 2):
        first17 = f"450304{born}{sequence:03d}"
        value = first17 + "10X98765432"[sum(int(c) * w for c, w in zip(first17, weights, strict=True)) % 11]
        if not Person.objects.filter(id_number=value).exists():
            return value
    raise RuntimeError("no free ID number")  # 100 people born the same day in the demo: not this demo


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=TZ)


def _party_organisation(admin, unit: Organisation) -> PartyOrganisation:
    found = PartyOrganisation.objects.filter(organisation=unit).order_by("pk").first()
    if found is not None:
        return found
    return create_party_organisation(actor=admin, name=f"{unit.name}党支部", kind="unit_branch", region=unit.home,
                                     organisation=unit)


def _apply_and_decide(member, *, actor, staff, on: dt.date, note: str = "", returned: str = ""):
    with clock.frozen(_at(on, 20)):
        report = services.apply_to_report(actor=actor, member=member, note=note)
    with clock.frozen(_at(on + dt.timedelta(days=1), 10)):
        if returned:
            services.return_report(actor=staff, report=report, reason=returned)
        else:
            services.confirm_report(actor=staff, report=report)
    member.refresh_from_db()


def _serve(person, community, staff, served: list[tuple[str, str]], today: dt.date) -> int:
    """Confirmed hours in this year's months so far (spread back from today)."""
    n = 0
    for i, (content, hours) in enumerate(served):
        day = max(dt.date(today.year, 1, 2), today - dt.timedelta(days=12 + 23 * i))
        HoursEntry.objects.create(person=person, community=community, served_on=day, hours=Decimal(hours),
                                  content=content, status="confirmed", recorded_by=staff, recorded_at=_at(day, 18),
                                  decided_by=staff, decided_at=_at(day, 20))
        n += 1
    return n


def load(*, community: RegionNode, units: list[Organisation], actors: Actors, today: dt.date,
         password: str | None = None) -> dict[str, int]:
    counts = {"members": 0, "confirmed": 0, "pending": 0, "returned": 0, "lapsed": 0, "hours_entries": 0}
    district = community.ancestors().filter(kind=RegionKind.DISTRICT).first()
    if district is not None:
        with clock.frozen(_at(dt.date(today.year, 1, 8), 10)):
            services.set_yearly_target(actor=actors.district_staff, district=district, year=today.year, hours=50)
    buildings = list(RegionNode.objects.filter(path__startswith=community.path, kind=RegionKind.BUILDING)
                     .order_by("path")) or [community]
    staff = actors.community_staff
    for i, (name, unit_index, gender, birth_year, story, served) in enumerate(MEMBERS):
        unit = units[min(unit_index, len(units) - 1)]
        person = register_person(actor=actors.admin, name=name, home=buildings[i % len(buildings)],
                                 phone=f"1397730{8800 + i:04d}", gender=gender, birth_year=birth_year,
                                 id_number=_id_number(f"{birth_year}{i % 9 + 1:02d}{10 + i:02d}", gender))
        member = register_party_member(actor=actors.admin, person=person, work_unit=unit,
                                       party_organisation=_party_organisation(actors.admin, unit),
                                       joined_on=dt.date(birth_year + 24, 7, 1))
        actor = None
        if password and name == "陈志刚":
            actor = create_user(actor=actors.admin, username="chenzhigang", password=password, display_name=name,
                                phone=person.phone)
            assign_role(actor=actors.admin, user=actor, role="resident", region=person.home)
            link_account(actor=actors.admin, person=person, user=actor)
        counts["members"] += 1
        note = NOTES[story]
        if story == "current":
            _apply_and_decide(member, actor=actor, staff=staff, on=today - dt.timedelta(days=300), note=note)
            _apply_and_decide(member, actor=actor, staff=staff, on=today - dt.timedelta(days=125))
            counts["confirmed"] += 2
        elif story == "recent":
            _apply_and_decide(member, actor=actor, staff=staff, on=today - dt.timedelta(days=45), note=note)
            counts["confirmed"] += 1
        elif story == "lapsed":
            _apply_and_decide(member, actor=actor, staff=staff, on=today - dt.timedelta(days=245), note=note)
            counts["confirmed"] += 1
        elif story == "returned":
            _apply_and_decide(member, actor=actor, staff=staff, on=today - dt.timedelta(days=20),
                              returned=RETURN_REASON)
            counts["returned"] += 1
        elif story == "pending":
            with clock.frozen(_at(today - dt.timedelta(days=2), 21)):
                services.apply_to_report(actor=actor, member=member, note=note)
            counts["pending"] += 1
        counts["hours_entries"] += _serve(person, community, staff, served, today)
    counts["lapsed"] = services.sweep_lapses(today=today)
    return counts
