"""The lists' API: each endpoint's happy path with a `test_it_requires_…` beside it. Out of scope is 404,
a refused state change or bad input is 400 with a message — never 500."""

import pytest

from gongzhi.lists import services
from gongzhi.lists.models import Activity, Claim, Need, Resource
from gongzhi.lists.tests.conftest import next_week

API = "/api/v1/lists"


def _post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json")


# --- categories, lists, details ---------------------------------------------------------------------------

def test_the_categories_are_the_seeded_taxonomy(world, cats, client_for):
    data = client_for(world.liaison).get(f"{API}/categories").json()
    assert [c["name"] for c in data][:10] == ["义诊医疗", "公益讲座", "助老", "助学", "法律服务", "文体活动",
                                             "便民维修", "环境整治", "就业帮扶", "帮困慰问"]
    assert data[10]["code"] == "party_building"


def test_listing_needs_with_filters(world, items, client_for):
    client = client_for(world.wumei_staff)
    data = client.get(f"{API}/needs").json()
    assert data["count"] == 3
    row = next(n for n in data["items"] if n["title"] == "老年人免费体检")
    assert row["category"] == "medical" and row["category_name"] == "义诊医疗" and row["community_name"] == "五美社区"
    assert row["beneficiaries"] == ["elderly"] and row["status"] == "published" and row["published_at"]
    assert "created_by" not in row
    assert [n["title"] for n in client.get(f"{API}/needs", {"status": "submitted"}).json()["items"]] == [
        "楼道灯坏了希望维修"]
    assert client.get(f"{API}/needs", {"side": "unit"}).json()["count"] == 1
    assert client.get(f"{API}/needs", {"q": "体检", "category": "medical"}).json()["count"] == 1
    assert client.get(f"{API}/needs", {"community_id": world.nanmen.pk}).json()["count"] == 0


def test_the_review_queue_count(world, items, client_for):
    counts = client_for(world.wumei_staff).get(f"{API}/needs/counts").json()
    assert counts["submitted"] == 1 and counts["published"] == 2 and counts["rejected"] == 0


def test_a_need_with_its_claims(world, items, client_for):
    services.claim(actor=world.liaison, need=items.published, deadline=next_week())
    data = client_for(world.wumei_staff).get(f"{API}/needs/{items.published.pk}").json()
    assert data["title"] == "老年人免费体检"
    assert [(c["side"], c["organisation_name"], c["status"]) for c in data["claims"]] == [
        ("unit", "桂林市中医医院", "claimed")]


def test_it_requires_scope_for_a_need(world, items, client_for):
    assert client_for(world.nanmen_staff).get(f"{API}/needs/{items.published.pk}").status_code == 404
    assert client_for(world.liaison).get(f"{API}/needs/{items.submitted.pk}").status_code == 404
    assert client_for(world.wumei_staff).get(f"{API}/needs/999999").status_code == 404


# --- submit ------------------------------------------------------------------------------------------------

def test_staff_submit_a_need(world, cats, client_for):
    response = _post(client_for(world.wumei_grid_worker), f"{API}/needs", {
        "title": "独居老人探访", "category": "elderly", "community_id": world.wumei.pk, "channel": "grid_visit",
        "beneficiaries": ["elderly"], "place_id": world.wumei_b1.pk, "scale": 5, "urgency": "urgent"})
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "submitted" and data["channel"] == "grid_visit" and data["place_id"] == world.wumei_b1.pk


def test_a_resident_submits_through_the_api(world, cats, client_for):
    response = _post(client_for(world.resident), f"{API}/needs", {"title": "希望有助餐点", "category": "elderly"})
    assert response.status_code == 201 and response.json()["channel"] == "online"
    assert response.json()["community_id"] == world.wumei.pk


def test_a_liaison_submits_a_unit_need(world, cats, client_for):
    response = _post(client_for(world.liaison), f"{API}/needs", {
        "title": "需要党课场地", "category": "party_building", "organisation_id": world.hospital.pk})
    assert response.status_code == 201 and response.json()["side"] == "unit"


