"""Fixtures of the duty roster tests: 五美社区's 红袖标安全卫士 patrol team, captained by 陈国强 (a resident with an
account), with 刘洋 (the volunteer persona, now logging in as himself) and 周梅 as members, and a Friday evening
patrol of two slots; everything made through the services at T0, a Monday morning."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from gongzhi.accounts.services import assign_role, create_user
from gongzhi.core import clock
from gongzhi.people.services import (
    create_team,
    join_team,
    link_account,
    register_person,
    register_volunteer,
    set_captain,
)
from gongzhi.testing.personas import PASSWORD
from gongzhi.volunteering.services import rosters as services

CST = ZoneInfo("Asia/Shanghai")
T0 = dt.datetime(2026, 5, 11, 9, 0, tzinfo=CST)  # a Monday morning
FRIDAY = dt.date(2026, 5, 15)


def at(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=CST)


def add_member(w, team, *, username: str, name: str, phone: str, home=None, on=dt.date(2026, 3, 1)):
    """A resident of 五美社区 with an account who is a registered volunteer and joins `team`."""
    home = home or w.wumei_b1
    person = register_person(actor=w.admin, name=name, home=home, phone=phone)
    volunteer = register_volunteer(actor=w.admin, person=person, on=on)
    user = create_user(actor=w.admin, username=username, password=PASSWORD, display_name=name)
    assign_role(actor=w.admin, user=user, role="resident", region=home)
    link_account(actor=w.admin, person=person, user=user)
    join_team(actor=w.wumei_staff, volunteer=volunteer, team=team, on=on)
    return user, volunteer


def build_duty(w) -> SimpleNamespace:
    d = SimpleNamespace(world=w)
    with clock.frozen(T0):
        d.team = create_team(actor=w.wumei_staff, name="红袖标安全卫士巡逻队", community=w.wumei, kind="patrol",
                             speciality="夜间巡逻、治安防范")
        d.captain, d.captain_volunteer = add_member(w, d.team, username="captain", name="陈国强", phone="13907730001")
        set_captain(actor=w.wumei_staff, team=d.team, volunteer=d.captain_volunteer)
        d.team.refresh_from_db()
        link_account(actor=w.admin, person=w.volunteer_person, user=w.volunteer)
        d.liu = w.volunteer_person.volunteer
        join_team(actor=w.wumei_staff, volunteer=d.liu, team=d.team, on=dt.date(2026, 3, 1))
        d.zhou, d.zhou_volunteer = add_member(w, d.team, username="zhoumei", name="周梅", phone="13907730002")
        d.roster = services.create_roster(actor=w.wumei_staff, team=d.team, title="周五晚间巡逻", place="五美小区各楼栋",
                                          weekday=4, starts_at="19:30", ends_at="21:30", slots=2)
        d.shift = d.roster.shifts.get(date=FRIDAY)
        d.nanmen_team = create_team(actor=w.nanmen_staff, name="南门文明劝导队", community=w.nanmen, kind="persuasion")
    return d


def duty_fixture(world):
    """`duty = pytest.fixture(duty_fixture, name="duty")` in a test module."""
    return build_duty(world)


def frozen_fixture():
    """Run the test at T0 (the clock moves only when a test freezes it again)."""
    with clock.frozen(T0):
        yield T0
