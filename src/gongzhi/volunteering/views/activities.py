"""Activities' pages. Workbench: the recruiting activities the user organises or oversees, and one page per activity
with its sign-ups, waiting list, attendance and hours (bulk confirmation, decline, correction, honour hours).
Phone shell (/m/activities/): sign up, cancel, check in and out with the rotating code; the organiser's phone page
shows the code and its QR code, refreshed every few seconds (htmx poll, no inline script). Views parse the request,
fetch through an access helper, call one service and render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongzhi.chronicle.services import entries_for
from gongzhi.core import clock
from gongzhi.core.forms import add_service_errors
from gongzhi.core.listing import choice_filter, paginate, querystring_without_page
from gongzhi.core.views import workbench_required
from gongzhi.lists.permissions import home_community
from gongzhi.people.models import Person
from gongzhi.people.permissions import shown_phone
from gongzhi.volunteering.forms_activities import (
    BulkConfirmForm,
    CodeForm,
    CorrectForm,
    HonourForm,
    ReasonForm,
)
from gongzhi.volunteering.models import HoursEntry, HoursStatus, SignUp, SignUpStatus
from gongzhi.volunteering.permissions_activities import (
    get_activity_for_organiser,
    get_activity_for_volunteer,
    get_hours_for_organiser,
    may_organise_somewhere,
    may_sign_up,
    organised_activities,
    organises,
    organises_somewhere,
    own_person,
    recruiting_for,
)
from gongzhi.volunteering.selectors_activities import HOURS_CHOICES, organiser_list, with_counts
from gongzhi.volunteering.services import activities as services
from gongzhi.volunteering.services import hours as hours_services

# --- shared -----------------------------------------------------------------------------------------------------------


def _errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _qr_svg(url: str) -> str:
    import segno

    return segno.make(url, error="m").svg_inline(scale=6, border=2, omitsize=True, title=_("签到二维码"))


# --- workbench ------------------------------------------------------------------------------------------------------------

@login_required
@workbench_required
def activity_index(request):
    g = request.GET
    qs = with_counts(organiser_list(request.user, hours=g.get("hours", ""), q=g.get("q", ""))
                     .select_related("community", "organiser", "organiser_team")).order_by("-starts_at", "-pk")
    filters = ([choice_filter(request, "hours", _("服务时长"), _("全部活动"), HOURS_CHOICES)]
               if organises_somewhere(request.user) else [])
    return render(request, "volunteering/activities_list.html", {
        "page": paginate(request, qs), "now": clock.now(), "filters": filters, "q": g.get("q", ""),
        "qs": querystring_without_page(request)})


def _detail_context(request, activity, *, honour_form=None) -> dict:
    user = request.user
    signups = list(SignUp.objects.filter(activity=activity).select_related("person__home").order_by("position"))
    for s in signups:
        s.shown_phone = shown_phone(user, s.person)
    entries = list(HoursEntry.objects.filter(activity=activity).select_related("person", "corrects")
                   .order_by("person__name", "pk"))
    pending = [e for e in entries if e.status == HoursStatus.PENDING]
    manage = organises(user, activity)
    people = Person.objects.filter(activity_signups__activity=activity,
                                   activity_signups__status=SignUpStatus.SIGNED).order_by("name")
    return {
        "activity": activity, "manage": manage,
        "signed": [s for s in signups if s.status == SignUpStatus.SIGNED],
        "waiting": [s for s in signups if s.status == SignUpStatus.WAITING],
        "cancelled": [s for s in signups if s.status == SignUpStatus.CANCELLED],
        "entries": entries, "pending": pending,
        "honour_form": honour_form or HonourForm(people=people),
        "chronicle": entries_for(activity) if user.scope.is_region_staff else None,
    }


@login_required
@workbench_required
def activity_detail(request, pk):
    activity = get_activity_for_organiser(request.user, pk)
    return render(request, "volunteering/activities_detail.html", _detail_context(request, activity))


def _back(activity):
    return redirect("volunteering:activity", activity.pk)


@login_required
@workbench_required
@require_POST
def hours_confirm(request, pk):
    activity = get_activity_for_organiser(request.user, pk, write=True)
    form = BulkConfirmForm(request.POST, pending=HoursEntry.objects.filter(activity=activity,
                                                                           status=HoursStatus.PENDING))
    if not form.is_valid():
        messages.error(request, _("请勾选要确认的时长"))
        return _back(activity)
    try:
        done = hours_services.confirm_many(actor=request.user, entries=list(form.cleaned_data["entries"]))
    except ValidationError as e:
        _errors(request, e)
    else:
        messages.success(request, _("已确认 %(n)d 条服务时长") % {"n": done})
    return _back(activity)


@login_required
@workbench_required
@require_POST
def hours_decline(request, pk, entry_pk):
    activity = get_activity_for_organiser(request.user, pk, write=True)
    entry = get_hours_for_organiser(request.user, entry_pk)
    if entry.activity_id != activity.pk:
        raise Http404
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("不予确认须填写理由（不超过 300 字）"))
        return _back(activity)
    try:
        hours_services.decline_hours(actor=request.user, entry=entry, reason=form.cleaned_data["reason"])
    except ValidationError as e:
        _errors(request, e)
    else:
        messages.success(request, _("已不予确认该时长"))
    return _back(activity)


@login_required
@workbench_required
@require_POST
def hours_correct(request, pk, entry_pk):
    activity = get_activity_for_organiser(request.user, pk, write=True)
    entry = get_hours_for_organiser(request.user, entry_pk)
    if entry.activity_id != activity.pk:
        raise Http404
    form = CorrectForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return _back(activity)
    try:
        hours_services.correct_hours(actor=request.user, entry=entry, hours=form.cleaned_data["hours"],
                                     reason=form.cleaned_data["reason"])
    except ValidationError as e:
        _errors(request, e)
    else:
        messages.success(request, _("已更正服务时长"))
    return _back(activity)


@login_required
@workbench_required
@require_POST
def hours_honour(request, pk):
    activity = get_activity_for_organiser(request.user, pk, write=True)
    people = Person.objects.filter(activity_signups__activity=activity,
                                   activity_signups__status=SignUpStatus.SIGNED).order_by("name")
    form = HonourForm(request.POST, people=people)
    if form.is_valid():
        try:
            hours_services.record_honour_hours(actor=request.user, activity=activity, **form.cleaned_data)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("已登记荣誉时长"))
            return _back(activity)
    return render(request, "volunteering/activities_detail.html",
                  _detail_context(request, activity, honour_form=form), status=200)


# --- phone shell: the volunteer ------------------------------------------------------------------------------------------

@login_required
def m_activities(request):
    user = request.user
    person = own_person(user)
    now = clock.now()
    mine = (list(SignUp.objects.filter(person=person).exclude(status=SignUpStatus.CANCELLED)
                 .select_related("activity__community").order_by("-activity__starts_at")[:30])
            if person is not None else [])
    taken = {s.activity_id for s in mine}
    open_ = [a for a in with_counts(recruiting_for(user).filter(starts_at__gt=now).select_related("community")
                                    ).order_by("starts_at")[:30] if a.pk not in taken]
    organised = (list(organised_activities(user).filter(ends_at__gte=now - services.CHECK_OUT_GRACE)
                      .select_related("community").order_by("starts_at")[:10])
                 if may_organise_somewhere(user) else [])
    organised = [a for a in organised if organises(user, a)]
    return render(request, "volunteering/m_activities_list.html", {
        "mine": mine, "open": open_, "organised": organised, "now": now, "tab": "home",
        "community": home_community(user)})


def _own_signup(user, activity):
    person = own_person(user)
    if person is None:
        return None
    return (SignUp.objects.filter(activity=activity, person=person).exclude(status=SignUpStatus.CANCELLED)
            .first())


def _m_detail_context(request, activity, *, code_form=None) -> dict:
    user = request.user
    signup = _own_signup(user, activity)
    now = clock.now()
    entries = (list(HoursEntry.objects.filter(activity=activity, person=signup.person_id).order_by("pk"))
               if signup is not None else [])
    signed = services.signed_count(activity)
    waiting_ahead = (SignUp.objects.filter(activity=activity, status=SignUpStatus.WAITING,
                                           position__lt=signup.position).count()
                     if signup is not None and signup.status == SignUpStatus.WAITING else 0)
    return {
        "activity": activity, "signup": signup, "entries": entries, "now": now, "signed_n": signed,
        "full": activity.quota is not None and signed >= activity.quota,
        "may_sign_up": signup is None and may_sign_up(user, activity) and now < activity.starts_at,
        "may_cancel": signup is not None and signup.checked_in_at is None and (
            signup.status == SignUpStatus.WAITING or now < services.cancel_deadline(activity)),
        "cancel_deadline": services.cancel_deadline(activity),
        "waiting_ahead": waiting_ahead,
        "may_check_in": signup is not None and signup.status == SignUpStatus.SIGNED and signup.checked_in_at is None
        and activity.ends_at is not None and activity.starts_at - services.CHECK_IN_OPENS <= now < activity.ends_at,
        "check_in_opens": activity.starts_at - services.CHECK_IN_OPENS,
        "may_check_out": signup is not None and signup.attending,
        "code_form": code_form or CodeForm(initial={"code": request.GET.get("code", "")[:6]}),
        "organiser": organises(user, activity), "tab": "home", "community": activity.community,
    }


@login_required
def m_activity(request, pk):
    activity = get_activity_for_volunteer(request.user, pk)
    return render(request, "volunteering/m_activities_detail.html", _m_detail_context(request, activity))


@login_required
@require_POST
def m_sign_up(request, pk):
    activity = get_activity_for_volunteer(request.user, pk)
    try:
        signup = services.sign_up(actor=request.user, activity=activity)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as e:
        _errors(request, e)
    else:
        if signup.status == SignUpStatus.SIGNED:
            messages.success(request, _("报名成功"))
        else:
            messages.success(request, _("名额已满，您已进入候补名单；有人取消时按顺序递补"))
    return redirect("volunteering:m_activity", activity.pk)


@login_required
@require_POST
def m_cancel(request, pk):
    activity = get_activity_for_volunteer(request.user, pk)
    signup = _own_signup(request.user, activity)
    if signup is None:
        raise Http404
    try:
        services.cancel_signup(actor=request.user, signup=signup)
    except ValidationError as e:
        _errors(request, e)
    else:
        messages.success(request, _("已取消报名"))
    return redirect("volunteering:m_activity", activity.pk)


def _code_action(request, pk, purpose: str):
    activity = get_activity_for_volunteer(request.user, pk)
    form = CodeForm(request.POST)
    if form.is_valid():
        try:
            if purpose == "in":
                services.check_in(actor=request.user, activity=activity, code=form.cleaned_data["code"])
            else:
                entry = services.check_out(actor=request.user, activity=activity, code=form.cleaned_data["code"])
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            if purpose == "in":
                messages.success(request, _("签到成功"))
            else:
                messages.success(request, _("签退成功，本次服务 %(h)s 小时，待组织方确认") % {"h": entry.hours})
            return redirect("volunteering:m_activity", activity.pk)
    return render(request, "volunteering/m_activities_detail.html",
                  _m_detail_context(request, activity, code_form=form))


@login_required
@require_POST
def m_check_in(request, pk):
    return _code_action(request, pk, "in")


@login_required
@require_POST
def m_check_out(request, pk):
    return _code_action(request, pk, "out")


# --- phone shell: the organiser's rotating code -----------------------------------------------------------------------

def _code_context(request, activity) -> dict:
    purpose = request.GET.get("purpose", "in")
    if purpose not in services.PURPOSES:
        purpose = "in"
    try:
        current = services.current_code(actor=request.user, activity=activity, purpose=purpose)
    except PermissionDenied:
        raise Http404 from None
    url = request.build_absolute_uri(reverse("volunteering:m_activity", args=[activity.pk])) + f"?code={current.code}"
    checked_in = SignUp.objects.filter(activity=activity, checked_in_at__isnull=False).count()
    checked_out = SignUp.objects.filter(activity=activity, checked_out_at__isnull=False).count()
    return {"activity": activity, "current": current, "purpose": purpose, "qr": mark_safe(_qr_svg(url)),
            "checked_in": checked_in, "checked_out": checked_out, "signed_n": services.signed_count(activity),
            "tab": "home"}


@login_required
def m_code(request, pk):
    activity = get_activity_for_organiser(request.user, pk, write=True)
    return render(request, "volunteering/m_activities_code.html", _code_context(request, activity))


@login_required
def m_code_live(request, pk):
    """The fragment the code page polls every few seconds (a new code and QR code each window)."""
    activity = get_activity_for_organiser(request.user, pk, write=True)
    return render(request, "volunteering/m_activities_code_live.html", _code_context(request, activity))


urlpatterns = [
    path("workbench/volunteering/activities/", activity_index, name="activities"),
    path("workbench/volunteering/activities/<int:pk>/", activity_detail, name="activity"),
    path("workbench/volunteering/activities/<int:pk>/confirm/", hours_confirm, name="hours_confirm"),
    path("workbench/volunteering/activities/<int:pk>/honour/", hours_honour, name="hours_honour"),
    path("workbench/volunteering/activities/<int:pk>/hours/<int:entry_pk>/decline/", hours_decline,
         name="hours_decline"),
    path("workbench/volunteering/activities/<int:pk>/hours/<int:entry_pk>/correct/", hours_correct,
         name="hours_correct"),
    path("m/activities/", m_activities, name="m_activities"),
    path("m/activities/<int:pk>/", m_activity, name="m_activity"),
    path("m/activities/<int:pk>/sign-up/", m_sign_up, name="m_sign_up"),
    path("m/activities/<int:pk>/cancel/", m_cancel, name="m_cancel"),
    path("m/activities/<int:pk>/check-in/", m_check_in, name="m_check_in"),
    path("m/activities/<int:pk>/check-out/", m_check_out, name="m_check_out"),
    path("m/activities/<int:pk>/code/", m_code, name="m_code"),
    path("m/activities/<int:pk>/code/live/", m_code_live, name="m_code_live"),
]
