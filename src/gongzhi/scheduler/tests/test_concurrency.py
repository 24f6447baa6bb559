"""Two schedulers by mistake — here eight, ticking at the same moment — enqueue each job once (PostgreSQL only:
SQLite serialises writers anyway). The clock is frozen once around the race, never inside a thread."""

from __future__ import annotations

from collections import Counter

import pytest
from django.db import connection

from gongzhi.core import clock
from gongzhi.core.registry import periodic_jobs
from gongzhi.scheduler import services
from gongzhi.scheduler.models import ScheduledRun
from gongzhi.scheduler.tests.conftest import at, enqueued_paths
from gongzhi.testing.races import race

pytestmark = [pytest.mark.postgres]
N = 8


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent PostgreSQL transactions")
def test_schedulers_ticking_at_once_enqueue_each_job_once(transactional_db):
    results = []

    def tick(i):
        results.append(services.enqueue_due())

    with clock.frozen(at(2026, 5, 11, 10, 0, 30)):
        outcomes = race(N, tick)
    jobs = periodic_jobs()
    assert outcomes == ["ok"] * N
    assert all(result.failed == [] for result in results)
    assert sum(len(result.enqueued) for result in results) == len(jobs)
    assert Counter(enqueued_paths()) == Counter(job.task.module_path for job in jobs)
    assert ScheduledRun.objects.count() == len(jobs)
    assert ScheduledRun.objects.exclude(task_result_id="").count() == len(jobs)
