"""联席会议 JSON API under /api/v1/meetings: meetings (list, detail with agenda, carried-over open tasks, attendance,
minutes and resolutions), every action (convene, invite, attendance, agenda item, minutes once, minutes note,
resolution → task), tasks (list, mine, detail, progress, close) and the sweep.

Reads start from the scoped querysets; writes call the same services as the pages. Out of scope — or in sight but not
the user's to change — is 404; a refused change or bad input is 400 with a Chinese message."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.http import Http404
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from gongzhi.cases.permissions import cases_visible_to
from gongzhi.core import clock, limits
from gongzhi.core.listing import Presented
from gongzhi.core.schemas import Day, Id, Moment, id_query
from gongzhi.lists.permissions import needs_visible_to, resources_visible_to
from gongzhi.meetings import selectors, services
from gongzhi.meetings.models import JointMeeting, Task
from gongzhi.meetings.permissions import (
    get_meeting_for_user,
    get_task_for_user,
    may_close_task,
    may_update_task,
)
from gongzhi.organisations.models import Department, Organisation
from gongzhi.people.models import VolunteerTeam
from gongzhi.regions.models import RegionNode

router = Router(tags=["联席会议"])


# --- schemas ---------------------------------------------------------------------------------------------------

class JointMeetingOut(Schema):
    id: int
    community_id: int
    community_name: str
    kind: str
    kind_label: str
    title: str
    convener: str
    starts_at: dt.datetime
    place: str
    status: str
    status_label: str


class JointMeetingRowOut(JointMeetingOut):
    task_count: int
    open_task_count: int
    invitation_count: int


class InvitationOut(Schema):
    id: int
    organisation_id: int | None
    department_id: int | None
    name: str
    role: str
    attendance: str
    attendance_label: str
    attendees: str
    absence_reason: str


class AgendaItemOut(Schema):
    id: int
    order: int
    title: str
    note: str
    source: str
    source_label: str
    need_id: int | None
    resource_id: int | None
    case_id: int | None


class TaskOut(Schema):
    id: int
    meeting_id: int
    meeting_title: str
    number: int
    title: str
    detail: str
    owner_kind: str
    owner_id: int
    owner_name: str
    deadline: dt.date
    status: str
    status_label: str
    percent: int
    overdue: bool
    finished_at: dt.datetime | None


class MinutesNoteOut(Schema):
    id: int
    text: str
    written_at: dt.datetime


class JointMeetingDetailOut(JointMeetingOut):
    host_attendees: str
    minutes: str
    minutes_recorded_at: dt.datetime | None
    minutes_notes: list[MinutesNoteOut]
    invitations: list[InvitationOut]
    agenda: list[AgendaItemOut]
    carried_over: list[TaskOut]
    tasks: list[TaskOut]


class TaskUpdateOut(Schema):
    id: int
    note: str
    percent: int | None
    status: str
    written_at: dt.datetime


class TaskDetailOut(TaskOut):
    updates: list[TaskUpdateOut]


class MeetingIn(Schema):
    community_id: Id
    kind: limits.text(limits.CODE)
    starts_at: Moment
    place: limits.text(limits.TITLE)
    convener: limits.text(limits.NAME * 2)
    title: limits.text(limits.TITLE) = ""
    organisation_ids: list[Id] = []
    department_ids: list[Id] = []


class InviteIn(Schema):
    organisation_id: Id | None = None
    department_id: Id | None = None
    role: limits.text(limits.CODE) = ""


class AttendanceIn(Schema):
    organisation_id: Id | None = None
    department_id: Id | None = None
    attended: bool
    attendees: limits.text(limits.SHORT_TEXT) = ""
    absence_reason: limits.text(limits.SHORT_TEXT) = ""


class AgendaIn(Schema):
    title: limits.text(limits.TITLE) = ""
    note: limits.text(limits.NOTE) = ""
    need_id: Id | None = None
    resource_id: Id | None = None
    case_id: Id | None = None


class JointMinutesIn(Schema):
    minutes: limits.text(limits.MINUTES)
    host_attendees: limits.text(limits.SHORT_TEXT) = ""


class NoteIn(Schema):
    text: limits.text(limits.NOTE)


class ResolutionIn(Schema):
    title: limits.text(limits.TITLE)
    detail: limits.text(limits.NOTE) = ""
    deadline: Day | None = None
    owner_organisation_id: Id | None = None
    owner_department_id: Id | None = None
    owner_team_id: Id | None = None
    owner_user_id: Id | None = None


class ProgressIn(Schema):
    note: limits.text(limits.NOTE)
    percent: int | None = None
    done: bool = False


class TaskCloseIn(Schema):
    reason: limits.text(limits.SHORT_TEXT)


class MeetingsSweepOut(Schema):
    reminders: int


# --- presenting ---------------------------------------------------------------------------------------------------

def _meeting(m: JointMeeting) -> dict:
    return {"id": m.pk, "community_id": m.community_id, "community_name": m.community.name, "kind": m.kind,
            "kind_label": str(m.get_kind_display()), "title": m.title, "convener": m.convener,
            "starts_at": m.starts_at, "place": m.place, "status": m.status,
            "status_label": str(m.get_status_display())}


def _row(m: JointMeeting) -> dict:
    return {**_meeting(m), "task_count": m.task_count, "open_task_count": m.open_task_count,
            "invitation_count": m.invitation_count}


def _owner_id(t: Task) -> int:
    return t.owner_organisation_id or t.owner_department_id or t.owner_team_id or t.owner_user_id or 0


def _task(t: Task, today: dt.date | None = None) -> dict:
    today = today or clock.today()
    return {"id": t.pk, "meeting_id": t.meeting_id, "meeting_title": t.meeting.title, "number": t.number,
            "title": t.title, "detail": t.detail, "owner_kind": t.owner_kind, "owner_id": _owner_id(t),
            "owner_name": t.owner_name, "deadline": t.deadline, "status": t.status,
            "status_label": str(t.get_status_display()), "percent": t.percent, "overdue": t.is_overdue(today),
            "finished_at": t.finished_at}


def _detail(m: JointMeeting) -> dict:
    today = clock.today()
    return {**_meeting(m), "host_attendees": m.host_attendees, "minutes": m.minutes,
            "minutes_recorded_at": m.minutes_recorded_at,
            "minutes_notes": [{"id": n.pk, "text": n.text, "written_at": n.written_at}
                              for n in m.minutes_notes.all()],
            "invitations": [{"id": i.pk, "organisation_id": i.organisation_id, "department_id": i.department_id,
                             "name": i.invitee_name, "role": i.role, "attendance": i.attendance,
                             "attendance_label": str(i.get_attendance_display()), "attendees": i.attendees,
                             "absence_reason": i.absence_reason} for i in selectors.invitations(m)],
            "agenda": [{"id": a.pk, "order": a.order, "title": a.title, "note": a.note, "source": a.source,
                        "source_label": a.source_label, "need_id": a.need_id, "resource_id": a.resource_id,
                        "case_id": a.case_id} for a in selectors.agenda(m)],
            "carried_over": [_task(t, today) for t in selectors.carried_over(m)],
            "tasks": [_task(t, today) for t in selectors.meeting_tasks(m)]}


def _task_detail(t: Task) -> dict:
    return {**_task(t), "updates": [{"id": u.pk, "note": u.note, "percent": u.percent, "status": u.status,
                                     "written_at": u.written_at} for u in selectors.updates(t)]}


def _get(model, pk, *related):
    if pk is None:
        return None
    found = model.objects.select_related(*related).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


# --- meetings ---------------------------------------------------------------------------------------------------------

@router.get("/meetings", response=list[JointMeetingRowOut], summary="联席会议列表（本人范围内）")
@paginate
def list_meetings(request, kind: str = "", status: str = "", q: str = "", community_id: int | None = id_query()):
    return Presented(selectors.meetings(request.user, community=community_id, kind=kind, status=status, q=q), _row)


@router.post("/meetings", response={201: JointMeetingDetailOut}, summary="安排联席会议（可同时邀请单位和部门）")
def create_meeting(request, payload: MeetingIn):
    community = _get(RegionNode, payload.community_id)
    organisations = [_get(Organisation, pk, "home") for pk in dict.fromkeys(payload.organisation_ids)]
    departments = [_get(Department, pk, "home") for pk in dict.fromkeys(payload.department_ids)]
    meeting = services.create_meeting(actor=request.user, community=community, kind=payload.kind,
                                      starts_at=payload.starts_at, place=payload.place, convener=payload.convener,
                                      title=payload.title, organisations=organisations, departments=departments)
    return Status(201, _detail(get_meeting_for_user(request.user, meeting.pk)))


@router.get("/meetings/{int:meeting_id}", response=JointMeetingDetailOut,
            summary="会议详情：议程（含往次未办结事项）、出席、纪要、决议事项")
def get_meeting(request, meeting_id: int):
    return _detail(get_meeting_for_user(request.user, meeting_id))


@router.post("/meetings/{int:meeting_id}/invitations", response={201: JointMeetingDetailOut},
             summary="邀请单位或职能部门参会")
def invite(request, meeting_id: int, payload: InviteIn):
    meeting = get_meeting_for_user(request.user, meeting_id, write=True)
    services.invite(actor=request.user, meeting=meeting, organisation=_get(Organisation, payload.organisation_id),
                    department=_get(Department, payload.department_id), role=payload.role)
    return Status(201, _detail(get_meeting_for_user(request.user, meeting_id)))


@router.post("/meetings/{int:meeting_id}/attendance", response=JointMeetingDetailOut,
             summary="登记受邀单位的出席情况（未受邀的单位返回 400）")
def attendance(request, meeting_id: int, payload: AttendanceIn):
    meeting = get_meeting_for_user(request.user, meeting_id, write=True)
    services.record_attendance(actor=request.user, meeting=meeting,
                               organisation=_get(Organisation, payload.organisation_id),
                               department=_get(Department, payload.department_id), attended=payload.attended,
                               attendees=payload.attendees, absence_reason=payload.absence_reason)
    return _detail(get_meeting_for_user(request.user, meeting_id))


@router.post("/meetings/{int:meeting_id}/agenda", response={201: AgendaItemOut},
             summary="列入议程（自由议题，或关联需求、资源、诉求）")
def add_agenda_item(request, meeting_id: int, payload: AgendaIn):
    meeting = get_meeting_for_user(request.user, meeting_id, write=True)

    def visible(qs, pk):
        if pk is None:
            return None
        found = qs.select_related("community").filter(pk=pk).first()
        if found is None:
            raise Http404
        return found

    item = services.add_agenda_item(
        actor=request.user, meeting=meeting, title=payload.title, note=payload.note,
        need=visible(needs_visible_to(request.user), payload.need_id),
        resource=visible(resources_visible_to(request.user), payload.resource_id),
        case=visible(cases_visible_to(request.user).select_related("category"), payload.case_id))
    return Status(201, {"id": item.pk, "order": item.order, "title": item.title, "note": item.note,
                        "source": item.source, "source_label": item.source_label, "need_id": item.need_id,
                        "resource_id": item.resource_id, "case_id": item.case_id})


@router.post("/meetings/{int:meeting_id}/minutes", response=JointMeetingDetailOut,
             summary="记录会议纪要（只能记录一次，之后定稿；重复记录返回 400）")
def record_minutes(request, meeting_id: int, payload: JointMinutesIn):
    meeting = get_meeting_for_user(request.user, meeting_id, write=True)
    services.record_minutes(actor=request.user, meeting=meeting, minutes=payload.minutes,
                            host_attendees=payload.host_attendees)
    return _detail(get_meeting_for_user(request.user, meeting_id))


@router.post("/meetings/{int:meeting_id}/minutes/notes", response={201: MinutesNoteOut},
             summary="追加纪要补充说明（更正）")
def add_minutes_note(request, meeting_id: int, payload: NoteIn):
    meeting = get_meeting_for_user(request.user, meeting_id, write=True)
    note = services.add_minutes_note(actor=request.user, meeting=meeting, text=payload.text)
    return Status(201, {"id": note.pk, "text": note.text, "written_at": note.written_at})


@router.post("/meetings/{int:meeting_id}/resolutions", response={201: TaskDetailOut},
             summary="记录决议事项并转为跟踪任务（须有且只有一个责任方和完成时限）")
def add_resolution(request, meeting_id: int, payload: ResolutionIn):
    meeting = get_meeting_for_user(request.user, meeting_id, write=True)
    task = services.add_resolution(
        actor=request.user, meeting=meeting, title=payload.title, detail=payload.detail, deadline=payload.deadline,
        owner_organisation=_get(Organisation, payload.owner_organisation_id, "home"),
        owner_department=_get(Department, payload.owner_department_id, "home"),
        owner_team=_get(VolunteerTeam, payload.owner_team_id, "community"),
        owner_user=_get(get_user_model(), payload.owner_user_id))
    return Status(201, _task_detail(get_task_for_user(request.user, task.pk)))


# --- tasks -----------------------------------------------------------------------------------------------------------

@router.get("/tasks", response=list[TaskOut], summary="决议事项（本人范围内及本人负责的）")
@paginate
def list_tasks(request, status: str = "", owner_kind: str = "", overdue: bool = False, q: str = "",
               community_id: int | None = id_query()):
    today = clock.today()
    return Presented(selectors.tasks(request.user, status=status, owner_kind=owner_kind, overdue=overdue,
                                     today=today, community=community_id, q=q), lambda t: _task(t, today))


@router.get("/tasks/mine", response=list[TaskOut], summary="我负责的决议事项（单位、部门、队伍或本人）")
@paginate
def my_tasks(request, status: str = ""):
    today = clock.today()
    return Presented(selectors.mine(request.user, status=status), lambda t: _task(t, today))


@router.get("/tasks/{int:task_id}", response=TaskDetailOut, summary="决议事项详情及进展记录")
def get_task(request, task_id: int):
    return _task_detail(get_task_for_user(request.user, task_id))


@router.post("/tasks/{int:task_id}/progress", response=TaskDetailOut,
             summary="更新进展（责任方或会议组织方；done 为办结）")
def update_progress(request, task_id: int, payload: ProgressIn):
    task = get_task_for_user(request.user, task_id)
    if not task.is_open:
        services.update_task(actor=request.user, task=task, note=payload.note)  # refused with its message
    if not may_update_task(request.user, task):
        raise Http404
    services.update_task(actor=request.user, task=task, note=payload.note, percent=payload.percent,
                         done=payload.done)
    return _task_detail(get_task_for_user(request.user, task_id))


@router.post("/tasks/{int:task_id}/close", response=TaskDetailOut, summary="关闭决议事项（不再办理，须说明原因）")
def close(request, task_id: int, payload: TaskCloseIn):
    task = get_task_for_user(request.user, task_id)
    if task.is_open and not may_close_task(request.user, task):
        raise Http404
    services.close_task(actor=request.user, task=task, reason=payload.reason)
    return _task_detail(get_task_for_user(request.user, task_id))


@router.post("/sweep", response=MeetingsSweepOut, summary="立即提醒逾期决议事项的责任方（系统管理员；每项只提醒一次）")
def run_sweep(request):
    if not request.user.scope.everything:
        raise Http404
    return {"reminders": services.sweep_overdue()}