@pytest.mark.parametrize(("payload", "field"), [
    ({"title": "", "category": "medical", "channel": "window"}, "title"),
    ({"title": "x", "category": "nope", "channel": "window"}, "category"),
    ({"title": "x", "category": "medical"}, "channel"),
    ({"title": "x", "category": "medical", "channel": "window", "beneficiaries": ["martians"]}, "beneficiaries"),
    ({"title": "x", "category": "medical", "channel": "window", "place_id": 999999}, "place"),
])
def test_bad_need_input_is_400_with_a_message(world, cats, client_for, payload, field):
    response = _post(client_for(world.wumei_staff), f"{API}/needs", {**payload, "community_id": world.wumei.pk})
    assert response.status_code == 400
    assert field in response.json()["detail"]
    assert not Need.objects.exists()


def test_malformed_input_is_422_not_500(world, cats, client_for):
    response = _post(client_for(world.wumei_staff), f"{API}/needs", {"title": "x", "scale": "many"})
    assert response.status_code == 422


@pytest.mark.parametrize(("persona", "payload"), [
    ("nanmen_staff", {"community_id": "wumei", "channel": "window"}),
    ("resident", {"community_id": "nanmen"}),
    ("liaison", {"organisation_id": "school"}),
    ("street_staff", {"community_id": "wumei", "channel": "window"}),
    ("wumei_staff", {"community_id": 999999, "channel": "window"}),
])
def test_it_requires_scope_to_submit_a_need(world, cats, client_for, persona, payload):
    payload = {k: (getattr(world, v).pk if isinstance(v, str) and k.endswith("_id") else v)
               for k, v in payload.items()}
    response = _post(client_for(getattr(world, persona)), f"{API}/needs",
                     {"title": "x", "category": "medical", **payload})
    assert response.status_code == 404 and not Need.objects.exists()


# --- review, close -----------------------------------------------------------------------------------------

def test_reviewing_through_the_api(world, items, client_for):
    client = client_for(world.wumei_staff)
    response = _post(client, f"{API}/needs/{items.submitted.pk}/review",
                     {"decision": "merge", "merge_into_id": items.published.pk})
    assert response.status_code == 200 and response.json()["status"] == "merged"
    assert response.json()["merged_into_id"] == items.published.pk
    again = _post(client, f"{API}/needs/{items.submitted.pk}/review", {"decision": "approve"})
    assert again.status_code == 400 and "已审核" in str(again.json()["detail"])


def test_rejecting_through_the_api_needs_a_reason(world, items, client_for):
    client = client_for(world.wumei_staff)
    response = _post(client, f"{API}/needs/{items.submitted.pk}/review", {"decision": "reject"})
    assert response.status_code == 400 and "reason" in response.json()["detail"]
    response = _post(client, f"{API}/needs/{items.submitted.pk}/review", {"decision": "reject", "reason": "重复"})
    assert response.json()["status"] == "rejected"


def test_merging_into_an_unseen_need_is_400(world, items, client_for):
    response = _post(client_for(world.wumei_staff), f"{API}/needs/{items.submitted.pk}/review",
                     {"decision": "merge", "merge_into_id": items.nanmen_need.pk})
    assert response.status_code == 400


@pytest.mark.parametrize("persona", ["liaison", "street_staff", "wumei_grid_worker", "resident", "nanmen_staff"])
def test_it_requires_the_communitys_staff_to_review(world, items, client_for, persona):
    response = _post(client_for(getattr(world, persona)), f"{API}/needs/{items.submitted.pk}/review",
                     {"decision": "approve"})
    assert response.status_code == 404


def test_closing_through_the_api(world, items, client_for):
    response = _post(client_for(world.wumei_staff), f"{API}/needs/{items.published.pk}/close")
    assert response.status_code == 200 and response.json()["status"] == "closed"
    assert _post(client_for(world.wumei_staff), f"{API}/needs/{items.published.pk}/close").status_code == 400


@pytest.mark.parametrize("persona", ["liaison", "resident", "street_staff"])
def test_it_requires_the_communitys_staff_to_close(world, items, client_for, persona):
    assert _post(client_for(getattr(world, persona)), f"{API}/needs/{items.published.pk}/close").status_code == 404


# --- claims ------------------------------------------------------------------------------------------------

