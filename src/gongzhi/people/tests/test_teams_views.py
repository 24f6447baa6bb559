"""The workbench's team pages: the list with kind, captain, current members and confirmed hours; a team's members
(phones per role), history and monthly hours; joining, leaving and naming the captain; scope is 404."""

import datetime as dt

import pytest
from django.urls import reverse

from gongzhi.core import clock
from gongzhi.people.models import TeamMembership, VolunteerTeam
from gongzhi.volunteering.tests import rosters_world

pytestmark = pytest.mark.django_db
duty = pytest.fixture(rosters_world.duty_fixture, name="duty")
frozen = pytest.fixture(rosters_world.frozen_fixture, name="frozen")


def test_the_team_list_shows_kind_captain_members_and_hours(duty, frozen, client_for):
    page = client_for(duty.world.wumei_staff).get(reverse("people:teams")).content.decode()
    assert "红袖标安全卫士巡逻队" in page and "陈国强" in page and "南门文明劝导队" not in page
    street = client_for(duty.world.street_staff).get(reverse("people:teams") + "?kind=persuasion").content.decode()
    assert "南门文明劝导队" in street and "红袖标安全卫士巡逻队" not in street


def test_phones_on_the_team_page_follow_the_role(duty, frozen, client_for):
    url = reverse("people:team_detail", args=[duty.team.pk])
    assert "13907730002" in client_for(duty.world.wumei_staff).get(url).content.decode()
    street = client_for(duty.world.street_staff).get(url).content.decode()
    assert "13907730002" not in street and "139****0002" in street


def test_staff_join_leave_and_name_the_captain_from_the_page(duty, frozen, client_for):
    w = duty.world
    c = client_for(w.wumei_staff)
    membership = TeamMembership.objects.current().get(team=duty.team, volunteer=duty.zhou_volunteer)
    c.post(reverse("people:team_leave", args=[duty.team.pk]), {"membership": membership.pk})
    assert TeamMembership.objects.current().filter(team=duty.team).count() == 2
    c.post(reverse("people:team_join", args=[duty.team.pk]), {"volunteer": "13907730002"})
    assert TeamMembership.objects.current().filter(team=duty.team).count() == 3
    c.post(reverse("people:team_captain", args=[duty.team.pk]), {"volunteer": duty.liu.pk})
    assert VolunteerTeam.objects.get(pk=duty.team.pk).captain == duty.liu
    response = c.post(reverse("people:team_join", args=[duty.team.pk]), {"volunteer": "无此人"}, follow=True)
    assert "没有找到该注册志愿者" in response.content.decode()
    for bad in ({"membership": "abc"}, {"membership": "-1"}, {"membership": membership.pk, "on": "2999-01-01"}):
        c.post(reverse("people:team_leave", args=[duty.team.pk]), bad)
    assert TeamMembership.objects.current().filter(team=duty.team).count() == 3
    future = (clock.today() + dt.timedelta(days=5)).isoformat()
    c.post(reverse("people:team_join", args=[duty.team.pk]), {"volunteer": "13607731111", "on": future})
    assert TeamMembership.objects.filter(team=duty.team).count() == 4  # 3 current + 周梅's closed spell


def test_out_of_scope_is_404(duty, frozen, client_for):
    w = duty.world
    for user in (w.nanmen_staff, w.liaison):
        c = client_for(user)
        assert c.get(reverse("people:team_detail", args=[duty.team.pk])).status_code == 404
        assert c.post(reverse("people:team_join", args=[duty.team.pk]), {"volunteer": "13907730002"}).status_code == 404
    # community staff manage members, but the captain is named by staff only (a street's staff may too)
    assert client_for(w.street_staff).post(reverse("people:team_captain", args=[duty.team.pk]),
                                           {"volunteer": duty.liu.pk}).status_code == 302


def test_staff_found_a_team_and_correct_its_kind(duty, frozen, client_for):
    w = duty.world
    c = client_for(w.wumei_staff)
    assert c.get(reverse("people:team_new")).status_code == 200
    for bad in ({"kind": "pirates"}, {"community": str(w.nanmen.pk)}, {"name": ""}, {"community": "abc"}):
        data = {"community": w.wumei.pk, "name": "五美文明劝导二队", "kind": "persuasion", **bad}
        assert c.post(reverse("people:team_new"), data).status_code == 200
    assert not VolunteerTeam.objects.filter(name="五美文明劝导二队").exists()
    response = c.post(reverse("people:team_new"), {"community": w.wumei.pk, "name": "五美文明劝导二队",
                                                   "kind": "persuasion", "speciality": "路口劝导"})
    team = VolunteerTeam.objects.get(name="五美文明劝导二队")
    assert response.status_code == 302 and team.kind == "persuasion"
    c.post(reverse("people:team_edit", args=[team.pk]), {"kind": "leifeng", "speciality": "助老"})
    assert VolunteerTeam.objects.get(pk=team.pk).kind == "leifeng"
    assert client_for(w.resident).get(reverse("people:team_new")).status_code in (302, 404)
    assert client_for(w.liaison).get(reverse("people:team_new")).status_code == 404
