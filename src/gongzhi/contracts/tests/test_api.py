"""The contract lifecycle through the JSON API: every action, with its refusal beside it."""

import datetime as dt

import pytest

from gongzhi.contracts.models import Contract, ContractStatus, Publication
from gongzhi.contracts.tests.conftest import JAN
from gongzhi.core import clock

APRIL = dt.datetime(2026, 4, 2, 10, 0, tzinfo=dt.UTC)
JSON = "application/json"


def test_the_whole_lifecycle_through_the_api(world, client_for):
    street, staff, liaison = client_for(world.street_staff), client_for(world.wumei_staff), client_for(world.liaison)
    with clock.frozen(JAN):
        r = street.post("/api/v1/contracts/meetings", {
            "community_id": world.wumei.pk, "title": "商谈会", "starts_at": "2026-01-08T09:00:00+08:00",
            "place": "党群服务中心", "unit_ids": [world.hospital.pk]}, content_type=JSON)
        assert r.status_code == 201, r.content
        meeting_id = r.json()["id"]
        assert street.post(f"/api/v1/contracts/meetings/{meeting_id}/minutes", {"notes": "商定义诊"},
                           content_type=JSON).json()["status"] == "held"
        r = staff.post("/api/v1/contracts", {
            "community_id": world.wumei.pk, "title": "契约", "year": 2026, "term_start": "2026-01-01",
            "term_end": "2026-12-31", "unit_ids": [world.hospital.pk], "meeting_id": meeting_id}, content_type=JSON)
        assert r.status_code == 201
        contract_id = r.json()["id"]
        r = staff.post(f"/api/v1/contracts/{contract_id}/commitments", {
            "area": "governance", "title": "义诊", "content": "每季度义诊", "deadline": "2026-12-15",
            "undertaker_ids": [world.hospital.pk], "target_services": 1, "target_person_times": 100,
            "milestones": [["制定计划", "2026-02-28"]]}, content_type=JSON)
        assert r.status_code == 201
        commitment_id = r.json()["id"]
        assert liaison.post(f"/api/v1/contracts/{contract_id}/agree",
                            {"organisation_id": world.hospital.pk, "representative": "周丽华"},
                            content_type=JSON).status_code == 200
        r = staff.post(f"/api/v1/contracts/{contract_id}/sign")
        assert r.status_code == 200 and r.json()["status"] == "signed" and len(r.json()["document_sha256"]) == 64
    with clock.frozen(APRIL):
        r = liaison.post(f"/api/v1/contracts/commitments/{commitment_id}/fulfilments",
                         {"date": "2026-03-20", "content": "义诊", "person_times": 120, "volunteer_hours": "12.5"})
        assert r.status_code == 201, r.content
        milestone = Contract.objects.get(pk=contract_id).commitments.get().milestones.get()
        assert staff.post(f"/api/v1/contracts/milestones/{milestone.pk}/done?on=2026-02-20").status_code == 204
        detail = staff.get(f"/api/v1/contracts/{contract_id}").json()
        assert detail["commitments"][0]["completed"] is True
        r = staff.post("/api/v1/contracts/publications", {"community_id": world.wumei.pk, "year": 2026, "period": 1},
                       content_type=JSON)
        assert r.status_code == 201 and r.json()["snapshot"]["figures"]["person_times"] == 120
        figures = street.get(f"/api/v1/contracts/report/figures?node_id={world.xiangshan_street.pk}&year=2026").json()
        assert figures["participating_units"] == 1 and figures["completed_items"] == 1


def test_the_api_refuses_editing_a_signed_contract(lifecycle, client_for):
    staff = client_for(lifecycle.world.wumei_staff)
    r = staff.post(f"/api/v1/contracts/{lifecycle.contract.pk}/commitments", {
        "area": "governance", "title": "x", "content": "x", "deadline": "2026-05-01",
        "undertaker_ids": [lifecycle.world.hospital.pk]}, content_type=JSON)
    assert r.status_code == 400 and "不可修改" in str(r.json())
    assert staff.delete(f"/api/v1/contracts/commitments/{lifecycle.clinic.pk}").status_code == 400
    assert staff.post(f"/api/v1/contracts/{lifecycle.contract.pk}/sign").status_code == 400


@pytest.mark.parametrize("persona", ["nanmen_staff", "receiver", "resident", "outsider"])
def test_it_requires_scope_for_every_contract_endpoint(lifecycle, client_for, persona):
    client = client_for(getattr(lifecycle.world, persona))
    c, m = lifecycle.contract.pk, lifecycle.clinic.pk
    assert client.get(f"/api/v1/contracts/{c}").status_code == 404
    assert client.post(f"/api/v1/contracts/{c}/sign").status_code == 404
    assert client.post(f"/api/v1/contracts/{c}/amend", {"reason": "x"}, content_type=JSON).status_code == 404
    assert client.post(f"/api/v1/contracts/commitments/{m}/fulfilments",
                       {"date": "2026-03-20", "content": "x", "person_times": 1}).status_code == 404
    assert client.post("/api/v1/contracts/publications", {"community_id": lifecycle.world.wumei.pk, "year": 2026,
                                                          "period": 0}, content_type=JSON).status_code == 404
    assert client.get(f"/api/v1/contracts/report/figures?node_id={lifecycle.world.wumei.pk}&year=2026"
                      ).status_code == 404


def test_it_requires_the_right_role_even_in_scope(lifecycle, client_for):
    liaison = client_for(lifecycle.world.liaison)  # sees the contract, may not sign, amend or publish
    assert liaison.get(f"/api/v1/contracts/{lifecycle.contract.pk}").status_code == 200
    assert liaison.post(f"/api/v1/contracts/{lifecycle.contract.pk}/amend", {"reason": "x"},
                        content_type=JSON).status_code == 404
    assert Contract.objects.filter(previous=lifecycle.contract).count() == 0


def test_bad_input_is_a_400_with_a_message_never_a_500(lifecycle, client_for):
    staff = client_for(lifecycle.world.wumei_staff)
    r = staff.post("/api/v1/contracts", {"community_id": lifecycle.world.wumei.pk, "title": "x", "year": 2026,
                                         "term_start": "2026-12-31", "term_end": "2026-01-01",
                                         "unit_ids": [lifecycle.world.hospital.pk]}, content_type=JSON)
    assert r.status_code == 400 and "截止日期" in str(r.json())
    r = staff.post("/api/v1/contracts", {"community_id": lifecycle.world.wumei.pk, "title": "x"},
                   content_type=JSON)
    assert r.status_code == 422
    with clock.frozen(APRIL):
        r = staff.post(f"/api/v1/contracts/commitments/{lifecycle.clinic.pk}/fulfilments",
                       {"date": "2027-03-20", "content": "x", "person_times": 1})
    assert r.status_code == 400 and "契约期限" in str(r.json())


def test_a_published_report_is_public_and_cannot_be_published_again(lifecycle, client_for, client):
    staff = client_for(lifecycle.world.wumei_staff)
    with clock.frozen(JAN):
        r = staff.post("/api/v1/contracts/publications", {"community_id": lifecycle.world.wumei.pk, "year": 2026,
                                                          "period": 0}, content_type=JSON)
        again = staff.post("/api/v1/contracts/publications", {"community_id": lifecycle.world.wumei.pk,
                                                              "year": 2026, "period": 0}, content_type=JSON)
    assert r.status_code == 201 and again.status_code == 400
    assert client.get(f"/api/v1/contracts/publications/{r.json()['id']}").status_code == 200
    assert Publication.objects.count() == 1
    assert Contract.objects.get(pk=lifecycle.contract.pk).status == ContractStatus.SIGNED
