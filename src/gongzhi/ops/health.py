"""What `/healthz` (portal) answers: is the database there, does the cache answer, is the task queue moving.

Cheap on purpose: a load balancer asks every few seconds and `gongzhi bench_throughput` measures every page against
it. Two tiny queries (`SELECT 1`, one aggregate over the ready tasks) and a cache write and read.

- database down → "fail", HTTP 503: take this server out of the pool;
- cache down, the queue unreadable, or its oldest task waiting longer than QUEUE_STALE_AFTER_S (no worker running,
  or too few) → "degraded", HTTP 200: the server still serves pages, an operator should look;
- otherwise "ok", HTTP 200."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import connection

from gongzhi.ops.selectors import task_queue

logger = logging.getLogger("gongzhi.ops")

QUEUE_STALE_AFTER_S = 10 * 60  # every sweep runs within minutes; a task waiting ten means the workers are not
CACHE_KEY = f"gongzhi:healthz:{uuid.uuid4().hex}"  # one key per process: two workers never read each other's write


@dataclass(frozen=True)
class Health:
    status: str  # ok, degraded, fail
    checks: dict[str, Any]

    @property
    def http_status(self) -> int:
        return 503 if self.status == "fail" else 200

    def as_json(self) -> dict[str, Any]:
        return {"status": self.status, "checks": self.checks}


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.warning("healthz: the database check failed", exc_info=True)
        return False
    return True


def cache_ok() -> bool:
    try:
        cache.set(CACHE_KEY, "1", 60)
        return cache.get(CACHE_KEY) == "1"
    except Exception:
        logger.warning("healthz: the cache check failed", exc_info=True)
        return False


def tasks_check() -> dict[str, Any]:
    try:
        queue = task_queue()
    except Exception:
        logger.warning("healthz: the task queue check failed", exc_info=True)
        return {"status": "fail", "queued": None, "oldest_age_s": None}
    if queue is None:
        return {"status": "unknown", "queued": None, "oldest_age_s": None}  # another backend: not ours to see
    status = "slow" if queue.oldest_age_s > QUEUE_STALE_AFTER_S else "ok"
    return {"status": status, "queued": queue.queued, "oldest_age_s": queue.oldest_age_s}


def health() -> Health:
    database = database_ok()
    cache_status = cache_ok()
    tasks = tasks_check() if database else {"status": "fail", "queued": None, "oldest_age_s": None}
    checks = {"database": "ok" if database else "fail", "cache": "ok" if cache_status else "fail", "tasks": tasks}
    if not database:
        status = "fail"
    elif not cache_status or tasks["status"] in {"fail", "slow"}:
        status = "degraded"
    else:
        status = "ok"
    return Health(status, checks)
