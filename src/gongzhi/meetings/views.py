"""HTML pages of joint meetings: the workbench's meeting list, a new meeting, a meeting's page (agenda with the open
tasks carried over from earlier meetings of the same body, invitations and attendance, minutes and their notes,
resolutions and their tasks), the task list and a task's page; "my tasks" for owners in the workbench (a liaison,
a receiver, a staff user — it works on a phone) and in the resident shell (a team captain). Views parse the request,
fetch through an access helper, call one service and render."""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongzhi.accounts.models import STAFF_REGION_ROLES, RoleAssignment
from gongzhi.cases.permissions import cases_visible_to
from gongzhi.chronicle.services import entries_for
from gongzhi.core import clock
from gongzhi.core.forms import add_service_errors
from gongzhi.core.listing import choice_filter, paginate, querystring_without_page
from gongzhi.core.views import workbench_required
from gongzhi.lists.permissions import needs_visible_to, resources_visible_to
from gongzhi.meetings import selectors, services
from gongzhi.meetings.forms import (
    AgendaForm,
    AttendanceForm,
    CloseForm,
    InviteForm,
    MeetingForm,
    MinutesForm,
    NoteForm,
    ProgressForm,
    ResolutionForm,
    parse_owner,
)
from gongzhi.meetings.models import (
    Invitation,
    JointMeeting,
    MeetingKind,
    MeetingStatus,
    OwnerKind,
    TaskStatus,
)
from gongzhi.meetings.permissions import (
    bodies_run_by,
    bodies_seen_by,
    get_meeting_for_user,
    get_task_for_user,
    is_task_owner,
    may_close_task,
    may_run,
    may_update_task,
)
from gongzhi.organisations.models import Department, Organisation
from gongzhi.people.models import VolunteerTeam
from gongzhi.talent.selectors import suggestions_for

WORKBENCH_BASE = "meetings/workbench_base.html"
MOBILE_BASE = "meetings/mobile_base.html"


def _errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _form_errors(request, form) -> None:
    for errors in form.errors.values():
        for e in errors:
            messages.error(request, e)


def _units_of(body, meeting: JointMeeting | None = None):
    condition = Q(home__path__startswith=body.path)
    if meeting is not None:
        condition |= Q(pk__in=Invitation.objects.filter(meeting=meeting).values("organisation_id"))
    return Organisation.objects.filter(condition).order_by("name")


def _staff_of(body):
    """Staff who may own a task of the body: region staff whose area holds the body or lies in it."""
    above = _ancestors(body.path)
    roles = RoleAssignment.objects.filter(Q(region__path__startswith=body.path) | Q(region__path__in=above),
                                          active=True, role__in=sorted(STAFF_REGION_ROLES))
    return get_user_model().objects.filter(pk__in=roles.values("user_id"), is_active=True).order_by("username")


def _ancestors(path: str) -> list[str]:
    parts = [p for p in path.split("/") if p]
    return ["".join(f"{p}/" for p in parts[: i + 1]) for i in range(len(parts))]


def _departments_of(body, meeting: JointMeeting):
    return Department.objects.filter(
        Q(home__path__startswith=body.path) | Q(home__path__in=_ancestors(body.path))
        | Q(pk__in=Invitation.objects.filter(meeting=meeting).values("department_id"))).order_by("name")


def _resolution_form(meeting: JointMeeting, data=None) -> ResolutionForm:
    body = meeting.community
    return ResolutionForm(data, units=_units_of(body, meeting), departments=_departments_of(body, meeting),
                          teams=VolunteerTeam.objects.filter(community__path__startswith=body.path).order_by("name"),
                          users=_staff_of(body), auto_id="resolution_%s")


def _agenda_form(user, meeting: JointMeeting, data=None) -> AgendaForm:
    path = meeting.community.path
    return AgendaForm(
        data,
        needs=needs_visible_to(user).filter(community__path__startswith=path).order_by("-pk")[:200],
        resources=resources_visible_to(user).filter(community__path__startswith=path).order_by("-pk")[:200],
        cases=cases_visible_to(user).filter(community__path__startswith=path).select_related("category")
        .order_by("-pk")[:200], auto_id="agenda_%s")


