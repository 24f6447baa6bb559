"""联席会议: every write (keyword-only functions, one transaction, the checks, the chronicle entry).

`actor` None means the system (the sweep, the demo, a higher app acting for itself): permission checks are skipped,
the rules are not. A refused change raises ValidationError with a Chinese message and writes nothing.

`add_agenda_item` is generic on purpose: higher apps (居民提议 …) put their objects on an agenda with a title, a
`source_label` and a `source_key` that names their object, without this app knowing them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from gongzhi.cases.models import Case
from gongzhi.chronicle.services import record
from gongzhi.core import clock, limits
from gongzhi.core.checks import clean_text, require
from gongzhi.lists.models import Need, Resource
from gongzhi.meetings import notices
from gongzhi.meetings.models import (
    AgendaItem,
    AgendaSource,
    Attendance,
    Invitation,
    JointMeeting,
    MeetingKind,
    MeetingStatus,
    MinutesNote,
    SixPartyRole,
    Task,
    TaskReminder,
    TaskStatus,
    TaskUpdate,
)
from gongzhi.meetings.permissions import BODY_KINDS, may_close_task, may_run, may_update_task
from gongzhi.organisations.models import Department, Organisation
from gongzhi.people.models import VolunteerTeam
from gongzhi.regions.models import RegionNode

# --- small shared steps ---------------------------------------------------------------------------------------


def _lock(meeting: JointMeeting) -> JointMeeting:
    """The meeting's current row, locked: state checks read what is stored, not what the caller loaded."""
    return JointMeeting.objects.select_for_update().select_related("community").get(pk=meeting.pk)


def _not_minuted(meeting: JointMeeting, message: str) -> None:
    if meeting.status == MeetingStatus.MINUTED:
        raise ValidationError(message)


def meeting_day(meeting: JointMeeting) -> dt.date:
    return timezone.localtime(meeting.starts_at).date()


def _under(body: RegionNode, path: str) -> bool:
    return path.startswith(body.path)


def default_title(community: RegionNode, kind: str, starts_at: dt.datetime) -> str:
    local = timezone.localtime(starts_at)
    return _("%(body)s%(kind)s（%(y)d年%(m)d月）") % {"body": community.name, "kind": MeetingKind(kind).label,
                                                   "y": local.year, "m": local.month}


# --- meetings --------------------------------------------------------------------------------------------------

@transaction.atomic
def create_meeting(*, actor, community: RegionNode | None, kind: str, starts_at: dt.datetime | None, place: str,
                   convener: str, title: str = "", organisations=(), departments=(), roles: dict | None = None
                   ) -> JointMeeting:
    """Convene a joint meeting of a community (or a street) and invite organisations and departments at once.
    `roles` maps ("organisation" | "department", pk) to a six-party role (六方议事)."""
    if community is None or community.kind not in BODY_KINDS:
        raise ValidationError({"community": _("请选择社区或街道")})
    require(actor is None or may_run(actor, community))
    if kind not in MeetingKind.values:
        raise ValidationError({"kind": _("请选择会议类别")})
    if starts_at is None or timezone.is_naive(starts_at):
        raise ValidationError({"starts_at": _("请填写会议时间")})
    if not (limits.PLATFORM_START <= timezone.localtime(starts_at).date() <= dt.date(limits.LAST_YEAR, 12, 31)):
        raise ValidationError({"starts_at": _("会议时间须在 %(y)d 年之后") % {"y": limits.PLATFORM_START.year}})
    place = clean_text(place, field="place", label=_("地点"), max_length=limits.TITLE, required=True)
    convener = clean_text(convener, field="convener", label=_("召集人"), max_length=limits.NAME * 2, required=True)
    title = clean_text(title, field="title", label=_("会议名称"), max_length=limits.TITLE, required=False)
    meeting = JointMeeting.objects.create(community=community, kind=kind, starts_at=starts_at, place=place,
                                          convener=convener, title=title or default_title(community, kind, starts_at),
                                          created_by=actor, created_at=clock.now())
    record(meeting, "meetings.created", actor, {"kind": kind, "starts_at": starts_at.isoformat()})
    roles = roles or {}
    for organisation in organisations:
        _invite(actor, meeting, organisation=organisation, department=None,
                role=roles.get(("organisation", organisation.pk), ""))
    for department in departments:
        _invite(actor, meeting, organisation=None, department=department,
                role=roles.get(("department", department.pk), ""))
    return meeting


