"""/api/v1/rates: the league table (scoped), reviews and weights."""

import pytest

from gongzhi.core import clock
from gongzhi.rates.models import RatingReview
from gongzhi.rates.tests.conftest import AS_OF

API = "/api/v1/rates"


@pytest.fixture
def frozen():
    with clock.frozen(AS_OF):
        yield


def test_it_requires_login(client):
    assert client.get(f"{API}/league").status_code == 401


def test_league_json(rw, client_for, frozen):
    data = client_for(rw.w.district_staff).get(f"{API}/league", {"period": "2026-06"}).json()
    assert data["tab"] == "departments" and data["period"] == "2026-06" and data["period_label"] == "2026年6月"
    lines = {ln["name"]: ln for ln in data["lines"]}
    judicial = lines["象山街道司法所"]
    assert judicial["response"] == {"numerator": 3, "denominator": 4, "value": 0.75}
    assert judicial["rank"] == 1 and judicial["composite"] == pytest.approx(83.75)
    assert judicial["weights"] == [30, 35, 35] and judicial["avg_score"] == 75
    assert lines["桂林市卫生健康委员会"]["response"]["value"] is None
    assert data["lines"][0]["name"] == "象山街道司法所"


def test_league_tabs_and_periods(rw, client_for, frozen):
    client = client_for(rw.w.district_staff)
    streets = client.get(f"{API}/league", {"tab": "streets", "period": "2026-06"}).json()
    assert [(ln["name"], ln["resolution"]["numerator"], ln["resolution"]["denominator"])
            for ln in streets["lines"]] == [("象山街道", 7, 8)]
    custom = client.get(f"{API}/league", {"start": "2026-06-01", "end": "2026-06-02"}).json()
    judicial = next(ln for ln in custom["lines"] if ln["name"] == "象山街道司法所")
    assert judicial["response"]["denominator"] == 2
    bad = client.get(f"{API}/league", {"period": "2026-Q5"})
    assert bad.status_code == 400 and "period" in bad.json()["detail"]
    assert client.get(f"{API}/league", {"sort": "nonsense"}).status_code == 400


def test_league_is_scoped(rw, client_for, frozen):
    receiver = client_for(rw.police_receiver)
    assert [ln["name"] for ln in receiver.get(f"{API}/league").json()["lines"]] == ["象山派出所"]
    assert receiver.get(f"{API}/league", {"tab": "communities"}).status_code == 404
    nanmen = client_for(rw.w.nanmen_staff).get(f"{API}/league", {"tab": "communities"}).json()
    assert [ln["name"] for ln in nanmen["lines"]] == ["南门社区"]
    assert client_for(rw.w.liaison).get(f"{API}/league").status_code == 404


def test_review_endpoints(rw, client_for):
    nanmen, street = client_for(rw.w.nanmen_staff), client_for(rw.w.street_staff)
    created = nanmen.post(f"{API}/reviews", {"case_id": rw.c10.pk, "reason": "诉求超出维修范围"},
                          content_type="application/json")
    assert created.status_code == 201 and created.json()["status"] == "pending"
    review_id = created.json()["id"]
    again = nanmen.post(f"{API}/reviews", {"case_id": rw.c10.pk, "reason": "再次"}, content_type="application/json")
    assert again.status_code == 400
    listed = street.get(f"{API}/reviews", {"status": "pending"}).json()
    assert [r["id"] for r in listed["items"]] == [review_id]
    assert nanmen.post(f"{API}/reviews/{review_id}/decide", {"decision": "keep"},
                       content_type="application/json").status_code == 404  # a requester, not a decider
    bad = street.post(f"{API}/reviews/{review_id}/decide", {"decision": "exclude", "note": "x"},
                      content_type="application/json")
    assert bad.status_code == 400 and "ground" in bad.json()["detail"]
    done = street.post(f"{API}/reviews/{review_id}/decide",
                       {"decision": "exclude", "ground": "duty_done", "note": "住建局已到场处置"},
                       content_type="application/json")
    assert done.status_code == 200 and done.json()["status"] == "excluded"
    twice = street.post(f"{API}/reviews/{review_id}/decide", {"decision": "keep"}, content_type="application/json")
    assert twice.status_code == 400
    assert RatingReview.objects.get(pk=review_id).status == "excluded"


def test_review_endpoints_answer_404_out_of_scope(rw, client_for):
    nanmen = client_for(rw.w.nanmen_staff)
    assert nanmen.post(f"{API}/reviews", {"case_id": rw.c7.pk, "reason": "x"},
                       content_type="application/json").status_code == 404
    assert nanmen.get(f"{API}/reviews/{rw.review_c2.pk}").status_code == 404
    assert client_for(rw.police_receiver).get(f"{API}/reviews").status_code == 404
    assert nanmen.post(f"{API}/reviews", {"case_id": 999999, "reason": "x"},
                       content_type="application/json").status_code == 404


def test_weights_endpoints(rw, client_for):
    district = client_for(rw.w.district_staff)
    ok = district.put(f"{API}/weights", {"region_id": rw.w.xiangshan.pk, "response": 40, "resolution": 30,
                                         "satisfaction": 30}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["response"] == 40
    assert district.get(f"{API}/weights").json() == [{"region_id": rw.w.xiangshan.pk, "response": 40,
                                                      "resolution": 30, "satisfaction": 30}]
    bad = district.put(f"{API}/weights", {"region_id": rw.w.xiangshan.pk, "response": 40, "resolution": 40,
                                          "satisfaction": 40}, content_type="application/json")
    assert bad.status_code == 400
    assert district.put(f"{API}/weights", {"region_id": rw.w.xiufeng.pk, "response": 40, "resolution": 30,
                                           "satisfaction": 30}, content_type="application/json").status_code == 404
