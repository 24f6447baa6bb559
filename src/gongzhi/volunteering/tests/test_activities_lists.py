"""The activities list (lists.Activity) carries what volunteering needs: an end, an organising team, open or
team-only recruitment, a quota and a cancellation cut-off — through the workbench form and the API, validated by
the lists' service (an end after the start, a plausible length, a quota within bounds), bad input changing nothing."""

import pytest
from django.urls import reverse

from gongzhi.lists.models import Activity, Category
from gongzhi.people.models import VolunteerTeam

pytestmark = pytest.mark.django_db


def _form(world, **extra):
    return {"community": world.wumei.pk, "title": "学雷锋志愿服务日", "category": Category.objects.get(code="repairs").pk,
            "starts_at": "2026-03-05T09:00", "place": "五美社区党群服务中心", **extra}


def test_staff_register_a_recruiting_activity_on_the_workbench(world, client_for):
    team = VolunteerTeam.objects.create(name="学雷锋志愿服务队", community=world.wumei, speciality="关爱帮扶")
    client = client_for(world.wumei_staff)
    page = client.get(reverse("lists:activity_new")).content.decode()
    assert "志愿者招募" in page and "学雷锋志愿服务队" in page
    client.post(reverse("lists:activity_new"), _form(world, ends_at="2026-03-05T12:00", recruitment="team",
                                                     organiser_team=team.pk, quota="12", cancel_cutoff_hours="4"))
    activity = Activity.objects.get()
    assert (activity.recruitment, activity.quota, activity.cancel_cutoff_hours) == ("team", 12, 4)
    assert activity.organiser_team == team and str(activity.length_hours) == "3.0"
    detail = client.get(reverse("lists:activity", args=[activity.pk])).content.decode()
    assert "仅限本队队员" in detail and "报名与签到" in detail


@pytest.mark.parametrize(("extra", "message"), [
    ({"ends_at": "2026-03-05T08:00", "recruitment": "open", "quota": "5"}, "结束时间须晚于开始时间"),
    ({"ends_at": "2026-03-06T09:00", "recruitment": "open", "quota": "5"}, "一场活动最长"),
    ({"recruitment": "open", "quota": "5"}, "须填写结束时间"),
    ({"ends_at": "2026-03-05T12:00", "recruitment": "open"}, "招募人数须在"),
    ({"ends_at": "2026-03-05T12:00", "recruitment": "team", "quota": "5"}, "须选择组织队伍"),
    ({"ends_at": "2026-03-05T12:00", "recruitment": "open", "quota": "0"}, ""),
])
def test_bad_recruitment_is_a_form_error_and_changes_nothing(world, client_for, extra, message):
    response = client_for(world.wumei_staff).post(reverse("lists:activity_new"), _form(world, **extra))
    assert response.status_code == 200 and message in response.content.decode()
    assert not Activity.objects.exists()


def test_the_api_carries_the_new_fields(world, client_for):
    client = client_for(world.wumei_staff)
    body = {"community_id": world.wumei.pk, "title": "五美社区环境清洁日", "category": "environment",
            "starts_at": "2026-04-11T08:00:00+08:00", "ends_at": "2026-04-11T11:00:00+08:00", "place": "中心花园",
            "recruitment": "open", "quota": 15, "cancel_cutoff_hours": 2}
    response = client.post("/api/v1/lists/activities", body, content_type="application/json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["recruitment"] == "open" and data["quota"] == 15 and data["ends_at"].startswith("2026-04-11T11")
    bad = client.post("/api/v1/lists/activities", {**body, "quota": 10**12}, content_type="application/json")
    assert bad.status_code == 400 and "招募人数须在" in bad.json()["message"]
    assert Activity.objects.count() == 1
