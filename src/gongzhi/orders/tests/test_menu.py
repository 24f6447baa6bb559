"""The service menu: built once from published resources and the commitments of contracts in force, manual items
with the provider rules, editing places, publish/withdraw, and the community's time limits."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from gongzhi.contracts.tests.conftest import build_lifecycle
from gongzhi.core import clock
from gongzhi.lists import services as lists
from gongzhi.orders import services
from gongzhi.orders.models import MenuItem, Period
from gongzhi.orders.selectors import community_menu, policy_for
from gongzhi.orders.tests.conftest import T0, at, place
from gongzhi.people.services import register_party_member, register_person, report_to_community


def test_the_menu_is_built_from_published_unit_resources_once(world, menu, frozen):
    haircut = menu.haircut
    assert haircut.organisation == menu.merchants and haircut.provider_kind == "organisation"
    assert haircut.cost == "semi_free" and haircut.price_note == "1元" and haircut.active
    assert (haircut.period, haircut.capacity, haircut.places_left) == (Period.MONTH, 20, 20)
    assert haircut.schedule == "每月第一个周六上午" and haircut.place == "五美社区党群服务中心"
    again = services.build_menu(actor=world.wumei_staff, community=world.wumei)
    assert again == {"created": 0, "existing": 2}
    assert MenuItem.objects.filter(community=world.wumei).count() == 3  # two resources and the team's item
    assert MenuItem.objects.get(pk=haircut.pk).price_note == "1元"  # staff edits survive a rebuild


def test_withdrawn_and_community_resources_stay_off_the_menu(world, menu, frozen):
    venue = lists.register_resource(actor=world.wumei_staff, community=world.wumei, title="社区会议室",
                                    category=menu.cats["party_building"])
    gone = lists.register_resource(actor=world.liaison, organisation=world.hospital, title="康复理疗",
                                   category=menu.cats["medical"])
    lists.withdraw_resource(actor=world.liaison, resource=gone)
    assert services.build_menu(actor=world.wumei_staff, community=world.wumei)["created"] == 0
    assert not MenuItem.objects.filter(resource__in=[venue, gone]).exists()


def test_the_database_holds_one_item_per_resource(world, menu, frozen):
    with pytest.raises(IntegrityError), transaction.atomic():
        MenuItem.objects.create(community=world.wumei, category=menu.cats["repairs"], resource=menu.haircut_resource,
                                provider_kind="organisation", organisation=menu.merchants, title="dup",
                                period_start=T0.date(), created_at=T0, updated_at=T0)


def test_commitments_of_contracts_in_force_join_the_menu(world, menu):
    contract = build_lifecycle(world)
    with clock.frozen(at(2026, 3, 2, 9)):
        counts = services.build_menu(actor=world.wumei_staff, community=world.wumei)
    assert counts["created"] == 2
    clinic = MenuItem.objects.get(commitment=contract.clinic)
    assert clinic.organisation == world.hospital and clinic.category.code == "medical"  # 义诊 in its text
    classroom = MenuItem.objects.get(commitment=contract.classroom)
    assert classroom.organisation == contract.social_centre and classroom.category.code == "education"
    assert classroom.capacity is None and classroom.schedule == "2026-06-30 前"
    with clock.frozen(at(2027, 1, 5, 9)):  # the contract's term is over: nothing new, nothing duplicated
        assert services.build_menu(actor=world.wumei_staff, community=world.wumei)["created"] == 0


def test_only_the_communitys_staff_build_and_manage_its_menu(world, menu, frozen):
    for persona in ("nanmen_staff", "wumei_grid_worker", "street_staff", "liaison", "resident"):
        actor = getattr(world, persona)
        with pytest.raises(PermissionDenied):
            services.build_menu(actor=actor, community=world.wumei)
        with pytest.raises(PermissionDenied):
            services.withdraw_item(actor=actor, item=menu.haircut)
        with pytest.raises(PermissionDenied):
            services.update_item(actor=actor, item=menu.haircut, title="x")
        with pytest.raises(PermissionDenied):
            services.update_policy(actor=actor, community=world.wumei, take_hours=2, confirm_hours=2,
                                   staff_confirm_hours=1)


@pytest.mark.parametrize("times, people, expected", [
    (200, 30, (Period.WEEK, 120)), (12, 50, (Period.MONTH, 50)), (24, 20, (Period.MONTH, 40)),
    (4, 100, (Period.QUARTER, 100)), (2, 55, (Period.YEAR, 110)), (None, 10, (Period.MONTH, 10)),
    (12, None, (Period.MONTH, None))])
def test_a_resources_yearly_sessions_become_places_per_period(times, people, expected):
    assert services.plan_capacity(times, people) == expected


def test_staff_add_an_item_of_an_in_service_party_member(world, menu, frozen):
    person = register_person(actor=world.admin, name="黄建华", home=world.wumei_b1)
    member = register_party_member(actor=world.admin, person=person, party_organisation=world.hospital_committee,
                                   work_unit=world.hospital)
    with pytest.raises(ValidationError) as e:  # not registered (报到) with 五美社区 yet
        services.create_item(actor=world.wumei_staff, community=world.wumei, title="上门修理家电",
                             category=menu.cats["repairs"], provider=member)
    assert "provider" in e.value.message_dict
    report_to_community(actor=world.admin, member=member, community=world.wumei, on=dt.date(2026, 3, 1))
    item = services.create_item(actor=world.wumei_staff, community=world.wumei, title="上门修理家电",
                                category=menu.cats["repairs"], provider=member, capacity=4, period=Period.WEEK)
    assert item.provider_kind == "party_member" and item.period_start == dt.date(2026, 5, 11)
    assert item.provider_label() == "在职党员·黄建华" and item.provider_label(public=True) == "在职党员"


def test_a_provider_must_serve_the_community(world, menu, frozen):
    for provider in (world.school, world.cuizhu_shop):
        with pytest.raises(ValidationError) as e:
            services.create_item(actor=world.wumei_staff, community=world.wumei, title="x",
                                 category=menu.cats["repairs"], provider=provider)
        assert "provider" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        services.create_item(actor=world.wumei_staff, community=world.wumei, title="x",
                             category=menu.cats["repairs"], provider=None)
    assert "provider" in e.value.message_dict


@pytest.mark.parametrize("fields, field", [({"title": ""}, "title"), ({"capacity": -1}, "capacity"),
                                           ({"cost": "semi_free", "price_note": ""}, "price_note"),
                                           ({"period": "daily"}, "period"), ({"cost": "paid"}, "cost")])
def test_bad_item_input_is_refused_field_by_field(world, menu, frozen, fields, field):
    base = {"title": "理发", "category": menu.cats["repairs"], "provider": menu.merchants}
    with pytest.raises(ValidationError) as e:
        services.create_item(actor=world.wumei_staff, community=world.wumei, **{**base, **fields})
    assert field in e.value.message_dict


def test_a_new_capacity_keeps_the_places_taken(world, menu, frozen):
    place(menu)
    place(menu, user=world.volunteer)  # 刘洋 lives in 五美社区 too
    item = services.update_item(actor=world.wumei_staff, item=menu.haircut, capacity=10)
    assert (item.capacity, item.places_left) == (10, 8)
    item = services.update_item(actor=world.wumei_staff, item=item, capacity=1)
    assert item.places_left == 0
    item = services.update_item(actor=world.wumei_staff, item=item, capacity=None)
    assert item.places_left is None
    item = services.update_item(actor=world.wumei_staff, item=item, capacity=5, period=Period.WEEK)
    assert (item.places_left, item.period_start) == (5, dt.date(2026, 5, 11))


def test_withdraw_and_publish_change_what_residents_see(world, menu, frozen):
    services.withdraw_item(actor=world.wumei_staff, item=menu.haircut)
    assert menu.haircut not in community_menu(world.wumei)
    with pytest.raises(ValidationError, match="已下架"):
        services.withdraw_item(actor=world.wumei_staff, item=menu.haircut)
    services.publish_item(actor=world.wumei_staff, item=menu.haircut)
    assert menu.haircut in community_menu(world.wumei)
    with pytest.raises(ValidationError, match="已在菜单上"):
        services.publish_item(actor=world.wumei_staff, item=menu.haircut)


def test_the_time_limits_have_defaults_and_staff_change_them(world, menu, frozen):
    policy = policy_for(world.wumei)
    assert (policy.pk, policy.take_hours, policy.confirm_hours, policy.staff_confirm_hours) == (None, 24, 72, 24)
    services.update_policy(actor=world.wumei_staff, community=world.wumei, take_hours=4, confirm_hours=48,
                           staff_confirm_hours=12)
    assert place(menu).take_deadline == T0 + dt.timedelta(hours=4)
    assert policy_for(world.nanmen).take_hours == 24


@pytest.mark.parametrize("values, field", [((0, 72, 24), "take_hours"), ((24, 721, 24), "confirm_hours"),
                                           ((24, 12, 24), "staff_confirm_hours"), ((24, 72, "x"), "staff_confirm_hours")])
def test_time_limits_are_checked(world, menu, frozen, values, field):
    take, confirm, staff = values
    with pytest.raises(ValidationError) as e:
        services.update_policy(actor=world.wumei_staff, community=world.wumei, take_hours=take,
                               confirm_hours=confirm, staff_confirm_hours=staff)
    assert field in e.value.message_dict
