"""Duty roster and team endpoints: every action through the API with the same rules as the pages; out of scope is
404, refused input 400 with a Chinese message and nothing written."""

import datetime as dt
import json

import pytest
from django.urls import reverse

from gongzhi.core import clock
from gongzhi.people.models import TeamMembership, VolunteerTeam
from gongzhi.volunteering.models import HoursEntry, Roster, ShiftSignup
from gongzhi.volunteering.tests import rosters_world
from gongzhi.volunteering.tests.rosters_world import at

pytestmark = pytest.mark.django_db
duty = pytest.fixture(rosters_world.duty_fixture, name="duty")
frozen = pytest.fixture(rosters_world.frozen_fixture, name="frozen")


def _post(client, url, data=None):
    return client.post(url, json.dumps(data or {}), content_type="application/json")


def test_a_member_signs_up_and_cancels_through_the_api(duty, frozen, client_for):
    c = client_for(duty.world.volunteer)
    shifts = c.get(reverse("api:upcoming_shifts")).json()["items"]
    assert shifts[0]["id"] == duty.shift.pk and shifts[0]["free"] == 2 and len(shifts) == 2  # 15 and 22 May
    response = _post(c, reverse("api:sign_up", args=[duty.shift.pk]))
    assert response.status_code == 201, response.content
    signup = response.json()
    assert c.get(reverse("api:get_shift", args=[duty.shift.pk])).json()["mine"] is True
    again = _post(c, reverse("api:sign_up", args=[duty.shift.pk]))
    assert again.status_code == 400 and "已报名" in again.json()["message"]
    assert _post(c, reverse("api:cancel_signup", args=[signup["id"]])).json()["status"] == "cancelled"


def test_the_captain_sees_gaps_and_records_attendance_staff_confirm(duty, frozen, client_for):
    w = duty.world
    _post(client_for(w.volunteer), reverse("api:sign_up", args=[duty.shift.pk]))
    captain = client_for(duty.captain)
    gaps = captain.get(reverse("api:gap_shifts")).json()["items"]
    assert duty.shift.pk in [g["id"] for g in gaps]
    signups = captain.get(reverse("api:shift_signups", args=[duty.shift.pk])).json()
    assert signups[0]["phone"] == "150****3333"
    with clock.frozen(at(2026, 5, 15, 22)):
        assert _post(client_for(w.volunteer), reverse("api:record_attendance", args=[duty.shift.pk]),
                     {"served": [duty.liu.pk]}).status_code == 404
        bad = _post(captain, reverse("api:record_attendance", args=[duty.shift.pk]), {"served": ["abc"]})
        assert bad.status_code == 422
        entries = _post(captain, reverse("api:record_attendance", args=[duty.shift.pk]), {"served": [duty.liu.pk]})
        assert entries.status_code == 200 and entries.json()[0]["status"] == "pending"
        staff = client_for(w.wumei_staff)
        pending = staff.get(reverse("api:pending_hours")).json()["items"]
        assert [p["hours"] for p in pending] == [2.0]
        assert _post(client_for(w.nanmen_staff), reverse("api:confirm_hours"),
                     {"ids": [pending[0]["id"]]}).status_code == 404
        assert _post(captain, reverse("api:confirm_hours"), {"ids": [pending[0]["id"]]}).status_code == 404
        assert _post(staff, reverse("api:confirm_hours"), {"ids": [pending[0]["id"]]}).json() == {"confirmed": 1}
    assert HoursEntry.objects.get().status == "confirmed"


@pytest.mark.parametrize("bad", [{"slots": -1}, {"slots": 0}, {"slots": "abc"}, {"ends_at": "19:00"},
                                 {"starts_at": "ab:cd"}, {"weekday": 9}, {"title": ""}])
