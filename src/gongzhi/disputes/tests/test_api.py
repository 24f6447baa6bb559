"""The disputes' JSON API: each endpoint's happy path beside its `test_it_requires_…`."""

import pytest

from gongzhi.cases.models import Case
from gongzhi.disputes.models import Dispute
from gongzhi.disputes.tests.conftest import agree, follow_up, session

API = "/api/v1/disputes"


def _post(client, url, payload):
    return client.post(url, payload, content_type="application/json")


def _payload(world, **changes) -> dict:
    payload = {
        "community_id": world.wumei.pk, "category": "neighbour_dispute", "title": "五美小区1栋楼上漏水纠纷",
        "description": "楼上漏水", "subject": "漏水赔偿", "channel": "hotline", "risk": "ordinary", "amount": "1200.5",
        "parties": [{"name": "王秀英", "role": "applicant", "phone": "13812345678", "address": "五美小区1栋101"},
                    {"name": "李明", "role": "respondent", "phone": "13907731234"}],
    }
    payload.update(changes)
    return payload


# --- register ---------------------------------------------------------------------------------------------

def test_registering(world, cats, client_for):
    response = _post(client_for(world.wumei_grid_worker), API, _payload(world))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "registered" and body["case_status"] == "accepted" and body["amount"] == "1200.50"
    assert [p["role"] for p in body["parties"]] == ["applicant", "respondent"]
    assert body["parties"][0]["person_id"] == world.resident_person.pk and body["parties"][0]["phone"] == "13812345678"


def test_registering_with_a_linked_resident(world, cats, client_for):
    payload = _payload(world, parties=[{"role": "applicant", "person_id": world.resident_person.pk},
                                       {"name": "李明", "role": "respondent"}])
    body = _post(client_for(world.wumei_staff), API, payload).json()
    assert body["parties"][0]["name"] == "王秀英"


def test_it_requires_login(world, cats, client):
    assert client.get(API).status_code == 401
    assert _post(client, API, _payload(world)).status_code == 401
    assert not Case.objects.exists()


def test_it_requires_a_handler_of_the_community(world, cats, client_for):
    for persona in ("nanmen_staff", "liaison", "receiver", "resident", "outsider"):
        assert _post(client_for(getattr(world, persona)), API, _payload(world)).status_code == 404, persona
    assert not Case.objects.exists()


@pytest.mark.parametrize("changes, field", [
    ({"category": "sewage"}, "category"),
    ({"subject": ""}, "subject"),
    ({"parties": [{"name": "王秀英", "role": "applicant"}]}, "parties"),
    ({"parties": [{"name": "王秀英", "role": "applicant", "phone": "999"}, {"name": "李明", "role": "respondent"}]},
     "parties"),
    ({"parties": [{"role": "applicant", "person_id": 999999}, {"name": "李明", "role": "respondent"}]}, "parties"),
    ({"amount": "-1"}, "amount"),
])
def test_it_requires_valid_input(world, cats, client_for, changes, field):
    response = _post(client_for(world.wumei_staff), API, _payload(world, **changes))
    assert response.status_code == 400 and field in response.json()["detail"], response.content
    assert not Case.objects.exists() and not Dispute.objects.exists()


def test_it_requires_a_community(world, cats, client_for):
    response = _post(client_for(world.wumei_staff), API, _payload(world, community_id=world.wumei_estate.pk))
    assert response.status_code == 404


# --- list and detail --------------------------------------------------------------------------------------

def test_listing_with_filters(world, dispute, agreed, client_for):
    client = client_for(world.wumei_staff)
    body = client.get(API).json()
    assert body["count"] == 2 and {d["status"] for d in body["items"]} == {"registered", "agreed"}
    assert client.get(API, {"status": "agreed"}).json()["count"] == 1
    assert client.get(API, {"q": "lm"}).json()["count"] == 2
    assert client.get(API, {"community_id": world.nanmen.pk}).json()["count"] == 0
    assert client.get(f"{API}/follow-ups/due").json()["count"] == 0


def test_the_detail(world, agreed, client_for):
    body = client_for(world.wumei_staff).get(f"{API}/{agreed.pk}").json()
    assert body["outcome"] == "agreement" and body["agreed_amount"] == "2000.00"
    assert len(body["sessions"]) == 1 and body["sessions"][0]["mediator_ids"] == [world.wumei_grid_worker.pk]


def test_it_requires_the_dispute_in_scope(world, dispute, client_for):
    assert client_for(world.nanmen_staff).get(f"{API}/{dispute.pk}").status_code == 404
    assert client_for(world.wumei_staff).get(f"{API}/999999").status_code == 404


# --- the mediation ----------------------------------------------------------------------------------------

