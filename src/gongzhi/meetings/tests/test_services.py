"""Services of joint meetings: convening, agenda (generic and from lists/cases), attendance, minutes written once,
resolutions that become tasks with exactly one owner, progress, carried-over open tasks, and refusals that write
nothing."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongzhi.chronicle.models import Entry
from gongzhi.core import clock
from gongzhi.meetings import selectors, services
from gongzhi.meetings.models import (
    AgendaItem,
    AgendaSource,
    Invitation,
    JointMeeting,
    MeetingStatus,
    Task,
    TaskStatus,
    TaskUpdate,
)
from gongzhi.meetings.permissions import get_task_for_user, meetings_visible_to, my_tasks, tasks_visible_to
from gongzhi.meetings.tests.conftest import at, hold


def test_a_meeting_is_convened_with_its_invitations_and_chronicled(world):
    meeting = hold(world, at(2026, 3, 18))
    assert meeting.title == "五美社区合伙人月度例会（2026年3月）"
    assert meeting.status == MeetingStatus.SCHEDULED
    assert [i.invitee_name for i in selectors.invitations(meeting)] == ["桂林市中医医院", "象山街道司法所"]
    assert Entry.objects.filter(subject_type="meetings.jointmeeting", action="meetings.created").count() == 1


def test_it_requires_a_runner_of_the_body(world):
    with pytest.raises(PermissionDenied):
        hold(world, at(2026, 3, 18), community=world.nanmen)
    with pytest.raises(PermissionDenied):
        services.create_meeting(actor=world.liaison, community=world.wumei, kind="six_party", starts_at=at(2026, 3, 1),
                                place="会议室", convener="五美社区党委")
    # street staff run the street's meetings and its communities'
    street = services.create_meeting(actor=world.street_staff, community=world.xiangshan_street,
                                     kind="big_committee", starts_at=at(2026, 3, 2), place="街道会议室",
                                     convener="象山街道党工委")
    assert street.community == world.xiangshan_street
    assert JointMeeting.objects.count() == 1


def test_a_meeting_needs_a_kind_a_time_and_a_place(world):
    with pytest.raises(ValidationError) as e:
        services.create_meeting(actor=world.wumei_staff, community=world.wumei, kind="party", starts_at=at(2026, 3, 1),
                                place="会议室", convener="五美社区党委")
    assert "请选择会议类别" in str(e.value)
    with pytest.raises(ValidationError) as e:
        services.create_meeting(actor=world.wumei_staff, community=world.wumei, kind="six_party",
                                starts_at=at(2026, 3, 1), place="  ", convener="五美社区党委")
    assert "请填写地点" in str(e.value)
    with pytest.raises(ValidationError):
        services.create_meeting(actor=world.wumei_staff, community=world.wumei_estate, kind="six_party",
                                starts_at=at(2026, 3, 1), place="会议室", convener="五美社区党委")
    assert JointMeeting.objects.count() == 0


def test_inviting_twice_is_refused(world):
    meeting = hold(world, at(2026, 3, 18))
    with pytest.raises(ValidationError) as e:
        services.invite(actor=world.wumei_staff, meeting=meeting, organisation=world.hospital)
    assert "已在邀请名单中" in str(e.value)
    assert Invitation.objects.count() == 2


def test_attendance_for_an_uninvited_organisation_is_refused_and_nothing_is_written(world):
    meeting = hold(world, at(2026, 3, 18))
    before = Entry.objects.count()
    with pytest.raises(ValidationError) as e:
        services.record_attendance(actor=world.wumei_staff, meeting=meeting, organisation=world.school, attended=True,
                                   attendees="校长")
    assert "桂林市崇善小学未受邀参加本次会议，不能登记出席情况" in str(e.value)
    assert Entry.objects.count() == before
    assert not Invitation.objects.filter(organisation=world.school).exists()


def test_attendance_present_with_names_absent_with_a_reason(world):
    meeting = hold(world, at(2026, 3, 18))
    services.record_attendance(actor=world.wumei_staff, meeting=meeting, organisation=world.hospital, attended=True,
                               attendees="周丽华（党办主任）")
    with pytest.raises(ValidationError) as e:
        services.record_attendance(actor=world.wumei_staff, meeting=meeting, department=world.judicial_office,
                                   attended=False)
    assert "请填写缺席原因" in str(e.value)
    services.record_attendance(actor=world.wumei_staff, meeting=meeting, department=world.judicial_office,
                               attended=False, absence_reason="当日开庭调解，书面提交意见")
    rows = {i.invitee_name: (i.attendance, i.attendees, i.absence_reason) for i in selectors.invitations(meeting)}
    assert rows == {"桂林市中医医院": ("attended", "周丽华（党办主任）", ""),
                    "象山街道司法所": ("absent", "", "当日开庭调解，书面提交意见")}


def test_minutes_are_written_once_and_corrected_by_notes(world):
    meeting = hold(world, at(2026, 3, 18))
    with clock.frozen(at(2026, 3, 18, 14)):
        with pytest.raises(ValidationError) as e:
            services.record_minutes(actor=world.wumei_staff, meeting=meeting, minutes="早了")
        assert "会议尚未召开" in str(e.value)
    with pytest.raises(ValidationError) as e:
        services.add_minutes_note(actor=world.wumei_staff, meeting=meeting, text="补充")
    assert "请先记录会议纪要" in str(e.value)
    services.record_minutes(actor=world.wumei_staff, meeting=meeting, minutes="一、通报上月决议事项办理情况。",
                            host_attendees="黄敏、李书记")
    with pytest.raises(ValidationError) as e:
        services.record_minutes(actor=world.wumei_staff, meeting=meeting, minutes="改写的纪要")
    assert "会议纪要已记录，不能重复记录" in str(e.value)
    meeting.refresh_from_db()
    assert meeting.minutes == "一、通报上月决议事项办理情况。" and meeting.status == MeetingStatus.MINUTED
    note = services.add_minutes_note(actor=world.wumei_staff, meeting=meeting, text="更正：参会人员还有王主任。")
    assert list(meeting.minutes_notes.all()) == [note]
    # a minuted meeting's invitations, attendance and agenda are frozen too
    for call in (lambda: services.invite(actor=world.wumei_staff, meeting=meeting, organisation=world.school),
                 lambda: services.add_agenda_item(actor=world.wumei_staff, meeting=meeting, title="新议题"),
                 lambda: services.record_attendance(actor=world.wumei_staff, meeting=meeting,
                                                    organisation=world.hospital, attended=True, attendees="周")):
        with pytest.raises(ValidationError):
            call()


def test_agenda_items_free_or_from_the_lists_and_cases_or_from_a_higher_app(world):
    from gongzhi.lists.models import Category
    from gongzhi.lists.services import submit_need

    meeting = hold(world, at(2026, 3, 18))
    free = services.add_agenda_item(actor=world.wumei_staff, meeting=meeting, title="通报上月工作")
    category, _ = Category.objects.get_or_create(code="elderly", defaults={"name": "为老服务"})
    need = submit_need(actor=world.wumei_staff, community=world.wumei, title="老年人助餐点", category=category,
                       channel="window")
    from_need = services.add_agenda_item(actor=world.wumei_staff, meeting=meeting, need=need)
    other = services.add_agenda_item(actor=None, meeting=meeting, title="居民提议：加装电梯", source_label="居民提议",
                                     source_key="proposals.proposal:7")
    with pytest.raises(ValidationError) as e:
        services.add_agenda_item(actor=None, meeting=meeting, title="again", source_key="proposals.proposal:7")
    assert "已在本次会议议程中" in str(e.value)
    assert [(i.title, i.source, i.order) for i in selectors.agenda(meeting)] == [
        ("通报上月工作", AgendaSource.FREE, 1), ("老年人助餐点", AgendaSource.NEED, 2),
        ("居民提议：加装电梯", AgendaSource.OTHER, 3)]
    assert from_need.need == need and free.need is None and other.source_label == "居民提议"
    with pytest.raises(ValidationError):
        services.add_agenda_item(actor=world.wumei_staff, meeting=meeting, title="  ")
    assert AgendaItem.objects.count() == 3


def test_a_task_without_owner_is_refused_in_chinese_and_nothing_is_written(world):
    meeting = hold(world, at(2026, 3, 18))
    with pytest.raises(ValidationError) as e:
        services.add_resolution(actor=world.wumei_staff, meeting=meeting, title="修复路灯", deadline=dt.date(2026, 4, 1))
    assert "请指定决议事项的责任方" in str(e.value)
    with pytest.raises(ValidationError) as e:
        services.add_resolution(actor=world.wumei_staff, meeting=meeting, title="修复路灯", deadline=dt.date(2026, 4, 1),
                                owner_organisation=world.hospital, owner_department=world.judicial_office)
    assert "只能有一个责任方" in str(e.value)
    with pytest.raises(ValidationError) as e:
        services.add_resolution(actor=world.wumei_staff, meeting=meeting, title="修复路灯", deadline=dt.date(2026, 3, 1),
                                owner_organisation=world.hospital)
    assert "完成时限（2026-03-01）不能早于会议日期（2026-03-18）" in str(e.value)
    with pytest.raises(ValidationError) as e:
        services.add_resolution(actor=world.wumei_staff, meeting=meeting, title="修复路灯", deadline=None,
                                owner_organisation=world.hospital)
    assert "请填写完成时限" in str(e.value)
    with pytest.raises(ValidationError):  # a unit of another district, not invited
        services.add_resolution(actor=world.wumei_staff, meeting=meeting, title="修复路灯",
                                deadline=dt.date(2026, 4, 1), owner_organisation=world.cuizhu_shop)
    assert Task.objects.count() == 0


def test_every_kind_of_owner_is_accepted(world, team):
    meeting = hold(world, at(2026, 3, 18))
    owners = [{"owner_organisation": world.hospital}, {"owner_department": world.judicial_office},
              {"owner_team": team}, {"owner_user": world.wumei_grid_worker}]
    tasks = [services.add_resolution(actor=world.wumei_staff, meeting=meeting, title=f"事项{i}",
                                     deadline=dt.date(2026, 4, 30), **o) for i, o in enumerate(owners, start=1)]
    assert [t.number for t in tasks] == [1, 2, 3, 4]
    assert [t.owner_name for t in tasks] == ["桂林市中医医院", "象山街道司法所", "五美红袖标巡逻队", "五美网格员·孙静"]
    assert [t.pk for t in my_tasks(world.liaison)] == [tasks[0].pk]
    assert [t.pk for t in my_tasks(world.receiver)] == [tasks[1].pk]
    assert [t.pk for t in my_tasks(world.volunteer)] == [tasks[2].pk]
    assert [t.pk for t in my_tasks(world.wumei_grid_worker)] == [tasks[3].pk]
    # the captain sees the meeting of his task; other residents see nothing
    assert list(meetings_visible_to(world.volunteer)) == [meeting]
    assert not tasks_visible_to(world.resident).exists() and not meetings_visible_to(world.resident).exists()
    with pytest.raises(ValidationError):
        services.add_resolution(actor=world.wumei_staff, meeting=meeting, title="x", deadline=dt.date(2026, 4, 30),
                                owner_user=world.nanmen_staff)


def test_the_owner_updates_progress_and_marks_it_done(world, m):
    services.update_task(actor=world.liaison, task=m.task, note="已联系施工队，材料到位", percent=40)
    m.task.refresh_from_db()
    assert (m.task.percent, m.task.status) == (40, TaskStatus.OPEN)
    with pytest.raises(ValidationError) as e:
        services.update_task(actor=world.liaison, task=m.task, note="进度", percent=140)
    assert "0—100" in str(e.value)
    with pytest.raises(ValidationError):
        services.update_task(actor=world.liaison, task=m.task, note="", percent=50)
    with pytest.raises(PermissionDenied):
        services.update_task(actor=world.receiver, task=m.task, note="不是我的", percent=50)
    services.update_task(actor=world.liaison, task=m.task, note="人行道已修复并验收", done=True)
    m.task.refresh_from_db()
    assert (m.task.percent, m.task.status) == (100, TaskStatus.DONE) and m.task.finished_at is not None
    with pytest.raises(ValidationError) as e:
        services.update_task(actor=world.liaison, task=m.task, note="再补一句")
    assert "已完成，不能再更新进展" in str(e.value)
    assert TaskUpdate.objects.filter(task=m.task).count() == 2


def test_only_runners_close_a_task(world, m):
    with pytest.raises(PermissionDenied):
        services.close_task(actor=world.liaison, task=m.task, reason="不做了")
    services.close_task(actor=world.wumei_staff, task=m.task, reason="并入区住建局老旧小区改造项目")
    m.task.refresh_from_db()
    assert m.task.status == TaskStatus.CLOSED


def test_open_tasks_of_earlier_meetings_of_the_same_body_are_carried_over_until_done(world, m):
    february = hold(world, at(2026, 2, 24))
    march = hold(world, at(2026, 3, 24))
    six_party = hold(world, at(2026, 3, 25), kind="six_party")
    later = services.add_resolution(actor=world.wumei_staff, meeting=february, title="楼道杂物清理",
                                    deadline=dt.date(2026, 3, 10), owner_user=world.wumei_grid_worker)
    assert list(selectors.carried_over(february)) == [m.task]
    assert list(selectors.carried_over(march)) == [m.task, later]
    assert list(selectors.carried_over(six_party)) == []  # another body (kind)
    assert list(selectors.carried_over(m.january)) == []
    services.update_task(actor=world.liaison, task=m.task, note="已完成", done=True)
    assert list(selectors.carried_over(march)) == [later]


def test_out_of_scope_tasks_are_404(world, m):
    from django.http import Http404

    assert get_task_for_user(world.liaison, m.task.pk) == m.task
    for user in (world.nanmen_staff, world.receiver, world.resident, world.outsider):
        with pytest.raises(Http404):
            get_task_for_user(user, m.task.pk)


# --- notifications: the owner of a resolution hears of it ----------------------------------------------------------

def test_a_resolution_notifies_its_owner_once(world, m, team):
    from gongzhi.meetings import notices
    from gongzhi.notifications.models import Notification

    notes = Notification.objects.filter(kind="task_assigned")
    expected = [(world.liaison.pk, f"meetings.task:{m.task.pk}")]
    assert list(notes.values_list("recipient", "event_key")) == expected
    assert m.task.title in notes.get().title and notes.get().url == f"/workbench/meetings/tasks/{m.task.pk}/"
    notices.task_assigned(m.task)  # the same event again: nothing new
    assert notes.count() == 1

    by_department = services.add_resolution(actor=world.wumei_staff, meeting=m.january, title="调解楼上漏水纠纷",
                                            deadline=dt.date(2026, 2, 28), owner_department=world.judicial_office)
    assert notes.get(event_key=f"meetings.task:{by_department.pk}").recipient == world.receiver
    by_team = services.add_resolution(actor=world.wumei_staff, meeting=m.january, title="春节夜间巡逻",
                                      deadline=dt.date(2026, 2, 28), owner_team=team)
    to_captain = notes.get(event_key=f"meetings.task:{by_team.pk}")
    assert to_captain.recipient == world.volunteer and to_captain.url == f"/m/meetings/tasks/{by_team.pk}/"
