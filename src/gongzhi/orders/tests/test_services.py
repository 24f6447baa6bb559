"""The four-order loop through the services: every transition, every wrong state and every wrong actor."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from gongzhi.chronicle.models import Entry
from gongzhi.core import clock
from gongzhi.orders import services
from gongzhi.orders.models import FollowUp, MenuItem, Order, OrderEvent, OrderStatus
from gongzhi.orders.tests.conftest import T0, help_order, place, walk


def events(order):
    return list(OrderEvent.objects.filter(order=order).values_list("from_status", "to_status"))


def places_left(item):
    return MenuItem.objects.get(pk=item.pk).places_left


# --- 点单 ------------------------------------------------------------------------------------------------------

def test_a_resident_orders_an_item_which_takes_a_place(world, menu, frozen):
    order = place(menu, description="希望上午去")
    assert order.status == OrderStatus.OPEN and order.channel == "online"
    assert order.resident == world.resident_person and order.community == world.wumei
    assert order.menu_item == menu.haircut and order.category == menu.cats["repairs"] and order.title == "一元理发"
    assert order.holds_place and order.place_period == dt.date(2026, 5, 1)
    assert order.placed_at == T0 and order.take_deadline == T0 + dt.timedelta(hours=24)
    assert places_left(menu.haircut) == 19
    assert events(order) == [("", "open")]
    entry = Entry.objects.get(action="order.placed")
    assert entry.data["menu_item"] == menu.haircut.pk and entry.data["on_behalf"] is False


def test_a_resident_describes_a_need_in_free_text(world, menu, frozen):
    order = help_order(menu)
    assert order.menu_item is None and not order.holds_place
    assert order.title == "家里水管漏水，需要上门维修" and order.category.code == "repairs"


@pytest.mark.parametrize("kwargs, field", [({"title": "  ", "category": "repairs"}, "title"),
                                           ({"title": "修水管", "category": None}, "category")])
def test_a_free_text_need_needs_a_title_and_category(world, menu, frozen, kwargs, field):
    category = menu.cats[kwargs["category"]] if kwargs["category"] else None
    with pytest.raises(ValidationError) as e:
        services.place_order(actor=world.resident, title=kwargs["title"], category=category)
    assert field in e.value.message_dict


def test_ordering_twice_the_same_item_is_refused_until_the_first_is_done(world, menu, frozen):
    first = place(menu)
    with pytest.raises(ValidationError, match="请勿重复点单"):
        place(menu)
    assert places_left(menu.haircut) == 19
    walk(menu, first, "confirmed")
    place(menu)  # a new month's haircut
    assert places_left(menu.haircut) == 18


def test_the_database_holds_one_unfinished_order_per_resident_and_item(world, menu, frozen):
    order = place(menu)
    with pytest.raises(IntegrityError), transaction.atomic():
        Order.objects.create(community=world.wumei, resident=world.resident_person, menu_item=menu.haircut,
                             category=order.category, title="x", placed_at=T0, take_deadline=T0)


def test_a_full_item_refuses_orders_and_a_new_month_refills_it(world, menu, frozen):
    services.update_item(actor=world.wumei_staff, item=menu.haircut, capacity=1)
    place(menu)
    with pytest.raises(ValidationError, match="本期名额已满"):
        services.place_order(actor=None, resident=menu.neighbour_person, menu_item=menu.haircut, channel="phone")
    with clock.frozen(dt.datetime(2026, 6, 2, 9, tzinfo=T0.tzinfo)):
        services.place_order(actor=None, resident=menu.neighbour_person, menu_item=menu.haircut, channel="phone")
    item = MenuItem.objects.get(pk=menu.haircut.pk)
    assert item.period_start == dt.date(2026, 6, 1) and item.places_left == 0


def test_a_resident_cannot_order_from_another_communitys_menu(world, menu, frozen):
    with pytest.raises(ValidationError, match="只能点所在社区"):
        place(menu, item=menu.nanmen_item)


def test_a_withdrawn_item_cannot_be_ordered(world, menu, frozen):
    services.withdraw_item(actor=world.wumei_staff, item=menu.haircut)
    with pytest.raises(ValidationError, match="已下架"):
        place(menu)


def test_an_account_without_a_person_record_cannot_order(world, menu, frozen):
    with pytest.raises(ValidationError, match="尚未关联居民信息"):
        place(menu, user=world.outsider)


def test_a_grid_worker_orders_for_a_resident_of_their_community(world, menu, frozen):
    order = services.place_order(actor=world.wumei_grid_worker, resident=menu.neighbour_person,
                                 menu_item=menu.clinic, channel="grid_worker")
    assert order.placed_by == world.wumei_grid_worker and order.channel == "grid_worker"
    assert order.resident == menu.neighbour_person
    assert OrderEvent.objects.get(order=order).note == "网格员代点"


def test_ordering_for_someone_needs_an_offline_channel(world, menu, frozen):
    with pytest.raises(ValidationError) as e:
        services.place_order(actor=world.wumei_staff, resident=menu.neighbour_person, menu_item=menu.clinic,
                             channel="online")
    assert "channel" in e.value.message_dict


@pytest.mark.parametrize("persona", ["nanmen_staff", "liaison", "volunteer", "street_staff", "outsider"])
def test_only_the_communitys_staff_and_grid_workers_order_for_a_resident(world, menu, frozen, persona):
    with pytest.raises(PermissionDenied):
        services.place_order(actor=getattr(world, persona), resident=menu.neighbour_person, menu_item=menu.clinic,
                             channel="phone")


# --- 派单 ------------------------------------------------------------------------------------------------------

def test_staff_dispatch_a_free_text_order_to_an_item_which_gives_up_a_place(world, menu, frozen):
    order = help_order(menu, title="想给老伴理个发", category="repairs")
    services.dispatch_order(actor=world.wumei_staff, order=order, menu_item=menu.haircut)
    order.refresh_from_db()
    assert order.status == OrderStatus.DISPATCHED and order.dispatched_by == world.wumei_staff
    assert order.organisation == menu.merchants and order.provider_kind == "organisation"
    assert order.menu_item == menu.haircut and order.holds_place and places_left(menu.haircut) == 19
    assert events(order)[-1] == ("open", "dispatched")
    assert OrderEvent.objects.filter(order=order).last().note == "派单给五美路商家联盟"


def test_redispatching_moves_the_place_to_the_new_item(world, menu, frozen):
    order = place(menu)
    services.dispatch_order(actor=world.wumei_staff, order=order, menu_item=menu.haircut)
    assert places_left(menu.haircut) == 19  # its own place, not a second one
    services.dispatch_order(actor=world.wumei_staff, order=order, menu_item=menu.clinic)
    order.refresh_from_db()
    assert order.menu_item == menu.clinic and order.organisation == world.hospital
    assert places_left(menu.haircut) == 20 and places_left(menu.clinic) == 49


def test_dispatch_to_a_full_item_is_refused_and_changes_nothing(world, menu, frozen):
    services.update_item(actor=world.wumei_staff, item=menu.clinic, capacity=0)
    order = place(menu)
    with pytest.raises(ValidationError, match="名额已满"):
        services.dispatch_order(actor=world.wumei_staff, order=order, menu_item=menu.clinic)
    order.refresh_from_db()
    assert order.status == OrderStatus.OPEN and order.menu_item == menu.haircut and places_left(menu.haircut) == 19


@pytest.mark.parametrize("persona", ["nanmen_staff", "wumei_grid_worker", "street_staff", "liaison", "resident"])
def test_only_the_communitys_staff_dispatch(world, menu, frozen, persona):
    order = place(menu)
    with pytest.raises(PermissionDenied):
        services.dispatch_order(actor=getattr(world, persona), order=order, menu_item=menu.haircut)


def test_dispatch_only_to_the_same_communitys_active_items(world, menu, frozen):
    order = help_order(menu)
    with pytest.raises(ValidationError, match="本社区菜单"):
        services.dispatch_order(actor=world.wumei_staff, order=order, menu_item=menu.nanmen_item)
    services.withdraw_item(actor=world.wumei_staff, item=menu.clinic)
    with pytest.raises(ValidationError, match="已下架"):
        services.dispatch_order(actor=world.wumei_staff, order=order, menu_item=menu.clinic)


def test_an_order_for_an_item_withdrawn_since_is_still_dispatched_to_it(world, menu, frozen):
    order = place(menu)
    services.withdraw_item(actor=world.wumei_staff, item=menu.haircut)
    services.dispatch_order(actor=world.wumei_staff, order=order, menu_item=menu.haircut)
    assert order.status == OrderStatus.DISPATCHED and places_left(menu.haircut) == 19


@pytest.mark.parametrize("state", ["taken", "delivered", "rated"])
def test_a_taken_order_cannot_be_dispatched(world, menu, frozen, state):
    order = walk(menu, place(menu), state)
    with pytest.raises(ValidationError, match="不能派单"):
        services.dispatch_order(actor=world.wumei_staff, order=order, menu_item=menu.clinic)


def test_a_resident_is_not_dispatched_twice_to_the_same_item(world, menu, frozen):
    place(menu)
    need = help_order(menu, title="理发", category="repairs")
    with pytest.raises(ValidationError, match="该居民已点过“一元理发”"):
        services.dispatch_order(actor=world.wumei_staff, order=need, menu_item=menu.haircut)
    assert places_left(menu.haircut) == 19


def test_batch_dispatch_reports_each_failure(world, menu, frozen):
    services.update_item(actor=world.wumei_staff, item=menu.clinic, capacity=1)
    a = help_order(menu, title="量血压")
    b = services.place_order(actor=world.wumei_grid_worker, resident=menu.neighbour_person, title="看中医",
                             category=menu.cats["medical"], channel="grid_worker")
    result = services.dispatch_batch(actor=world.wumei_staff, pairs=[(a, menu.clinic), (b, menu.clinic)])
    assert [o.pk for o in result["dispatched"]] == [a.pk]
    assert result["failed"][0][0] == b and "名额已满" in result["failed"][0][1]
    b.refresh_from_db()
    assert b.status == OrderStatus.OPEN


# --- 接单 ------------------------------------------------------------------------------------------------------

def test_the_provider_takes_a_dispatched_order(world, menu, frozen):
    order = walk(menu, place(menu), "taken")
    assert order.status == OrderStatus.TAKEN and order.taken_by == world.merchant_liaison and order.taken_at == T0
    assert events(order)[-1] == ("dispatched", "taken")
    assert Entry.objects.get(action="order.taken").data["late"] is False


def test_another_provider_cannot_take_an_order_dispatched_elsewhere(world, menu, frozen):
    order = walk(menu, place(menu), "dispatched")
    with pytest.raises(PermissionDenied):
        services.take_order(actor=world.liaison, order=order)


def test_a_provider_takes_its_own_items_order_straight_from_the_pool(world, menu, frozen):
    order = place(menu)
    services.take_order(actor=world.merchant_liaison, order=order)
    order.refresh_from_db()
    assert order.status == OrderStatus.TAKEN and order.organisation == menu.merchants and order.dispatched_at is None


def test_a_provider_cannot_take_another_providers_item_order_from_the_pool(world, menu, frozen):
    with pytest.raises(PermissionDenied):
        services.take_order(actor=world.liaison, order=place(menu))


def test_a_volunteer_takes_a_free_text_order_of_their_teams_community(world, menu, frozen):
    order = help_order(menu, title="陪我去医院复查", category="elderly")
    services.take_order(actor=world.volunteer, order=order)
    order.refresh_from_db()
    assert order.team == menu.team and order.provider_kind == "team" and order.taken_by == world.volunteer


def test_taking_twice_says_someone_else_took_it(world, menu, frozen):
    order = help_order(menu)
    services.take_order(actor=world.volunteer, order=order)
    with pytest.raises(ValidationError, match="该订单已被其他服务方接单"):
        services.take_order(actor=world.liaison, order=Order.objects.get(pk=order.pk))


def test_a_stale_copy_of_the_order_loses_the_race_with_a_clear_message(world, menu, frozen):
    order = help_order(menu)
    stale = Order.objects.get(pk=order.pk)
    services.take_order(actor=world.volunteer, order=order)
    with pytest.raises(ValidationError, match="该订单已被其他服务方接单"):
        services.take_order(actor=world.liaison, order=stale)
    assert Order.objects.get(pk=order.pk).team == menu.team


@pytest.mark.parametrize("persona", ["nanmen_staff", "wumei_staff", "resident", "outsider"])
def test_only_providers_take(world, menu, frozen, persona):
    with pytest.raises(PermissionDenied):
        services.take_order(actor=getattr(world, persona), order=help_order(menu))


def test_a_provider_of_another_community_cannot_take_from_this_pool(world, menu, frozen):
    school_liaison = _liaison(world, world.school)
    with pytest.raises(PermissionDenied):
        services.take_order(actor=school_liaison, order=help_order(menu))


def test_a_user_serving_as_several_providers_names_which_one_takes(world, menu, frozen):
    from gongzhi.accounts.services import assign_role

    assign_role(actor=world.admin, user=world.volunteer, role="unit_liaison", organisation=menu.merchants)
    order = help_order(menu)
    with pytest.raises(ValidationError) as e:
        services.take_order(actor=_fresh(world.volunteer), order=order)
    assert "provider" in e.value.message_dict
    services.take_order(actor=_fresh(world.volunteer), order=order, provider=f"organisation:{menu.merchants.pk}")
    assert Order.objects.get(pk=order.pk).organisation == menu.merchants


def test_cancelled_and_finished_orders_cannot_be_taken(world, menu, frozen):
    order = help_order(menu)
    services.cancel_order(actor=world.resident, order=order, reason="不需要了")
    with pytest.raises(ValidationError, match="已结束"):
        services.take_order(actor=world.volunteer, order=order)


# --- delivered, confirmed, rated -----------------------------------------------------------------------------

def test_the_provider_marks_the_service_done_with_a_note(world, menu, frozen):
    order = walk(menu, place(menu), "delivered")
    assert order.status == OrderStatus.DELIVERED and order.delivery_note == "已在党群服务中心理发"
    assert order.delivered_at == T0 and order.confirm_deadline == T0 + dt.timedelta(hours=72)


def test_delivering_needs_a_note_the_right_provider_and_a_taken_order(world, menu, frozen):
    order = walk(menu, place(menu), "dispatched")
    with pytest.raises(ValidationError, match="只有已接单"):
        services.deliver_order(actor=world.merchant_liaison, order=order, note="done")
    services.take_order(actor=world.merchant_liaison, order=order)
    with pytest.raises(ValidationError) as e:
        services.deliver_order(actor=world.merchant_liaison, order=order, note=" ")
    assert "note" in e.value.message_dict
    for persona in ("liaison", "resident", "wumei_staff"):
        with pytest.raises(PermissionDenied):
            services.deliver_order(actor=getattr(world, persona), order=order, note="done")


def test_the_resident_confirms_then_rates(world, menu, frozen):
    order = walk(menu, place(menu), "rated")
    assert order.status == OrderStatus.RATED and order.rating == 5 and order.comment == "师傅手艺好"
    assert order.confirmed_by == world.resident and order.confirm_note == "" and order.follow_up == FollowUp.NONE
    assert [t for _f, t in events(order)] == ["open", "dispatched", "taken", "delivered", "confirmed", "rated"]
    actions = list(Entry.objects.filter(subject_type="orders.order", subject_id=str(order.pk))
                   .order_by("seq").values_list("action", flat=True))
    assert actions == ["order.placed", "order.dispatched", "order.taken", "order.delivered", "order.confirmed",
                       "order.rated"]


@pytest.mark.parametrize("persona", ["merchant_liaison", "nanmen_staff", "volunteer", "wumei_grid_worker"])
def test_only_the_resident_or_her_communitys_staff_confirm(world, menu, frozen, persona):
    order = walk(menu, place(menu), "delivered")
    with pytest.raises(PermissionDenied):
        services.confirm_order(actor=getattr(world, persona), order=order, reason="电话回访")


def test_staff_confirm_for_the_resident_only_after_the_no_answer_limit_and_with_a_reason(world, menu, frozen):
    order = walk(menu, place(menu), "delivered")
    with pytest.raises(ValidationError, match="请先等待居民确认"):
        services.confirm_order(actor=world.wumei_staff, order=order, reason="电话回访，居民满意")
    with clock.frozen(T0 + dt.timedelta(hours=25)):
        with pytest.raises(ValidationError) as e:
            services.confirm_order(actor=world.wumei_staff, order=order)
        assert "reason" in e.value.message_dict
        services.confirm_order(actor=world.wumei_staff, order=order, reason="电话回访，居民满意")
    order.refresh_from_db()
    assert order.status == OrderStatus.CONFIRMED and order.confirmed_by == world.wumei_staff
    assert order.confirm_note == "电话回访，居民满意"


@pytest.mark.parametrize("state", ["taken", "confirmed", "rated"])
def test_only_a_delivered_order_is_confirmed(world, menu, frozen, state):
    order = walk(menu, place(menu), state)
    with pytest.raises(ValidationError, match="只有服务已完成"):
        services.confirm_order(actor=world.resident, order=order)


@pytest.mark.parametrize("rating", [0, 6, "5", True, None])
def test_a_rating_is_one_to_five(world, menu, frozen, rating):
    order = walk(menu, place(menu), "confirmed")
    with pytest.raises(ValidationError) as e:
        services.rate_order(actor=world.resident, order=order, rating=rating)
    assert "rating" in e.value.message_dict


def test_a_low_rating_asks_the_staff_to_follow_up(world, menu, frozen):
    order = walk(menu, place(menu), "confirmed")
    services.rate_order(actor=world.resident, order=order, rating=2, comment="等了很久")
    assert order.follow_up == FollowUp.OPEN and order.needs_follow_up
    assert "低评价已提交社区回访" in OrderEvent.objects.filter(order=order).last().note
    with pytest.raises(PermissionDenied):
        services.resolve_follow_up(actor=world.nanmen_staff, order=order, note="x")
    with pytest.raises(ValidationError):
        services.resolve_follow_up(actor=world.wumei_staff, order=order, note="")
    services.resolve_follow_up(actor=world.wumei_staff, order=order, note="已上门致歉，下月优先安排")
    assert order.follow_up == FollowUp.DONE
    with pytest.raises(ValidationError, match="没有待回访"):
        services.resolve_follow_up(actor=world.wumei_staff, order=order, note="again")


def test_rating_is_the_residents_and_only_once(world, menu, frozen):
    order = walk(menu, place(menu), "confirmed")
    for persona in ("wumei_staff", "merchant_liaison", "nanmen_resident"):
        with pytest.raises(PermissionDenied):
            services.rate_order(actor=getattr(world, persona), order=order, rating=5)
    services.rate_order(actor=world.resident, order=order, rating=4)
    with pytest.raises(ValidationError, match="只有已确认"):
        services.rate_order(actor=world.resident, order=order, rating=1)


def test_a_delivered_order_cannot_be_rated_before_it_is_confirmed(world, menu, frozen):
    order = walk(menu, place(menu), "delivered")
    with pytest.raises(ValidationError, match="只有已确认"):
        services.rate_order(actor=world.resident, order=order, rating=5)


# --- cancellation ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("state", ["open", "dispatched", "taken"])
def test_the_resident_cancels_before_delivery_and_the_place_comes_back(world, menu, frozen, state):
    order = place(menu)
    if state != "open":
        walk(menu, order, state)
    assert places_left(menu.haircut) == 19
    services.cancel_order(actor=world.resident, order=order, reason="临时有事")
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED and order.cancel_reason == "临时有事" and not order.holds_place
    assert places_left(menu.haircut) == 20
    assert events(order)[-1] == (state, "cancelled")
    assert Entry.objects.get(action="order.cancelled").data["place_freed"] is True


@pytest.mark.parametrize("state", ["delivered", "confirmed", "rated"])
def test_no_cancelling_once_delivered(world, menu, frozen, state):
    order = walk(menu, place(menu), state)
    with pytest.raises(ValidationError, match="不能取消"):
        services.cancel_order(actor=world.resident, order=order, reason="x")


def test_cancelling_needs_a_reason_and_happens_once(world, menu, frozen):
    order = place(menu)
    with pytest.raises(ValidationError):
        services.cancel_order(actor=world.resident, order=order, reason="  ")
    services.cancel_order(actor=world.resident, order=order, reason="不需要了")
    with pytest.raises(ValidationError, match="不能取消"):
        services.cancel_order(actor=world.resident, order=order, reason="again")
    assert places_left(menu.haircut) == 20


@pytest.mark.parametrize("persona, allowed", [("wumei_staff", True), ("nanmen_staff", False),
                                              ("merchant_liaison", False), ("nanmen_resident", False)])
def test_who_may_cancel(world, menu, frozen, persona, allowed):
    order = place(menu)
    if allowed:
        services.cancel_order(actor=getattr(world, persona), order=order, reason="居民来电取消")
    else:
        with pytest.raises(PermissionDenied):
            services.cancel_order(actor=getattr(world, persona), order=order, reason="x")


def test_a_place_of_last_month_is_not_given_back_this_month(world, menu, frozen):
    order = place(menu)
    with clock.frozen(dt.datetime(2026, 6, 3, 9, tzinfo=T0.tzinfo)):
        services.refill_places()
        services.cancel_order(actor=world.resident, order=order, reason="改期")
    assert places_left(menu.haircut) == 20


# --- helpers ----------------------------------------------------------------------------------------------------

def _fresh(user):
    """The same user without cached roles and providers (a new request)."""
    return type(user).objects.get(pk=user.pk)


def _liaison(world, organisation):
    from gongzhi.accounts.services import assign_role, create_user

    user = create_user(actor=world.admin, username=f"liaison_{organisation.pk}", password=None,
                       display_name=f"{organisation.name}联络员")
    assign_role(actor=world.admin, user=user, role="unit_liaison", organisation=organisation)
    return user
