"""GONGZHI_TASKS_BACKEND=rq (ADR 0024): a real Gongzhi task enqueued by the scheduler through django-tasks-rq on
Redis, run by an rq worker in burst mode, its effect in the database and its result read back; the queue as /healthz
and /metrics see it before and after. Runs against the machine's Redis at 127.0.0.1:6379, in a database number of its
own whose rq keys it deletes before and after; skipped when that Redis does not answer."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings as django_settings

from gongzhi.core import clock
from gongzhi.core.registry import periodic_jobs
from gongzhi.scheduler import services
from gongzhi.scheduler.models import ScheduledRun
from gongzhi.scheduler.tests.conftest import at

REDIS_URL = "redis://127.0.0.1:6379/13"  # this test's own Redis database: nothing else uses number 13


def _redis():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        return None
    return client


def _clean(client) -> None:
    keys = list(client.scan_iter("rq:*"))
    if keys:
        client.delete(*keys)


@pytest.fixture
def rq_backend(settings):
    client = _redis()
    if client is None:
        pytest.skip("no Redis at 127.0.0.1:6379: the RQ task backend is checked where one runs (CI, developers)")
    _clean(client)
    settings.RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 60}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    yield client
    _clean(client)


def test_the_settings_choose_the_backend_by_name():
    assert django_settings.TASK_BACKENDS == {"database": "django_tasks_db.DatabaseBackend",
                                             "rq": "django_tasks_rq.RQBackend"}


@pytest.mark.django_db
def test_a_sweep_enqueued_by_the_scheduler_runs_on_an_rq_worker(rq_backend):
    import django_rq
    from django_tasks import TaskResultStatus, task_backends
    from rq import SimpleWorker

    from gongzhi.ops.health import tasks_check
    from gongzhi.ops.selectors import latest_job_runs, task_queue
    from gongzhi.ops.views import queue_families
    from gongzhi.scheduler.rq import RESULT_TTL
    from gongzhi.scheduler.selectors import tasks_in_database, tasks_in_rq
    from gongzhi.scheduler.services import fail_orphaned_tasks

    assert tasks_in_rq() and not tasks_in_database()
    now = at(2027, 3, 1, 4, 30)
    stale = ScheduledRun.objects.create(job="cases_sweep", slot=now - dt.timedelta(days=200),
                                        enqueued_at=now - dt.timedelta(days=200))
    prune = next(job for job in periodic_jobs() if job.key == "prune_scheduled_runs")

    with clock.frozen(now):
        tick = services.enqueue_due(now=now, jobs=[prune])
    assert [run.job for run in tick.enqueued] == ["prune_scheduled_runs"] and not tick.failed
    result_id = tick.enqueued[0].task_result_id
    assert task_backends["default"].get_result(result_id).status == TaskResultStatus.READY
    # /healthz and /metrics read the Redis queue: one task waiting.
    assert task_queue().queued == 1
    assert tasks_check()["status"] == "ok" and tasks_check()["queued"] == 1
    assert "gongzhi_tasks_queued" in {family.name for family in queue_families()}
    assert fail_orphaned_tasks() == 0  # rq sees its own dead workers' jobs; not applicable here

    with clock.frozen(now):
        worker = django_rq.get_worker("default", job_class="django_tasks_rq.Job", worker_class=SimpleWorker,
                                      default_result_ttl=RESULT_TTL)
        assert worker.work(burst=True)

    result = task_backends["default"].get_result(result_id)
    assert result.status == TaskResultStatus.SUCCESSFUL, result.errors
    assert result.return_value == 1  # the 200-day-old run was pruned …
    assert not ScheduledRun.objects.filter(pk=stale.pk).exists()  # … in the test's database
    assert ScheduledRun.objects.filter(job="prune_scheduled_runs").exists()
    assert task_queue().queued == 0 and task_queue().oldest_age_s == 0
    run = latest_job_runs()["prune_scheduled_runs"]
    assert run.finished_at is not None and run.failed is False
    assert 0 < rq_backend.ttl(f"rq:job:{result_id}") <= RESULT_TTL  # kept for /metrics, not rq's 500 s
