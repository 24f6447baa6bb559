"""The JSON API: scoped reads, every write through the services, 404 out of scope, 400 with a message for bad
input or a refused transition, and a `test_it_requires_…` beside each happy path."""

import pytest

from gongzhi.cases.models import Case, CaseStatus, Responsibility
from gongzhi.cases.tests.conftest import at
from gongzhi.core import clock

API = "/api/v1/cases"


def post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json")


def test_list_and_detail_are_scoped(world, client_for, whistled):
    items = client_for(world.wumei_staff).get(API).json()["items"]
    assert [i["number"] for i in items] == [whistled.case.number]
    assert items[0]["active_whistles"] == 2
    assert client_for(world.nanmen_staff).get(API).json()["items"] == []
    detail = client_for(world.street_staff).get(f"{API}/{whistled.case.pk}").json()
    assert detail["reporter_phone"] == "138****5678" and len(detail["whistles"]) == 2
    assert client_for(world.wumei_staff).get(f"{API}/{whistled.case.pk}").json()["reporter_phone"] == "13812345678"
    receiver = client_for(world.receiver).get(f"{API}/{whistled.case.pk}").json()
    assert [w["department_name"] for w in receiver["whistles"]] == ["象山街道司法所"]


def test_it_requires_scope_for_a_case(world, client_for, whistled):
    for persona in ("nanmen_staff", "liaison", "outsider"):
        assert client_for(getattr(world, persona)).get(f"{API}/{whistled.case.pk}").status_code == 404
    assert client_for(world.wumei_staff).get(f"{API}/999999").status_code == 404


def test_it_requires_a_login(client, db):
    assert client.get(API).status_code == 401


def test_list_filters(world, client_for, whistled):
    client = client_for(world.wumei_staff)
    assert len(client.get(f"{API}?status=whistled").json()["items"]) == 1
    assert client.get(f"{API}?status=closed").json()["items"] == []
    assert len(client.get(f"{API}?department_id={whistled.depts.police.pk}").json()["items"]) == 1
    assert client.get(f"{API}?mine=true").json()["items"] == []


def test_report_accept_whistle_and_the_rest(world, client_for, cats, depts):
    staff = client_for(world.wumei_staff)
    r = post(staff, API, {"category": "sewage", "community_id": world.wumei.pk, "description": "下水道堵塞",
                          "channel": "window", "reporter_id": world.resident_person.pk})
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert r.json()["reporter_name"] == "王秀英"
    with clock.frozen(at(2026, 5, 11, 9)):
        assert post(staff, f"{API}/{pk}/accept").json()["status"] == CaseStatus.ACCEPTED
        assert post(staff, f"{API}/{pk}/contact", {"note": "已联系"}).json()["contacted_at"]
        r = post(staff, f"{API}/{pk}/whistles", {"department_ids": [depts.judicial.pk, depts.police.pk],
                                                 "request": "请到场"})
    assert r.status_code == 201 and len(r.json()) == 2
    judicial = next(w for w in r.json() if w["department_id"] == depts.judicial.pk)
    police = next(w for w in r.json() if w["department_id"] == depts.police.pk)
    assert judicial["respond_due_at"].startswith("2026-05-11T02:00")  # 10:00 Beijing time
    receiver = client_for(world.receiver)
    assert post(receiver, f"{API}/whistles/{judicial['id']}/report", {"note": "到"}).json()["status"] == "reported"
    assert post(receiver, f"{API}/whistles/{judicial['id']}/complete", {"action": "已调解"}).json()["status"] == "done"
    assert post(staff, f"{API}/whistles/{police['id']}/withdraw", {"reason": "无需"}).json()["status"] == "withdrawn"
    assert post(staff, f"{API}/whistles/{judicial['id']}/score", {"score": 92}).json()["score"] == 92
    r = post(staff, f"{API}/{pk}/meetings", {"held_at": "2026-05-11T15:00:00+08:00", "place": "社区",
                                             "participants": "双方", "minutes": "调解",
                                             "department_ids": [depts.judicial.pk]})
    assert r.status_code == 201
    assert post(staff, f"{API}/{pk}/resolve", {"result": "已解决"}).json()["status"] == "resolved"
    resident = client_for(world.resident)
    assert post(resident, f"{API}/{pk}/confirm").json()["status"] == "closed"
    assert post(resident, f"{API}/{pk}/rate", {"satisfaction": "satisfied"}).json()["satisfaction"] == "satisfied"


