"""The wishes' API: each endpoint's happy path with a `test_it_requires_…` beside it. Out of scope is 404, a refused
state change or bad input is 400 with a message — never 500."""

import pytest

from gongzhi.core import clock
from gongzhi.wishes import services
from gongzhi.wishes.models import Wish, WishClaim, WishStatus
from gongzhi.wishes.tests.conftest import PNG, RESIDENT_PHONE, at, claimed, fulfilled, upload

API = "/api/v1/wishes"


def _post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json")


# --- the public wall ---------------------------------------------------------------------------------------------

def test_the_wall_needs_no_login_and_holds_public_data_only(world, wishes, client):
    response = client.get(f"{API}/wall/{world.wumei.pk}")
    assert response.status_code == 200
    data = response.json()
    assert data["community_name"] == "五美社区" and data["counts"] == {"open": 2, "in_progress": 1, "confirmed": 0}
    assert [w["wording"] for w in data["open"]] == ["想要一台收音机", "孩子需要一个书包和文具"]
    assert data["open"][0]["who"] == "一位独居老人" and data["in_progress"][0]["claimant"] == "桂林市中医医院"
    text = response.content.decode()
    assert "王秀英" not in text and RESIDENT_PHONE not in text and "resident" not in text


def test_it_requires_a_community_for_the_wall(world, client):
    assert client.get(f"{API}/wall/{world.xiangshan.pk}").status_code == 404


# --- lists and details -------------------------------------------------------------------------------------------

def test_listing_wishes_with_filters(world, wishes, client_for):
    client = client_for(world.wumei_staff)
    data = client.get(API).json()
    assert data["count"] == 4
    row = next(w for w in data["items"] if w["id"] == wishes.claimed.pk)
    assert row["claim"]["claimant"] == "桂林市中医医院" and row["claim"]["status"] == "active"
    assert "title" not in row and "resident" not in row
    assert client.get(API, {"status": "submitted"}).json()["count"] == 1
    assert client.get(API, {"beneficiary": "left_behind_child"}).json()["count"] == 1
    assert client.get(API, {"q": "王秀英"}).json()["count"] == 3
    assert client.get(API, {"overdue": "1"}).json()["count"] == 0
    assert client_for(world.liaison).get(API, {"mine": "1"}).json()["count"] == 1


def test_it_requires_login_for_the_lists(client):
    assert client.get(API).status_code == 401
    assert client.get(f"{API}/mine").status_code == 401


def test_a_wish_in_detail_per_role(world, wishes, client_for):
    data = client_for(world.wumei_staff).get(f"{API}/{wishes.claimed.pk}").json()
    assert data["title"] == "想要一副老花镜" and data["resident"] == {"name": "王秀英", "phone": RESIDENT_PHONE}
    assert [e["action"] for e in data["events"]] == ["posted", "approved", "claimed"]
    data = client_for(world.liaison).get(f"{API}/{wishes.claimed.pk}").json()
    assert data["title"] is None and data["story"] is None
    assert data["resident"] == {"name": "王秀英", "phone": "138****5678"}
    data = client_for(world.liaison).get(f"{API}/{wishes.open.pk}").json()
    assert data["resident"] is None and data["public_title"] == "想要一台收音机"


def test_it_requires_scope_for_a_wish(world, wishes, client_for):
    assert client_for(world.nanmen_staff).get(f"{API}/{wishes.open.pk}").status_code == 404
    assert client_for(world.liaison).get(f"{API}/{wishes.submitted.pk}").status_code == 404
    assert client_for(world.wumei_staff).get(f"{API}/999999").status_code == 404


def test_my_wishes_and_my_claims(world, wishes, client_for, member):
    mine = client_for(world.resident).get(f"{API}/mine").json()
    assert {w["title"] for w in mine} == {"希望有人帮忙换个灯泡", "想要一台收音机", "想要一副老花镜"}
    assert client_for(world.liaison).get(f"{API}/mine").json() == []
    services.claim_wish(actor=member, wish=wishes.by_grid)
    claims = client_for(member).get(f"{API}/claimed").json()
    assert [(c["id"], c["claim"]["kind"]) for c in claims] == [(wishes.by_grid.pk, "party_member")]
    assert [c["id"] for c in client_for(world.liaison).get(f"{API}/claimed").json()] == [wishes.claimed.pk]


