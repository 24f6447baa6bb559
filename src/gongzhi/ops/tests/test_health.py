"""/healthz: the database, the cache and the task queue; 503 only when the database fails."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import OperationalError, connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from gongzhi.ops import health
from gongzhi.scheduler.tasks import prune_scheduled_runs

pytestmark = pytest.mark.django_db


def test_it_is_ok_with_an_empty_queue(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):  # SELECT 1 and one aggregate over the ready tasks
        response = client.get("/healthz")
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert response.json() == {"status": "ok", "checks": {
        "database": "ok", "cache": "ok", "tasks": {"status": "ok", "queued": 0, "oldest_age_s": 0}}}


def test_it_counts_the_waiting_tasks_and_the_age_of_the_oldest(client):
    for _ in range(3):
        prune_scheduled_runs.enqueue()
    DBTaskResult.objects.filter(pk=DBTaskResult.objects.order_by("enqueued_at").first().pk).update(
        enqueued_at=timezone.now() - dt.timedelta(seconds=90))
    DBTaskResult.objects.filter(pk=DBTaskResult.objects.order_by("-enqueued_at").first().pk).update(
        status="SUCCESSFUL")  # finished: no longer waiting
    tasks = client.get("/healthz").json()["checks"]["tasks"]
    assert tasks["queued"] == 2 and 90 <= tasks["oldest_age_s"] < 120 and tasks["status"] == "ok"


def test_a_task_waiting_too_long_makes_it_degraded_not_down(client):
    prune_scheduled_runs.enqueue()
    DBTaskResult.objects.update(enqueued_at=timezone.now() - dt.timedelta(seconds=health.QUEUE_STALE_AFTER_S + 60))
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded" and response.json()["checks"]["tasks"]["status"] == "slow"


def test_a_failing_cache_makes_it_degraded(client):
    with mock.patch.object(cache, "set", side_effect=ConnectionError("redis is away")):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["cache"] == "fail" and response.json()["checks"]["database"] == "ok"


def test_a_cache_that_loses_what_it_was_given_is_a_failure(client):
    with mock.patch.object(cache, "get", return_value=None):
        assert client.get("/healthz").json()["checks"]["cache"] == "fail"


def test_a_failing_database_is_a_503(client):
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("connection refused")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "fail", "checks": {
        "database": "fail", "cache": "ok", "tasks": {"status": "fail", "queued": None, "oldest_age_s": None}}}


def test_an_unreadable_queue_makes_it_degraded(client):
    with mock.patch("gongzhi.ops.health.task_queue", side_effect=OperationalError("no such table")):
        response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["status"] == "degraded"


def test_another_task_backend_leaves_the_queue_unknown(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["status"] == "ok"
    assert response.json()["checks"]["tasks"] == {"status": "unknown", "queued": None, "oldest_age_s": None}


def test_the_queue_query_asks_what_django_tasks_db_calls_ready():
    """The SQL in ops.selectors.task_queue against the ORM's DBTaskResult.objects.ready(): due, delayed, finished."""
    from django.db.models import Count, Min

    from gongzhi.ops.selectors import task_queue

    for _ in range(2):
        prune_scheduled_runs.enqueue()
    prune_scheduled_runs.using(run_after=timezone.now() + dt.timedelta(hours=1)).enqueue()  # not due yet
    prune_scheduled_runs.using(run_after=timezone.now() - dt.timedelta(minutes=1)).enqueue()  # due
    done = prune_scheduled_runs.enqueue()
    DBTaskResult.objects.filter(id=done.id).update(status="SUCCESSFUL")
    DBTaskResult.objects.filter(pk=DBTaskResult.objects.order_by("enqueued_at").first().pk).update(
        enqueued_at=timezone.now() - dt.timedelta(seconds=300))
    orm = DBTaskResult.objects.ready().aggregate(queued=Count("pk"), oldest=Min("enqueued_at"))
    queue = task_queue()
    assert queue is not None and queue.queued == orm["queued"] == 3
    assert abs(queue.oldest_age_s - (timezone.now() - orm["oldest"]).total_seconds()) < 5