def test_session_outcome_follow_up_and_close(world, dispute, client_for):
    client = client_for(world.wumei_staff)
    response = _post(client, f"{API}/{dispute.pk}/sessions", {
        "held_at": "2026-05-11T08:00:00+08:00", "place": "社区调解室", "notes": "释法说理", "result": "agreed",
        "mediator_ids": [world.wumei_grid_worker.pk], "department_ids": [world.judicial_office.pk]})
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "mediating"
    response = _post(client, f"{API}/{dispute.pk}/outcome", {
        "outcome": "agreement", "agreement_text": "赔偿2000元", "follow_up_on": "2026-05-25"})
    assert response.status_code == 200 and response.json()["status"] == "agreed"
    response = _post(client, f"{API}/{dispute.pk}/follow-up-date", {"on": "2026-05-18"})
    assert response.json()["follow_up_on"] == "2026-05-18"
    response = _post(client, f"{API}/{dispute.pk}/follow-ups", {"done_on": "2026-05-11", "note": "已履行",
                                                                "stable": True})
    assert response.status_code == 201 and response.json()["follow_up_on"] is None
    response = _post(client, f"{API}/{dispute.pk}/close", {})
    assert response.status_code == 200 and response.json()["status"] == "closed"
    assert response.json()["case_status"] == "resolved"


def test_it_requires_a_held_session_and_known_mediators(world, dispute, client_for):
    client = client_for(world.wumei_staff)
    base = {"held_at": "2026-05-11T08:00:00+08:00", "place": "调解室", "notes": "x", "result": "agreed"}
    assert _post(client, f"{API}/{dispute.pk}/sessions", {**base, "mediator_ids": [999999]}).status_code == 400
    assert _post(client, f"{API}/{dispute.pk}/sessions", {**base, "department_ids": [world.xiufeng_housing.pk],
                                                          "mediator_names": "张明"}).status_code == 400
    response = _post(client, f"{API}/{dispute.pk}/sessions", {**base, "held_at": "2030-01-01T08:00:00+08:00",
                                                              "mediator_names": "张明"})
    assert response.status_code == 400 and "held_at" in response.json()["detail"]


@pytest.mark.parametrize("persona", ["nanmen_staff", "liaison", "receiver", "resident"])
def test_it_requires_a_handler_for_every_write(world, agreed, client_for, persona):
    client = client_for(getattr(world, persona))
    for path, payload in [
        ("sessions", {"held_at": "2026-05-11T08:00:00+08:00", "place": "x", "notes": "x", "result": "agreed",
                      "mediator_names": "张明"}),
        ("outcome", {"outcome": "withdrawn", "note": "撤回"}),
        ("follow-up-date", {"on": "2026-05-18"}),
        ("follow-ups", {"done_on": "2026-05-11", "note": "x", "stable": True}),
        ("close", {}), ("reopen", {"reason": "x"}), ("risk", {"risk": "major", "reason": "x"}),
        ("parties", {"name": "张伟", "role": "third"}),
    ]:
        assert _post(client, f"{API}/{agreed.pk}/{path}", payload).status_code == 404, path
    agreed.refresh_from_db()
    assert agreed.status == "agreed" and agreed.follow_ups.count() == 0


def test_it_requires_the_right_state(world, dispute, client_for):
    client = client_for(world.wumei_staff)
    response = _post(client, f"{API}/{dispute.pk}/follow-ups", {"done_on": "2026-05-11", "note": "x", "stable": True})
    assert response.status_code == 400
    response = _post(client, f"{API}/{dispute.pk}/close", {})
    assert response.status_code == 400
    response = _post(client, f"{API}/{dispute.pk}/outcome", {"outcome": "agreement", "agreement_text": "x",
                                                             "follow_up_on": "2026-05-25"})
    assert response.status_code == 400 and "调解" in str(response.json()["detail"])


def test_adding_a_party(world, dispute, client_for):
    response = _post(client_for(world.wumei_staff), f"{API}/{dispute.pk}/parties",
                     {"name": "张伟", "role": "third", "phone": "13607731111"})
    assert response.status_code == 201 and response.json()["phone"] == "13607731111"
    response = _post(client_for(world.street_staff), f"{API}/{dispute.pk}/parties",
                     {"name": "赵六", "role": "third", "phone": "13607732222"})
    assert response.status_code == 201 and response.json()["phone"] == "136****2222"


def test_reopen_and_risk(world, agreed, client_for):
    client = client_for(world.wumei_staff)
    follow_up(world, agreed, stable=False, next_follow_up_on=agreed.follow_up_on)
    assert _post(client, f"{API}/{agreed.pk}/risk", {"risk": "bad", "reason": "x"}).status_code == 400
    assert _post(client, f"{API}/{agreed.pk}/risk", {"risk": "serious", "reason": "反复"}).json()["risk"] == "serious"
    assert _post(client, f"{API}/{agreed.pk}/reopen", {"reason": ""}).status_code == 400
    body = _post(client, f"{API}/{agreed.pk}/reopen", {"reason": "未履行"}).json()
    assert body["status"] == "mediating" and body["outcome"] == ""
    session(world, agreed)
    assert agree(world, agreed).status == "agreed"
