"""The space platform's API: every action, 400 with a Chinese message on bad input (nothing written), 404 out of
scope, the preview before submitting, and other applicants' bookings shown only as taken slots."""

import json

from gongzhi.spaces.models import Application, Booking, BookingStatus
from gongzhi.spaces.tests.conftest import FRIDAY, TERM_END, weekly_class


def _post(client, url, body, method="post"):
    return getattr(client, method)(url, data=json.dumps(body, default=str), content_type="application/json")


def _slot(s, **extra):
    body = {"venue_id": s.hall.pk, "first_date": FRIDAY, "starts": "19:00", "ends": "20:30", "attendance": 30,
            "repeat_until": TERM_END}
    body.update(extra)
    return body


def test_a_partner_previews_applies_and_staff_approve_through_the_api(world, spaces, client_for):
    s = spaces
    liaison, staff = client_for(s.merchant_liaison), client_for(world.wumei_staff)
    assert [a["key"] for a in liaison.get(f"/api/v1/spaces/venues/{s.hall.pk}/applicants").json()] == [
        f"partner:{s.partner.pk}"]
    preview = _post(liaison, "/api/v1/spaces/preview", _slot(s)).json()
    assert preview["ok"] and len(preview["occurrences"]) == 17
    r = _post(liaison, "/api/v1/spaces/applications", {**_slot(s), "applicant": f"partner:{s.partner.pk}",
                                                       "purpose": "书法兴趣班", "exchange_service": "免费书法课"})
    assert r.status_code == 201, r.content
    application = r.json()
    assert application["status"] == "applied" and application["exchange_service"] == "免费书法课"
    assert _post(liaison, f"/api/v1/spaces/applications/{application['id']}/approve", {}).status_code == 404
    r = _post(staff, f"/api/v1/spaces/applications/{application['id']}/approve", {"note": "同意"})
    assert r.json()["status"] == "approved"
    bookings = liaison.get(f"/api/v1/spaces/applications/{application['id']}/bookings").json()
    r = _post(liaison, f"/api/v1/spaces/bookings/{bookings[2]['id']}/cancel", {"reason": "老师出差"})
    assert r.json()["status"] == "cancelled"
    commitments = liaison.get("/api/v1/spaces/commitments").json()["items"]
    assert commitments[0]["status"] == "active"


def test_a_clash_is_400_naming_the_date_and_nothing_is_written(world, spaces, client_for):
    s = spaces
    weekly_class(world, s)
    r = _post(client_for(world.wumei_staff), "/api/v1/spaces/applications",
              {**_slot(s, repeat_until=None, first_date="2026-03-13", starts="20:00", ends="21:00"),
               "applicant": f"team:{s.team.pk}", "purpose": "例会"})
    assert r.status_code == 400
    assert "2026年3月13日（周五）19:00—20:30" in r.json()["message"]
    assert Application.objects.count() == 1


def test_bad_input_is_400_in_chinese(world, spaces, client_for):
    s = spaces
    staff = client_for(world.wumei_staff)
    base = {"applicant": f"team:{s.team.pk}", "purpose": "例会"}
    for extra, text in [({"starts": "21:00", "ends": "20:00"}, "结束时间须晚于开始时间"),
                        ({"attendance": 200}, "超过党群服务中心多功能厅的容纳人数 80 人"),
                        ({"starts": "06:00", "ends": "07:00"}, "超出开放时间")]:
        r = _post(staff, "/api/v1/spaces/applications", {**_slot(s, repeat_until=None), **base, **extra})
        assert r.status_code == 400 and text in r.json()["message"], (extra, r.content)
    assert Booking.objects.count() == 0
    r = _post(staff, f"/api/v1/spaces/venues/{s.room.pk}/hours",
              {"hours": [{"weekday": 0, "opens": "17:00", "closes": "09:00"}]}, method="put")
    assert r.status_code == 400 and "须晚于开放时间" in r.json()["message"]
    r = _post(staff, "/api/v1/spaces/venues", {"community_id": world.wumei.pk, "name": "菜园3号地", "capacity": 0})
    assert r.status_code == 400 and "容纳人数" in r.json()["message"]