# --- writing -----------------------------------------------------------------------------------------------------

def test_a_resident_posts_through_the_api(world, client_for):
    response = _post(client_for(world.resident), API, {"title": "想要一台收音机", "beneficiary": "elderly_alone"})
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "submitted" and response.json()["channel"] == "online"


def test_staff_post_for_a_resident_through_the_api(world, client_for):
    response = _post(client_for(world.wumei_grid_worker), API, {
        "title": "想要一台收音机", "beneficiary": "elderly_alone", "resident_id": world.resident_person.pk,
        "channel": "grid_visit"})
    assert response.status_code == 201 and response.json()["channel"] == "grid_visit"


def test_it_requires_valid_input_and_scope_to_post(world, client_for):
    client = client_for(world.resident)
    response = _post(client, API, {"title": "", "beneficiary": "elderly"})
    assert response.status_code == 400 and "title" in response.json()["detail"]
    assert _post(client, API, {"title": "x", "beneficiary": "nobody"}).status_code == 400
    assert _post(client, API, {"beneficiary": "elderly"}).status_code in (400, 422)
    nanmen = client_for(world.nanmen_staff)  # 王秀英 is not 南门社区's resident
    assert _post(nanmen, API, {"title": "x", "beneficiary": "elderly", "resident_id": world.resident_person.pk,
                               "channel": "window"}).status_code == 404
    assert not Wish.objects.exists()


def test_review_through_the_api(world, wishes, client_for):
    client = client_for(world.wumei_staff)
    response = _post(client, f"{API}/{wishes.submitted.pk}/review", {"decision": "approve",
                                                                      "public_title": "希望有人帮忙换灯泡"})
    assert response.status_code == 200 and response.json()["status"] == "open"
    assert response.json()["public_title"] == "希望有人帮忙换灯泡"
    response = _post(client, f"{API}/{wishes.submitted.pk}/review", {"decision": "reject", "reason": "x"})
    assert response.status_code == 400 and "已审核" in str(response.json()["detail"])
    response = _post(client, f"{API}/{wishes.open.pk}/wording", {"public_title": "想要一台好收音机"})
    assert response.json()["public_title"] == "想要一台好收音机"


def test_it_requires_the_communitys_staff_to_review(world, wishes, client_for):
    for persona in ("wumei_grid_worker", "liaison", "nanmen_staff", "resident"):
        client = client_for(getattr(world, persona))
        assert _post(client, f"{API}/{wishes.submitted.pk}/review", {"decision": "approve"}).status_code == 404
        assert _post(client, f"{API}/{wishes.open.pk}/wording", {"public_title": "x"}).status_code == 404


def test_claim_through_the_api_exactly_once(world, wishes, client_for, member):
    response = _post(client_for(world.liaison), f"{API}/{wishes.open.pk}/claim")
    assert response.status_code == 201 and response.json()["claimant"] == "桂林市中医医院"
    response = _post(client_for(member), f"{API}/{wishes.open.pk}/claim")
    assert response.status_code == 400 and response.json()["detail"] == {"__all__": ["该心愿已被认领"]}
    assert WishClaim.objects.filter(wish=wishes.open).count() == 1


def test_it_requires_a_claimant_to_claim(world, wishes, client_for):
    for persona in ("wumei_staff", "resident", "street_staff"):
        assert _post(client_for(getattr(world, persona)), f"{API}/{wishes.open.pk}/claim").status_code == 404
    response = _post(client_for(world.liaison), f"{API}/{wishes.open.pk}/claim", {"organisation_id": 999999})
    assert response.status_code == 404


