"""Read queries over the scheduler's runs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Count, Max, Q
from django_tasks import task_backends
from django_tasks_db.backend import DatabaseBackend

from gongzhi.scheduler.models import ScheduledRun


def tasks_in_database() -> bool:
    """Whether background tasks run on django-tasks-db (the default) — whose table the scheduler, /healthz and
    /metrics can read — rather than another backend (RQ, ADR 0003)."""
    return isinstance(task_backends["default"], DatabaseBackend)


def tasks_in_rq() -> bool:
    """Whether background tasks run on Redis through django-tasks-rq (GONGZHI_TASKS_BACKEND=rq, ADR 0024)."""
    return type(task_backends["default"]).__module__.startswith("django_tasks_rq")


def runs_of(slots: dict[str, dt.datetime]) -> set[tuple[str, dt.datetime]]:
    """Which of the (job → slot) pairs have a run already: one query for a whole tick."""
    if not slots:
        return set()
    wanted = reduce(or_, (Q(job=job, slot=slot) for job, slot in slots.items()))
    return set(ScheduledRun.objects.filter(wanted).values_list("job", "slot"))


@dataclass(frozen=True)
class LastRun:
    slot: dt.datetime
    enqueued_at: dt.datetime
    runs: int


def last_runs() -> dict[str, LastRun]:
    """Per job key: its latest slot, when the latest run was enqueued, and how many runs are kept."""
    rows = ScheduledRun.objects.values("job").annotate(slot=Max("slot"), at=Max("enqueued_at"), runs=Count("id"))
    return {row["job"]: LastRun(row["slot"], row["at"], row["runs"]) for row in rows}
