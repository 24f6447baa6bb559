"""The orders' API at /api/v1/orders: each endpoint, and beside it what it requires."""

import json

import pytest

from gongzhi.orders import services
from gongzhi.orders.models import Order, OrderStatus
from gongzhi.orders.tests.conftest import help_order, place, walk

API = "/api/v1/orders"


def post(client, url, data=None):
    return client.post(url, json.dumps(data or {}), content_type="application/json")


@pytest.mark.parametrize("method, url", [("get", "/menu"), ("get", ""), ("post", ""), ("get", "/1"),
                                         ("post", "/1/take"), ("post", "/batch-assign/proposal")])
def test_it_requires_login(db, client, method, url):
    response = getattr(client, method)(API + url)
    assert response.status_code == 401


# --- the menu ---------------------------------------------------------------------------------------------

def test_the_menu(world, menu, client_for, frozen):
    rows = client_for(world.resident).get(f"{API}/menu").json()["items"]
    haircut = next(r for r in rows if r["title"] == "一元理发")
    assert haircut["places_left"] == 20 and haircut["price_note"] == "1元" and haircut["provider_name"] == "五美路商家联盟"
    assert {r["community_name"] for r in rows} == {"五美社区"}
    assert client_for(world.outsider).get(f"{API}/menu").json()["count"] == 0


def test_building_the_menu(world, menu, client_for, frozen):
    assert post(client_for(world.wumei_staff), f"{API}/menu/build", {"community_id": world.wumei.pk}).json() == {
        "created": 0, "existing": 2}


def test_it_requires_community_staff_to_build_the_menu(world, menu, client_for, frozen):
    assert post(client_for(world.nanmen_staff), f"{API}/menu/build",
                {"community_id": world.wumei.pk}).status_code == 404


# --- placing and reading orders ----------------------------------------------------------------------------

def test_placing_an_order_and_reading_it(world, menu, client_for, frozen):
    client = client_for(world.resident)
    response = post(client, API, {"menu_item_id": menu.haircut.pk, "description": "上午"})
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "open" and body["resident_name"] == "王秀英" and body["resident_phone"] == "13812345678"
    assert body["events"][0]["to_status"] == "open"
    assert client.get(f"{API}/{body['id']}").json()["title"] == "一元理发"
    listed = client.get(API).json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == body["id"]


def test_placing_a_free_text_order(world, menu, client_for, frozen):
    response = post(client_for(world.resident), API, {"title": "修水管", "category": "repairs"})
    assert response.status_code == 201 and response.json()["menu_item_id"] is None


@pytest.mark.parametrize("payload, field", [({"title": "修水管", "category": "nonsense"}, "category"),
                                            ({"title": "", "category": "repairs"}, "title"),
                                            ({"title": "修水管"}, "category")])
def test_bad_orders_are_400_with_a_message(world, menu, client_for, frozen, payload, field):
    response = post(client_for(world.resident), API, payload)
    assert response.status_code == 400 and field in response.json()["detail"]


def test_it_requires_an_item_of_her_own_community(world, menu, client_for, frozen):
    assert post(client_for(world.resident), API, {"menu_item_id": menu.nanmen_item.pk}).status_code == 404


def test_ordering_for_a_resident(world, menu, client_for, frozen):
    client = client_for(world.wumei_grid_worker)
    response = post(client, API, {"menu_item_id": menu.clinic.pk, "resident_id": menu.neighbour_person.pk,
                                  "channel": "grid_worker"})
    assert response.status_code == 201 and response.json()["channel"] == "grid_worker"
    assert post(client, API, {"menu_item_id": menu.clinic.pk, "resident_id": world.nanmen_person.pk}
                ).status_code == 404
    assert post(client_for(world.liaison), API, {"menu_item_id": menu.clinic.pk,
                                                  "resident_id": menu.neighbour_person.pk}).status_code == 404


def test_the_order_list_filters(world, menu, client_for, frozen):
    place(menu)
    help_order(menu)
    client = client_for(world.wumei_staff)
    assert client.get(API).json()["count"] == 2
    assert client.get(f"{API}?q=水管").json()["count"] == 1
    assert client.get(f"{API}?status=rated").json()["count"] == 0
    assert client.get(f"{API}?overdue=true").json()["count"] == 0
    assert client_for(world.nanmen_staff).get(API).json()["count"] == 0


def test_it_requires_scope_to_read_an_order(world, menu, client_for, frozen):
    order = place(menu)
    assert client_for(world.nanmen_staff).get(f"{API}/{order.pk}").status_code == 404
    assert client_for(world.wumei_staff).get(f"{API}/{order.pk}").status_code == 200


# --- the loop -----------------------------------------------------------------------------------------------

def test_suggestions_with_score_and_reason(world, menu, client_for, frozen):
    order = help_order(menu, title="想找人理发")
    rows = client_for(world.wumei_staff).get(f"{API}/{order.pk}/suggestions").json()
    assert rows[0]["menu_item_id"] == menu.haircut.pk and rows[0]["score"] > 0 and "理发" in rows[0]["reason"]


def test_it_requires_a_dispatcher_for_suggestions(world, menu, client_for, frozen):
    order = help_order(menu)
    assert client_for(world.wumei_grid_worker).get(f"{API}/{order.pk}/suggestions").status_code == 404


def test_dispatch(world, menu, client_for, frozen):
    order = help_order(menu, title="理发")
    body = post(client_for(world.wumei_staff), f"{API}/{order.pk}/dispatch", {"menu_item_id": menu.haircut.pk}).json()
    assert body["status"] == "dispatched" and body["provider_name"] == "五美路商家联盟"


