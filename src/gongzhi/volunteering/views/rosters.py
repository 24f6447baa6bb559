"""Duty roster pages: the workbench (rosters and their gaps, a new roster, a roster's shifts, a shift's sign-ups
and attendance, duty hours to confirm) and the member's phone (值班: my teams, upcoming shifts with free slots,
sign up and cancel; for the captain: members, gaps, attendance). Views parse the request, fetch through an access
helper, call one service and render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongzhi.core import clock
from gongzhi.core.forms import add_service_errors
from gongzhi.core.listing import as_id, paginate, querystring_without_page
from gongzhi.core.views import workbench_required
from gongzhi.lists.permissions import home_community
from gongzhi.people.permissions import get_team_for_user, is_captain, shown_phone
from gongzhi.people.selectors import current_members, present_members
from gongzhi.people.services import leave_team
from gongzhi.volunteering.forms_rosters import AttendanceForm, ConfirmHoursForm, RosterForm
from gongzhi.volunteering.models import SignupStatus
from gongzhi.volunteering.permissions_rosters import (
    confirmable_duty_hours,
    get_roster_for_user,
    get_shift_for_user,
    get_signup_for_user,
    managed_teams,
    may_manage_roster,
    my_teams,
    my_volunteer,
    rosters_visible_to,
    shifts_visible_to,
)
from gongzhi.volunteering.selectors_rosters import (
    awaiting_attendance,
    gaps,
    my_signups,
    pending_duty_hours,
    signups_of,
    upcoming,
)
from gongzhi.volunteering.services import rosters as services


def _errors_to_messages(request, error: ValidationError) -> None:
    for m in error.messages:
        messages.error(request, m)


def _act(request, act, *, done: str, back):
    try:
        act()
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as e:
        _errors_to_messages(request, e)
    else:
        messages.success(request, done)
    return redirect(*back)


def _signup_rows(user, shift):
    return [{"signup": s, "name": s.volunteer.person.name, "phone": shown_phone(user, s.volunteer.person)}
            for s in signups_of(shift)]


# --- workbench -------------------------------------------------------------------------------------------------

@login_required
@workbench_required
def roster_index(request):
    user = request.user
    rosters = rosters_visible_to(user).select_related("team__community").order_by("team__community__path",
                                                                                    "team__name", "weekday", "pk")
    team_id = as_id(request.GET.get("team"))
    shifts = shifts_visible_to(user)
    if team_id:
        rosters = rosters.filter(team_id=team_id)
        shifts = shifts.filter(roster__team_id=team_id)
    return render(request, "volunteering/rosters_list.html", {
        "page": paginate(request, rosters), "qs": querystring_without_page(request),
        "gaps": list(gaps(shifts)[:30]), "awaiting": list(awaiting_attendance(shifts)[:30]),
        "pending_hours": confirmable_duty_hours(user).filter(status="pending").count(),
        "can_create": managed_teams(user).exists(),
    })


@login_required
@workbench_required
def roster_new(request):
    teams = managed_teams(request.user).select_related("community").order_by("community__path", "name")
    if not teams.exists():
        raise Http404
    form = RosterForm(request.POST or None, teams=teams, initial={"team": as_id(request.GET.get("team"))})
    if request.method == "POST" and form.is_valid():
        try:
            roster = services.create_roster(actor=request.user, **form.cleaned_data)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("值班排班已设立，已生成未来四周的班次"))
            return redirect("volunteering:roster_detail", roster.pk)
    return render(request, "volunteering/rosters_form.html", {"form": form})


@login_required
@workbench_required
def roster_detail(request, pk):
    roster = get_roster_for_user(request.user, pk)
    return render(request, "volunteering/rosters_detail.html", {
        "roster": roster, "shifts": list(upcoming(roster.shifts.all(), days=7 * services.MAX_WEEKS)),
        "awaiting": list(awaiting_attendance(roster.shifts.all())),
        "may_manage": may_manage_roster(request.user, roster),
    })


@login_required
@workbench_required
@require_POST
def roster_toggle(request, pk):
    roster = get_roster_for_user(request.user, pk, manage=True)
    active = not roster.active
    return _act(request, lambda: services.set_roster_active(actor=request.user, roster=roster, active=active),
                done=_("值班排班已恢复") if active else _("值班排班已暂停，不再生成新班次"),
                back=("volunteering:roster_detail", roster.pk))


@login_required
@workbench_required
def shift_detail(request, pk):
    user = request.user
    shift = get_shift_for_user(user, pk)
    manage = may_manage_roster(user, shift.roster)
    rows = _signup_rows(user, shift)
    signed = [r["signup"] for r in rows if r["signup"].status == SignupStatus.SIGNED]
    started = shift.starts_at <= clock.now()
    return render(request, "volunteering/rosters_shift.html", {
        "shift": shift, "rows": rows, "may_manage": manage, "started": started,
        "taken": sum(1 for r in rows), "attendance_form": AttendanceForm(signups=signed)
        if manage and started and signed else None,
    })


def _attendance(request, pk, back):
    shift = get_shift_for_user(request.user, pk, manage=True)
    signed = [s for s in signups_of(shift) if s.status == SignupStatus.SIGNED]
    form = AttendanceForm(request.POST, signups=signed)
    if not form.is_valid():
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
        return redirect(*back(shift))
    return _act(request, lambda: services.record_attendance(actor=request.user, shift=shift,
                                                            served=form.cleaned_data["served"]),
                done=_("到岗情况已登记，值班时长待社区确认"), back=back(shift))


@login_required
@workbench_required
@require_POST
def shift_attendance(request, pk):
    return _attendance(request, pk, lambda s: ("volunteering:shift_detail", s.pk))


@login_required
@workbench_required
def duty_hours(request):
    entries = pending_duty_hours(confirmable_duty_hours(request.user))
    page = paginate(request, entries)
    if request.method == "POST":
        form = ConfirmHoursForm(request.POST, entries=entries)
        if not form.is_valid():
            messages.error(request, _("请选择要确认的时长记录"))
        else:
            chosen = list(entries.filter(pk__in=form.cleaned_data["entries"]))
            return _act(request, lambda: services.confirm_duty_hours(actor=request.user, entries=chosen),
                        done=_("已确认 %(n)d 条值班时长") % {"n": len(chosen)}, back=("volunteering:duty_hours",))
    return render(request, "volunteering/rosters_hours.html", {"page": page, "qs": querystring_without_page(request)})


# --- the member's phone ----------------------------------------------------------------------------------------

@login_required
def m_duty(request):
    """值班: my teams, the coming two weeks' shifts with free slots, my sign-ups; a captain also sees the gaps and
    the shifts waiting for attendance of their team."""
    user = request.user
    volunteer = my_volunteer(user)
    teams = list(my_teams(user).order_by("name"))
    shifts = shifts_visible_to(user).filter(roster__team__in=[t.pk for t in teams])
    captained = [t for t in teams if t.captain_id and volunteer and t.captain_id == volunteer.pk]
    led = shifts.filter(roster__team__in=[t.pk for t in captained])
    return render(request, "volunteering/m_rosters_index.html", {
        "volunteer": volunteer, "teams": teams, "captained": captained,
        "shifts": list(upcoming(shifts, volunteer=volunteer)) if volunteer else [],
        "mine": list(my_signups(volunteer)) if volunteer else [],
        "gaps": list(gaps(led)) if captained else [], "awaiting": list(awaiting_attendance(led)) if captained else [],
        "community": home_community(user), "tab": "home", "now": clock.now(),
    })


@login_required
def m_team(request, pk):
    user = request.user
    team = get_team_for_user(user, pk)
    captain = is_captain(user, team)
    shifts = shifts_visible_to(user).filter(roster__team=team)
    return render(request, "volunteering/m_rosters_team.html", {
        "team": team, "captain": captain, "members": present_members(user, team) if captain else None,
        "rosters": list(team.rosters.filter(active=True).order_by("weekday", "starts_at")),
        "gaps": list(gaps(shifts)) if captain else [], "awaiting": list(awaiting_attendance(shifts)) if captain else [],
        "community": home_community(user), "tab": "home",
    })


@login_required
def m_shift(request, pk):
    user = request.user
    shift = get_shift_for_user(user, pk)
    manage = may_manage_roster(user, shift.roster)
    rows = _signup_rows(user, shift)
    volunteer = my_volunteer(user)
    mine = next((r["signup"] for r in rows if volunteer and r["signup"].volunteer_id == volunteer.pk
                 and r["signup"].status != SignupStatus.CANCELLED), None)
    signed = [r["signup"] for r in rows if r["signup"].status == SignupStatus.SIGNED]
    started = shift.starts_at <= clock.now()
    return render(request, "volunteering/m_rosters_shift.html", {
        "shift": shift, "rows": rows, "mine": mine, "taken": len(rows), "free": max(shift.slots - len(rows), 0),
        "started": started, "captain": manage,
        "attendance_form": AttendanceForm(signups=signed) if manage and started and signed else None,
        "community": home_community(user), "tab": "home",
    })


@login_required
@require_POST
def m_signup(request, pk):
    shift = get_shift_for_user(request.user, pk)
    return _act(request, lambda: services.sign_up(actor=request.user, shift=shift),
                done=_("报名成功，请按时到岗"), back=("volunteering:m_shift", shift.pk))


@login_required
@require_POST
def m_cancel(request, pk):
    signup = get_signup_for_user(request.user, pk)
    return _act(request, lambda: services.cancel_signup(actor=request.user, signup=signup),
                done=_("已取消报名"), back=("volunteering:m_shift", signup.shift_id))


@login_required
@require_POST
def m_team_leave(request, pk, membership):
    """The captain records on the phone that a member has left the team (dated today)."""
    team = get_team_for_user(request.user, pk, manage=True)
    spell = current_members(team).filter(pk=as_id(membership) or 0).first()
    if spell is None:
        raise Http404
    return _act(request, lambda: leave_team(actor=request.user, volunteer=spell.volunteer, team=team),
                done=_("已登记离队"), back=("volunteering:m_team", team.pk))


@login_required
@require_POST
def m_attendance(request, pk):
    return _attendance(request, pk, lambda s: ("volunteering:m_shift", s.pk))


urlpatterns: list = [
    path("workbench/rosters/", roster_index, name="rosters"),
    path("workbench/rosters/new/", roster_new, name="roster_new"),
    path("workbench/rosters/hours/", duty_hours, name="duty_hours"),
    path("workbench/rosters/<int:pk>/", roster_detail, name="roster_detail"),
    path("workbench/rosters/<int:pk>/toggle/", roster_toggle, name="roster_toggle"),
    path("workbench/rosters/shifts/<int:pk>/", shift_detail, name="shift_detail"),
    path("workbench/rosters/shifts/<int:pk>/attendance/", shift_attendance, name="shift_attendance"),
    path("m/duty/", m_duty, name="m_duty"),
    path("m/duty/teams/<int:pk>/", m_team, name="m_team"),
    path("m/duty/teams/<int:pk>/members/<int:membership>/leave/", m_team_leave, name="m_team_leave"),
    path("m/duty/shifts/<int:pk>/", m_shift, name="m_shift"),
    path("m/duty/shifts/<int:pk>/signup/", m_signup, name="m_signup"),
    path("m/duty/shifts/<int:pk>/attendance/", m_attendance, name="m_attendance"),
    path("m/duty/signups/<int:pk>/cancel/", m_cancel, name="m_duty_cancel"),
]