def _owner_from(form) -> dict:
    """The chosen owner as the service's keyword, or {} (the service then refuses "no owner")."""
    parsed = parse_owner(form.cleaned_data.get("owner", ""))
    if parsed is None:
        return {}
    kind, pk = parsed
    model = {OwnerKind.ORGANISATION: Organisation, OwnerKind.DEPARTMENT: Department, OwnerKind.TEAM: VolunteerTeam,
             OwnerKind.USER: get_user_model()}[kind]
    related = {"organisation": ["home"], "department": ["home"], "team": ["community"], "user": []}[kind]
    obj = model.objects.select_related(*related).filter(pk=pk).first()
    return {f"owner_{kind}": obj} if obj is not None else {}


# --- workbench: meetings -------------------------------------------------------------------------------------------

@login_required
@workbench_required
def meeting_list(request):
    g = request.GET
    page = paginate(request, selectors.meetings(request.user, community=g.get("community"), kind=g.get("kind", ""),
                                                status=g.get("status", ""), q=g.get("q", "")))
    filters = [choice_filter(request, "community", _("社区或街道"), _("全部"),
                             [(str(c.pk), c.name) for c in bodies_seen_by(request.user)]),
               choice_filter(request, "kind", _("会议类别"), _("全部类别"), MeetingKind.choices),
               choice_filter(request, "status", _("状态"), _("全部状态"), MeetingStatus.choices)]
    return render(request, "meetings/list.html", {
        "tab": "meetings", "page": page, "filters": filters, "q": g.get("q", ""),
        "qs": querystring_without_page(request), "may_create": bodies_run_by(request.user).exists()})


@login_required
@workbench_required
def meeting_create(request):
    bodies = bodies_run_by(request.user)
    if not bodies.exists():
        raise Http404
    paths = list(bodies.values_list("path", flat=True))
    units = Organisation.objects.filter(reduce(or_, [Q(home__path__startswith=p) for p in paths])).order_by("name")
    form = MeetingForm(request.POST or None, bodies=bodies, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.create_meeting(actor=request.user, **form.cleaned_data)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("已安排会议"))
            return redirect("meetings:detail", meeting.pk)
    return render(request, "meetings/create.html", {"tab": "meetings", "form": form})


def _detail_context(request, meeting: JointMeeting, **forms) -> dict:
    runner = may_run(request.user, meeting.community)
    open_meeting = runner and not meeting.is_minuted
    invitations = list(selectors.invitations(meeting))
    context = {
        "tab": "meetings", "meeting": meeting, "may_run": runner, "today": clock.today(),
        "meeting_day": services.meeting_day(meeting),
        "agenda": list(selectors.agenda(meeting)), "carried": list(selectors.carried_over(meeting)),
        "invitations": invitations, "notes": list(meeting.minutes_notes.select_related("written_by")),
        "tasks": list(selectors.meeting_tasks(meeting)),
        "entries": entries_for(meeting)[:30] if request.user.scope.is_region_staff else [],
        "invite_form": forms.get("invite_form") or (InviteForm(units=_units_of(meeting.community), auto_id="invite_%s")
                                                    if open_meeting else None),
        "agenda_form": forms.get("agenda_form") or (_agenda_form(request.user, meeting) if open_meeting else None),
        "minutes_form": forms.get("minutes_form") or (MinutesForm(auto_id="minutes_%s") if open_meeting else None),
        "note_form": forms.get("note_form") or (NoteForm(auto_id="note_%s") if runner and meeting.is_minuted
                                                else None),
        "resolution_form": forms.get("resolution_form") or (_resolution_form(meeting) if runner else None),
        "attendance_form": AttendanceForm() if open_meeting else None,
    }
    return context


@login_required
@workbench_required
def meeting_detail(request, pk):
    meeting = get_meeting_for_user(request.user, pk)
    return render(request, "meetings/detail.html", _detail_context(request, meeting))


