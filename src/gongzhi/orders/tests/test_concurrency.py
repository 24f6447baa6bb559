"""Races on real concurrent PostgreSQL connections (SQLite serialises writers anyway):

- twenty providers take the same order at once → exactly one wins, nineteen are told "该订单已被其他服务方接单";
- twenty residents order an item with five places at once → exactly five orders, no place oversold."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from gongzhi.accounts.models import User
from gongzhi.accounts.services import assign_role, create_user
from gongzhi.orders import services
from gongzhi.orders.models import MenuItem, Order, OrderEvent, OrderStatus
from gongzhi.orders.tests.conftest import build_menu_world
from gongzhi.organisations.services import create_organisation
from gongzhi.people.services import link_account, register_person
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


def test_twenty_providers_take_one_order_and_exactly_one_wins(transactional_db):
    world = build_world()
    m = build_menu_world(world)
    liaisons = []
    for i in range(N):
        unit = create_organisation(actor=world.admin, name=f"五美路商户{i}", kind="merchant", home=world.wumei)
        user = create_user(actor=world.admin, username=f"shop{i}", password=None, display_name=f"商户{i}")
        assign_role(actor=world.admin, user=user, role="unit_liaison", organisation=unit)
        liaisons.append(user.pk)
    order = services.place_order(actor=world.resident, title="家里水龙头坏了，需要上门维修",
                                 category=m.cats["repairs"])

    def take(user_pk):
        services.take_order(actor=User.objects.get(pk=user_pk), order=Order.objects.get(pk=order.pk))

    outcomes = _race(take, [(pk,) for pk in liaisons])
    assert outcomes.count("ok") == 1, outcomes
    assert outcomes.count("该订单已被其他服务方接单") == N - 1, outcomes
    order.refresh_from_db()
    assert order.status == OrderStatus.TAKEN and order.taken_by_id in liaisons
    assert order.organisation.name.startswith("五美路商户")
    assert OrderEvent.objects.filter(order=order, to_status="taken").count() == 1


def test_twenty_residents_order_five_places_and_exactly_five_get_one(transactional_db):
    world = build_world()
    m = build_menu_world(world)
    services.update_item(actor=world.wumei_staff, item=m.haircut, capacity=5)
    residents = []
    for i in range(N):
        person = register_person(actor=world.admin, name=f"居民{i}", home=world.wumei_b1)
        user = create_user(actor=world.admin, username=f"resident{i}", password=None, display_name=person.name)
        assign_role(actor=world.admin, user=user, role="resident", region=world.wumei_b1)
        link_account(actor=world.admin, person=person, user=user)
        residents.append(user.pk)

    def order(user_pk):
        services.place_order(actor=User.objects.get(pk=user_pk), menu_item=MenuItem.objects.get(pk=m.haircut.pk))

    outcomes = _race(order, [(pk,) for pk in residents])
    assert outcomes.count("ok") == 5, outcomes
    assert all("本期名额已满" in o for o in outcomes if o != "ok"), outcomes
    item = MenuItem.objects.get(pk=m.haircut.pk)
    assert item.places_left == 0
    assert Order.objects.filter(menu_item=item, holds_place=True).count() == 5
