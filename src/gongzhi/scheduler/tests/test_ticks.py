"""A tick enqueues each due job once; the same slot again enqueues nothing; the next slot enqueues again; after
downtime the current slot is enqueued once and the missed ones are not replayed."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django_tasks_db.models import DBTaskResult

from gongzhi.core import clock
from gongzhi.core.registry import PeriodicJob, periodic_jobs
from gongzhi.scheduler import services
from gongzhi.scheduler.models import ScheduledRun
from gongzhi.scheduler.tests.conftest import at, enqueued_paths

pytestmark = pytest.mark.django_db
MONDAY = at(2026, 5, 11, 10, 0, 30)


def test_a_tick_enqueues_every_job_once():
    with clock.frozen(MONDAY):
        result = services.enqueue_due()
    jobs = periodic_jobs()
    assert sorted(run.job for run in result.enqueued) == sorted(job.key for job in jobs)
    assert Counter(enqueued_paths()) == Counter(job.task.module_path for job in jobs)
    run = ScheduledRun.objects.get(job="cases_sweep")
    assert run.slot == at(2026, 5, 11, 10, 0) and run.enqueued_at == MONDAY
    assert DBTaskResult.objects.get(id=run.task_result_id).task_path == "gongzhi.cases.tasks.sweep_case_deadlines"
    assert ScheduledRun.objects.get(job="verify_chronicle").slot == at(2026, 5, 11, 3, 0)


def test_a_second_tick_in_the_same_slot_enqueues_nothing():
    with clock.frozen(MONDAY):
        services.enqueue_due()
    tasks = DBTaskResult.objects.count()
    with clock.frozen(MONDAY + dt.timedelta(seconds=25)):  # 10:00:55, still every job's slot of 10:00:30
        result = services.enqueue_due()
    assert result.enqueued == [] and result.failed == []
    assert sorted(result.done_already) == sorted(job.key for job in periodic_jobs())
    assert DBTaskResult.objects.count() == tasks


def test_the_next_slot_enqueues_again_the_jobs_whose_slot_changed():
    with clock.frozen(MONDAY):
        services.enqueue_due()
    later = MONDAY + dt.timedelta(minutes=5)  # 10:05:30
    with clock.frozen(later):
        result = services.enqueue_due()
    changed = {job.key for job in periodic_jobs() if job.slot(later) != job.slot(MONDAY)}
    assert {run.job for run in result.enqueued} == changed
    assert {"cases_sweep", "orders_sweep"} <= changed  # slots of 10:00 → 10:05, and 09:56 → 10:01
    assert not {"meetings_sweep", "verify_chronicle"} & changed  # hourly at :06, daily at 03:00
    assert ScheduledRun.objects.filter(job="cases_sweep").count() == 2


def test_after_downtime_each_job_runs_once_for_the_current_slot():
    with clock.frozen(MONDAY):
        services.enqueue_due()
    with clock.frozen(MONDAY + dt.timedelta(days=3, hours=2)):  # three days of missed slots
        result = services.enqueue_due()
    assert len(result.enqueued) == len(periodic_jobs())
    assert ScheduledRun.objects.filter(job="cases_sweep").count() == 2
    assert Counter(enqueued_paths())["gongzhi.cases.tasks.sweep_case_deadlines"] == 2


def test_a_slot_taken_between_the_read_and_the_insert_is_not_enqueued_again():
    """What the second of two schedulers meets: the row exists by the time it inserts (the unique key refuses it
    and the transaction goes on without enqueueing)."""
    job = next(job for job in periodic_jobs() if job.key == "orders_sweep")
    first = services.enqueue_slot(job=job, slot=job.slot(MONDAY), now=MONDAY)
    second = services.enqueue_slot(job=job, slot=job.slot(MONDAY), now=MONDAY)
    assert first is not None and second is None
    assert enqueued_paths() == [job.task.module_path]


class BrokenTask:
    module_path = "tests.broken"

    def enqueue(self):
        raise RuntimeError("the queue is away")


def test_a_job_that_cannot_be_enqueued_leaves_no_run_and_the_others_go_ahead():
    broken = PeriodicJob("broken", BrokenTask(), dt.timedelta(minutes=5), dt.timedelta(0), "broken")
    good = next(job for job in periodic_jobs() if job.key == "cases_sweep")
    result = services.enqueue_due(now=MONDAY, jobs=[broken, good])
    assert result.failed == ["broken"] and [run.job for run in result.enqueued] == ["cases_sweep"]
    assert not ScheduledRun.objects.filter(job="broken").exists()  # the next tick tries again


def test_old_runs_are_pruned_and_current_ones_kept():
    with clock.frozen(MONDAY - dt.timedelta(days=120)):
        services.enqueue_due()
    with clock.frozen(MONDAY):
        services.enqueue_due()
        assert services.prune_runs() == len(periodic_jobs())
    assert ScheduledRun.objects.count() == len(periodic_jobs())
    assert ScheduledRun.objects.filter(slot__gte=MONDAY - dt.timedelta(days=1)).count() == len(periodic_jobs())


def test_a_tick_with_nothing_due_is_one_query(django_assert_num_queries):
    with clock.frozen(MONDAY):
        services.enqueue_due()
        with django_assert_num_queries(1):
            assert services.enqueue_due().enqueued == []
