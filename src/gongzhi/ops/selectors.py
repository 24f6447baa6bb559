"""Read queries for the health check and /metrics: the task queue and the scheduler's latest runs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection
from django.db.models import Field
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from gongzhi.core import clock
from gongzhi.scheduler.models import ScheduledRun
from gongzhi.scheduler.selectors import last_runs, tasks_in_database


@dataclass(frozen=True)
class Queue:
    queued: int  # tasks due now and not yet taken by a worker
    oldest_age_s: int  # seconds the oldest of them has waited (0 when none waits)


def task_queue() -> Queue | None:
    """One aggregate query over django-tasks-db's table, the ready rows its partial index covers; None when the
    tasks run on another backend (RQ, ADR 0003), whose queue this cannot see.

    Written in SQL, not through the ORM: /healthz runs it on every call, and the ORM's compilation took ten times
    the query's own time (0.62 ms against 0.06 ms on SQLite). It asks what `DBTaskResult.objects.ready()` asks
    (a test compares the two)."""
    if not tasks_in_database():
        return None
    meta, quote, ops = DBTaskResult._meta, connection.ops.quote_name, connection.ops
    status, run_after, enqueued_at = (quote(_column(name)) for name in ("status", "run_after", "enqueued_at"))
    now = clock.now()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*), MIN({enqueued_at}) FROM {quote(meta.db_table)} "  # names from _meta; values are parameters
            f"WHERE {status} = %s AND ({run_after} = %s OR {run_after} <= %s)",
            [TaskResultStatus.READY.value, ops.adapt_datetimefield_value(get_date_max()),
             ops.adapt_datetimefield_value(now)])
        queued, oldest = cursor.fetchone()
    oldest_at = _moment(oldest)
    age = max(0, int((now - oldest_at).total_seconds())) if oldest_at else 0
    return Queue(queued=queued, oldest_age_s=age)


def _column(name: str) -> str:
    field = DBTaskResult._meta.get_field(name)
    assert isinstance(field, Field) and field.column
    return field.column


def _moment(value: dt.datetime | str | None) -> dt.datetime | None:
    """A timestamp as the cursor returns it: aware on PostgreSQL, a UTC string on SQLite."""
    if value is None:
        return None
    moment = parse_datetime(value) if isinstance(value, str) else value
    if moment is not None and timezone.is_naive(moment):
        moment = timezone.make_aware(moment, dt.UTC)
    return moment


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


def _key(task_result_id: str) -> str:
    return task_result_id.replace("-", "").lower()
