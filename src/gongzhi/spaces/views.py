"""HTML pages of the space platform: the workbench (venues with their week, opening hours and closures; applying
with a preview of every occurrence; applications with decisions, cancellations and the exchange commitment's
fulfilment; usage rates) and the resident's phone pages (venues of her community, apply for a slot, her
applications). Views parse the request, fetch through an access helper, call one service and render."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongzhi.chronicle.services import entries_for
from gongzhi.core import clock
from gongzhi.core.forms import add_service_errors
from gongzhi.core.listing import choice_filter, paginate, querystring_without_page
from gongzhi.core.views import workbench_required
from gongzhi.lists.permissions import home_community
from gongzhi.spaces import selectors, services
from gongzhi.spaces.forms import (
    ApplyForm,
    CancelForm,
    ClosureForm,
    DecisionForm,
    FulfilmentForm,
    HoursForm,
    MobileApplyForm,
    VenueForm,
    hours_text,
)
from gongzhi.spaces.models import ApplicationStatus, BookingStatus, VenueKind
from gongzhi.spaces.permissions import (
    applicant_label,
    applicants_for,
    communities_run_by,
    communities_seen_by,
    get_application_for_user,
    get_booking_for_user,
    get_venue_for_user,
    may_cancel,
    may_decide,
    may_record_fulfilment,
    may_run_spaces,
    runs_some_spaces,
    sees_details_of,
    shown_applicant,
)

HOLDING = (BookingStatus.APPLIED, BookingStatus.APPROVED)


def _errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _ctx(request, tab: str, **extra) -> dict:
    return {"tab": tab, "qs": querystring_without_page(request), **extra}


def _monday(value: str | None) -> dt.date:
    try:
        day = dt.date.fromisoformat(value or "")
    except ValueError:
        day = clock.today()
    if not 2000 <= day.year <= 2100:
        day = clock.today()
    return day - dt.timedelta(days=day.weekday())


# --- workbench: venues -----------------------------------------------------------------------------------------------

@login_required
@workbench_required
def venues(request):
    communities = communities_run_by(request.user)
    form = VenueForm(request.POST or None, communities=communities) if communities.exists() else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                venue = services.create_venue(actor=request.user, **form.cleaned_data)
            except ValidationError as e:
                add_service_errors(form, e)
            else:
                messages.success(request, _("已登记场地：%(name)s，请设置开放时间") % {"name": venue.name})
                return redirect("spaces:venue", venue.pk)
    g = request.GET
    page = paginate(request, selectors.venues(request.user, community=g.get("community"), kind=g.get("kind", ""),
                                              q=g.get("q", "")))
    period = selectors.period("30")
    used = selectors.usage([v.pk for v in page.object_list], period.start, period.end)
    hours = selectors.hours_of(page.object_list)
    page.object_list = [{"venue": v, "usage": used[v.pk], "hours": hours_text(hours.get(v.pk, []))}
                        for v in page.object_list]
    filters = [choice_filter(request, "community", _("社区"), _("全部社区"),
                             [(str(c.pk), c.name) for c in communities_seen_by(request.user)]),
               choice_filter(request, "kind", _("类别"), _("全部类别"), VenueKind.choices)]
    return render(request, "spaces/venues.html", _ctx(request, "venues", page=page, form=form, filters=filters,
                                                      q=g.get("q", "")))


@login_required
@workbench_required
def venue_detail(request, pk):
    venue = get_venue_for_user(request.user, pk)
    runner = may_run_spaces(request.user, venue.community)
    hours_form = HoursForm(initial={"hours": hours_text(venue.opening_hours.all())}) if runner else None
    closure_form = ClosureForm() if runner else None
    if request.method == "POST":
        if not runner:
            raise Http404
        action = request.POST.get("action")
        try:
            if action == "hours":
                hours_form = HoursForm(request.POST)
                if hours_form.is_valid():
                    services.set_opening_hours(actor=request.user, venue=venue, ranges=hours_form.cleaned_data["hours"])
                    messages.success(request, _("开放时间已保存"))
                    return redirect("spaces:venue", venue.pk)
            elif action == "closure":
                closure_form = ClosureForm(request.POST)
                if closure_form.is_valid():
                    services.add_closure(actor=request.user, venue=venue, **closure_form.cleaned_data)
                    messages.success(request, _("已登记闭馆"))
                    return redirect("spaces:venue", venue.pk)
            elif action in ("open", "close"):
                services.change_venue(actor=request.user, venue=venue, active=action == "open")
                messages.success(request, _("已开放预约") if action == "open" else _("已暂停预约"))
                return redirect("spaces:venue", venue.pk)
        except ValidationError as e:
            add_service_errors(hours_form if action == "hours" else closure_form, e)
    monday = _monday(request.GET.get("week"))
    days = selectors.week(venue, monday)
    for day in days:
        day["bookings"] = [{"b": b, "details": sees_details_of(request.user, b.application),
                            "who": shown_applicant(request.user, b.application)} for b in day["bookings"]]
    rates = []
    for value, label in selectors.PERIOD_CHOICES:
        p = selectors.period(value)
        rates.append({"label": label, "usage": selectors.usage([venue.pk], p.start, p.end)[venue.pk]})
    return render(request, "spaces/venue.html", _ctx(
        request, "venues", venue=venue, runner=runner, hours_form=hours_form, closure_form=closure_form, days=days,
        monday=monday, prev_week=monday - dt.timedelta(days=7), next_week=monday + dt.timedelta(days=7),
        hours=hours_text(venue.opening_hours.all()), rates=rates,
        closures=venue.closures.filter(ends_on__gte=clock.today()).order_by("starts_on"),
        may_apply=bool(applicants_for(request.user, venue))))


@login_required
@workbench_required
def apply(request, pk):
    """Apply for a slot or a weekly series: "检查" shows every occurrence and its problems without writing
    anything; "提交申请" writes the whole series or, when one occurrence is not free, nothing."""
    venue = get_venue_for_user(request.user, pk)
    options = applicants_for(request.user, venue)
    if not options:
        raise Http404
    form = ApplyForm(request.POST or None, applicants=[(k, applicant_label(a)) for k, a in options.items()],
                     initial={"attendance": 10})
    checked = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        applicant = options[data.pop("applicant")]
        slot = {k: data[k] for k in ("first_date", "starts", "ends", "attendance", "repeat_until")}
        try:
            checked = services.preview(venue=venue, **slot)
            if request.POST.get("action") == "submit":
                application = services.apply(actor=request.user, venue=venue, applicant=applicant, **data)
                messages.success(request, _("申请已提交（共 %(n)d 次），等待社区审核")
                                 % {"n": application.bookings.count()})
                return redirect("spaces:application", application.pk)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as e:
            add_service_errors(form, e)
    return render(request, "spaces/apply.html", _ctx(request, "venues", venue=venue, form=form, checked=checked))


# --- workbench: applications -------------------------------------------------------------------------------------------

@login_required
@workbench_required
def applications(request):
    g = request.GET
    page = paginate(request, selectors.applications(request.user, community=g.get("community"),
                                                    status=g.get("status", ""), q=g.get("q", ""),
                                                    decide=g.get("decide", "")))
    page.object_list = [{"a": a, "who": shown_applicant(request.user, a)} for a in page.object_list]
    filters = [choice_filter(request, "community", _("社区"), _("全部社区"),
                             [(str(c.pk), c.name) for c in communities_seen_by(request.user)]),
               choice_filter(request, "status", _("状态"), _("全部状态"), ApplicationStatus.choices)]
    if runs_some_spaces(request.user):
        filters.append(choice_filter(request, "decide", _("审批"), _("全部申请"), selectors.DECIDE_CHOICES))
    return render(request, "spaces/applications.html", _ctx(request, "applications", page=page, filters=filters,
                                                            q=g.get("q", "")))


@login_required
@workbench_required
def application_detail(request, pk):
    user = request.user
    application = get_application_for_user(user, pk)
    commitment = getattr(application, "commitment", None)
    decide = may_decide(user, application) and application.status == ApplicationStatus.APPLIED
    fulfil = (commitment is not None and commitment.status == "active" and may_record_fulfilment(user, commitment))
    decision_form = DecisionForm(request.POST if request.POST.get("action") in ("approve", "reject") else None)
    fulfilment_form = FulfilmentForm(request.POST if request.POST.get("action") == "fulfil" else None,
                                     initial={"date": clock.today()})
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action in ("approve", "reject") and decide and decision_form.is_valid():
                if action == "approve":
                    services.approve(actor=user, application=application, **decision_form.cleaned_data)
                    messages.success(request, _("已批准，申请方可按时使用场地"))
                else:
                    services.reject(actor=user, application=application, **decision_form.cleaned_data)
                    messages.success(request, _("已不批准，时段已释放"))
                return redirect("spaces:application", application.pk)
            if action == "cancel_all" and may_cancel(user, application):
                form = CancelForm(request.POST)
                services.cancel_application(actor=user, application=application,
                                            reason=form.cleaned_data["reason"] if form.is_valid() else "")
                messages.success(request, _("已取消整个申请，未开始的时段已释放"))
                return redirect("spaces:application", application.pk)
            if action == "fulfil" and fulfil and fulfilment_form.is_valid():
                services.record_fulfilment(actor=user, commitment=commitment, **fulfilment_form.cleaned_data)
                messages.success(request, _("已登记履约"))
                return redirect("spaces:application", application.pk)
            if action not in ("approve", "reject", "cancel_all", "fulfil"):
                raise Http404
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as e:
            target = fulfilment_form if action == "fulfil" else decision_form
            add_service_errors(target, e)
            if action == "cancel_all":
                _errors(request, e)
    now = clock.now()
    cancellable = may_cancel(user, application)
    bookings = [{"b": b, "may_cancel": cancellable and b.status in HOLDING and b.starts_at > now}
                for b in selectors.bookings_of(application)]
    return render(request, "spaces/application.html", _ctx(
        request, "applications", a=application, who=shown_applicant(user, application), bookings=bookings,
        commitment=commitment, fulfilments=selectors.fulfilments_of(commitment) if commitment else [],
        decide=decide, decision_form=decision_form, fulfil=fulfil, fulfilment_form=fulfilment_form,
        may_cancel_all=cancellable and application.status in (ApplicationStatus.APPLIED,
                                                              ApplicationStatus.APPROVED),
        entries=entries_for(application).order_by("-seq")[:20]))


def _cancel_booking(request, pk):
    booking = get_booking_for_user(request.user, pk)
    form = CancelForm(request.POST)
    try:
        services.cancel_booking(actor=request.user, booking=booking,
                                reason=form.cleaned_data["reason"] if form.is_valid() else "")
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as e:
        _errors(request, e)
    else:
        messages.success(request, _("已取消 %(slot)s，该时段已释放")
                         % {"slot": services.describe_slot(booking.starts_at, booking.ends_at)})
    return booking


@login_required
@workbench_required
@require_POST
def cancel_booking(request, pk):
    booking = _cancel_booking(request, pk)
    return redirect("spaces:application", booking.application_id)


# --- workbench: usage --------------------------------------------------------------------------------------------------

@login_required
@workbench_required
def usage(request):
    if not request.user.scope.is_region_staff:
        raise Http404
    value = request.GET.get("period", "30")
    period = selectors.period(value)
    rows = list(selectors.venues(request.user, community=request.GET.get("community")))
    found = selectors.usage([v.pk for v in rows], period.start, period.end)
    table = [{"venue": v, "usage": found[v.pk]} for v in rows]
    open_hours = sum(r["usage"].open_hours for r in table)
    booked = sum(r["usage"].booked_hours for r in table)
    commitments = list(selectors.commitments(request.user)[:50])
    return render(request, "spaces/usage.html", _ctx(
        request, "usage", period=period, value=value, choices=selectors.PERIOD_CHOICES, rows=table,
        total={"open": open_hours, "booked": booked, "rate": booked / open_hours if open_hours else None},
        commitments=commitments, months=_months(12)))


def _months(n: int) -> list[tuple[str, str]]:
    """The last n calendar months as period choices: ("2026-12", "2026年12月") …"""
    day, found = clock.today().replace(day=1), []
    for _i in range(n):
        found.append((f"{day:%Y-%m}", _("%(y)d年%(m)d月") % {"y": day.year, "m": day.month}))
        day = (day - dt.timedelta(days=1)).replace(day=1)
    return found


# --- the resident's phone ----------------------------------------------------------------------------------------------

@login_required
def m_home(request):
    """预约场地: the venues of her community and her applications."""
    user = request.user
    community = home_community(user)
    venue_list = list(selectors.venues(user).filter(active=True)[:30])
    hours = selectors.hours_of(venue_list)
    mine = list(selectors.applications(user).filter(applied_by=user)[:20])
    return render(request, "spaces/m_home.html", {
        "community": community, "venues": [{"venue": v, "hours": hours_text(hours.get(v.pk, []))}
                                           for v in venue_list],
        "mine": mine})


@login_required
def m_venue(request, pk):
    user = request.user
    venue = get_venue_for_user(user, pk)
    options = applicants_for(user, venue)
    form = MobileApplyForm(request.POST or None, applicants=[(k, applicant_label(a)) for k, a in options.items()],
                           initial={"attendance": 5})
    if request.method == "POST":
        if not options:
            raise Http404
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                services.apply(actor=user, venue=venue, applicant=options[data.pop("applicant")], **data)
            except PermissionDenied:
                raise Http404 from None
            except ValidationError as e:
                add_service_errors(form, e)
            else:
                messages.success(request, _("申请已提交，等待社区审核"))
                return redirect("spaces:m_home")
    today = clock.today()
    days = selectors.week(venue, today) + selectors.week(venue, today + dt.timedelta(days=7))
    return render(request, "spaces/m_venue.html", {
        "community": venue.community, "venue": venue, "form": form if options else None,
        "hours": hours_text(venue.opening_hours.all()), "days": [d for d in days if d["bookings"] or d["closures"]],
        "closures": venue.closures.filter(ends_on__gte=today).order_by("starts_on")})


@login_required
def m_application(request, pk):
    user = request.user
    application = get_application_for_user(user, pk)
    now = clock.now()
    cancellable = may_cancel(user, application)
    return render(request, "spaces/m_application.html", {
        "community": application.venue.community, "a": application,
        "bookings": [{"b": b, "may_cancel": cancellable and b.status in HOLDING and b.starts_at > now}
                     for b in selectors.bookings_of(application)]})


@login_required
@require_POST
def m_cancel_booking(request, pk):
    booking = _cancel_booking(request, pk)
    return redirect("spaces:m_application", booking.application_id)
