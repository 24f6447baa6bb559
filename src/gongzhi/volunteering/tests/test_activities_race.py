"""Twenty volunteers press 报名 on the last place at the same moment: exactly one gets it, the other nineteen are
on the waiting list in distinct positions; two sweeps at once close a forgotten check-in once (PostgreSQL only:
SQLite serialises writers anyway)."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from gongzhi.core import clock
from gongzhi.volunteering.models import HoursEntry, SignUp
from gongzhi.volunteering.services import activities as services
from gongzhi.volunteering.tests.test_activities_helpers import (
    BEFORE,
    END,
    START,
    at,
    make_activity,
    volunteer,
)

pytestmark = [pytest.mark.postgres]
VOLUNTEERS = 20


def _race(n: int, work) -> list[str]:
    barrier = threading.Barrier(n)
    outcomes: list[str] = []

    def run(i):
        try:
            barrier.wait()
            outcomes.append(work(i))
        except ValidationError as e:
            outcomes.append(" ".join(e.messages))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent PostgreSQL transactions")
def test_twenty_volunteers_on_the_last_place_one_gets_it(transactional_db):
    from gongzhi.testing.personas import build_world

    world = build_world()
    soon = clock.now() + dt.timedelta(days=10)  # the real clock: a frozen clock is not shared by threads
    activity = make_activity(world, quota=2, starts=soon, ends=soon + dt.timedelta(hours=2))
    early = volunteer(world, "early", "早到者")
    users = [volunteer(world, f"v{i}", f"志愿者{i}") for i in range(VOLUNTEERS)]
    services.sign_up(actor=early, activity=activity)  # one place left

    def sign(i):
        return services.sign_up(actor=users[i], activity=activity).status

    outcomes = _race(VOLUNTEERS, sign)
    assert sorted(set(outcomes)) == ["signed", "waiting"], outcomes
    assert outcomes.count("signed") == 1 and outcomes.count("waiting") == VOLUNTEERS - 1
    assert SignUp.objects.filter(activity=activity, status="signed").count() == 2
    positions = list(SignUp.objects.filter(activity=activity).values_list("position", flat=True))
    assert sorted(positions) == list(range(1, VOLUNTEERS + 2))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent PostgreSQL transactions")
def test_two_sweeps_at_once_close_a_check_in_once(transactional_db):
    from gongzhi.testing.personas import build_world

    world = build_world()
    activity = make_activity(world, quota=2)
    user = volunteer(world, "v1", "陈静")
    with clock.frozen(BEFORE):
        services.sign_up(actor=user, activity=activity)
    with clock.frozen(START):
        services.check_in(actor=user, activity=activity,
                          code=services.current_code(actor=None, activity=activity, purpose="in").code)
    later = at(2026, 6, 7, 0, 0)
    counts = _race(2, lambda i: services.sweep_unclosed_checkins(now=later))
    assert sorted(counts) == [0, 1]
    assert HoursEntry.objects.filter(activity=activity).count() == 1
    assert HoursEntry.objects.get().ended_at == END
