"""The joint-meeting pages: list with filters, a new meeting, the meeting page with its actions (bad input shown as
a Chinese form error, nothing written), the task pages and "my tasks" for each kind of owner, 404 out of scope."""

import datetime as dt

import pytest
from django.urls import reverse

from gongzhi.core import clock
from gongzhi.meetings import services
from gongzhi.meetings.models import Invitation, JointMeeting, Task, TaskStatus
from gongzhi.meetings.tests.conftest import at, hold


def test_the_list_shows_meetings_in_scope_with_filters(world, m, client_for):
    hold(world, at(2026, 2, 24), kind="six_party")
    page = client_for(world.wumei_staff).get(reverse("meetings:list"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "五美社区合伙人月度例会（2026年1月）" in text and "五美社区六方议事（2026年2月）" in text
    filtered = client_for(world.wumei_staff).get(reverse("meetings:list") + "?kind=six_party").content.decode()
    assert "六方议事（2026年2月）" in filtered and "月度例会（2026年1月）" not in filtered
    assert "月度例会（2026年1月）" not in client_for(world.nanmen_staff).get(reverse("meetings:list")).content.decode()
    # the invited unit's liaison sees it; a resident is sent to the resident shell
    assert "月度例会（2026年1月）" in client_for(world.liaison).get(reverse("meetings:list")).content.decode()
    assert client_for(world.resident).get(reverse("meetings:list")).status_code == 302


def test_staff_create_a_meeting_with_invitations(world, client_for):
    client = client_for(world.wumei_staff)
    assert client.get(reverse("meetings:create")).status_code == 200
    response = client.post(reverse("meetings:create"), {
        "community": world.wumei.pk, "kind": "six_party", "starts_at": "2026-04-10T09:30", "place": "五美社区议事厅",
        "convener": "五美社区党委", "organisations": [world.hospital.pk], "departments": [world.judicial_office.pk]})
    meeting = JointMeeting.objects.get()
    assert response.status_code == 302 and response.url == reverse("meetings:detail", args=[meeting.pk])
    assert meeting.invitations.count() == 2


def test_it_requires_a_runner_to_create(world, client_for):
    assert client_for(world.liaison).get(reverse("meetings:create")).status_code == 404
    assert client_for(world.district_staff).get(reverse("meetings:create")).status_code == 404


def test_the_meeting_page_shows_agenda_with_carried_over_tasks_attendance_and_resolutions(world, m, client_for):
    february = hold(world, at(2026, 2, 24))
    services.add_agenda_item(actor=world.wumei_staff, meeting=february, title="春节后环境整治")
    text = client_for(world.wumei_staff).get(reverse("meetings:detail", args=[february.pk])).content.decode()
    assert "往次会议未办结事项" in text and "五美路人行道破损修复" in text and "春节后环境整治" in text
    assert "桂林市中医医院" in text and "象山街道司法所" in text
    january = client_for(world.wumei_staff).get(reverse("meetings:detail", args=[m.january.pk])).content.decode()
    assert reverse("meetings:task", args=[m.task.pk]) in january  # the meeting links to its tasks
    task_page = client_for(world.wumei_staff).get(reverse("meetings:task", args=[m.task.pk])).content.decode()
    assert reverse("meetings:detail", args=[m.january.pk]) in task_page  # the task links back to its meeting


def test_a_resolution_without_owner_is_a_form_error_and_nothing_is_written(world, m, client_for):
    client = client_for(world.wumei_staff)
    response = client.post(reverse("meetings:resolution", args=[m.january.pk]),
                           {"title": "修复路灯", "deadline": "2026-02-10", "owner": ""})
    assert response.status_code == 400
    assert "请指定决议事项的责任方" in response.content.decode()
    response = client.post(reverse("meetings:resolution", args=[m.january.pk]),
                           {"title": "修复路灯", "deadline": "2026-01-02", "owner": f"organisation:{world.hospital.pk}"})
    assert "不能早于会议日期" in response.content.decode()
    assert Task.objects.count() == 1
    response = client.post(reverse("meetings:resolution", args=[m.january.pk]),
                           {"title": "修复路灯", "deadline": "2026-02-10", "owner": f"user:{world.wumei_grid_worker.pk}"})
    assert response.status_code == 302 and Task.objects.count() == 2


def test_minutes_twice_is_refused_on_the_page(world, m, client_for):
    client = client_for(world.wumei_staff)
    url = reverse("meetings:minutes", args=[m.january.pk])
    assert client.post(url, {"minutes": "一、通报"}).status_code == 302
    response = client.post(url, {"minutes": "二、改写"})
    assert response.status_code == 400 and "会议纪要已记录，不能重复记录" in response.content.decode()
    m.january.refresh_from_db()
    assert m.january.minutes == "一、通报"


def test_attendance_on_the_page(world, m, client_for):
    invitation = Invitation.objects.get(meeting=m.january, organisation=world.hospital)
    client = client_for(world.wumei_staff)
    client.post(reverse("meetings:attendance", args=[m.january.pk, invitation.pk]), {"attended": "no"})
    invitation.refresh_from_db()
    assert invitation.attendance == "pending"  # no reason: refused
    client.post(reverse("meetings:attendance", args=[m.january.pk, invitation.pk]),
                {"attended": "no", "absence_reason": "院内应急演练"})
    invitation.refresh_from_db()
    assert (invitation.attendance, invitation.absence_reason) == ("absent", "院内应急演练")


def test_the_liaison_updates_progress_from_my_tasks(world, m, client_for):
    client = client_for(world.liaison)
    mine = client.get(reverse("meetings:my_tasks")).content.decode()
    assert "五美路人行道破损修复" in mine
    response = client.post(reverse("meetings:task", args=[m.task.pk]), {"note": "已完成一半", "percent": "50"})
    assert response.status_code == 302
    m.task.refresh_from_db()
    assert m.task.percent == 50
    response = client.post(reverse("meetings:task", args=[m.task.pk]), {"note": "已完成一半", "percent": "150"})
    assert response.status_code == 400
    m.task.refresh_from_db()
    assert m.task.percent == 50


def test_the_captain_sees_and_updates_his_team_task_on_the_phone(world, team, client_for):
    meeting = hold(world, at(2026, 3, 18))
    task = services.add_resolution(actor=world.wumei_staff, meeting=meeting, title="夜间巡逻增加文化里",
                                   deadline=dt.date(2026, 4, 30), owner_team=team)
    client = client_for(world.volunteer)
    assert "夜间巡逻增加文化里" in client.get(reverse("meetings:m_tasks")).content.decode()
    response = client.post(reverse("meetings:m_task", args=[task.pk]), {"note": "已排班", "done": "on"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    assert client_for(world.resident).get(reverse("meetings:m_task", args=[task.pk])).status_code == 404


def test_out_of_scope_pages_are_404(world, m, client_for):
    for user in (world.nanmen_staff, world.receiver):
        client = client_for(user)
        assert client.get(reverse("meetings:task", args=[m.task.pk])).status_code == 404
    assert client_for(world.nanmen_staff).get(reverse("meetings:detail", args=[m.january.pk])).status_code == 404
    # the liaison sees the meeting but may not act on it
    liaison = client_for(world.liaison)
    assert liaison.get(reverse("meetings:detail", args=[m.january.pk])).status_code == 200
    assert liaison.post(reverse("meetings:minutes", args=[m.january.pk]), {"minutes": "x"}).status_code == 404


def test_overdue_reminder_shows_on_my_tasks(world, m, client_for):
    with clock.frozen(at(2026, 3, 5, 8)):
        assert services.sweep_overdue() == 1
        text = client_for(world.liaison).get(reverse("meetings:my_tasks")).content.decode()
    assert "逾期提醒" in text and "已逾期（完成时限 2026-02-28" in text


@pytest.mark.parametrize("name", ["meetings:list", "meetings:tasks", "meetings:my_tasks"])
def test_pages_render_for_the_district(world, m, client_for, name):
    assert client_for(world.district_staff).get(reverse(name)).status_code == 200
