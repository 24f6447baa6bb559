"""Timeouts: an untaken order is escalated to the community staff exactly once however often the sweep runs; an
unconfirmed delivery is confirmed for the resident after the limit; a new period refills places. The sweep runs
as a durable task and from `gongzhi orders_sweep`."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction

from gongzhi.chronicle.models import Entry
from gongzhi.core import clock
from gongzhi.orders import services
from gongzhi.orders.models import Escalation, MenuItem, Order, OrderEvent, OrderStatus
from gongzhi.orders.tests.conftest import T0, help_order, place, walk

LATE = T0 + dt.timedelta(hours=24, minutes=1)


def test_an_untaken_order_is_escalated_once(world, menu, frozen):
    order = place(menu)
    with clock.frozen(T0 + dt.timedelta(hours=23)):
        assert services.sweep_orders()["escalated"] == 0
    with clock.frozen(LATE):
        assert services.sweep_orders()["escalated"] == 1
        assert services.sweep_orders()["escalated"] == 0  # run twice → escalated once
    with clock.frozen(LATE + dt.timedelta(days=3)):
        assert services.sweep_orders()["escalated"] == 0
    escalation = Escalation.objects.get()
    assert escalation.order == order and list(escalation.recipients.all()) == [world.wumei_staff]
    assert "超时未接单" in escalation.message
    order.refresh_from_db()
    assert order.overdue_at == LATE and order.is_overdue and order.status == OrderStatus.OPEN
    notes = list(OrderEvent.objects.filter(order=order).values_list("note", flat=True))
    assert notes.count("超时未接单，已提交社区督办") == 1
    assert Entry.objects.filter(action="order.escalated").count() == 1


def test_the_database_holds_one_escalation_per_order_and_kind(world, menu, frozen):
    order = place(menu)
    Escalation.objects.create(order=order, kind="not_taken", created_at=T0, message="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        Escalation.objects.create(order=order, kind="not_taken", created_at=T0, message="y")


def test_dispatched_but_untaken_orders_are_escalated_taken_ones_are_not(world, menu, frozen):
    dispatched = walk(menu, place(menu), "dispatched")
    taken = walk(menu, place(menu, item=menu.clinic, user=world.volunteer), "dispatched")
    services.take_order(actor=world.liaison, order=taken)
    cancelled = help_order(menu)
    services.cancel_order(actor=world.resident, order=cancelled, reason="不需要了")
    with clock.frozen(LATE):
        assert services.sweep_orders()["escalated"] == 1
    assert Escalation.objects.get().order == dispatched


def test_an_escalated_order_taken_late_stops_being_overdue(world, menu, frozen):
    order = place(menu)
    with clock.frozen(LATE):
        services.sweep_orders()
        services.take_order(actor=world.merchant_liaison, order=order)
    order.refresh_from_db()
    assert not order.is_overdue and order.overdue_at == LATE
    assert Entry.objects.get(action="order.taken").data["late"] is True


def test_the_limit_is_the_communitys(world, menu, frozen):
    services.update_policy(actor=world.wumei_staff, community=world.wumei, take_hours=2, confirm_hours=72,
                           staff_confirm_hours=24)
    place(menu)
    with clock.frozen(T0 + dt.timedelta(hours=3)):
        assert services.sweep_orders()["escalated"] == 1


def test_an_unconfirmed_delivery_is_confirmed_after_the_limit_once(world, menu, frozen):
    order = walk(menu, place(menu), "delivered")
    with clock.frozen(T0 + dt.timedelta(hours=71)):
        assert services.sweep_orders()["confirmed"] == 0
    with clock.frozen(T0 + dt.timedelta(hours=72)):
        assert services.sweep_orders()["confirmed"] == 1
        assert services.sweep_orders()["confirmed"] == 0
    order.refresh_from_db()
    assert order.status == OrderStatus.CONFIRMED and order.confirmed_by is None
    assert order.confirm_note == "居民逾期未确认"
    assert OrderEvent.objects.filter(order=order).last().note == "居民逾期未确认"
    services.rate_order(actor=world.resident, order=order, rating=4)  # she may still rate it


def test_a_new_period_refills_places(world, menu, frozen):
    place(menu)
    with clock.frozen(dt.datetime(2026, 5, 31, 23, tzinfo=T0.tzinfo)):
        assert services.sweep_orders()["refilled"] == 0
    with clock.frozen(dt.datetime(2026, 6, 1, 1, tzinfo=T0.tzinfo)):
        assert services.sweep_orders()["refilled"] == 3  # haircut, clinic, 南门 tutoring (the team's: no limit)
        assert services.sweep_orders()["refilled"] == 0
    assert MenuItem.objects.get(pk=menu.haircut.pk).places_left == 20


def test_the_command_runs_the_sweep_now(world, menu, frozen):
    place(menu)
    out = StringIO()
    with clock.frozen(LATE):
        call_command("orders_sweep", "--now", stdout=out)
        call_command("orders_sweep", "--now", stdout=out)
    assert "escalated: 1" in out.getvalue() and "escalated: 0" in out.getvalue()
    assert Escalation.objects.count() == 1


@pytest.mark.django_db(transaction=True)  # the worker closes its database connection between tasks
def test_the_command_enqueues_a_durable_task_the_worker_runs(world, menu):
    from django_tasks_db.models import DBTaskResult

    with clock.frozen(T0):
        order = place(menu)
    out = StringIO()
    call_command("orders_sweep", stdout=out)  # now, long after T0: the order is overdue
    stored = DBTaskResult.objects.get()
    assert stored.status == "READY" and "orders sweep enqueued" in out.getvalue()
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    stored.refresh_from_db()
    assert stored.status == "SUCCESSFUL" and stored.return_value["escalated"] == 1
    assert Order.objects.get(pk=order.pk).overdue_at is not None