def _meeting_action(request, pk, form_class_or_factory, key: str, call, success: str):
    """One POST action on a meeting page: on a form or service error the page is shown again with the form's
    errors (nothing written); on success a message and a redirect to the page."""
    meeting = get_meeting_for_user(request.user, pk, write=True)
    form = form_class_or_factory(meeting, request.POST)
    if form.is_valid():
        try:
            call(meeting, form)
        except ValidationError as e:
            if hasattr(e, "error_dict") and any(f in form.fields for f in e.message_dict):
                add_service_errors(form, e)
            else:  # a refusal about the meeting's state: a message at the top, where it is seen
                _errors(request, e)
        else:
            messages.success(request, success)
            return redirect("meetings:detail", meeting.pk)
    meeting.refresh_from_db()
    return render(request, "meetings/detail.html", _detail_context(request, meeting, **{key: form}), status=400)


@login_required
@workbench_required
@require_POST
def invite(request, pk):
    def call(meeting, form):
        parsed = parse_owner(form.cleaned_data["invitee"])
        organisation = department = None
        if parsed and parsed[0] == "organisation":
            organisation = Organisation.objects.filter(pk=parsed[1]).first()
        elif parsed and parsed[0] == "department":
            department = Department.objects.filter(pk=parsed[1]).first()
        if organisation is None and department is None:
            raise ValidationError({"invitee": _("请选择受邀单位或部门")})
        services.invite(actor=request.user, meeting=meeting, organisation=organisation, department=department,
                        role=form.cleaned_data["role"])

    def factory(meeting, data):
        return InviteForm(data, units=_units_of(meeting.community), auto_id="invite_%s")

    return _meeting_action(request, pk, factory, "invite_form", call, _("已邀请"))


@login_required
@workbench_required
@require_POST
def attendance(request, pk, invitation_pk):
    meeting = get_meeting_for_user(request.user, pk, write=True)
    invitation = meeting.invitations.select_related("organisation", "department").filter(pk=invitation_pk).first()
    if invitation is None:
        raise Http404
    form = AttendanceForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("meetings:detail", meeting.pk)
    try:
        services.record_attendance(actor=request.user, meeting=meeting, organisation=invitation.organisation,
                                   department=invitation.department, **form.cleaned_data)
    except ValidationError as e:
        _errors(request, e)
    else:
        messages.success(request, _("已登记%(name)s的出席情况") % {"name": invitation.invitee_name})
    return redirect("meetings:detail", meeting.pk)


@login_required
@workbench_required
@require_POST
def agenda_add(request, pk):
    def call(meeting, form):
        services.add_agenda_item(actor=request.user, meeting=meeting, **form.cleaned_data)

    return _meeting_action(request, pk, lambda m, d: _agenda_form(request.user, m, d), "agenda_form", call,
                           _("已列入议程"))


@login_required
@workbench_required
@require_POST
def minutes(request, pk):
    def call(meeting, form):
        services.record_minutes(actor=request.user, meeting=meeting, **form.cleaned_data)

    return _meeting_action(request, pk, lambda m, d: MinutesForm(d, auto_id="minutes_%s"), "minutes_form", call, _("已记录会议纪要"))


@login_required
@workbench_required
@require_POST
def minutes_note(request, pk):
    def call(meeting, form):
        services.add_minutes_note(actor=request.user, meeting=meeting, text=form.cleaned_data["text"])

    return _meeting_action(request, pk, lambda m, d: NoteForm(d, auto_id="note_%s"), "note_form", call, _("已追加补充说明"))


@login_required
@workbench_required
@require_POST
def resolution(request, pk):
    def call(meeting, form):
        data = form.cleaned_data
        services.add_resolution(actor=request.user, meeting=meeting, title=data["title"], detail=data["detail"],
                                deadline=data["deadline"], **_owner_from(form))

    return _meeting_action(request, pk, _resolution_form_for, "resolution_form", call,
                           _("已记录决议事项，并转为跟踪任务"))


def _resolution_form_for(meeting, data):
    return _resolution_form(meeting, data)


# --- tasks -------------------------------------------------------------------------------------------------------

