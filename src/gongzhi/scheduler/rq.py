"""The RQ worker `gongzhi rqworker` runs when GONGZHI_TASKS_BACKEND=rq (ADR 0024; docs/deployment.md):

    gongzhi rqworker --job-class django_tasks_rq.Job --worker-class gongzhi.scheduler.rq.Worker --with-scheduler

rq keeps a finished task's result 500 seconds unless told otherwise, and django-tasks-rq does not tell it: a daily
sweep's outcome would be gone long before anyone looked. This worker keeps results RESULT_TTL, so /metrics can say how
each periodic job's latest run ended, as it does with the database backend."""

from __future__ import annotations

from typing import Any

from rq.worker import Worker as RQWorker

RESULT_TTL = 2 * 24 * 60 * 60  # two days: longer than the slowest periodic job's interval (one day)


class Worker(RQWorker):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("default_result_ttl", RESULT_TTL)
        super().__init__(*args, **kwargs)
