"""Ten members press 报名 on a shift's last free slot at the same moment: exactly one gets it, the others are told
该班次已报满; two rosters sweeps at once make each shift once (PostgreSQL only: SQLite serialises writers anyway)."""

import datetime as dt

import pytest
from django.db import connection

from gongzhi.core import clock
from gongzhi.testing.personas import build_world
from gongzhi.testing.races import race as _race
from gongzhi.volunteering.models import Shift, ShiftSignup
from gongzhi.volunteering.services import rosters as services
from gongzhi.volunteering.tests.rosters_world import T0, add_member, build_duty

pytestmark = [pytest.mark.postgres]
MEMBERS = 10


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent PostgreSQL transactions")
def test_ten_members_on_the_last_slot_one_gets_it(transactional_db):
    w = build_world()
    d = build_duty(w)
    with clock.frozen(T0):
        services.sign_up(actor=w.volunteer, shift=d.shift)  # one of the two slots taken
        members = [add_member(w, d.team, username=f"patrol{i}", name=f"队员{i}", phone=f"1390773{i:04d}")[0]
                   for i in range(MEMBERS)]

    def sign(i):
        services.sign_up(actor=members[i], shift=Shift.objects.get(pk=d.shift.pk))

    with clock.frozen(T0):  # one clock for every thread (the clock is the process's)
        outcomes = _race(MEMBERS, sign)
    assert len(outcomes) == MEMBERS and outcomes.count("ok") == 1, outcomes
    assert all(o == "该班次已报满" for o in outcomes if o != "ok"), outcomes
    assert ShiftSignup.objects.filter(shift=d.shift).count() == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent PostgreSQL transactions")
def test_two_sweeps_at_once_make_each_shift_once(transactional_db):
    w = build_world()
    d = build_duty(w)
    made: list[int] = []
    def sweep(i):
        made.append(services.sweep_rosters(weeks=6)["created"])

    with clock.frozen(T0 + dt.timedelta(weeks=3)):
        assert _race(2, sweep) == ["ok", "ok"]
    assert sum(made) == 5  # Fridays 12 June … 10 July were missing
    assert d.roster.shifts.count() == 9
