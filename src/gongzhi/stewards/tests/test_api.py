"""The 楼门管家 API: every action through the same services as the pages, 404 out of scope, 400 with a Chinese
message for refused input (nothing written), and the same fields as the pages."""

import datetime as dt

import pytest

from gongzhi.stewards import services
from gongzhi.stewards.models import Commendation, Evaluation, Steward, Suggestion

API = "/api/v1/stewards"


def post(client, url, data=None):
    return client.post(API + url, data or {}, content_type="application/json")


def test_it_requires_a_login(client, posts):
    assert client.get(API).status_code == 401
    assert post(client, "", {}).status_code == 401


def test_staff_appoint_evaluate_commend_and_retire(world, posts, client_for):
    c = client_for(world.wumei_staff)
    vacant = c.get(f"{API}/vacancies?community_id={world.wumei.pk}").json()
    assert vacant["count"] == 3
    assert [v["post"] for v in vacant["items"]] == ["五美小区 1栋 1单元", "五美小区 1栋 2单元", "文化里 2栋"]
    r = post(c, "", {"post_id": posts.entrance1.pk, "person_id": world.resident_person.pk, "selection": "appointed",
                     "roles": ["policy", "mediation"], "started_on": "2026-02-01"})
    assert r.status_code == 201, r.json()
    sid = r.json()["id"]
    assert r.json()["post"] == "五美小区 1栋 1单元" and r.json()["phone"] == "13812345678"
    r = post(c, "", {"post_id": posts.entrance1.pk, "person_id": posts.neighbour.pk, "selection": "self",
                     "roles": ["policy"]})
    assert r.status_code == 400 and "该楼门已有在任楼门管家" in r.json()["message"]
    assert Steward.objects.count() == 1
    assert post(c, f"/{sid}/roles", {"roles": ["safety"]}).json()["roles"] == ["safety"]
    r = post(c, f"/{sid}/evaluations", {"month": "2026-05", "grade": "excellent", "note": "很负责"})
    assert r.status_code == 201 and r.json()["grade_label"] == "优秀"
    for month, message in (("2026-05", "已评价过"), ("2026-08", "不能评价未来的月份")):
        r = post(c, f"/{sid}/evaluations", {"month": month, "grade": "good"})
        assert r.status_code == 400 and message in r.json()["message"]
    assert Evaluation.objects.count() == 1
    missing = c.get(f"{API}/evaluations/missing?month=2026-04").json()
    assert missing["count"] == 1 and [m["steward"]["id"] for m in missing["items"]] == [sid]
    assert missing["items"][0]["month"] == "2026-04"
    assert c.get(f"{API}/evaluations/missing?month=2026-05").json() == {"items": [], "count": 0}
    r = post(c, f"/{sid}/commendations", {"title": "优秀楼门管家", "awarded_on": "2026-06-01"})
    assert r.status_code == 201 and r.json()["public_name"] == "王**"
    assert c.get(f"{API}/{sid}/commendations").json()[0]["title"] == "优秀楼门管家"
    r = post(c, f"/{sid}/retire", {"reason": "年事已高", "retired_on": "2026-06-10"})
    assert r.json()["status"] == "retired"
    r = post(c, f"/{sid}/retire", {"reason": "again"})
    assert r.status_code == 400 and "不能重复办理" in r.json()["message"]
    assert "五美小区 1栋 1单元" in [v["post"] for v in
                                 c.get(f"{API}/vacancies?community_id={world.wumei.pk}").json()["items"]]


def test_the_steward_records_a_suggestion_that_staff_turn_into_a_need(world, steward, posts, client_for):
    phone = client_for(world.resident)
    assert phone.get(f"{API}/mine").json()[0]["post"] == "五美小区 1栋 1单元"
    r = post(phone, "/suggestions", {"text": "楼道灯坏了"})
    assert r.status_code == 201, r.json()
    xid = r.json()["id"]
    assert post(client_for(world.volunteer), "/suggestions", {"text": "x"}).status_code == 404
    staff = client_for(world.wumei_staff)
    r = post(staff, f"/suggestions/{xid}/need", {"title": "更换楼道灯", "category_id": posts.category.pk})
    assert r.status_code == 200 and r.json()["status"] == "need" and r.json()["need_id"]
    r = post(staff, f"/suggestions/{xid}/decline", {"reason": "x"})
    assert r.status_code == 400 and "已处理" in r.json()["message"]
    assert phone.get(f"{API}/suggestions").json()["items"][0]["status_label"] == "已转需求"