def test_claiming_a_need_through_the_api(world, items, client_for):
    client = client_for(world.liaison)
    response = _post(client, f"{API}/needs/{items.published.pk}/claims", {"deadline": next_week().isoformat()})
    assert response.status_code == 201
    assert response.json()["organisation_id"] == world.hospital.pk and response.json()["side"] == "unit"
    again = _post(client, f"{API}/needs/{items.published.pk}/claims", {"deadline": next_week().isoformat()})
    assert again.status_code == 400 and "重复认领" in str(again.json()["detail"])


def test_a_past_deadline_is_400_and_a_missing_one_422(world, items, client_for):
    client = client_for(world.liaison)
    assert _post(client, f"{API}/needs/{items.published.pk}/claims", {"deadline": "2001-01-01"}).status_code == 400
    assert _post(client, f"{API}/needs/{items.published.pk}/claims", {}).status_code == 422


@pytest.mark.parametrize(("persona", "item"), [("wumei_staff", "published"), ("liaison", "unit_need"),
                                               ("nanmen_staff", "unit_need"), ("resident", "published")])
def test_it_requires_the_other_side_to_claim_a_need(world, items, client_for, persona, item):
    response = _post(client_for(getattr(world, persona)), f"{API}/needs/{getattr(items, item).pk}/claims",
                     {"deadline": next_week().isoformat()})
    assert response.status_code == 404 and not Claim.objects.exists()


def test_claiming_a_resource_through_the_api(world, items, client_for):
    response = _post(client_for(world.wumei_staff), f"{API}/resources/{items.resource.pk}/claims",
                     {"deadline": next_week().isoformat(), "note": "重阳节用"})
    assert response.status_code == 201 and response.json()["side"] == "community"


def test_it_requires_the_other_side_to_claim_a_resource(world, items, client_for):
    assert _post(client_for(world.liaison), f"{API}/resources/{items.resource.pk}/claims",
                 {"deadline": next_week().isoformat()}).status_code == 404


def test_listing_fulfilling_and_withdrawing_claims(world, items, client_for):
    first = services.claim(actor=world.liaison, need=items.published, deadline=next_week())
    second = services.claim(actor=world.liaison, resource=items.venue, deadline=next_week())
    client = client_for(world.liaison)
    assert {c["id"] for c in client.get(f"{API}/claims").json()["items"]} == {first.pk, second.pk}
    assert client_for(world.wumei_staff).get(f"{API}/claims").json()["count"] == 0
    assert client_for(world.wumei_staff).get(f"{API}/claims", {"direction": "theirs"}).json()["count"] == 2
    assert _post(client, f"{API}/claims/{first.pk}/fulfil").json()["status"] == "fulfilled"
    assert _post(client, f"{API}/claims/{second.pk}/withdraw").json()["status"] == "withdrawn"
    assert _post(client, f"{API}/claims/{second.pk}/withdraw").status_code == 400


def test_it_requires_the_claimant_to_withdraw_and_scope_to_fulfil(world, items, client_for):
    made = services.claim(actor=world.liaison, need=items.published, deadline=next_week())
    assert _post(client_for(world.wumei_staff), f"{API}/claims/{made.pk}/withdraw").status_code == 404
    assert _post(client_for(world.nanmen_staff), f"{API}/claims/{made.pk}/fulfil").status_code == 404
    assert _post(client_for(world.resident), f"{API}/claims/{made.pk}/fulfil").status_code == 404


# --- resources ---------------------------------------------------------------------------------------------

def test_listing_and_reading_resources(world, items, client_for):
    client = client_for(world.liaison)
    data = client.get(f"{API}/resources").json()
    assert {r["title"] for r in data["items"]} == {"中医义诊进社区", "社区党群服务中心会议室"}
    detail = client.get(f"{API}/resources/{items.resource.pk}").json()
    assert detail["times_per_year"] == 12 and detail["organisation_name"] == "桂林市中医医院"


def test_it_requires_scope_for_a_resource(world, items, client_for):
    assert client_for(world.nanmen_staff).get(f"{API}/resources/{items.resource.pk}").status_code == 404