def test_it_requires_scope_for_every_endpoint(world, spaces, client_for):
    s = spaces
    application = weekly_class(world, s)
    booking = application.bookings.first()
    nanmen = client_for(world.nanmen_staff)
    assert nanmen.get(f"/api/v1/spaces/venues/{s.hall.pk}").status_code == 404
    assert nanmen.get(f"/api/v1/spaces/applications/{application.pk}").status_code == 404
    assert _post(nanmen, f"/api/v1/spaces/applications/{application.pk}/approve", {}).status_code == 404
    assert _post(nanmen, f"/api/v1/spaces/bookings/{booking.pk}/cancel", {}).status_code == 404
    assert _post(nanmen, f"/api/v1/spaces/venues/{s.hall.pk}/closures",
                 {"starts_on": "2026-05-01", "ends_on": "2026-05-02", "reason": "x"}).status_code == 404
    assert _post(nanmen, f"/api/v1/spaces/commitments/{application.commitment.pk}/fulfilments",
                 {"date": "2026-03-06", "content": "x", "person_times": 3}).status_code == 404
    # a resident of 五美 sees the hall and the taken slots, but not who took them
    resident = client_for(world.resident)
    assert resident.get(f"/api/v1/spaces/venues/{s.hall.pk}").status_code == 200
    week = resident.get(f"/api/v1/spaces/venues/{s.hall.pk}/bookings?week=2026-03-06").json()
    assert week and week[0]["purpose"] is None and week[0]["applicant"] is None
    assert resident.get(f"/api/v1/spaces/applications/{application.pk}").status_code == 404
    assert _post(resident, f"/api/v1/spaces/bookings/{booking.pk}/cancel", {}).status_code == 404
    # applying for somebody else is 404 too
    r = _post(resident, "/api/v1/spaces/applications", {**_slot(s, repeat_until=None, first_date="2026-03-07"),
                                                        "applicant": f"partner:{s.partner.pk}", "purpose": "x"})
    assert r.status_code == 404
    assert client_for(world.outsider).get("/api/v1/spaces/venues").json()["items"] == []
    assert client_for(world.resident).get("/api/v1/spaces/usage").status_code == 404


def test_a_resident_applies_for_herself_and_cancels(world, spaces, client_for):
    s = spaces
    resident = client_for(world.resident)
    keys = [a["key"] for a in resident.get(f"/api/v1/spaces/venues/{s.room.pk}/applicants").json()]
    assert keys == [f"resident:{world.resident_person.pk}"]
    r = _post(resident, "/api/v1/spaces/applications",
              {"venue_id": s.room.pk, "first_date": "2026-03-04", "starts": "10:00", "ends": "11:00",
               "attendance": 6, "applicant": keys[0], "purpose": "读书会"})
    assert r.status_code == 201 and r.json()["applicant"] == "王秀英"
    r = _post(resident, f"/api/v1/spaces/applications/{r.json()['id']}/cancel", {"reason": "改期"})
    assert r.json()["status"] == "cancelled"
    assert Booking.objects.get().status == BookingStatus.CANCELLED


def test_staff_manage_venues_and_read_usage(world, spaces, client_for):
    s = spaces
    staff = client_for(world.wumei_staff)
    r = _post(staff, "/api/v1/spaces/venues", {"community_id": world.wumei.pk, "name": "共享菜园1号地",
                                               "kind": "garden_plot", "capacity": 4})
    assert r.status_code == 201
    plot = r.json()["id"]
    r = _post(staff, f"/api/v1/spaces/venues/{plot}/hours",
              {"hours": [{"weekday": d, "opens": "07:00", "closes": "10:00"} for d in range(7)]
               + [{"weekday": d, "opens": "16:00", "closes": "19:00"} for d in range(7)]}, method="put")
    assert r.status_code == 200 and len(r.json()["hours"]) == 14
    r = _post(staff, f"/api/v1/spaces/venues/{plot}", {"active": False})
    assert r.json()["active"] is False
    r = _post(staff, f"/api/v1/spaces/venues/{s.hall.pk}/closures",
              {"starts_on": "2026-05-01", "ends_on": "2026-05-05", "reason": "劳动节放假"})
    assert r.status_code == 201
    usage = staff.get("/api/v1/spaces/usage?period=2026-03").json()
    assert {u["venue_name"] for u in usage} == {"党群服务中心多功能厅", "会议室", "共享菜园1号地"}
    assert staff.get(f"/api/v1/spaces/venues/{s.hall.pk}/usage?period=7").json()["open_hours"] > 0
    assert "/api/v1/spaces/preview" in staff.get("/api/v1/openapi.json").json()["paths"]