def test_a_suggestion_becomes_a_case(world, steward, posts, client_for):
    x = services.submit_suggestion(actor=world.resident, text="井盖松动")
    category = next(iter(posts.case_categories.values()))
    r = post(client_for(world.wumei_staff), f"/suggestions/{x.pk}/case", {"category_id": category.pk})
    assert r.status_code == 200 and r.json()["case_number"]


def test_other_communities_get_404(world, steward, posts, client_for):
    c = client_for(world.nanmen_staff)
    x = services.submit_suggestion(actor=world.resident, text="井盖松动")
    assert c.get(f"{API}/{steward.pk}").status_code == 404
    assert post(c, f"/{steward.pk}/evaluations", {"month": "2026-05", "grade": "good"}).status_code == 404
    assert post(c, f"/{steward.pk}/retire", {"reason": "x"}).status_code == 404
    assert post(c, f"/suggestions/{x.pk}/decline", {"reason": "x"}).status_code == 404
    assert post(c, "", {"post_id": posts.entrance2.pk, "person_id": posts.neighbour.pk, "selection": "self",
                        "roles": ["policy"]}).status_code == 404
    assert c.get(f"{API}/vacancies?community_id={world.wumei.pk}").status_code == 404
    assert c.get(API).json()["count"] == 0
    # street staff read, but not write, and see phones masked
    street = client_for(world.street_staff)
    assert street.get(f"{API}/{steward.pk}").json()["phone"] == "138****5678"
    assert post(street, f"/{steward.pk}/evaluations", {"month": "2026-05", "grade": "good"}).status_code == 404
    assert Suggestion.objects.get().status == "new" and Commendation.objects.count() == 0


def test_only_administrators_run_the_sweep(world, steward, client_for):
    assert post(client_for(world.wumei_staff), "/sweep").status_code == 404
    assert post(client_for(world.admin), "/sweep").json() == {"reminded": 1}
    assert post(client_for(world.admin), "/sweep").json() == {"reminded": 0}


@pytest.mark.parametrize("persona", ["wumei_staff", "street_staff", "admin"])
def test_page_and_api_show_a_steward_alike(world, steward, client_for, persona):
    c = client_for(getattr(world, persona))
    api = c.get(API).json()["items"][0]
    page = c.get("/workbench/stewards/").content.decode()
    assert api["name"] in page and api["phone"] in page
    if persona == "street_staff":
        assert "13812345678" not in page and "13812345678" not in str(api)


def test_dates_of_the_year_519_are_422(world, steward, client_for):
    r = post(client_for(world.wumei_staff), f"/{steward.pk}/retire", {"reason": "x", "retired_on": "0519-01-01"})
    assert r.status_code == 422
    assert Steward.objects.get().status == "current"
    assert dt.date(2026, 1, 5) == Steward.objects.get().started_on


def test_vacancies_and_missing_evaluations_are_paged_like_the_other_lists(world, posts, steward, client_for):
    """A district's community holds thousands of entrances and stewards: limit/offset pages, `count` the total, an
    offset past MAX_OFFSET a 422, and the rows those of the whole list in the same order."""
    other = services.appoint(actor=world.wumei_staff, post=posts.entrance2, person=posts.neighbour,
                             selection="appointed", roles=["safety"], started_on=dt.date(2026, 3, 1))
    c = client_for(world.wumei_staff)
    url = f"{API}/vacancies?community_id={world.wumei.pk}"
    whole = c.get(url).json()
    assert whole["count"] == 1 and [v["post"] for v in whole["items"]] == ["文化里 2栋"]
    assert c.get(url + "&limit=1&offset=1").json() == {"items": [], "count": 1}
    assert c.get(url + "&offset=10001").status_code == 422
    missing = c.get(f"{API}/evaluations/missing?month=2026-04").json()
    assert missing["count"] == 2 and [m["steward"]["id"] for m in missing["items"]] == [steward.pk, other.pk]
    second = c.get(f"{API}/evaluations/missing?month=2026-04&limit=1&offset=1").json()
    assert second["count"] == 2 and [m["steward"]["id"] for m in second["items"]] == [other.pk]
    assert c.get(f"{API}/evaluations/missing?month=2026-04&offset=10001").status_code == 422
    assert c.get(f"{API}/evaluations/missing?month=2026-04&community_id={world.nanmen.pk}").json()["count"] == 0
    assert client_for(world.nanmen_staff).get(f"{API}/evaluations/missing?month=2026-04").json()["count"] == 0
    assert client_for(world.resident).get(f"{API}/evaluations/missing?month=2026-04").status_code == 404
    assert client_for(world.resident).get(url).status_code == 404
