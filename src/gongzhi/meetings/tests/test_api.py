"""The joint-meeting API: every action through /api/v1/meetings, 400 with a Chinese message on bad input (nothing
written), 404 out of scope, and the endpoints in the OpenAPI document."""

import json

from gongzhi.core import clock
from gongzhi.meetings.models import AgendaItem, Invitation, JointMeeting, Task, TaskReminder
from gongzhi.meetings.tests.conftest import at

API = "/api/v1/meetings"


def post(client, url, body):
    return client.post(API + url, json.dumps(body), content_type="application/json")


def test_a_meeting_from_convening_to_a_done_task(world, client_for):
    staff = client_for(world.wumei_staff)
    r = post(staff, "/meetings", {"community_id": world.wumei.pk, "kind": "partner_monthly",
                                  "starts_at": "2026-01-20T15:00:00+08:00", "place": "党群服务中心",
                                  "convener": "五美社区党委", "organisation_ids": [world.hospital.pk]})
    assert r.status_code == 201, r.content
    meeting_id = r.json()["id"]
    assert r.json()["title"] == "五美社区合伙人月度例会（2026年1月）"
    assert post(staff, f"/meetings/{meeting_id}/invitations", {"department_id": world.judicial_office.pk}
                ).status_code == 201
    assert post(staff, f"/meetings/{meeting_id}/agenda", {"title": "通报工作"}).status_code == 201
    r = post(staff, f"/meetings/{meeting_id}/attendance", {"organisation_id": world.hospital.pk, "attended": True,
                                                          "attendees": "周丽华"})
    assert r.status_code == 200 and r.json()["invitations"][0]["attendance"] == "attended"
    r = post(staff, f"/meetings/{meeting_id}/resolutions", {"title": "修复人行道", "deadline": "2026-02-28",
                                                           "owner_organisation_id": world.hospital.pk})
    assert r.status_code == 201
    task_id = r.json()["id"]
    assert post(staff, f"/meetings/{meeting_id}/minutes", {"minutes": "一、通报"}).status_code == 200
    assert post(staff, f"/meetings/{meeting_id}/minutes/notes", {"text": "更正"}).status_code == 201
    # the next meeting carries the open task
    r = post(staff, "/meetings", {"community_id": world.wumei.pk, "kind": "partner_monthly",
                                  "starts_at": "2026-02-24T15:00:00+08:00", "place": "党群服务中心",
                                  "convener": "五美社区党委"})
    february = r.json()
    assert [t["id"] for t in february["carried_over"]] == [task_id]
    liaison = client_for(world.liaison)
    assert [t["id"] for t in liaison.get(API + "/tasks/mine").json()["items"]] == [task_id]
    r = post(liaison, f"/tasks/{task_id}/progress", {"note": "完工", "done": True})
    assert r.status_code == 200 and r.json()["status"] == "done" and r.json()["percent"] == 100
    assert staff.get(f"{API}/meetings/{february['id']}").json()["carried_over"] == []
    assert staff.get(API + "/meetings").json()["count"] == 2


def test_bad_input_is_400_in_chinese_and_writes_nothing(world, m, client_for):
    staff = client_for(world.wumei_staff)
    r = post(staff, f"/meetings/{m.january.pk}/resolutions", {"title": "无主事项", "deadline": "2026-02-01"})
    assert r.status_code == 400 and "请指定决议事项的责任方" in r.json()["message"]
    r = post(staff, f"/meetings/{m.january.pk}/resolutions", {"title": "早于会议", "deadline": "2026-01-01",
                                                             "owner_user_id": world.wumei_staff.pk})
    assert r.status_code == 400 and "不能早于会议日期" in r.json()["message"]
    r = post(staff, f"/meetings/{m.january.pk}/attendance", {"organisation_id": world.school.pk, "attended": True,
                                                            "attendees": "校长"})
    assert r.status_code == 400 and "未受邀参加本次会议" in r.json()["message"]
    assert post(staff, f"/meetings/{m.january.pk}/minutes", {"minutes": "一"}).status_code == 200
    r = post(staff, f"/meetings/{m.january.pk}/minutes", {"minutes": "二"})
    assert r.status_code == 400 and "不能重复记录" in r.json()["message"]
    r = post(staff, "/meetings", {"community_id": world.wumei.pk, "kind": "tea_party",
                                  "starts_at": "2026-02-24T15:00:00+08:00", "place": "x", "convener": "y"})
    assert r.status_code == 400
    assert Task.objects.count() == 1 and JointMeeting.objects.count() == 1
    assert not Invitation.objects.filter(organisation=world.school).exists()
    assert JointMeeting.objects.get().minutes == "一"


def test_it_requires_scope(world, m, client_for):
    for user in (world.nanmen_staff, world.receiver, world.resident):
        client = client_for(user)
        assert client.get(f"{API}/tasks/{m.task.pk}").status_code == 404
        assert post(client, f"/tasks/{m.task.pk}/progress", {"note": "x", "percent": 10}).status_code == 404
    assert client_for(world.nanmen_staff).get(f"{API}/meetings/{m.january.pk}").status_code == 404
    liaison = client_for(world.liaison)
    assert liaison.get(f"{API}/meetings/{m.january.pk}").status_code == 200  # invited
    assert post(liaison, f"/meetings/{m.january.pk}/agenda", {"title": "x"}).status_code == 404
    assert post(liaison, f"/tasks/{m.task.pk}/close", {"reason": "x"}).status_code == 404
    assert post(client_for(world.wumei_staff), "/sweep", {}).status_code == 404
    assert AgendaItem.objects.count() == 0


def test_close_and_sweep(world, m, client_for):
    with clock.frozen(at(2026, 3, 2, 9)):
        r = post(client_for(world.admin), "/sweep", {})
        assert r.json() == {"reminders": 1}
        assert post(client_for(world.admin), "/sweep", {}).json() == {"reminders": 0}
    assert list(TaskReminder.objects.get().recipients.all()) == [world.liaison]
    r = post(client_for(world.wumei_staff), f"/tasks/{m.task.pk}/close", {"reason": "并入改造项目"})
    assert r.status_code == 200 and r.json()["status"] == "closed"
    r = post(client_for(world.liaison), f"/tasks/{m.task.pk}/progress", {"note": "x"})
    assert r.status_code == 400 and "已关闭" in r.json()["message"]


def test_the_endpoints_are_in_the_openapi_document(world, client_for):
    paths = client_for(world.admin).get("/api/v1/openapi.json").json()["paths"]
    for path in ("/meetings", "/meetings/{meeting_id}", "/meetings/{meeting_id}/invitations",
                 "/meetings/{meeting_id}/attendance", "/meetings/{meeting_id}/agenda",
                 "/meetings/{meeting_id}/minutes", "/meetings/{meeting_id}/minutes/notes",
                 "/meetings/{meeting_id}/resolutions", "/tasks", "/tasks/mine", "/tasks/{task_id}",
                 "/tasks/{task_id}/progress", "/tasks/{task_id}/close", "/sweep"):
        assert f"/api/v1/meetings{path}" in paths, path
