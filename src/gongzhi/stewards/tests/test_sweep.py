"""`gongzhi stewards_sweep`: reminds each community's staff once a month about missing evaluations; durable (a task
the worker runs) and idempotent."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from gongzhi.core import clock
from gongzhi.stewards import services
from gongzhi.stewards.models import EvaluationReminder
from gongzhi.stewards.tests.conftest import CST, appoint_wang, build_posts


def test_the_sweep_reminds_once_a_month(world, steward, client_for):
    assert services.sweep() == 1 and services.sweep() == 0
    reminder = EvaluationReminder.objects.get()
    assert reminder.month == dt.date(2026, 5, 1) and reminder.missing == 1
    assert list(reminder.recipients.all()) == [world.wumei_staff]
    page = client_for(world.wumei_staff).get("/workbench/stewards/evaluations/").content.decode()
    assert "五美社区 2026-05 还有 1 名楼门管家未进行月度评价" in page


def test_nothing_to_remind_when_every_steward_was_evaluated(world, steward):
    services.evaluate(actor=world.wumei_staff, steward=steward, month="2026-05", grade="good")
    assert services.sweep() == 0
    with clock.frozen(dt.datetime(2026, 7, 2, 9, 0, tzinfo=CST)):
        assert services.sweep() == 1  # June is missing
    assert EvaluationReminder.objects.get().month == dt.date(2026, 6, 1)


def test_the_command_runs_now(world, steward):
    out = StringIO()
    call_command("stewards_sweep", "--now", stdout=out)
    call_command("stewards_sweep", "--now", stdout=out)
    assert "reminded: 1" in out.getvalue() and "reminded: 0" in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_the_command_enqueues_a_durable_task_the_worker_runs(world):
    from django_tasks_db.models import DBTaskResult

    with clock.frozen(dt.datetime(2026, 6, 15, 10, 0, tzinfo=CST)):
        appoint_wang(world, build_posts(world))
    out = StringIO()
    call_command("stewards_sweep", stdout=out)
    stored = DBTaskResult.objects.get()
    assert stored.status == "READY" and "stewards sweep enqueued" in out.getvalue()
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    stored.refresh_from_db()
    assert stored.status == "SUCCESSFUL" and stored.return_value["reminded"] == 1
    assert EvaluationReminder.objects.count() == 1