def test_registering_a_resource_through_the_api(world, cats, client_for):
    response = _post(client_for(world.liaison), f"{API}/resources", {
        "title": "职工食堂助餐", "category": "elderly", "organisation_id": world.hospital.pk,
        "people_per_session": 30, "cost": "semi_free"})
    assert response.status_code == 201 and response.json()["cost"] == "semi_free"
    response = _post(client_for(world.wumei_staff), f"{API}/resources", {
        "title": "社区会议室", "category": "party_building", "community_id": world.wumei.pk})
    assert response.status_code == 201 and response.json()["side"] == "community"


def test_bad_resource_input_is_400(world, cats, client_for):
    response = _post(client_for(world.liaison), f"{API}/resources", {
        "title": "x", "category": "medical", "organisation_id": world.hospital.pk, "times_per_year": -1})
    assert response.status_code == 400 and "times_per_year" in response.json()["detail"]


@pytest.mark.parametrize(("persona", "payload"), [("liaison", {"community_id": "wumei"}),
                                                  ("nanmen_staff", {"organisation_id": "hospital"}),
                                                  ("liaison", {"organisation_id": "school"})])
def test_it_requires_scope_to_register_a_resource(world, cats, client_for, persona, payload):
    payload = {k: getattr(world, v).pk for k, v in payload.items()}
    response = _post(client_for(getattr(world, persona)), f"{API}/resources",
                     {"title": "x", "category": "medical", **payload})
    assert response.status_code == 404 and not Resource.objects.exists()


def test_withdrawing_a_resource_through_the_api(world, items, client_for):
    response = _post(client_for(world.wumei_staff), f"{API}/resources/{items.resource.pk}/withdraw")
    assert response.status_code == 200 and response.json()["status"] == "withdrawn"


@pytest.mark.parametrize("persona", ["street_staff", "resident", "nanmen_staff"])
def test_it_requires_the_owner_or_community_staff_to_withdraw(world, items, client_for, persona):
    assert _post(client_for(getattr(world, persona)), f"{API}/resources/{items.resource.pk}/withdraw"
                 ).status_code == 404


# --- activities --------------------------------------------------------------------------------------------

def _activity_payload(world, items, **overrides):
    payload = {"community_id": world.wumei.pk, "title": "中医义诊日", "category": "medical",
               "starts_at": "2026-05-09T09:00:00+08:00", "place": "党群服务中心", "organiser_id": world.hospital.pk,
               "resource_ids": [items.resource.pk], "need_ids": [items.published.pk]}
    payload.update(overrides)
    return payload


def test_creating_listing_and_reading_activities(world, items, client_for):
    client = client_for(world.wumei_staff)
    response = _post(client, f"{API}/activities", _activity_payload(world, items))
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["resource_ids"] == [items.resource.pk] and data["need_ids"] == [items.published.pk]
    assert client.get(f"{API}/activities").json()["count"] == 1
    assert client_for(world.resident).get(f"{API}/activities/{data['id']}").status_code == 200
    assert client_for(world.nanmen_staff).get(f"{API}/activities/{data['id']}").status_code == 404


def test_an_activity_with_another_communitys_need_is_400(world, items, client_for):
    response = _post(client_for(world.admin), f"{API}/activities",
                     _activity_payload(world, items, need_ids=[items.nanmen_need.pk]))
    assert response.status_code == 400 and "needs" in response.json()["detail"]
    response = _post(client_for(world.wumei_staff), f"{API}/activities",
                     _activity_payload(world, items, need_ids=[items.nanmen_need.pk]))
    assert response.status_code == 400  # out of sight: "does not exist"
    assert not Activity.objects.exists()


@pytest.mark.parametrize("persona", ["liaison", "nanmen_staff", "street_staff"])
def test_it_requires_community_staff_to_create_an_activity(world, items, client_for, persona):
    response = _post(client_for(getattr(world, persona)), f"{API}/activities",
                     _activity_payload(world, items, resource_ids=[], need_ids=[]))
    assert response.status_code == 404 and not Activity.objects.exists()


def test_the_endpoints_are_in_the_openapi_document(db, client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ("/api/v1/lists/needs", "/api/v1/lists/needs/{need_id}/review", "/api/v1/lists/needs/{need_id}/claims",
                 "/api/v1/lists/resources/{resource_id}/withdraw", "/api/v1/lists/claims/{claim_id}/fulfil",
                 "/api/v1/lists/activities"):
        assert path in paths
