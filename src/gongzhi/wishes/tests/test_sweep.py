"""The overdue sweep: claims past their deadline are marked once, whatever the number of sweeps; through the task
worker and the management command too."""

from io import StringIO

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from gongzhi.chronicle.models import Entry
from gongzhi.core import clock
from gongzhi.wishes import services
from gongzhi.wishes.models import WishClaim, WishEvent, WishStatus
from gongzhi.wishes.tasks import sweep_overdue_wishes
from gongzhi.wishes.tests.conftest import at, claimed, fulfilled


def test_a_claim_is_marked_overdue_once_whatever_the_number_of_sweeps(world):
    with clock.frozen(at(2026, 5, 1, 9)):
        wish = claimed(world)  # deadline 15 May
        done = fulfilled(world, "二")
    with clock.frozen(at(2026, 5, 15, 23, 59)):
        assert services.sweep_overdue_claims() == 0  # the deadline day itself is still in time
    with clock.frozen(at(2026, 5, 16, 0, 1)):
        assert services.sweep_overdue_claims() == 1
        assert services.sweep_overdue_claims() == 0
    with clock.frozen(at(2026, 5, 30, 9)):
        assert services.sweep_overdue_claims() == 0
    wish.refresh_from_db()
    done.refresh_from_db()
    assert wish.status == WishStatus.OVERDUE and done.status == WishStatus.FULFILLED
    assert WishClaim.objects.get(wish=wish).overdue_at == at(2026, 5, 16, 0, 1)
    assert WishEvent.objects.filter(action="overdue").count() == 1
    assert Entry.objects.filter(action="wish.overdue").count() == 1
    assert Entry.objects.get(action="wish.overdue").actor_id is None  # the system


def test_a_claim_given_a_later_deadline_is_marked_again_only_when_that_passes(world):
    with clock.frozen(at(2026, 5, 1, 9)):
        wish = claimed(world)
    with clock.frozen(at(2026, 5, 16, 9)):
        assert services.sweep_overdue_claims() == 1
        wish.refresh_from_db()
        services.set_wish_claim_days(actor=world.wumei_staff, wish=wish, days=20)  # until 21 May
        assert services.sweep_overdue_claims() == 0
    with clock.frozen(at(2026, 5, 22, 9)):
        assert services.sweep_overdue_claims() == 1
        assert services.sweep_overdue_claims() == 0
    assert WishEvent.objects.filter(wish=wish, action="overdue").count() == 2


def test_the_sweep_passes_over_released_and_given_up_claims(world, member):
    with clock.frozen(at(2026, 5, 1, 9)):
        kept = claimed(world, by=member)
        services.give_up_claim(actor=member, wish=kept)
    with clock.frozen(at(2026, 6, 1, 9)):
        assert services.sweep_overdue_claims() == 0
    kept.refresh_from_db()
    assert kept.status == WishStatus.OPEN


@pytest.mark.django_db(transaction=True)  # the worker closes its database connection between tasks
def test_the_sweep_task_is_stored_then_run_by_the_worker():
    from gongzhi.testing.personas import build_world

    world = build_world()
    with clock.frozen(at(2020, 5, 1, 9)):
        claimed(world)
    result = sweep_overdue_wishes.enqueue()
    assert DBTaskResult.objects.get(id=result.id).status == "READY"
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    stored = DBTaskResult.objects.get(id=result.id)
    assert stored.status == "SUCCESSFUL" and stored.return_value == 1  # today is long past 15 May 2020


def test_the_command_runs_or_enqueues_the_sweep(world):
    with clock.frozen(at(2020, 5, 1, 9)):
        claimed(world)
    out = StringIO()
    call_command("sweep_wishes", "--now", stdout=out)
    assert "overdue claims marked: 1" in out.getvalue()
    out = StringIO()
    call_command("sweep_wishes", stdout=out)
    assert "wish sweep enqueued" in out.getvalue()
