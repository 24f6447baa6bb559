"""Read queries for the health check and /metrics: the task queue and the scheduler's latest runs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Min
from django_tasks import TaskResultStatus, task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from gongzhi.core import clock
from gongzhi.scheduler.models import ScheduledRun
from gongzhi.scheduler.selectors import last_runs


@dataclass(frozen=True)
class Queue:
    queued: int  # tasks due now and not yet taken by a worker
    oldest_age_s: int  # seconds the oldest of them has waited (0 when none waits)


def task_queue() -> Queue | None:
    """One aggregate query over django-tasks-db's table (its partial index on ready rows); None when the tasks run on
    another backend (RQ, ADR 0003), whose queue this cannot see."""
    if not tasks_in_database():
        return None
    row = DBTaskResult.objects.ready().aggregate(queued=Count("pk"), oldest=Min("enqueued_at"))
    oldest: dt.datetime | None = row["oldest"]
    age = max(0, int((clock.now() - oldest).total_seconds())) if oldest else 0
    return Queue(queued=row["queued"], oldest_age_s=age)


@dataclass(frozen=True)
class JobRun:
    enqueued_at: dt.datetime
    finished_at: dt.datetime | None  # of the task the latest run enqueued; None while queued or running
    failed: bool


def latest_job_runs() -> dict[str, JobRun]:
    """Per periodic job: when its latest slot was enqueued and how that task ended. Three small queries, whatever
    the number of runs kept (one row per job each)."""
    latest = last_runs()
    if not latest:
        return {}
    runs = ScheduledRun.objects.filter(slot__in={run.slot for run in latest.values()}, job__in=latest.keys())
    result_ids = {run.job: run.task_result_id for run in runs if latest[run.job].slot == run.slot}
    results: dict[str, DBTaskResult] = {}
    if tasks_in_database():
        wanted = [ident for ident in result_ids.values() if ident]
        results = {_key(str(r.id)): r for r in DBTaskResult.objects.filter(id__in=wanted)
                   .only("id", "status", "finished_at")}
    figures = {}
    for job, last in latest.items():
        task = results.get(_key(result_ids.get(job) or ""))
        figures[job] = JobRun(enqueued_at=last.enqueued_at, finished_at=task.finished_at if task else None,
                              failed=bool(task and task.status == TaskResultStatus.FAILED))
    return figures


def tasks_in_database() -> bool:
    return isinstance(task_backends["default"], DatabaseBackend)


def _key(task_result_id: str) -> str:
    return task_result_id.replace("-", "").lower()
