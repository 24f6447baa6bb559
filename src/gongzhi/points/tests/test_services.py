"""The points services: the ledger's rules (balanced, never below zero but the pool, posted once), rules and their
versions, the sweep, good deeds, the supermarket (redeem, pick up, cancel, restock) and bad input."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from gongzhi.chronicle.models import Entry
from gongzhi.points import services
from gongzhi.points.models import (
    Account,
    AccountKind,
    Item,
    Leg,
    Redemption,
    RedemptionStatus,
    Transaction,
    TransactionKind,
)
from gongzhi.points.tests.conftest import hours_entry, set_status
from gongzhi.volunteering.models import HoursStatus


def balance(world, person=None, community=None):
    return services.balance_of(person or world.resident_person, community or world.wumei)


def assert_ledger_ok():
    check = services.check_ledger()
    assert check.ok, check


# --- the sweep: hours become points once ----------------------------------------------------------------------

def test_the_sweep_credits_confirmed_hours_at_the_rate_in_force(world, earned):
    assert balance(world) == 100
    credits = Transaction.objects.filter(kind=TransactionKind.HOURS).order_by("pk")
    assert [t.key for t in credits] == [f"hours:{e.pk}" for e in earned.entries]
    assert all(t.rule == earned.rule for t in credits)
    pool = Account.objects.get(kind=AccountKind.POOL, community=world.wumei)
    assert pool.balance == -100
    assert_ledger_ok()


def test_a_second_sweep_pays_nothing_again(world, earned):
    result = services.sweep()
    assert (result.credited, result.reversed) == (0, 0)
    assert balance(world) == 100
    with pytest.raises(services.AlreadyPosted):
        services.credit_hours(entry=earned.entries[0])
    assert Transaction.objects.count() == 2


def test_pending_and_declined_hours_and_communities_without_a_rule_earn_nothing(world, points):
    hours_entry(world, status=HoursStatus.PENDING)
    hours_entry(world, status=HoursStatus.DECLINED)
    hours_entry(world, world.nanmen_person, community=world.nanmen)
    assert services.sweep().credited == 0
    assert Transaction.objects.count() == 0


def test_a_new_rate_does_not_change_old_credits(world, earned):
    new = services.set_rule(actor=world.wumei_staff, community=world.wumei, points_per_hour=15,
                            effective_from=dt.date(2026, 6, 10))
    assert new.version == 2
    later = hours_entry(world, hours="2.5", served_on=dt.date(2026, 6, 12))
    earlier = hours_entry(world, hours="1.0", served_on=dt.date(2026, 6, 5))
    services.sweep()
    assert Transaction.objects.get(key=f"hours:{later.pk}").rule == new
    assert Transaction.objects.get(key=f"hours:{earlier.pk}").rule == earned.rule
    assert balance(world) == 100 + 38 + 10  # 2.5 h × 15 = 37.5 → 38
    assert {t.rule_id for t in Transaction.objects.filter(hours_entry__in=earned.entries)} == {earned.rule.pk}


def test_a_declined_entry_after_payment_is_reversed_by_a_new_transaction(world, earned):
    first = earned.entries[0]
    set_status(first, HoursStatus.DECLINED)
    result = services.sweep()
    assert result.reversed == 1
    reversal = Transaction.objects.get(key=f"hours:{first.pk}:reversal")
    assert reversal.kind == TransactionKind.REVERSAL and reversal.reverses.key == f"hours:{first.pk}"
    assert balance(world) == 60
    assert services.sweep().reversed == 0
    assert_ledger_ok()


def test_a_superseded_entry_is_reversed_and_its_correction_paid(world, earned):
    old = earned.entries[1]
    set_status(old, HoursStatus.SUPERSEDED)
    hours_entry(world, hours="5.0", served_on=old.served_on)
    result = services.sweep()
    assert (result.credited, result.reversed) == (1, 1)
    assert balance(world) == 100 - 60 + 50


def test_a_reversal_never_takes_a_resident_below_zero(world, earned):
    services.redeem(actor=world.resident, item=earned.rice)  # 50 spent, 50 left
    set_status(earned.entries[1], HoursStatus.DECLINED)  # 60 to take back
    services.sweep()
    reversal = Transaction.objects.get(kind=TransactionKind.REVERSAL)
    assert reversal.legs.get(account__kind=AccountKind.RESIDENT).amount == -50
    assert "少冲回 10 分" in reversal.memo
    assert balance(world) == 0
    assert_ledger_ok()


def test_points_sweep_command_runs_now(world, points):
    hours_entry(world)
    from io import StringIO
    out = StringIO()
    call_command("points_sweep", "--now", stdout=out)
    assert "credited: 1" in out.getvalue()
    out = StringIO()
    call_command("points_check", stdout=out)
    assert "ok" in out.getvalue()


# --- the ledger's own rules -----------------------------------------------------------------------------------------

def test_unbalanced_legs_are_refused_and_nothing_written(world, points):
    pool = services.pool_of(world.wumei)
    mine = services.resident_account(world.resident_person, world.wumei)
    with pytest.raises(ValidationError, match="借贷不平衡"):
        services.post_transaction(community=world.wumei, kind="adjustment", key="x", legs=[(pool, -5), (mine, 4)])
    assert Transaction.objects.count() == 0 and Leg.objects.count() == 0


def test_the_database_refuses_a_negative_resident_balance(world, points):
    mine = services.resident_account(world.resident_person, world.wumei)
    with pytest.raises(IntegrityError), transaction.atomic():
        Account.objects.filter(pk=mine.pk).update(balance=-1)


def test_ledger_rows_are_never_edited(world, earned):
    txn = Transaction.objects.first()
    with pytest.raises(Exception), transaction.atomic():  # noqa: B017 (the database's trigger: any error type)
        Transaction.objects.filter(pk=txn.pk).update(memo="改过")
    with pytest.raises(Exception), transaction.atomic():  # noqa: B017
        Leg.objects.filter(transaction=txn).update(amount=999)
    assert Transaction.objects.get(pk=txn.pk).memo != "改过"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the deferred trigger is PostgreSQL's")
def test_postgres_refuses_an_unbalanced_transaction_at_commit(world, points):
    pool = services.pool_of(world.wumei)
    with pytest.raises(IntegrityError), transaction.atomic():
        txn = Transaction.objects.create(community=world.wumei, kind="adjustment", key="raw", created_at=points.rule.set_at)
        Leg.objects.create(transaction=txn, account=pool, amount=-5)
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="deleting rows is refused by PostgreSQL's trigger")
def test_postgres_refuses_deleting_ledger_rows(world, earned):
    with pytest.raises(IntegrityError), transaction.atomic():
        Leg.objects.all().delete()


# --- good deeds and adjustments --------------------------------------------------------------------------------------

def test_staff_award_a_good_deed_with_a_reason(world, points):
    deed = services.award_good_deed(actor=world.wumei_staff, person=world.resident_person, community=world.wumei,
                                    points=30, reason="拾金不昧，归还邻居钱包")
    assert balance(world) == 30
    assert Transaction.objects.get(key=f"deed:{deed.pk}").kind == TransactionKind.GOOD_DEED
    assert Entry.objects.filter(action="points.deed_awarded").exists()


@pytest.mark.parametrize("value", [0, -5, "abc", "", 100_001, None, True])
def test_a_good_deed_out_of_bounds_is_refused(world, points, value):
    with pytest.raises(ValidationError, match="奖励积分须为 1—100000 之间的整数"):
        services.award_good_deed(actor=world.wumei_staff, person=world.resident_person, community=world.wumei,
                                 points=value, reason="好事")
    assert Transaction.objects.count() == 0


def test_only_the_communitys_staff_award_and_set_rules(world, points):
    for actor in (world.nanmen_staff, world.resident, world.street_staff, world.liaison):
        with pytest.raises(PermissionDenied):
            services.award_good_deed(actor=actor, person=world.resident_person, community=world.wumei, points=5,
                                     reason="好事")
        with pytest.raises(PermissionDenied):
            services.set_rule(actor=actor, community=world.wumei, points_per_hour=5,
                              effective_from=dt.date(2026, 7, 1))


def test_an_adjustment_cannot_take_more_than_the_balance(world, earned):
    with pytest.raises(ValidationError, match="积分不足"):
        services.adjust(actor=world.wumei_staff, person=world.resident_person, community=world.wumei, points=-101,
                        reason="重复计入")
    services.adjust(actor=world.wumei_staff, person=world.resident_person, community=world.wumei, points=-20,
                    reason="重复计入")
    assert balance(world) == 80


# --- the supermarket ----------------------------------------------------------------------------------------------

def test_redeeming_moves_points_and_stock_together(world, earned):
    r = services.redeem(actor=world.resident, item=earned.rice, quantity=2)
    assert (r.points, r.status) == (100, RedemptionStatus.REQUESTED)
    assert balance(world) == 0
    assert Item.objects.get(pk=earned.rice.pk).stock == 8
    assert Account.objects.get(kind=AccountKind.SUPERMARKET, community=world.wumei).balance == 100
    assert_ledger_ok()


def test_a_redemption_with_too_few_points_is_refused_and_changes_nothing(world, earned):
    before = (Transaction.objects.count(), Redemption.objects.count())
    with pytest.raises(ValidationError, match="积分不足：兑换需要 150 分，当前余额 100 分"):
        services.redeem(actor=world.resident, item=earned.rice, quantity=3)
    assert (Transaction.objects.count(), Redemption.objects.count()) == before
    assert Item.objects.get(pk=earned.rice.pk).stock == 10 and balance(world) == 100


def test_never_more_redemptions_than_stock(world, earned):
    services.award_good_deed(actor=world.wumei_staff, person=world.resident_person, community=world.wumei,
                             points=200, reason="义务清扫楼道")
    services.redeem(actor=world.resident, item=earned.oil)
    with pytest.raises(ValidationError, match="库存不足"):
        services.redeem(actor=world.resident, item=earned.oil)
    assert Redemption.objects.filter(item=earned.oil).count() == 1


@pytest.mark.parametrize("quantity", [0, -1, "两", 21])
def test_a_bad_quantity_is_refused(world, earned, quantity):
    with pytest.raises(ValidationError, match="兑换数量须为"):
        services.redeem(actor=world.resident, item=earned.rice, quantity=quantity)


def test_cancellation_returns_points_and_stock(world, earned):
    r = services.redeem(actor=world.resident, item=earned.rice)
    services.cancel_redemption(actor=world.resident, redemption=r, reason="买重了")
    assert Redemption.objects.get(pk=r.pk).status == RedemptionStatus.CANCELLED
    assert balance(world) == 100 and Item.objects.get(pk=earned.rice.pk).stock == 10
    with pytest.raises(ValidationError, match="不能取消"):
        services.cancel_redemption(actor=world.resident, redemption=r)
    assert_ledger_ok()


def test_staff_confirm_pickup_once(world, earned):
    r = services.redeem(actor=world.resident, item=earned.rice)
    with pytest.raises(PermissionDenied):
        services.confirm_pickup(actor=world.resident, redemption=r)
    services.confirm_pickup(actor=world.wumei_staff, redemption=r)
    r.refresh_from_db()
    assert r.status == RedemptionStatus.PICKED_UP and r.picked_up_by == world.wumei_staff
    with pytest.raises(ValidationError, match="不能确认领取"):
        services.confirm_pickup(actor=world.wumei_staff, redemption=r)
    with pytest.raises(ValidationError, match="不能取消"):
        services.cancel_redemption(actor=world.wumei_staff, redemption=r)


def test_a_resident_of_another_community_cannot_shop_here(world, earned):
    from gongzhi.accounts.services import assign_role, create_user
    from gongzhi.people.services import link_account

    user = create_user(actor=world.admin, username="zhangwei", password=None, display_name="张伟")
    assign_role(actor=world.admin, user=user, role="resident", region=world.nanmen_b1)
    link_account(actor=world.admin, person=world.nanmen_person, user=user)
    with pytest.raises(PermissionDenied):
        services.redeem(actor=user, item=earned.rice)


@pytest.mark.parametrize(("price", "stock", "field"), [(0, 5, "price"), ("abc", 5, "price"), (10, -1, "stock"),
                                                        (10, "多", "stock"), (100_001, 1, "price")])
def test_bad_item_input_gets_a_chinese_message(world, points, price, stock, field):
    count = Item.objects.count()
    with pytest.raises(ValidationError) as e:
        services.create_item(actor=world.wumei_staff, community=world.wumei, name="洗衣液", price=price, stock=stock)
    assert field in e.value.message_dict and "整数" in e.value.message_dict[field][0]
    assert Item.objects.count() == count


def test_restock_never_below_zero_and_chronicled(world, points):
    services.restock_item(actor=world.wumei_staff, item=points.rice, change=5, reason="五美粮油店再捐")
    assert Item.objects.get(pk=points.rice.pk).stock == 15
    with pytest.raises(ValidationError, match="库存不能为负数"):
        services.restock_item(actor=world.wumei_staff, item=points.rice, change=-16)
    assert Item.objects.get(pk=points.rice.pk).stock == 15
    entry = Entry.objects.filter(action="points.item_restocked").last()
    assert entry.data["from"] == 10 and entry.data["to"] == 15


def test_a_price_change_applies_to_later_redemptions_only(world, earned):
    first = services.redeem(actor=world.resident, item=earned.rice)
    services.change_item(actor=world.wumei_staff, item=earned.rice, price=40)
    second = services.redeem(actor=world.resident, item=earned.rice)
    assert (first.points, second.points) == (50, 40)
    with pytest.raises(ValidationError, match="兑换积分须为"):
        services.change_item(actor=world.wumei_staff, item=earned.rice, price="0")


def test_the_database_refuses_legs_that_do_not_balance(world, points):
    """Written around the services: on SQLite the trigger fires when the declared legs are all in, on PostgreSQL the
    deferred trigger at commit (made immediate here, inside the test's transaction)."""
    pool = services.pool_of(world.wumei)
    mine = services.resident_account(world.resident_person, world.wumei)
    with pytest.raises(IntegrityError), transaction.atomic():
        txn = Transaction.objects.create(community=world.wumei, kind="adjustment", key="raw2", leg_count=2,
                                         created_at=points.rule.set_at)
        Leg.objects.bulk_create([Leg(transaction=txn, account=pool, amount=-5), Leg(transaction=txn, account=mine,
                                                                                    amount=4)])
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    assert Transaction.objects.filter(key="raw2").count() == 0


def test_a_leg_beyond_those_declared_is_refused_on_sqlite_and_flagged_everywhere(world, earned):
    txn = Transaction.objects.filter(kind="hours").first()
    supermarket = services.supermarket_of(world.wumei)
    if connection.vendor == "sqlite":
        with pytest.raises(IntegrityError), transaction.atomic():
            Leg.objects.create(transaction=txn, account=supermarket, amount=0 + 1)
    assert services.check_ledger().ok
