"""Helpers shared by the in-service party member tests (no tests here): a member of 五美社区 who can log in on the
phone, a second unit with its own liaison and member, confirmed hours, and Beijing-time moments."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from gongzhi.accounts.services import assign_role, create_user
from gongzhi.core import clock
from gongzhi.party.services import create_party_organisation
from gongzhi.people.services import link_account, register_party_member, register_person
from gongzhi.testing.personas import PASSWORD
from gongzhi.volunteering.models import HoursEntry

CST = ZoneInfo("Asia/Shanghai")


def at(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, 9, tzinfo=CST) if len(parts) == 3 else dt.datetime(*parts, tzinfo=CST)


def id_number(first17: str) -> str:
    """A valid 18-digit ID number: `first17` plus its GB 11643 check character."""
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return first17 + "10X98765432"[sum(int(c) * w for c, w in zip(first17, weights, strict=True)) % 11]


def add_member(world, *, username="party_chen", name="陈志刚", home=None, unit=None, party_organisation=None,
               id_no="", phone="13907731234"):
    """An in-service party member who works at `unit` (the hospital by default) and lives at `home` (五美社区 by
    default), with an account on the phone shell."""
    home = home or world.wenhua_b2
    person = register_person(actor=world.admin, name=name, home=home, phone=phone,
                             id_number=id_no or id_number("45030419820315003"))
    member = register_party_member(actor=world.admin, person=person,
                                   party_organisation=party_organisation or world.hospital_committee,
                                   work_unit=unit or world.hospital)
    user = create_user(actor=world.admin, username=username, password=PASSWORD, display_name=name)
    assign_role(actor=world.admin, user=user, role="resident", region=home)
    link_account(actor=world.admin, person=person, user=user)
    member.refresh_from_db()
    return SimpleNamespace(user=user, person=person, member=member)


def add_school(world):
    """崇善小学 with its party branch, its liaison and one in-service member living in 五美社区."""
    committee = create_party_organisation(actor=world.admin, name="桂林市崇善小学党支部", kind="unit_branch",
                                          region=world.nanmen, organisation=world.school)
    liaison = create_user(actor=world.admin, username="school_liaison", password=PASSWORD, display_name="蒋老师")
    assign_role(actor=world.admin, user=liaison, role="unit_liaison", organisation=world.school)
    teacher = add_member(world, username="teacher_he", name="何丽", unit=world.school, party_organisation=committee,
                         id_no=id_number("45030419900101004"), phone="13977300001")
    return SimpleNamespace(committee=committee, liaison=liaison, teacher=teacher)


def confirmed_hours(person, community, day: dt.date, hours: str, content: str = "社区巡逻",
                    status: str = "confirmed") -> HoursEntry:
    """A recorded and confirmed hours entry (the activities area's services write these in the app)."""
    return HoursEntry.objects.create(person=person, community=community, served_on=day, hours=Decimal(hours),
                                     content=content, status=status, recorded_at=clock.now(),
                                     decided_at=clock.now() if status == "confirmed" else None)