def test_bad_input_and_refused_transitions_are_400(world, client_for, whistled, cats):
    staff = client_for(world.wumei_staff)
    r = post(staff, API, {"category": "sewage", "community_id": world.wumei.pk, "description": "",
                          "channel": "window", "reporter_name": "刘"})
    assert r.status_code == 400 and "description" in r.json()["detail"]
    assert post(staff, API, {"category": "nope", "community_id": world.wumei.pk, "description": "x",
                             "channel": "window"}).status_code == 400
    pk = whistled.case.pk
    assert post(staff, f"{API}/{pk}/accept").status_code == 400
    r = post(staff, f"{API}/{pk}/resolve", {"result": "已解决"})
    assert r.status_code == 400 and "尚未办结" in str(r.json())
    assert post(staff, f"{API}/{pk}/whistles", {"department_ids": [999999], "request": "x"}).status_code == 400
    assert post(staff, f"{API}/whistles/{whistled.judicial.pk}/score", {"score": 50}).status_code == 400


def test_it_requires_the_right_actor_for_each_write(world, client_for, whistled, case):
    pk = whistled.case.pk
    assert post(client_for(world.nanmen_staff), f"{API}/{case.pk}/accept").status_code == 404
    assert post(client_for(world.receiver), f"{API}/{pk}/resolve", {"result": "x"}).status_code == 404
    assert post(client_for(world.wumei_staff), f"{API}/whistles/{whistled.judicial.pk}/report").status_code == 404
    assert post(client_for(world.receiver), f"{API}/whistles/{whistled.police.pk}/report").status_code == 404
    assert post(client_for(world.wumei_staff), f"{API}/{pk}/confirm").status_code == 404
    assert post(client_for(world.resident), f"{API}/{pk}/whistles",
                {"department_ids": [world.judicial_office.pk], "request": "x"}).status_code == 404
    assert post(client_for(world.nanmen_staff), API, {
        "category": "sewage", "community_id": world.wumei.pk, "description": "x", "channel": "window",
        "reporter_name": "x"}).status_code == 404
    assert Case.objects.count() == 1


def test_suggestions_escalations_and_categories(world, client_for, whistled, cats):
    client = client_for(world.street_staff)
    assert client.get(f"{API}/{whistled.case.pk}/suggestions").json()["departments"] == []
    assert {c["code"] for c in client.get(f"{API}/categories").json()} >= {"sewage", "gas_leak"}
    from gongzhi.cases import services

    services.sweep_deadlines(now=at(2026, 5, 11, 10, 31))
    assert len(client.get(f"{API}/escalations").json()["items"]) == 2
    assert client_for(world.nanmen_staff).get(f"{API}/escalations").json()["items"] == []
    assert client_for(world.receiver).get(f"{API}/{whistled.case.pk}/suggestions").status_code == 404


def test_receivers_list_their_whistles(world, client_for, whistled):
    items = client_for(world.receiver).get(f"{API}/whistles").json()["items"]
    assert [w["id"] for w in items] == [whistled.judicial.pk]


def test_responsibilities_through_the_api(world, client_for, cats):
    client = client_for(world.district_staff)
    r = post(client, f"{API}/responsibilities", {"region_id": world.xiangshan.pk, "kind": "autonomous",
                                                  "title": "社区组织建设"})
    assert r.status_code == 201
    parent = r.json()["id"]
    r = post(client, f"{API}/responsibilities", {"region_id": world.xiangshan.pk, "parent_id": parent,
                                                  "title": "居民会议", "case_category_codes": ["sewage"],
                                                  "department_ids": [world.judicial_office.pk]})
    assert r.status_code == 201 and r.json()["kind"] == "autonomous" and r.json()["level"] == 2
    listing = client_for(world.wumei_staff).get(f"{API}/responsibilities?region_id={world.xiangshan.pk}").json()
    assert listing["counts"][0]["description"] == "1 类 1 项" and len(listing["lines"]) == 2
    edit = post(client, f"{API}/responsibilities/{parent}", {"title": "社区组织建设类"})
    assert edit.json()["title"] == "社区组织建设类"
    assert client.delete(f"{API}/responsibilities/{parent}").json() == {"removed": 2}
    assert not Responsibility.objects.exists()


@pytest.mark.parametrize("persona", ["wumei_staff", "street_staff", "receiver"])
def test_it_requires_an_editor_for_the_district_list(world, client_for, cats, persona):
    r = post(client_for(getattr(world, persona)), f"{API}/responsibilities",
             {"region_id": world.xiangshan.pk, "kind": "autonomous", "title": "x"})
    assert r.status_code == 404