def test_fulfil_confirm_and_thank_through_the_api(world, wishes, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    liaison = client_for(world.liaison)
    url = f"{API}/{wishes.claimed.pk}/fulfil"
    bad = liaison.post(url, {"note": "已送达", "photo": upload(b"%PDF-1.4", "a.pdf")})
    assert bad.status_code == 400 and "photo" in bad.json()["detail"]
    response = liaison.post(url, {"note": "已送达", "photo": upload(PNG)})
    assert response.status_code == 200 and response.json()["status"] == "fulfilled"
    assert response.json()["claim"]["has_photo"] is True
    resident = client_for(world.resident)
    assert _post(resident, f"{API}/{wishes.claimed.pk}/confirm").json()["status"] == "confirmed"
    data = _post(resident, f"{API}/{wishes.claimed.pk}/thank", {"note": "谢谢！"}).json()
    assert data["thanks_note"] == "谢谢！" and data["events"][-1]["label"] == "留言致谢"


def test_it_requires_the_claimant_and_the_resident(world, wishes, client_for):
    assert client_for(world.wumei_staff).post(f"{API}/{wishes.claimed.pk}/fulfil",
                                              {"note": "x"}).status_code == 404
    done = fulfilled(world, "二", actor=world.wumei_staff, resident=world.volunteer_person, channel="window")
    assert _post(client_for(world.liaison), f"{API}/{done.pk}/confirm").status_code == 404
    response = _post(client_for(world.wumei_staff), f"{API}/{done.pk}/confirm")
    assert response.status_code == 400 and "reason" in response.json()["detail"]
    assert _post(client_for(world.wumei_staff), f"{API}/{done.pk}/confirm", {"reason": "无手机，电话回访"}).json()[
        "status"] == "confirmed"
    assert _post(client_for(world.wumei_staff), f"{API}/{done.pk}/thank", {"note": "谢谢"}).status_code == 404


def test_withdraw_and_give_up_through_the_api(world, wishes, client_for):
    assert _post(client_for(world.resident), f"{API}/{wishes.open.pk}/withdraw").json()["status"] == "withdrawn"
    response = _post(client_for(world.resident), f"{API}/{wishes.claimed.pk}/withdraw")
    assert response.status_code == 400
    assert _post(client_for(world.volunteer), f"{API}/{wishes.claimed.pk}/give-up").status_code == 404
    assert _post(client_for(world.liaison), f"{API}/{wishes.claimed.pk}/give-up").json()["status"] == "open"


def test_release_days_and_policy_through_the_api(world, client_for):
    staff = client_for(world.wumei_staff)
    with clock.frozen(at(2026, 5, 1, 9)):
        wish = claimed(world)
    response = _post(staff, f"{API}/{wish.pk}/release")
    assert response.status_code == 400 and "逾期" in str(response.json()["detail"])
    with clock.frozen(at(2026, 5, 20, 9)):
        services.sweep_overdue_claims()
        assert staff.get(API, {"overdue": "1"}).json()["count"] == 1
        data = _post(staff, f"{API}/{wish.pk}/days", {"days": 30}).json()
        assert data["status"] == "claimed" and data["claim"]["deadline"] == "2026-05-31"
    assert _post(staff, f"{API}/{wish.pk}/days", {"days": 0}).status_code == 400
    assert _post(staff, f"{API}/policy", {"community_id": world.wumei.pk, "days": 10}).json() == {
        "community_id": world.wumei.pk, "days": 10}


@pytest.mark.parametrize("persona", ["wumei_grid_worker", "liaison", "nanmen_staff"])
def test_it_requires_community_staff_to_release_and_set_days(world, client_for, persona):
    with clock.frozen(at(2026, 5, 1, 9)):
        wish = claimed(world)
    with clock.frozen(at(2026, 5, 20, 9)):
        services.sweep_overdue_claims()
    client = client_for(getattr(world, persona))
    assert _post(client, f"{API}/{wish.pk}/release").status_code == 404
    assert _post(client, f"{API}/{wish.pk}/days", {"days": 30}).status_code == 404
    assert _post(client, f"{API}/policy", {"community_id": world.wumei.pk, "days": 10}).status_code == 404
    wish.refresh_from_db()
    assert wish.status == WishStatus.OVERDUE