def _invitee_name(organisation: Organisation | None, department: Department | None) -> str:
    return organisation.name if organisation is not None else department.name if department is not None else ""


def _invite(actor, meeting: JointMeeting, *, organisation: Organisation | None, department: Department | None,
            role: str) -> Invitation:
    if (organisation is None) == (department is None):
        raise ValidationError({"organisation": _("请选择一个受邀单位或职能部门")})
    if role and role not in SixPartyRole.values:
        raise ValidationError({"role": _("请选择议事方")})
    lookup: dict[str, Any] = {"organisation": organisation} if organisation is not None else {"department": department}
    if Invitation.objects.filter(meeting=meeting, **lookup).exists():
        raise ValidationError({"organisation": _("%(name)s已在邀请名单中") % {"name": _invitee_name(organisation,
                                                                                            department)}})
    invitation = Invitation.objects.create(meeting=meeting, role=role, **lookup)
    record(meeting, "meetings.invited", actor, {"invitation": invitation.pk,
                                                 "organisation": getattr(organisation, "pk", None),
                                                 "department": getattr(department, "pk", None), "role": role})
    return invitation


@transaction.atomic
def invite(*, actor, meeting: JointMeeting, organisation: Organisation | None = None,
           department: Department | None = None, role: str = "") -> Invitation:
    meeting = _lock(meeting)
    require(actor is None or may_run(actor, meeting.community))
    _not_minuted(meeting, _("会议纪要已记录，不能再增加受邀单位"))
    return _invite(actor, meeting, organisation=organisation, department=department, role=role)


@transaction.atomic
def record_attendance(*, actor, meeting: JointMeeting, organisation: Organisation | None = None,
                      department: Department | None = None, attended: bool, attendees: str = "",
                      absence_reason: str = "") -> Invitation:
    """Who attended for one invited organisation or department, or that it was absent and why."""
    meeting = _lock(meeting)
    require(actor is None or may_run(actor, meeting.community))
    _not_minuted(meeting, _("会议纪要已记录，出席情况不可更改"))
    if (organisation is None) == (department is None):
        raise ValidationError({"organisation": _("请选择一个受邀单位或职能部门")})
    lookup = {"organisation": organisation} if organisation is not None else {"department": department}
    invitation = Invitation.objects.filter(meeting=meeting, **lookup).first()
    if invitation is None:
        raise ValidationError({"organisation": _("%(name)s未受邀参加本次会议，不能登记出席情况")
                               % {"name": _invitee_name(organisation, department)}})
    attendees = clean_text(attendees, field="attendees", label=_("参会人员"), max_length=limits.SHORT_TEXT,
                      required=attended)
    absence_reason = clean_text(absence_reason, field="absence_reason", label=_("缺席原因"),
                           max_length=limits.SHORT_TEXT, required=not attended)
    invitation.attendance = Attendance.ATTENDED if attended else Attendance.ABSENT
    invitation.attendees = attendees if attended else ""
    invitation.absence_reason = "" if attended else absence_reason
    invitation.recorded_at = clock.now()
    invitation.save(update_fields=["attendance", "attendees", "absence_reason", "recorded_at"])
    record(meeting, "meetings.attendance", actor, {"invitation": invitation.pk, "attendance": invitation.attendance})
    return invitation


# --- the agenda --------------------------------------------------------------------------------------------------

