"""The API: issue, revoke, requests, honours end to end; bad input is 400 or 404 and writes nothing."""

import pytest

from gongzhi.recognition.models import Certificate, HonourSelection

pytestmark = pytest.mark.django_db


def test_issue_and_revoke_through_the_api(world, served, client_for):
    c = client_for(world.wumei_staff)
    pk = served["person"].pk
    base = {"person_id": pk, "community_id": world.wumei.pk, "period_start": "2026-01-01", "period_end": "2026-11-30"}
    for bad, status in [({"period_end": "2025-12-31"}, 400), ({"person_id": 999999}, 404),
                        ({"person_id": "abc"}, 422), ({"period_start": "letters"}, 422),
                        ({"community_id": world.nanmen.pk}, 404), ({"person_id": world.cuizhu_person.pk}, 404)]:
        response = c.post("/api/v1/recognition/certificates", {**base, **bad}, content_type="application/json")
        assert response.status_code == status, (bad, response.content)
    assert not Certificate.objects.exists()
    created = c.post("/api/v1/recognition/certificates", base, content_type="application/json")
    assert created.status_code == 201
    data = created.json()
    assert data["number"] == "GZ-ZYFW-2026-000001" and data["hours_total"] == "8.0" and data["may_revoke"]
    assert c.post(f"/api/v1/recognition/certificates/{data['id']}/revoke", {"reason": ""},
                  content_type="application/json").status_code == 400
    assert client_for(world.nanmen_staff).post(f"/api/v1/recognition/certificates/{data['id']}/revoke",
                                               {"reason": "x"}, content_type="application/json").status_code == 404
    revoked = c.post(f"/api/v1/recognition/certificates/{data['id']}/revoke", {"reason": "时段有误"},
                     content_type="application/json").json()
    assert revoked["revoked"] and revoked["revoked_reason"] == "时段有误"
    mine = client_for(world.volunteer).get("/api/v1/recognition/certificates").json()
    assert [x["number"] for x in mine["items"]] == ["GZ-ZYFW-2026-000001"]
    assert client_for(world.resident).get("/api/v1/recognition/certificates").json()["count"] == 0


def test_request_then_issue_through_the_api(world, served, client_for):
    v = client_for(world.volunteer)
    req = v.post("/api/v1/recognition/certificate-requests", {
        "community_id": world.wumei.pk, "period_start": "2025-01-01", "period_end": "2026-11-30"},
        content_type="application/json")
    assert req.status_code == 201
    rid = req.json()["id"]
    c = client_for(world.wumei_staff)
    created = c.post("/api/v1/recognition/certificates", {
        "person_id": served["person"].pk, "community_id": world.wumei.pk, "period_start": "2025-01-01",
        "period_end": "2026-11-30", "request_id": rid}, content_type="application/json")
    assert created.status_code == 201 and created.json()["hours_total"] == "11.0"
    assert v.get("/api/v1/recognition/certificate-requests").json()["items"][0]["status"] == "issued"


def test_honours_through_the_api(world, served, client_for):
    c = client_for(world.wumei_staff)
    assert c.post("/api/v1/recognition/honours", {"node_id": world.wumei.pk, "year": 2026, "kind": "nope"},
                  content_type="application/json").status_code == 400
    assert c.post("/api/v1/recognition/honours", {"node_id": world.nanmen.pk, "year": 2026, "kind": "volunteer"},
                  content_type="application/json").status_code == 404
    s = c.post("/api/v1/recognition/honours", {"node_id": world.wumei.pk, "year": 2026, "kind": "volunteer"},
               content_type="application/json").json()
    n = c.post(f"/api/v1/recognition/honours/{s['id']}/nominations",
               {"person_id": served["person"].pk, "reason": "常年巡逻"}, content_type="application/json").json()
    nid = n["nominations"][0]["id"]
    r = client_for(world.resident).post(f"/api/v1/recognition/honours/{s['id']}/nominations",
                                        {"nominee_name": "张桂兰", "reason": "热心"}, content_type="application/json")
    assert r.status_code == 201
    seen = r.json()["nominations"]
    assert [x["name"] for x in seen] == [None, "张桂兰"]  # the resident sees her own nomination, not staff's
    assert [x["public_name"] for x in seen] == ["刘*", "张**"]
    other = seen[1]["id"]
    assert c.post(f"/api/v1/recognition/honours/{s['id']}/decide", {
        "committee": "黄敏", "decided_on": "2026-11-28",
        "decisions": [{"nomination_id": nid, "decision": "selected", "reason": "好"}]},
        content_type="application/json").status_code == 400
    decided = c.post(f"/api/v1/recognition/honours/{s['id']}/decide", {
        "committee": "黄敏、吴刚", "decided_on": "2026-11-28",
        "decisions": [{"nomination_id": nid, "decision": "selected", "reason": "好"},
                      {"nomination_id": other, "decision": "not_selected", "reason": "待核实"}]},
        content_type="application/json")
    assert decided.status_code == 200 and decided.json()["status"] == "decided"
    assert c.post(f"/api/v1/recognition/honours/{s['id']}/publish").json()["status"] == "published"
    board = client_for(world.outsider).get(f"/api/v1/recognition/honours/board/{world.wumei.pk}").json()
    assert board[0]["winners"] == ["刘*"]
    assert HonourSelection.objects.get().status == "published"
