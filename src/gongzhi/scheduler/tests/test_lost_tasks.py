"""A task whose worker died (killed mid-task) does not stay "running" for ever: after ORPHAN_AFTER it is marked
failed, once; tasks still within the limit, waiting or finished are left alone."""

import datetime as dt

import pytest
from django_tasks_db.models import DBTaskResult

from gongzhi.scheduler import services
from gongzhi.scheduler.tasks import prune_scheduled_runs
from gongzhi.scheduler.tests.conftest import at

pytestmark = pytest.mark.django_db
NOW = at(2026, 12, 6, 15, 0)


def _task(status: str, started: dt.datetime | None):
    result = prune_scheduled_runs.enqueue()
    DBTaskResult.objects.filter(id=result.id).update(status=status, started_at=started)
    return result.id


def test_a_task_left_running_by_a_dead_worker_is_failed_once():
    lost = _task("RUNNING", NOW - services.ORPHAN_AFTER - dt.timedelta(minutes=1))
    busy = _task("RUNNING", NOW - dt.timedelta(minutes=5))
    waiting = _task("READY", None)
    done = _task("SUCCESSFUL", NOW - dt.timedelta(hours=3))

    assert services.fail_orphaned_tasks(now=NOW) == 1
    assert services.fail_orphaned_tasks(now=NOW) == 0
    rows = {str(r.id): r for r in DBTaskResult.objects.all()}
    assert rows[lost].status == "FAILED" and rows[lost].finished_at == NOW
    assert rows[lost].exception_class_path.endswith("WorkerLost") and "never finished" in rows[lost].traceback
    assert (rows[busy].status, rows[waiting].status, rows[done].status) == ("RUNNING", "READY", "SUCCESSFUL")


def test_the_scheduler_runs_it_more_often_than_the_limit():
    from gongzhi.core.registry import periodic_jobs

    job = {j.key: j for j in periodic_jobs()}["fail_lost_tasks"]
    assert job.every <= services.ORPHAN_AFTER


def test_another_task_backend_is_not_read(settings):
    lost = _task("RUNNING", NOW - services.ORPHAN_AFTER - dt.timedelta(minutes=1))
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    assert services.fail_orphaned_tasks(now=NOW) == 0
    assert DBTaskResult.objects.get(id=lost).status == "RUNNING"