@transaction.atomic
def add_agenda_item(*, actor, meeting: JointMeeting, title: str = "", note: str = "", need: Need | None = None,
                    resource: Resource | None = None, case: Case | None = None, source_label: str = "",
                    source_key: str = "") -> AgendaItem:
    """Put one item on a meeting's agenda: free text, or a need, a resource or a case of the body's area (its
    title is taken from the entry when none is given), or — from a higher app — any object named by `source_label`
    and `source_key` (the same key is refused twice on one agenda)."""
    meeting = _lock(meeting)
    require(actor is None or may_run(actor, meeting.community))
    _not_minuted(meeting, _("会议纪要已记录，议程不可再增加"))
    links = [x for x in (need, resource, case) if x is not None]
    if len(links) > 1:
        raise ValidationError(_("一个议题只能关联一条需求、资源或诉求"))
    linked = links[0] if links else None
    if linked is not None and not _under(meeting.community, linked.community.path):
        raise ValidationError(_("只能把本社区（街道）的清单或诉求列入议程"))
    if not title and need is not None:
        title = need.title
    elif not title and resource is not None:
        title = resource.title
    elif not title and case is not None:
        title = _("诉求 %(number)s（%(category)s）") % {"number": case.number, "category": case.category.name}
    title = clean_text(title, field="title", label=_("议题"), max_length=limits.TITLE, required=True)
    note = clean_text(note, field="note", label=_("说明"), max_length=limits.NOTE, required=False)
    source_label = clean_text(source_label, field="source_label", label=_("来源说明"), max_length=limits.TITLE,
                         required=False)
    source_key = clean_text(source_key, field="source_key", label=_("来源"), max_length=80, required=False)
    if source_key and AgendaItem.objects.filter(meeting=meeting, source_key=source_key).exists():
        raise ValidationError(_("该事项已在本次会议议程中"))
    source = (AgendaSource.NEED if need is not None else AgendaSource.RESOURCE if resource is not None
              else AgendaSource.CASE if case is not None else AgendaSource.OTHER if source_key or source_label
              else AgendaSource.FREE)
    order = (meeting.agenda_items.aggregate(m=Max("order"))["m"] or 0) + 1
    item = AgendaItem.objects.create(meeting=meeting, order=order, title=title, note=note, source=source, need=need,
                                     resource=resource, case=case, source_label=source_label, source_key=source_key,
                                     added_by=actor, added_at=clock.now())
    record(meeting, "meetings.agenda_item", actor, {"item": item.pk, "source": source, "source_key": source_key})
    return item


# --- minutes: written once, corrected by appended notes --------------------------------------------------------------

