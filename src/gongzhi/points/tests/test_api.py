"""The points API: every action through the same services as the pages, 404 out of scope, 400 with a Chinese
message for refused input, and the same resident fields as the pages."""

import pytest

from gongzhi.points import services
from gongzhi.points.models import Item, PointsRule, Redemption, RedemptionStatus

API = "/api/v1/points"


def post(client, url, data=None):
    return client.post(API + url, data or {}, content_type="application/json")


def test_the_resident_reads_balance_history_and_shop(world, earned, client_for):
    c = client_for(world.resident)
    mine = c.get(f"{API}/mine").json()
    assert [(a["community_name"], a["balance"]) for a in mine] == [("五美社区", 100)]
    assert mine[0]["resident"]["name"] == "王秀英"
    history = c.get(f"{API}/mine/history").json()
    assert history["count"] == 2 and history["items"][0]["kind"] == "hours"
    shop = c.get(f"{API}/shop").json()
    assert {i["name"] for i in shop} == {"大米（5斤）", "食用油"}


def test_the_resident_redeems_and_cancels(world, earned, client_for):
    c = client_for(world.resident)
    response = post(c, f"/items/{earned.rice.pk}/redeem", {"quantity": 2})
    assert response.status_code == 201, response.json()
    rid = response.json()["id"]
    assert c.get(f"{API}/mine").json()[0]["balance"] == 0
    response = post(c, f"/items/{earned.rice.pk}/redeem", {"quantity": 1})
    assert response.status_code == 400 and "积分不足" in response.json()["message"]
    response = post(c, f"/redemptions/{rid}/cancel", {"reason": "买多了"})
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    assert c.get(f"{API}/mine").json()[0]["balance"] == 100
    assert c.get(f"{API}/redemptions/mine").json()["count"] == 1


def test_it_requires_a_login(client, earned):
    assert client.get(f"{API}/mine").status_code == 401
    assert post(client, f"/items/{earned.rice.pk}/redeem").status_code == 401


def test_staff_run_the_supermarket(world, earned, client_for):
    c = client_for(world.wumei_staff)
    response = post(c, "/items", {"community_id": world.wumei.pk, "name": "理发券", "price": 20, "stock": 5,
                                  "donor_id": world.hospital.pk})
    assert response.status_code == 201, response.json()
    item_id = response.json()["id"]
    assert post(c, f"/items/{item_id}/restock", {"change": 3}).json()["stock"] == 8
    response = post(c, f"/items/{item_id}/restock", {"change": -9})
    assert response.status_code == 400 and "库存不能为负数" in response.json()["message"]
    assert post(c, f"/items/{item_id}", {"price": 15}).json()["price"] == 15
    response = post(c, f"/items/{item_id}", {"price": 0})
    assert response.status_code == 400 and "兑换积分须为" in response.json()["message"]
    r = services.redeem(actor=world.resident, item=earned.rice)
    response = post(c, f"/redemptions/{r.pk}/pickup")
    assert response.status_code == 200 and response.json()["status"] == "picked_up"
    assert response.json()["resident"] == {"name": "王秀英", "phone": "13812345678"}


@pytest.mark.parametrize(("body", "field"), [({"price": 0, "stock": 5}, "price"), ({"price": 10, "stock": -1}, "stock"),
                                             ({"price": 100_001, "stock": 1}, "price")])
def test_bad_item_input_is_a_400_in_chinese(world, points, client_for, body, field):
    count = Item.objects.count()
    response = post(client_for(world.wumei_staff), "/items", {"community_id": world.wumei.pk, "name": "洗衣液",
                                                              **body})
    assert response.status_code == 400 and field in response.json()["detail"]
    assert Item.objects.count() == count


def test_letters_for_a_price_are_refused(world, points, client_for):
    response = post(client_for(world.wumei_staff), "/items", {"community_id": world.wumei.pk, "name": "洗衣液",
                                                              "price": "abc", "stock": 1})
    assert response.status_code == 422 and "price" in response.json()["message"]


def test_staff_set_rules_and_award_good_deeds(world, points, client_for):
    c = client_for(world.wumei_staff)
    response = post(c, "/rules", {"community_id": world.wumei.pk, "points_per_hour": 12,
                                  "effective_from": "2026-07-01"})
    assert response.status_code == 201 and response.json()["version"] == 2
    assert PointsRule.objects.count() == 2
    response = post(c, "/deeds", {"community_id": world.wumei.pk, "person_id": world.resident_person.pk,
                                  "points": 30, "reason": "拾金不昧"})
    assert response.status_code == 201
    assert services.balance_of(world.resident_person, world.wumei) == 30
    assert c.get(f"{API}/deeds").json()["count"] == 1


def test_other_communities_get_404(world, earned, client_for):
    c = client_for(world.nanmen_staff)
    r = services.redeem(actor=world.resident, item=earned.rice)
    account = services.resident_account(world.resident_person, world.wumei)
    assert post(c, f"/redemptions/{r.pk}/pickup").status_code == 404
    assert post(c, f"/items/{earned.rice.pk}/restock", {"change": 3}).status_code == 404
    assert c.get(f"{API}/accounts/{account.pk}").status_code == 404
    assert post(c, f"/accounts/{account.pk}/adjust", {"points": 5, "reason": "x"}).status_code == 404
    assert post(c, "/deeds", {"community_id": world.wumei.pk, "person_id": world.resident_person.pk,
                              "points": 30, "reason": "x"}).status_code == 404
    assert c.get(f"{API}/transactions").json()["count"] == 0
    assert Redemption.objects.get(pk=r.pk).status == RedemptionStatus.REQUESTED


def test_the_ledger_and_accounts_show_what_the_pages_show(world, earned, client_for):
    street = client_for(world.street_staff)
    accounts = street.get(f"{API}/accounts?kind=resident").json()["items"]
    assert accounts[0]["resident"]["phone"] == "138****5678"
    ledger = street.get(f"{API}/transactions").json()
    assert ledger["count"] == 2 and ledger["items"][0]["rule_version"] == 1
    assert {leg["amount"] for leg in ledger["items"][0]["legs"]} == {-60, 60}


def test_staff_adjust_a_balance(world, earned, client_for):
    account = services.resident_account(world.resident_person, world.wumei)
    c = client_for(world.wumei_staff)
    assert post(c, f"/accounts/{account.pk}/adjust", {"points": -30, "reason": "重复计入"}).json()["balance"] == 70
    response = post(c, f"/accounts/{account.pk}/adjust", {"points": -300, "reason": "重复计入"})
    assert response.status_code == 400 and "积分不足" in response.json()["message"]


def test_only_administrators_run_the_sweep(world, points, client_for):
    assert post(client_for(world.wumei_staff), "/sweep").status_code == 404
    assert post(client_for(world.admin), "/sweep").json() == {"credited": 0, "reversed": 0, "skipped": 0}


@pytest.mark.parametrize("persona", ["wumei_staff", "street_staff", "admin"])
def test_page_and_api_show_a_resident_alike(world, earned, client_for, persona):
    """One visibility decision (`permissions.shown_resident`): the accounts page and the API show the same name
    and phone to the same role."""
    c = client_for(getattr(world, persona))
    api = c.get(f"{API}/accounts?kind=resident").json()["items"][0]["resident"]
    page = c.get("/workbench/points/accounts/?kind=resident").content.decode()
    assert api["name"] in page and api["phone"] in page
    hidden = {"wumei_staff": None, "admin": None, "street_staff": "13812345678"}[persona]
    if hidden:
        assert hidden not in page and hidden not in str(api)
