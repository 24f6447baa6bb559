"""The in-service API does what the pages do, for the same people: apply, confirm, return, follow hours against the
target, read the quarterly card (masked), set the target; out of scope is 404, bad input 400/422 with nothing
written."""

import datetime as dt
import json

import pytest

from gongzhi.core import clock
from gongzhi.volunteering.models import InServiceReport, YearlyServiceTarget
from gongzhi.volunteering.services import inservice as services
from gongzhi.volunteering.tests.test_inservice_world import add_member, add_school, at, confirmed_hours

BASE = "/api/v1/volunteering/inservice"
NOW = at(2026, 5, 12)


def post(client, url, data=None):
    return client.post(url, json.dumps(data or {}), content_type="application/json")


@pytest.fixture
def chen(world):
    return add_member(world)


def test_apply_confirm_and_read_back(world, chen, client_for):
    phone, staff = client_for(chen.user), client_for(world.wumei_staff)
    with clock.frozen(NOW):
        applied = post(phone, f"{BASE}/me/apply", {"note": "可提供义诊"})
        assert applied.status_code == 201 and applied.json()["kind"] == "first"
        assert post(phone, f"{BASE}/me/apply").status_code == 400
        queue = staff.get(f"{BASE}/reports").json()
        assert queue["count"] == 1 and queue["items"][0]["name"] == "陈志刚"
        assert client_for(world.nanmen_staff).get(f"{BASE}/reports").json()["count"] == 0
        report_id = applied.json()["id"]
        assert post(client_for(world.nanmen_staff), f"{BASE}/reports/{report_id}/confirm").status_code == 404
        assert post(client_for(world.liaison), f"{BASE}/reports/{report_id}/confirm").status_code == 404
        confirmed = post(staff, f"{BASE}/reports/{report_id}/confirm")
        assert confirmed.status_code == 200 and confirmed.json()["valid_until"] == "2026-11-12"
        assert post(staff, f"{BASE}/reports/{report_id}/confirm").status_code == 400
        me = phone.get(f"{BASE}/me").json()
    assert me["registration"]["status"] == "current" and me["registration"]["community_name"] == "五美社区"
    assert me["pending"] is None and me["home_community_name"] == "五美社区"


def test_return_needs_a_reason(world, chen, client_for):
    report = services.apply_to_report(actor=chen.user, member=chen.member)
    staff = client_for(world.wumei_staff)
    assert post(staff, f"{BASE}/reports/{report.pk}/return", {"reason": ""}).status_code == 400
    assert post(staff, f"{BASE}/reports/{report.pk}/return", {"reason": "长" * 301}).status_code == 422
    assert post(staff, f"{BASE}/reports/{report.pk}/return", {}).status_code == 422
    assert InServiceReport.objects.get().status == "pending"
    done = post(staff, f"{BASE}/reports/{report.pk}/return", {"reason": "不在本社区居住"})
    assert done.status_code == 200 and done.json()["status"] == "returned"


def test_me_is_for_in_service_members_only(world, client_for):
    for user in (world.resident, world.liaison, world.wumei_staff):
        assert client_for(user).get(f"{BASE}/me").status_code == 404
        assert post(client_for(user), f"{BASE}/me/apply").status_code == 404


def test_the_unit_follows_hours_and_reads_the_masked_card(world, chen, client_for):
    with clock.frozen(at(2026, 3, 2)):
        services.confirm_report(actor=world.wumei_staff,
                                report=services.apply_to_report(actor=chen.user, member=chen.member))
    services.set_yearly_target(actor=world.district_staff, district=world.xiangshan, year=2026, hours=50)
    confirmed_hours(chen.person, world.wumei, dt.date(2026, 4, 18), "3.5", content="文明劝导")
    liaison = client_for(world.liaison)
    with clock.frozen(NOW):
        members = liaison.get(f"{BASE}/members").json()["items"]
        row = next(m for m in members if m["id"] == chen.member.pk)
        assert row["hours_year"] == 3.5 or row["hours_year"] == "3.5"
        assert row["target_hours"] == 50 and row["registration"]["status"] == "current"
        detail = liaison.get(f"{BASE}/members/{chen.member.pk}").json()
        assert [q["card_available"] for q in detail["quarters"]] == [True, True, False, False]
        card = liaison.get(f"{BASE}/members/{chen.member.pk}/cards/2026/2").json()
        assert card["name"] == "陈**" and "*" in card["id_number"] and card["entries"][0]["content"] == "文明劝导"
        assert liaison.get(f"{BASE}/members/{chen.member.pk}/cards/2026/4").status_code == 404
        assert liaison.get(f"{BASE}/members/{chen.member.pk}/cards/2026/9").status_code == 404
        lapsed = liaison.get(f"{BASE}/members?status=lapsed").json()["items"]
    assert chen.member.pk not in [m["id"] for m in lapsed]


def test_out_of_scope_is_404(world, chen, client_for):
    school = add_school(world)
    pk = chen.member.pk
    with clock.frozen(NOW):
        for user in (school.liaison, world.nanmen_staff, world.wumei_grid_worker, world.resident, chen.user):
            client = client_for(user)
            assert client.get(f"{BASE}/members/{pk}").status_code == 404, user
            assert client.get(f"{BASE}/members/{pk}/cards/2026/1").status_code == 404, user
            assert pk not in [m["id"] for m in client.get(f"{BASE}/members").json()["items"]]


def test_targets_through_the_api(world, client_for):
    district = client_for(world.district_staff)
    body = {"district_id": world.xiangshan.pk, "year": 2026, "hours": 1001}
    assert post(district, f"{BASE}/targets", body).status_code == 400
    assert post(district, f"{BASE}/targets", {**body, "hours": -1}).status_code == 400
    assert post(district, f"{BASE}/targets", {**body, "year": 1900, "hours": 50}).status_code == 422
    assert post(client_for(world.street_staff), f"{BASE}/targets", {**body, "hours": 50}).status_code == 404
    assert post(district, f"{BASE}/targets", {**body, "district_id": world.xiangshan_street.pk,
                                                "hours": 50}).status_code == 404
    assert not YearlyServiceTarget.objects.exists()
    done = post(district, f"{BASE}/targets", {**body, "hours": 50})
    assert done.status_code == 200 and done.json()["hours"] == 50
    assert district.get(f"{BASE}/targets?year=2026").json()[0]["district_name"] == "象山区"