@transaction.atomic
def record_minutes(*, actor, meeting: JointMeeting, minutes: str, host_attendees: str = "") -> JointMeeting:
    """Write the minutes. Once written they are frozen: a second call is refused and changes nothing."""
    meeting = _lock(meeting)
    require(actor is None or may_run(actor, meeting.community))
    minutes = clean_text(minutes, field="minutes", label=_("会议纪要"), max_length=limits.MINUTES, required=True)
    host_attendees = clean_text(host_attendees, field="host_attendees", label=_("社区方参会人员"),
                           max_length=limits.SHORT_TEXT, required=False)
    now = clock.now()
    if now < meeting.starts_at:
        raise ValidationError(_("会议尚未召开（%(at)s），不能记录纪要")
                              % {"at": timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M")})
    # the conditional update is the once-only rule: a second writer (or a second click) updates nothing
    changed = JointMeeting.objects.filter(pk=meeting.pk, status=MeetingStatus.SCHEDULED).update(
        status=MeetingStatus.MINUTED, minutes=minutes, host_attendees=host_attendees, minutes_recorded_at=now,
        minutes_recorded_by=actor)
    if not changed:
        raise ValidationError(_("会议纪要已记录，不能重复记录；如需更正，请追加补充说明"))
    meeting.refresh_from_db()
    record(meeting, "meetings.minutes", actor, {"length": len(minutes)})
    return meeting


@transaction.atomic
def add_minutes_note(*, actor, meeting: JointMeeting, text: str) -> MinutesNote:
    meeting = _lock(meeting)
    require(actor is None or may_run(actor, meeting.community))
    if meeting.status != MeetingStatus.MINUTED:
        raise ValidationError(_("请先记录会议纪要，再追加补充说明"))
    text = clean_text(text, field="text", label=_("补充说明"), max_length=limits.NOTE, required=True)
    note = MinutesNote.objects.create(meeting=meeting, text=text, written_by=actor, written_at=clock.now())
    record(meeting, "meetings.minutes_note", actor, {"note": note.pk})
    return note


# --- resolutions → tasks ------------------------------------------------------------------------------------------

def _check_owner(meeting: JointMeeting, *, organisation, department, team, user) -> None:
    owners = [o for o in (organisation, department, team, user) if o is not None]
    if not owners:
        raise ValidationError({"owner": _("请指定决议事项的责任方（单位、职能部门、志愿服务队或工作人员）")})
    if len(owners) > 1:
        raise ValidationError({"owner": _("决议事项只能有一个责任方")})
    body = meeting.community
    if organisation is not None and not (
            _under(body, organisation.home.path)
            or Invitation.objects.filter(meeting=meeting, organisation=organisation).exists()):
        raise ValidationError({"owner": _("责任单位须为本社区（街道）的单位或本次会议的受邀单位")})
    if department is not None and not (
            body.path.startswith(department.home.path) or _under(body, department.home.path)
            or Invitation.objects.filter(meeting=meeting, department=department).exists()):
        raise ValidationError({"owner": _("责任部门须为服务本社区（街道）的职能部门")})
    if team is not None and not _under(body, team.community.path):
        raise ValidationError({"owner": _("责任队伍须为本社区（街道）的志愿服务队")})
    if user is not None and not (user.is_active and user.uses_workbench
                                 and (user.scope.everything or user.scope.covers(body.path)
                                      or any(p.startswith(body.path) for p in user.scope.region_paths))):
        raise ValidationError({"owner": _("责任人须为负责本社区（街道）的工作人员")})


@transaction.atomic
def add_resolution(*, actor, meeting: JointMeeting, title: str, deadline: dt.date | None, detail: str = "",
                   owner_organisation: Organisation | None = None, owner_department: Department | None = None,
                   owner_team: VolunteerTeam | None = None, owner_user=None) -> Task:
    """A resolution (决议事项) of the meeting, tracked as a task with exactly one owner and a deadline on or after
    the meeting's day."""
    meeting = _lock(meeting)
    require(actor is None or may_run(actor, meeting.community))
    title = clean_text(title, field="title", label=_("决议事项"), max_length=limits.TITLE, required=True)
    detail = clean_text(detail, field="detail", label=_("具体要求"), max_length=limits.NOTE, required=False)
    _check_owner(meeting, organisation=owner_organisation, department=owner_department, team=owner_team,
                 user=owner_user)
    if deadline is None:
        raise ValidationError({"deadline": _("请填写完成时限")})
    day = meeting_day(meeting)
    if deadline < day:
        raise ValidationError({"deadline": _("完成时限（%(d)s）不能早于会议日期（%(m)s）")
                               % {"d": deadline.isoformat(), "m": day.isoformat()}})
    if deadline.year > limits.LAST_YEAR:
        raise ValidationError({"deadline": _("请填写有效的完成时限")})
    number = (meeting.tasks.aggregate(m=Max("number"))["m"] or 0) + 1
    task = Task.objects.create(meeting=meeting, number=number, title=title, detail=detail,
                               owner_organisation=owner_organisation, owner_department=owner_department,
                               owner_team=owner_team, owner_user=owner_user, deadline=deadline, created_by=actor,
                               created_at=clock.now())
    record(task, "meetings.resolution", actor, {"meeting": meeting.pk, "number": number, "owner": task.owner_kind,
                                                 "deadline": deadline.isoformat()})
    notices.task_assigned(task)
    return task


def _lock_task(task: Task) -> Task:
    return (Task.objects.select_for_update(of=("self",)).select_related("meeting__community", "owner_organisation",
                                                            "owner_department", "owner_team", "owner_user")
            .get(pk=task.pk))


@transaction.atomic
def update_task(*, actor, task: Task, note: str, percent: int | None = None, done: bool = False) -> TaskUpdate:
    """A dated progress note by the owner (or the meeting's runners): a percentage, and/or done."""
    task = _lock_task(task)
    if not task.is_open:
        raise ValidationError(_("该决议事项已%(status)s，不能再更新进展") % {"status": task.get_status_display()})
    require(actor is None or may_update_task(actor, task))
    note = clean_text(note, field="note", label=_("进展说明"), max_length=limits.NOTE, required=True)
    if percent is not None and (isinstance(percent, bool) or not isinstance(percent, int)
                                or not limits.SCORE.holds(percent)):
        raise ValidationError({"percent": _("完成进度须为 0—100 之间的整数")})
    if done:
        percent = 100
    now = clock.now()
    status = TaskStatus.DONE if done else TaskStatus.OPEN
    update = TaskUpdate.objects.create(task=task, note=note, percent=percent, status=status, written_by=actor,
                                       written_at=now)
    fields = []
    if percent is not None:
        task.percent = percent
        fields.append("percent")
    if done:
        task.status, task.finished_at = TaskStatus.DONE, now
        fields += ["status", "finished_at"]
    if fields:
        task.save(update_fields=fields)
    record(task, "meetings.task_done" if done else "meetings.task_progress", actor,
           {"update": update.pk, "percent": percent})
    return update


@transaction.atomic
def close_task(*, actor, task: Task, reason: str) -> Task:
    """Close an open task without completing it (the body withdrew or merged it), with the reason as its last note."""
    task = _lock_task(task)
    if not task.is_open:
        raise ValidationError(_("该决议事项已%(status)s") % {"status": task.get_status_display()})
    require(actor is None or may_close_task(actor, task))
    reason = clean_text(reason, field="reason", label=_("关闭原因"), max_length=limits.SHORT_TEXT, required=True)
    now = clock.now()
    TaskUpdate.objects.create(task=task, note=reason, status=TaskStatus.CLOSED, written_by=actor, written_at=now)
    task.status, task.finished_at = TaskStatus.CLOSED, now
    task.save(update_fields=["status", "finished_at"])
    record(task, "meetings.task_closed", actor, {"reason_length": len(reason)})
    return task


# --- overdue reminders (the sweep) -------------------------------------------------------------------------------

def owner_users(task: Task) -> list[int]:
    """The people who answer for a task: its unit's liaisons, its department's receivers, its team's captain, or
    the staff user."""
    from gongzhi.accounts.models import RoleAssignment

    if task.owner_user_id:
        return [task.owner_user_id]
    if task.owner_organisation_id:
        return sorted(set(RoleAssignment.objects.filter(role="unit_liaison", active=True,
                                                        organisation_id=task.owner_organisation_id)
                          .values_list("user_id", flat=True)))
    if task.owner_department_id:
        return sorted(set(RoleAssignment.objects.filter(role="department_receiver", active=True,
                                                        department_id=task.owner_department_id)
                          .values_list("user_id", flat=True)))
    captain = task.owner_team.captain if task.owner_team is not None else None
    user_id = captain.person.user_id if captain is not None else None
    return [user_id] if user_id else []


def sweep_overdue(*, today: dt.date | None = None) -> int:
    """Remind the owner of every open task past its deadline, once: the reminder row is unique per task, so a
    second sweep, or two at once, creates nothing more. Returns how many reminders were created."""
    today = today or clock.today()
    created = 0
    overdue = (Task.objects.filter(status=TaskStatus.OPEN, deadline__lt=today, reminders__isnull=True)
               .select_related("meeting__community", "owner_organisation", "owner_department",
                               "owner_team__captain__person", "owner_user").order_by("pk"))
    for task in overdue:
        try:
            with transaction.atomic():
                reminder = TaskReminder.objects.create(
                    task=task, kind="overdue", created_at=clock.now(),
                    message=_("“%(title)s”已逾期（完成时限 %(d)s，%(meeting)s）")
                    % {"title": task.title, "d": task.deadline.isoformat(), "meeting": task.meeting.title})
                reminder.recipients.set(owner_users(task))
                record(task, "meetings.task_reminder", None, {"reminder": reminder.pk,
                                                              "recipients": len(owner_users(task))})
        except IntegrityError:  # a concurrent sweep reminded first
            continue
        created += 1
    return created