def test_it_requires_an_item_of_the_same_community_and_community_staff_to_dispatch(world, menu, client_for, frozen):
    order = help_order(menu)
    staff = client_for(world.wumei_staff)
    assert post(staff, f"{API}/{order.pk}/dispatch", {"menu_item_id": menu.nanmen_item.pk}).status_code == 400
    assert post(client_for(world.nanmen_staff), f"{API}/{order.pk}/dispatch",
                {"menu_item_id": menu.haircut.pk}).status_code == 404


def test_take_and_deliver(world, menu, client_for, frozen):
    order = walk(menu, place(menu), "dispatched")
    client = client_for(world.merchant_liaison)
    body = post(client, f"{API}/{order.pk}/take").json()
    assert body["status"] == "taken" and body["resident_phone"] == "13812345678"
    assert post(client, f"{API}/{order.pk}/deliver", {"note": "理发完成"}).json()["status"] == "delivered"


def test_it_requires_the_provider_to_take_and_deliver(world, menu, client_for, frozen):
    order = walk(menu, place(menu), "dispatched")
    assert post(client_for(world.liaison), f"{API}/{order.pk}/take").status_code == 404
    assert post(client_for(world.resident), f"{API}/{order.pk}/take").status_code == 404
    services.take_order(actor=world.merchant_liaison, order=order)
    assert post(client_for(world.resident), f"{API}/{order.pk}/deliver", {"note": "x"}).status_code == 404
    assert post(client_for(world.merchant_liaison), f"{API}/{order.pk}/deliver", {"note": ""}).status_code == 400


def test_the_loser_of_a_take_gets_400_with_the_reason(world, menu, client_for, frozen):
    order = help_order(menu)
    assert post(client_for(world.volunteer), f"{API}/{order.pk}/take").status_code == 200
    response = post(client_for(world.liaison), f"{API}/{order.pk}/take")
    assert response.status_code == 400 and "该订单已被其他服务方接单" in str(response.json()["detail"])


def test_confirm_and_rate(world, menu, client_for, frozen):
    order = walk(menu, place(menu), "delivered")
    client = client_for(world.resident)
    assert post(client, f"{API}/{order.pk}/confirm").json()["status"] == "confirmed"
    body = post(client, f"{API}/{order.pk}/rate", {"rating": 2, "comment": "一般"}).json()
    assert body["status"] == "rated" and body["rating"] == 2 and body["follow_up"] == "open"
    assert client_for(world.wumei_staff).get(f"{API}?follow_up=true").json()["count"] == 1


def test_it_requires_the_resident_to_confirm_early_and_to_rate(world, menu, client_for, frozen):
    order = walk(menu, place(menu), "delivered")
    staff = client_for(world.wumei_staff)
    early = post(staff, f"{API}/{order.pk}/confirm", {"reason": "电话回访"})
    assert early.status_code == 400
    services.confirm_order(actor=world.resident, order=order)
    assert post(staff, f"{API}/{order.pk}/rate", {"rating": 5}).status_code == 404
    assert post(client_for(world.resident), f"{API}/{order.pk}/rate", {"rating": 9}).status_code == 400


def test_cancel(world, menu, client_for, frozen):
    order = place(menu)
    body = post(client_for(world.resident), f"{API}/{order.pk}/cancel", {"reason": "不去了"}).json()
    assert body["status"] == "cancelled" and body["cancel_reason"] == "不去了"


def test_it_requires_a_reason_and_the_resident_to_cancel(world, menu, client_for, frozen):
    order = place(menu)
    assert post(client_for(world.resident), f"{API}/{order.pk}/cancel", {"reason": ""}).status_code == 400
    assert post(client_for(world.merchant_liaison), f"{API}/{order.pk}/cancel", {"reason": "x"}).status_code == 404
    assert Order.objects.get(pk=order.pk).status == OrderStatus.OPEN


# --- batch assignment ---------------------------------------------------------------------------------------

def test_batch_proposal_and_assignment(world, menu, client_for, frozen):
    item_order = place(menu)
    need = services.place_order(actor=world.wumei_grid_worker, resident=menu.neighbour_person, title="量血压看中医",
                                category=menu.cats["medical"], channel="phone")
    client = client_for(world.wumei_staff)
    rows = post(client, f"{API}/batch-assign/proposal", {"community_id": world.wumei.pk}).json()
    by_order = {r["order_id"]: r for r in rows}
    assert by_order[item_order.pk]["menu_item_id"] == menu.haircut.pk
    assert by_order[need.pk]["menu_item_id"] == menu.clinic.pk and by_order[need.pk]["reason"]
    assert Order.objects.filter(status="open").count() == 2  # a proposal writes nothing
    result = post(client, f"{API}/batch-assign", {"pairs": [
        {"order_id": r["order_id"], "menu_item_id": r["menu_item_id"]} for r in rows]}).json()
    assert sorted(result["dispatched"]) == sorted([item_order.pk, need.pk]) and result["failed"] == []


def test_it_requires_community_staff_for_batches(world, menu, client_for, frozen):
    order = help_order(menu)
    assert post(client_for(world.nanmen_staff), f"{API}/batch-assign/proposal",
                {"community_id": world.wumei.pk}).status_code == 404
    assert post(client_for(world.nanmen_staff), f"{API}/batch-assign",
                {"pairs": [{"order_id": order.pk, "menu_item_id": menu.haircut.pk}]}).status_code == 404
    assert post(client_for(world.wumei_grid_worker), f"{API}/batch-assign",
                {"pairs": [{"order_id": order.pk, "menu_item_id": menu.haircut.pk}]}).status_code == 404
