"""The scheduler's writes (ADR 0021): each registered periodic job is enqueued once per slot, whoever asks.

A tick computes every job's current slot, reads which of them have a run already (one query), and for each of the
others inserts the `ScheduledRun` row and enqueues the task in one transaction. The row's unique key (job, slot)
decides between two schedulers: the second insert fails (on PostgreSQL it waits for the first transaction, then
fails), so that scheduler enqueues nothing. Only the current slot is ever enqueued: after downtime a job runs once,
its missed slots are not replayed (every sweep catches up on everything due when it runs)."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from gongzhi.core import clock
from gongzhi.core.registry import PeriodicJob, periodic_jobs
from gongzhi.scheduler.models import ScheduledRun
from gongzhi.scheduler.selectors import runs_of, tasks_in_database

logger = logging.getLogger(__name__)

RETENTION = dt.timedelta(days=90)  # runs older than this (and than two intervals of the slowest job) are pruned


@dataclass
class TickResult:
    enqueued: list[ScheduledRun] = field(default_factory=list)
    done_already: list[str] = field(default_factory=list)  # job keys whose current slot had a run
    failed: list[str] = field(default_factory=list)  # job keys whose enqueueing raised (logged with the error)


def enqueue_due(*, now: dt.datetime | None = None, jobs: list[PeriodicJob] | None = None) -> TickResult:
    """One tick of the scheduler: enqueue every job (by default every registered one) whose slot at `now` (by
    default the project clock's now) has no run yet. A job that fails to enqueue is logged and left for the next
    tick; the others go ahead."""
    now = now or clock.now()
    jobs = periodic_jobs() if jobs is None else jobs
    slots = {job.key: job.slot(now) for job in jobs}
    done = runs_of(slots)
    result = TickResult()
    for job in jobs:
        if (job.key, slots[job.key]) in done:
            result.done_already.append(job.key)
            continue
        try:
            run = enqueue_slot(job=job, slot=slots[job.key], now=now)
        except Exception:
            logger.exception("scheduler: enqueueing %s failed; the next tick tries again", job.key)
            result.failed.append(job.key)
            continue
        if run is None:
            result.done_already.append(job.key)
        else:
            result.enqueued.append(run)
    return result


def enqueue_slot(*, job: PeriodicJob, slot: dt.datetime, now: dt.datetime) -> ScheduledRun | None:
    """Insert the run of `job` for `slot` and enqueue its task, in one transaction; None (nothing enqueued) when
    the slot has a run already — another scheduler's, or this one's before a restart."""
    with transaction.atomic():
        try:
            with transaction.atomic():  # a savepoint: the failed insert leaves the outer transaction usable
                run = ScheduledRun.objects.create(job=job.key, slot=slot, enqueued_at=now)
        except IntegrityError:
            logger.info("scheduler: %s for the slot of %s was enqueued by another scheduler", job.key,
                        _local(slot))
            return None
        task_result = job.task.enqueue()
        run.task_result_id = str(task_result.id)
        run.save(update_fields=["task_result_id"])
    logger.info("scheduler: enqueued %s for the slot of %s (task result %s)", job.key, _local(slot),
                run.task_result_id)
    return run


def prune_runs(*, now: dt.datetime | None = None) -> int:
    """Delete runs older than RETENTION (and than two intervals of the slowest registered job, so that no job's
    current slot is ever pruned). Returns how many were deleted."""
    now = now or clock.now()
    slowest = max((job.every for job in periodic_jobs()), default=dt.timedelta(0))
    cutoff = now - max(RETENTION, 2 * slowest)
    deleted, _ = ScheduledRun.objects.filter(slot__lt=cutoff).delete()
    return deleted


def _local(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


# --- tasks whose worker died -----------------------------------------------------------------------------------

# No task of Gongzhi runs this long (the longest, an annual report's PDF or a district's matching, take a minute or
# two): a task still "running" after it lost its worker (killed, out of memory, the machine restarted).
ORPHAN_AFTER = dt.timedelta(minutes=30)


class WorkerLost(Exception):
    """The worker that took the task stopped before finishing it."""


def fail_orphaned_tasks(*, now: dt.datetime | None = None) -> int:
    """Mark failed every task taken by a worker and not finished within ORPHAN_AFTER. django-tasks-db claims a task
    (READY → RUNNING, SELECT … FOR UPDATE SKIP LOCKED) but keeps no lease, so a task whose worker died would stay
    "running" for ever: nothing would retry it and /healthz would not see it. The services a task calls write in
    transactions, so a killed worker left no half of a change behind; failing the row tells the operator (/metrics,
    the task table), and a periodic job simply runs again at its next slot. Returns how many were failed; a second run
    finds none (the update is conditional on the status)."""
    if not tasks_in_database():
        return 0
    now = now or clock.now()
    cutoff = now - ORPHAN_AFTER
    lost = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=cutoff)
    count = lost.update(
        status=TaskResultStatus.FAILED, finished_at=now,
        exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
        traceback=f"WorkerLost: taken by a worker before {cutoff.isoformat()} and never finished; the worker is gone",
    )
    if count:
        logger.warning("scheduler: %d task(s) left running by a lost worker marked failed", count)
    return count
