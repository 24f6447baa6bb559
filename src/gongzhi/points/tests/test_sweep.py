"""`gongzhi points_sweep`: run now, or enqueued as a durable task that the worker runs; idempotent either way."""

from io import StringIO

import pytest
from django.core.management import call_command

from gongzhi.points import services
from gongzhi.points.models import Transaction
from gongzhi.points.tests.conftest import build_points, hours_entry


def test_the_command_runs_the_sweep_now_and_twice_pays_once(world, points):
    hours_entry(world)
    out = StringIO()
    call_command("points_sweep", "--now", stdout=out)
    call_command("points_sweep", "--now", stdout=out)
    assert "credited: 1" in out.getvalue() and "credited: 0" in out.getvalue()
    assert Transaction.objects.count() == 1


@pytest.mark.django_db(transaction=True)  # the worker closes its database connection between tasks
def test_the_command_enqueues_a_durable_task_the_worker_runs(world):
    from django_tasks_db.models import DBTaskResult

    hours_entry(world, hours="1.5")  # confirmed before the community had a rule: nothing paid on saving
    build_points(world)
    out = StringIO()
    call_command("points_sweep", stdout=out)
    stored = DBTaskResult.objects.get()
    assert stored.status == "READY" and "points sweep enqueued" in out.getvalue()
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    stored.refresh_from_db()
    assert stored.status == "SUCCESSFUL" and stored.return_value["credited"] == 1
    assert services.balance_of(world.resident_person, world.wumei) == 15


def test_the_ledger_check_command_reports_a_broken_balance(world, points):
    from django.core.management.base import CommandError

    from gongzhi.points.models import Account

    hours_entry(world)
    services.sweep()
    Account.objects.filter(person=world.resident_person).update(balance=999)  # what check_ledger must catch
    with pytest.raises(CommandError):
        call_command("points_check", stdout=StringIO())


def test_points_arrive_when_the_organiser_confirms(world, points, django_capture_on_commit_callbacks):
    """Saving a confirmed entry posts its credit once the transaction commits; declining it later reverses it."""
    from gongzhi.volunteering.models import HoursStatus

    with django_capture_on_commit_callbacks(execute=True):
        entry = hours_entry(world, hours="2.0", status=HoursStatus.PENDING)
    assert services.balance_of(world.resident_person, world.wumei) == 0
    with django_capture_on_commit_callbacks(execute=True):
        entry.status = HoursStatus.CONFIRMED
        entry.save()
    assert services.balance_of(world.resident_person, world.wumei) == 20
    with django_capture_on_commit_callbacks(execute=True):
        entry.save()  # saved again: paid once
    with django_capture_on_commit_callbacks(execute=True):
        entry.status = HoursStatus.DECLINED
        entry.save()
    assert services.balance_of(world.resident_person, world.wumei) == 0
    assert services.sweep().credited == 0 and Transaction.objects.count() == 2
