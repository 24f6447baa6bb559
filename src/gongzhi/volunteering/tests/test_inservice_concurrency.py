"""Two taps on 申请报到 at the same moment make one application; two staff confirming the same application at once
confirm it once; two sweeps at once record a lapse once (PostgreSQL only: SQLite serialises writers anyway)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from gongzhi.chronicle.models import Entry
from gongzhi.core import clock
from gongzhi.people.models import PartyMember
from gongzhi.testing.personas import build_world
from gongzhi.volunteering.models import InServiceLapse, InServiceReport
from gongzhi.volunteering.services import inservice as services
from gongzhi.volunteering.tests.test_inservice_world import add_member, at

pytestmark = [pytest.mark.postgres]


MAY_12 = at(2026, 5, 12)


def _race(n: int, work, when=MAY_12) -> list[str]:
    barrier = threading.Barrier(n)
    outcomes: list[str] = []

    def run(i):
        try:
            barrier.wait()
            work(i)
            outcomes.append("ok")
        except ValidationError as e:
            outcomes.append(" ".join(e.messages))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    with clock.frozen(when):  # the clock is one for the process: frozen once, around all the threads
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    return outcomes


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent PostgreSQL transactions")
def test_simultaneous_applications_make_one(transactional_db):
    world = build_world()
    chen = add_member(world)

    def apply(i):
        services.apply_to_report(actor=chen.user, member=PartyMember.objects.get(pk=chen.member.pk))

    outcomes = _race(8, apply)
    assert outcomes.count("ok") == 1, outcomes
    assert InServiceReport.objects.filter(member=chen.member).count() == 1
    assert Entry.objects.filter(action="inservice.applied").count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent PostgreSQL transactions")
def test_two_staff_confirming_at_once_confirm_once(transactional_db):
    world = build_world()
    chen = add_member(world)
    report = services.apply_to_report(actor=chen.user, member=chen.member)

    def confirm(i):
        services.confirm_report(actor=world.wumei_staff, report=InServiceReport.objects.get(pk=report.pk))

    outcomes = _race(4, confirm)
    assert outcomes.count("ok") == 1, outcomes
    assert Entry.objects.filter(action="inservice.confirmed").count() == 1
    assert Entry.objects.filter(action="person.reported_to_community").count() == 2  # the world's member, and hers


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent PostgreSQL transactions")
def test_two_simultaneous_sweeps_record_a_lapse_once(transactional_db):
    world = build_world()  # 李建国 reported to 南门社区 on 2026-03-05: lapsed by 2026-12-01
    recorded: list[int] = []

    def sweep(i):
        recorded.append(services.sweep_lapses())

    assert _race(2, sweep, when=at(2026, 12, 1)) == ["ok", "ok"]
    assert sorted(recorded) == [0, 1]
    assert InServiceLapse.objects.filter(member=world.member).count() == 1
    assert Entry.objects.filter(action="inservice.lapsed").count() == 1
