"""Races on real concurrent PostgreSQL connections (SQLite serialises writers anyway):

- twenty residents ask for the last item in stock at once → exactly one gets it, nineteen are told "库存不足";
- two sweeps at once over the same confirmed hours → every entry paid once;
- one resident sends twenty redemptions at once with points for one → one succeeds, her balance never below zero."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from gongzhi.accounts.models import User
from gongzhi.accounts.services import assign_role, create_user
from gongzhi.core import clock
from gongzhi.people.services import link_account, register_person
from gongzhi.points import services
from gongzhi.points.models import Item, Redemption, Transaction, TransactionKind
from gongzhi.points.tests.conftest import NOW, build_points, hours_entry
from gongzhi.testing.personas import build_world

pytestmark = [pytest.mark.postgres,
              pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent PostgreSQL transactions")]

N = 20


def _race(target, args_list):
    """Run target(*args) in one thread each, released together; returns 'ok' or the error messages of each."""
    barrier = threading.Barrier(len(args_list))
    outcomes = []
    lock = threading.Lock()

    def run(*args):
        try:
            barrier.wait()
            with clock.frozen(NOW):
                target(*args)
            result = "ok"
        except ValidationError as e:
            result = " ".join(e.messages)
        except Exception as e:
            result = f"{type(e).__name__}: {e}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=args) for args in args_list]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


def _residents(world, n):
    users = []
    for i in range(n):
        person = register_person(actor=world.admin, name=f"居民{i}", home=world.wumei_b1)
        user = create_user(actor=world.admin, username=f"resident{i}", password=None, display_name=person.name)
        assign_role(actor=world.admin, user=user, role="resident", region=world.wumei_b1)
        link_account(actor=world.admin, person=person, user=user)
        services.award_good_deed(actor=world.wumei_staff, person=person, community=world.wumei, points=100,
                                 reason="义务清扫楼道")
        users.append(user.pk)
    return users


def test_twenty_residents_ask_for_the_last_item_and_exactly_one_gets_it(transactional_db):
    world = build_world()
    with clock.frozen(NOW):
        p = build_points(world)
        users = _residents(world, N)

    def redeem(user_pk):
        services.redeem(actor=User.objects.get(pk=user_pk), item=Item.objects.get(pk=p.oil.pk))

    outcomes = _race(redeem, [(pk,) for pk in users])
    assert outcomes.count("ok") == 1, outcomes
    assert all("库存不足" in o for o in outcomes if o != "ok"), outcomes
    assert Item.objects.get(pk=p.oil.pk).stock == 0
    assert Redemption.objects.filter(item=p.oil).count() == 1
    assert Transaction.objects.filter(kind=TransactionKind.REDEMPTION).count() == 1
    assert services.check_ledger().ok


def test_two_sweeps_at_once_pay_each_hours_entry_once(transactional_db):
    world = build_world()
    with clock.frozen(NOW):  # confirmed before the rule: nothing is paid on saving, the sweeps pay them
        entries = [hours_entry(world, hours="1.0", served_on=dt.date(2026, 5, 1 + i % 28)) for i in range(30)]
        build_points(world)

    results = []

    def sweep():
        results.append(services.sweep())

    outcomes = _race(sweep, [(), ()])
    assert outcomes == ["ok", "ok"], outcomes
    assert sum(r.credited for r in results) == 30, results
    assert Transaction.objects.filter(kind=TransactionKind.HOURS).count() == 30
    assert services.balance_of(world.resident_person, world.wumei) == 300
    assert {t.hours_entry_id for t in Transaction.objects.all()} == {e.pk for e in entries}
    assert services.check_ledger().ok


def test_two_credits_of_the_same_entry_at_once_pay_once(transactional_db):
    world = build_world()
    with clock.frozen(NOW):
        entry = hours_entry(world, hours="3.0")  # before the rule: nothing paid on saving
        build_points(world)

    def credit():
        services.credit_hours(entry=type(entry).objects.get(pk=entry.pk))

    outcomes = _race(credit, [()] * 4)
    assert outcomes.count("ok") == 1, outcomes
    assert all("已经记账" in o for o in outcomes if o != "ok"), outcomes
    assert services.balance_of(world.resident_person, world.wumei) == 30


def test_twenty_redemptions_of_one_resident_never_overdraw_her(transactional_db):
    world = build_world()
    with clock.frozen(NOW):
        p = build_points(world)
        (user_pk,) = _residents(world, 1)  # 100 points: two bags of rice at most

    def redeem():
        services.redeem(actor=User.objects.get(pk=user_pk), item=Item.objects.get(pk=p.rice.pk))

    outcomes = _race(redeem, [()] * N)
    assert outcomes.count("ok") == 2, outcomes
    assert all("积分不足" in o for o in outcomes if o != "ok"), outcomes
    assert Item.objects.get(pk=p.rice.pk).stock == 8
    assert services.check_ledger().ok