def test_bad_roster_input_is_refused_and_changes_nothing(duty, frozen, client_for, bad):
    before = Roster.objects.count()
    data = {"team_id": duty.team.pk, "title": "周日巡逻", "weekday": 6, "starts_at": "19:30", "ends_at": "21:30",
            "slots": 2, **bad}
    response = _post(client_for(duty.world.wumei_staff), reverse("api:create_roster"), data)
    assert response.status_code in (400, 422), response.content
    assert response.json()["message"]
    assert Roster.objects.count() == before


def test_creating_rosters_is_for_managers_and_scope_is_404(duty, frozen, client_for):
    w = duty.world
    data = {"team_id": duty.team.pk, "title": "周日巡逻", "weekday": 6, "starts_at": "19:30", "ends_at": "21:30",
            "slots": 2}
    assert _post(client_for(w.nanmen_staff), reverse("api:create_roster"), data).status_code == 404
    assert _post(client_for(w.volunteer), reverse("api:create_roster"), data).status_code == 404
    assert _post(client_for(duty.captain), reverse("api:create_roster"), data).status_code == 201
    for user in (w.nanmen_staff, w.resident, w.outsider):
        c = client_for(user)
        assert c.get(reverse("api:get_shift", args=[duty.shift.pk])).status_code == 404
        assert _post(c, reverse("api:sign_up", args=[duty.shift.pk])).status_code == 404
        assert c.get(reverse("api:get_team", args=[duty.team.pk])).status_code == 404
    assert ShiftSignup.objects.count() == 0


def test_team_endpoints(duty, frozen, client_for):
    w = duty.world
    staff = client_for(w.wumei_staff)
    teams = {t["name"]: t for t in staff.get(reverse("api:list_teams")).json()["items"]}
    assert teams["红袖标安全卫士巡逻队"]["member_count"] == 3 and teams["红袖标安全卫士巡逻队"]["captain_name"] == "陈国强"
    detail = staff.get(reverse("api:get_team", args=[duty.team.pk])).json()
    assert {m["name"] for m in detail["members"]} == {"陈国强", "刘洋", "周梅"}
    assert len(detail["hours_by_month"]) == 12
    left = _post(staff, reverse("api:leave_team_api", args=[duty.team.pk, duty.zhou_volunteer.pk]), {})
    assert left.status_code == 200 and left.json()["left_on"] == "2026-05-11"
    rejoined = _post(staff, reverse("api:join_team_api", args=[duty.team.pk]), {"volunteer_id": duty.zhou_volunteer.pk})
    assert rejoined.json()["member_count"] == 3 and len(rejoined.json()["history"]) == 4
    bad = _post(staff, reverse("api:join_team_api", args=[duty.team.pk]), {"volunteer_id": duty.zhou_volunteer.pk})
    assert bad.status_code == 400
    future = _post(staff, reverse("api:leave_team_api", args=[duty.team.pk, duty.zhou_volunteer.pk]),
                   {"on": (clock.today() + dt.timedelta(days=3)).isoformat()})
    assert future.status_code == 400 and TeamMembership.objects.current().filter(team=duty.team).count() == 3
    captain = _post(staff, reverse("api:set_captain_api", args=[duty.team.pk]), {"volunteer_id": duty.liu.pk})
    assert captain.json()["captain_name"] == "刘洋"
    # the captain is no staff: naming a captain is not theirs; a member leaves on their own
    assert _post(client_for(duty.captain), reverse("api:set_captain_api", args=[duty.team.pk]),
                 {"volunteer_id": duty.captain_volunteer.pk}).status_code in (404, 403)
    assert _post(client_for(duty.zhou), reverse("api:leave_team_api", args=[duty.team.pk, duty.zhou_volunteer.pk]),
                 {}).status_code == 200
    created = _post(staff, reverse("api:create_team_api"), {"name": "五美文明劝导队", "community_id": w.wumei.pk,
                                                            "kind": "persuasion"})
    assert created.status_code == 201 and created.json()["kind_label"] == "文明劝导"
    assert _post(client_for(w.nanmen_staff), reverse("api:create_team_api"),
                 {"name": "x", "community_id": w.wumei.pk}).status_code == 404
    assert VolunteerTeam.objects.filter(name="x").count() == 0