@login_required
@workbench_required
def task_list(request):
    g = request.GET
    today = clock.today()
    page = paginate(request, selectors.tasks(request.user, status=g.get("status", ""),
                                             owner_kind=g.get("owner", ""), overdue=g.get("overdue") == "1",
                                             today=today, community=g.get("community"), q=g.get("q", "")))
    filters = [choice_filter(request, "community", _("社区或街道"), _("全部"),
                             [(str(c.pk), c.name) for c in bodies_seen_by(request.user)]),
               choice_filter(request, "status", _("状态"), _("全部状态"), TaskStatus.choices),
               choice_filter(request, "owner", _("责任方"), _("全部责任方"), OwnerKind.choices),
               choice_filter(request, "overdue", _("逾期"), _("全部"), [("1", _("仅看逾期"))])]
    return render(request, "meetings/tasks.html", {"tab": "tasks", "page": page, "filters": filters,
                                                   "q": g.get("q", ""), "today": today,
                                                   "qs": querystring_without_page(request)})


def _task_page(request, pk, *, base: str):
    task = get_task_for_user(request.user, pk)
    progress = ProgressForm(request.POST or None) if may_update_task(request.user, task) else None
    close = CloseForm() if may_close_task(request.user, task) else None
    if request.method == "POST":
        if progress is None:
            raise Http404
        if progress.is_valid():
            try:
                services.update_task(actor=request.user, task=task, **progress.cleaned_data)
            except ValidationError as e:
                add_service_errors(progress, e)
            else:
                messages.success(request, _("已更新进展"))
                return redirect(request.path)
    return render(request, "meetings/task.html", {
        "base": base, "tab": "mine" if is_task_owner(request.user, task) else "tasks", "task": task,
        "updates": list(selectors.updates(task)),
        "progress_form": progress, "close_form": close, "today": clock.today(),
        "is_owner": is_task_owner(request.user, task), "mobile": base == MOBILE_BASE,
        "sees_meeting": base == WORKBENCH_BASE,
        # residents of the pool whose skills suit the task, for the staff organising it (人才储备库)
        "talent_suggestions": suggestions_for(request.user, community=task.meeting.community,
                                              text=f"{task.title} {task.detail}") if base == WORKBENCH_BASE else None,
    }, status=400 if progress is not None and progress.errors else 200)


@login_required
@workbench_required
def task_detail(request, pk):
    return _task_page(request, pk, base=WORKBENCH_BASE)


@login_required
@workbench_required
@require_POST
def task_close(request, pk):
    task = get_task_for_user(request.user, pk)
    if not may_close_task(request.user, task):
        raise Http404
    form = CloseForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
    else:
        try:
            services.close_task(actor=request.user, task=task, reason=form.cleaned_data["reason"])
        except ValidationError as e:
            _errors(request, e)
        else:
            messages.success(request, _("已关闭该决议事项"))
    return redirect("meetings:task", task.pk)


def _my_tasks(request, *, base: str):
    today = clock.today()
    status = request.GET.get("status", "open")
    due = dict(selectors.DUE_CHOICES)
    due_value = request.GET.get("due", "")
    due_value = due_value if due_value in due else ""  # unknown values are ignored
    page = paginate(request, selectors.mine(request.user, status="" if status == "all" else status, due=due_value,
                                            today=today))
    return render(request, "meetings/my_tasks.html", {
        "base": base, "tab": "mine", "page": page, "today": today, "status": status,
        "due": due_value, "due_label": due.get(due_value, ""),
        "qs": querystring_without_page(request),
        "mobile": base == MOBILE_BASE, "reminders": list(selectors.reminders_for(request.user)[:5])})


@login_required
@workbench_required
def my_tasks(request):
    return _my_tasks(request, base=WORKBENCH_BASE)


# --- the resident shell: a team captain's tasks -------------------------------------------------------------------

@login_required
def m_tasks(request):
    return _my_tasks(request, base=MOBILE_BASE)


@login_required
def m_task(request, pk):
    return _task_page(request, pk, base=MOBILE_BASE)
