"""`gongzhi scheduler --once`, `--list`, and the loop that stops on a signal."""

from __future__ import annotations

import datetime as dt
import os
import signal
import threading
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from gongzhi.core import clock, registry
from gongzhi.core.registry import PeriodicJob, periodic_jobs
from gongzhi.scheduler.management.commands import scheduler as scheduler_command
from gongzhi.scheduler.models import ScheduledRun
from gongzhi.scheduler.services import enqueue_due
from gongzhi.scheduler.tests.conftest import at
from gongzhi.scheduler.tests.test_ticks import BrokenTask

MONDAY = at(2026, 5, 11, 10, 0, 30)


def run(*args) -> str:
    out = StringIO()
    call_command("scheduler", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_once_enqueues_what_is_due_then_nothing():
    with clock.frozen(MONDAY):
        first = run("--once")
        second = run("--once")
    assert "enqueued cases_sweep (slot 2026-05-11 10:00:00" in first
    assert first.count("enqueued ") == len(periodic_jobs())
    assert second == f"nothing due ({len(periodic_jobs())} jobs enqueued already in their slot)\n"


@pytest.mark.django_db
def test_once_fails_when_a_job_cannot_be_enqueued(monkeypatch):
    monkeypatch.setitem(registry._periodic, "broken",
                        PeriodicJob("broken", BrokenTask(), dt.timedelta(minutes=5), dt.timedelta(0), "broken"))
    with clock.frozen(MONDAY), pytest.raises(CommandError, match="could not enqueue: broken"):
        run("--once")
    assert ScheduledRun.objects.filter(job="cases_sweep").exists()


@pytest.mark.django_db
def test_list_shows_every_job_with_its_interval_and_last_run():
    with clock.frozen(MONDAY):
        before = run("--list")
        run("--once")
    with clock.frozen(MONDAY + dt.timedelta(minutes=1)):
        after = run("--list")
    assert before.splitlines()[0].split()[:6] == ["job", "every", "offset", "last", "slot", "enqueued"]
    assert len(before.splitlines()) == len(periodic_jobs()) + 1
    cases = next(line for line in before.splitlines() if line.startswith("cases_sweep "))
    assert cases.split()[1:4] == ["5m", "0m", "—"] and "due now" in cases and "接诉即办超时督办巡检" in cases
    cases = next(line for line in after.splitlines() if line.startswith("cases_sweep "))
    assert "2026-05-11 10:00:00  2026-05-11 10:00:30  2026-05-11 10:05:00" in cases
    chronicle = next(line for line in after.splitlines() if line.startswith("verify_chronicle "))
    assert chronicle.split()[1:3] == ["1d", "3h"] and "2026-05-12 03:00:00" in chronicle


@pytest.mark.django_db(transaction=True)  # the loop closes its database connections when it stops
def test_the_loop_ticks_until_a_signal_stops_it(monkeypatch):
    ticks, ticked_twice, seen = [], threading.Event(), {}

    def counting_enqueue_due(**kwargs):
        result = enqueue_due(**kwargs)
        ticks.append(result)
        if len(ticks) == 2:
            ticked_twice.set()
        return result

    def interrupt():  # touches no database: SQLite's test database is one connection's
        ticked_twice.wait(timeout=60)
        seen["sigterm"] = signal.getsignal(signal.SIGTERM)
        os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C; SIGTERM goes to the same handler

    monkeypatch.setattr(scheduler_command, "enqueue_due", counting_enqueue_due)
    previous = signal.getsignal(signal.SIGTERM)
    thread = threading.Thread(target=interrupt)
    with clock.frozen(MONDAY):
        thread.start()
        out = run("--tick", "0.05")
    thread.join()
    assert callable(seen["sigterm"]) and seen["sigterm"] not in (signal.SIG_DFL, signal.SIG_IGN, previous)
    assert signal.getsignal(signal.SIGTERM) == previous  # the handlers are given back
    assert len(ticks) >= 2 and len(ticks[0].enqueued) == len(periodic_jobs()) and ticks[1].enqueued == []
    assert ScheduledRun.objects.count() == len(periodic_jobs())
    assert out == ""
