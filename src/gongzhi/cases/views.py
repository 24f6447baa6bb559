"""HTML pages of 接诉即办 / 吹哨报到.

Workbench: the case list with filters, a case's page (timeline, whistles, meetings, whom to whistle, actions by
state), 代居民登记, the receivers' inbox (接哨) with a polled badge, the escalations (督办), the 权责清单 and the
categories' limits. Phone: 我要反映, 我的诉求 (polled), a case with its timeline, confirm / dispute / rate.
Public: the 权责清单 of a district or street (no login, no personal data).

Views parse the request, fetch through an access helper, call one service and render."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongzhi.cases import services
from gongzhi.cases.forms import (
    CategoryLimitsForm,
    CompleteWhistleForm,
    ContactForm,
    MeetingForm,
    PublicWordingForm,
    RateForm,
    ReasonForm,
    ReportWhistleForm,
    ResidentCaseForm,
    ResolveForm,
    ResponsibilityForm,
    ScoreForm,
    StaffCaseForm,
    TransferForm,
    WhistleForm,
    active_categories,
)
from gongzhi.cases.models import (
    OPEN_STATUSES,
    CaseCategory,
    CaseChannel,
    CaseKind,
    CaseStatus,
    EscalationLevel,
    EscalationStep,
    MatterKind,
    Meeting,
    Responsibility,
    WhistleStatus,
)
from gongzhi.cases.permissions import (
    case_photos_visible_to,
    case_view,
    cases_visible_to,
    communities_for_reporting,
    get_case_for_user,
    get_own_case_for_user,
    get_whistle_for_user,
    home_community,
    is_reporter,
    may_accept,
    may_edit_categories,
    may_edit_responsibilities,
    may_manage_case,
    may_receive,
    may_see_escalations,
    may_use_case_workbench,
    my_reported_cases,
    owner_candidates,
    shown_reporter_phone,
)
from gongzhi.cases.selectors import (
    annotate_list,
    escalations_visible_to,
    filter_cases,
    inbox,
    inbox_counts,
    list_regions,
    place_chain,
    responsibility_counts,
    responsibility_tree,
    status_counts,
    timeline,
    whistle_advice,
)
from gongzhi.core import clock
from gongzhi.core.forms import add_service_errors
from gongzhi.core.frozen import checked_file_response
from gongzhi.core.listing import as_id, choice_filter, paginate, querystring_without_page
from gongzhi.core.scope import ancestor_paths
from gongzhi.core.views import workbench_required
from gongzhi.organisations.models import Department
from gongzhi.people.models import Person
from gongzhi.regions.models import RegionKind, RegionNode


def _message_errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _staff_only(user) -> None:
    """Case pages of the workbench are for staff with a region role and for receivers."""
    if not may_use_case_workbench(user):
        raise Http404


# --- the list ---------------------------------------------------------------------------------------------

def _department_choices(user):
    qs = Department.objects.filter(whistles__case__in=cases_visible_to(user)).distinct().order_by("name")
    if user.scope.department_ids and not user.scope.everything:
        qs = qs.filter(pk__in=user.scope.department_ids)
    return [(str(d.pk), d.name) for d in qs.only("pk", "name")]


@login_required
@workbench_required
def case_list(request):
    user = request.user
    _staff_only(user)
    g = request.GET
    visible = cases_visible_to(user)
    qs = filter_cases(visible, q=g.get("q", ""), status=g.get("status", ""), category=g.get("category", ""),
                      channel=g.get("channel", ""), overdue=g.get("overdue") == "1", soon=g.get("overdue") == "soon",
                      department=g.get("department", ""),
                      mine_user=user if g.get("mine") == "1" else None, escalated=g.get("escalated") == "1")
    page = paginate(request, annotate_list(qs).order_by("-reported_at", "-pk"))
    filters = [
        choice_filter(request, "status", _("状态"), _("全部状态"), CaseStatus.choices),
        choice_filter(request, "category", _("类别"), _("全部类别"),
                      [(c.code, c.name) for c in active_categories()]),
        choice_filter(request, "channel", _("来源"), _("全部来源"), CaseChannel.choices),
        choice_filter(request, "department", _("吹哨部门"), _("全部部门"), _department_choices(user)),
        choice_filter(request, "overdue", _("超期"), _("超期与否"), [("1", _("仅超期")), ("soon", _("即将超时"))]),
        choice_filter(request, "escalated", _("督办"), _("督办与否"), [("1", _("已督办"))]),
        choice_filter(request, "mine", _("责任人"), _("全部责任人"), [("1", _("我负责的"))]),
    ]
    return render(request, "cases/case_list.html", {
        "page": page, "q": g.get("q", ""), "qs": querystring_without_page(request), "filters": filters,
        "counts": status_counts(visible), "can_add": communities_for_reporting(user).exists(),
        "is_receiver": bool(user.scope.department_ids),
    })


@login_required
@workbench_required
def case_new(request):
    user = request.user
    communities = communities_for_reporting(user)
    listed = list(communities)
    if not listed:
        raise Http404
    people = (Person.objects.filter(home__path__startswith=listed[0].path) if len(listed) == 1
              else Person.objects.filter(user.scope.in_regions("home__path")))
    people = people.select_related("home").order_by("name", "pk")
    form = StaffCaseForm(request.POST or None, request.FILES or None, communities=communities, people=people)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            case = services.report_case(actor=user, **data)
        except ValidationError as e:
            add_service_errors(form, e)
        except PermissionDenied:
            form.add_error(None, _("您不能为该社区登记诉求"))
        else:
            messages.success(request, _("诉求已登记：%(n)s") % {"n": case.number})
            return redirect("cases:case", case.pk)
    return render(request, "cases/case_form.html", {"form": form})


# --- a case -----------------------------------------------------------------------------------------------

def _whistle_rows(user, case, whistles, now, manage: bool) -> list[dict]:
    rows = []
    for w in whistles:
        w.case = case
        active = w.status in (WhistleStatus.SENT, WhistleStatus.REPORTED)
        receiver = may_receive(user, w)
        rows.append({
            "whistle": w,
            "respond_overdue": w.status == WhistleStatus.SENT and w.respond_due_at < now,
            "act_overdue": active and w.act_due_at < now,
            "reported_late": w.reported_at is not None and w.reported_at > w.respond_due_at,
            "done_late": w.done_at is not None and w.done_at > w.act_due_at,
            "may_report": receiver and w.status == WhistleStatus.SENT,
            "may_complete": receiver and w.status == WhistleStatus.REPORTED,
            "may_withdraw": manage and active,
            "may_score": manage and w.status == WhistleStatus.DONE and w.score is None,
        })
    return rows


def _local_now(case) -> str:
    return clock.now().astimezone(case.category.calendar.tz).strftime("%Y-%m-%dT%H:%M")


def _dispute_url(case) -> str:
    """The mediation record of a dispute case (the disputes app adds `Case.dispute`); "" when the case is not a
    dispute or none was registered for it (a resident's own report of a dispute category)."""
    if case.kind != CaseKind.DISPUTE:
        return ""
    dispute = getattr(case, "dispute", None)  # RelatedObjectDoesNotExist is an AttributeError
    if dispute is None:
        return ""
    try:
        return reverse("disputes:detail", args=[dispute.pk])
    except NoReverseMatch:  # pragma: no cover - the disputes app is not installed
        return ""


def _detail(request, case, *, status: int = 200, **bound):
    user = request.user
    now = clock.now()
    view = case_view(user, case)
    staff = view.staff
    manage = may_manage_case(user, case)
    handling = case.status in (CaseStatus.ACCEPTED, CaseStatus.WHISTLED)
    whistles = view.whistles(case.whistles.select_related("department", "department__home", "reported_by")
                             .order_by("blown_at", "pk"))
    departments = services.departments_for_case(case).order_by("home__path", "name")
    ctx = {
        "case": case, "now": now, "staff": staff, "manage": manage, "view": view, "place_chain": place_chain(case),
        "phone": shown_reporter_phone(user, case),
        "events": timeline(case, public_only=not staff),
        "whistles": _whistle_rows(user, case, whistles, now, manage),
        "meetings": case.meetings.prefetch_related(Prefetch("departments", queryset=Department.objects.only(
            "pk", "name"))).order_by("held_at", "pk") if staff else Meeting.objects.none(),
        "escalations": case.escalations.select_related("whistle__department", "to_region") if staff else [],
        "transfers": case.transfers.select_related("from_owner", "to_owner", "by") if staff else [],
        "photos": list(case.photos.only("pk", "case_id")) if staff else [],
        "overdue": case.status in OPEN_STATUSES and case.due_at is not None and case.due_at < now,
        "contact_overdue": handling and case.contacted_at is None and case.contact_due_at is not None
        and case.contact_due_at < now,
        "may_accept": case.status == CaseStatus.SUBMITTED and may_accept(user, case),
        "may_reject": (case.status == CaseStatus.SUBMITTED and may_accept(user, case))
        or (case.status == CaseStatus.ACCEPTED and manage),
        "may_handle": manage and handling,
        "may_contact": manage and case.status in (CaseStatus.ACCEPTED, CaseStatus.WHISTLED, CaseStatus.RESOLVED),
        "may_close": manage and case.status == CaseStatus.RESOLVED and case.confirm_due_at is not None
        and case.confirm_due_at <= now,
    }
    if ctx["may_handle"]:
        ctx["advice"] = whistle_advice(case)
        ctx["whistle_form"] = bound.get("whistle_form") or WhistleForm(departments=departments, prefix="whistle")
        ctx["meeting_form"] = bound.get("meeting_form") or MeetingForm(departments=departments, prefix="meeting",
                                                                       initial={"held_at": _local_now(case)})
        ctx["resolve_form"] = bound.get("resolve_form") or ResolveForm(prefix="resolve")
        ctx["transfer_form"] = bound.get("transfer_form") or TransferForm(candidates=owner_candidates(case),
                                                                          prefix="transfer")
        ctx["open_whistles"] = [r for r in ctx["whistles"] if r["may_withdraw"]]
    ctx["may_word"] = manage and case.kind != CaseKind.DISPUTE
    if ctx["may_word"]:
        ctx["wording_form"] = bound.get("wording_form") or PublicWordingForm(
            prefix="wording", initial={"wording": case.public_description})
    if ctx["may_contact"]:
        ctx["contact_form"] = bound.get("contact_form") or ContactForm(prefix="contact")
    if ctx["may_reject"]:
        ctx["reject_form"] = bound.get("reject_form") or ReasonForm(prefix="reject")
    if ctx["may_close"]:
        ctx["close_form"] = bound.get("close_form") or ReasonForm(prefix="close")
    ctx["dispute_url"] = _dispute_url(case)
    ctx["error_form"] = next(iter(bound), "")
    ctx["form_errors"] = [e for f in bound.values() if not f.fields for e in f.non_field_errors()]
    return render(request, "cases/case_detail.html", ctx, status=status)


@login_required
@workbench_required
def case_detail(request, pk):
    _staff_only(request.user)
    return _detail(request, get_case_for_user(request.user, pk))


def _case_action(request, pk, *, form_class, form_key: str, call, success: str, form_kwargs=None):
    """POST of one case form (its fields prefixed with the form's name, since the case page holds several): call
    the service; on bad input show the case page with the form's errors (status 400)."""
    case = get_case_for_user(request.user, pk)
    form_kwargs = form_kwargs(case) if form_kwargs else {}
    form = form_class(request.POST, prefix=form_key.removesuffix("_form"), **form_kwargs)
    if form.is_valid():
        try:
            call(case, form.cleaned_data)
        except ValidationError as e:
            add_service_errors(form, e)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, success)
            return redirect("cases:case", case.pk)
    return _detail(request, case, status=400, **{form_key: form})


class _NoFields(forms.Form):
    """A POST without fields (accept, confirm): the CSRF token is all it carries."""


@login_required
@workbench_required
@require_POST
def case_accept(request, pk):
    return _case_action(request, pk, form_class=_NoFields, form_key="accept_form", success=_("已受理，您是首问责任人"),
                        call=lambda case, data: services.accept_case(actor=request.user, case=case))


@login_required
@workbench_required
@require_POST
def case_reject(request, pk):
    return _case_action(request, pk, form_class=ReasonForm, form_key="reject_form", success=_("已不予受理"),
                        call=lambda case, d: services.reject_case(actor=request.user, case=case, reason=d["reason"]))


@login_required
@workbench_required
@require_POST
def case_transfer(request, pk):
    return _case_action(request, pk, form_class=TransferForm, form_key="transfer_form", success=_("已移交"),
                        form_kwargs=lambda case: {"candidates": owner_candidates(case)},
                        call=lambda case, d: services.transfer_case(actor=request.user, case=case, **d))


@login_required
@workbench_required
@require_POST
def case_contact(request, pk):
    return _case_action(request, pk, form_class=ContactForm, form_key="contact_form", success=_("已登记联系情况"),
                        call=lambda case, d: services.record_contact(actor=request.user, case=case, note=d["note"]))


@login_required
@workbench_required
@require_POST
def case_public_wording(request, pk):
    return _case_action(request, pk, form_class=PublicWordingForm, form_key="wording_form", success=_("已保存公开表述"),
                        call=lambda case, d: services.set_public_wording(actor=request.user, case=case,
                                                                         wording=d["wording"]))


def _departments(case):
    return {"departments": services.departments_for_case(case).order_by("home__path", "name")}


@login_required
@workbench_required
@require_POST
def case_whistle(request, pk):
    return _case_action(request, pk, form_class=WhistleForm, form_key="whistle_form", success=_("已吹哨，部门接哨员已收到"),
                        form_kwargs=_departments,
                        call=lambda case, d: services.blow_whistle(actor=request.user, case=case, **d))


@login_required
@workbench_required
@require_POST
def case_meeting(request, pk):
    return _case_action(request, pk, form_class=MeetingForm, form_key="meeting_form", success=_("已登记协调会"),
                        form_kwargs=_departments,
                        call=lambda case, d: services.record_meeting(actor=request.user, case=case, **d))


@login_required
@workbench_required
@require_POST
def case_resolve(request, pk):
    return _case_action(request, pk, form_class=ResolveForm, form_key="resolve_form", success=_("已办结，等待居民确认"),
                        call=lambda case, d: services.resolve_case(actor=request.user, case=case, result=d["result"]))


@login_required
@workbench_required
@require_POST
def case_close(request, pk):
    return _case_action(request, pk, form_class=ReasonForm, form_key="close_form", success=_("已关闭"),
                        call=lambda case, d: services.close_unconfirmed(actor=request.user, case=case,
                                                                        reason=d["reason"]))


@login_required
def case_photo(request, pk):
    """A case photo, for those who may see the case (staff in scope, the reporter herself): never a public URL."""
    from gongzhi.cases.models import CasePhoto

    photo = get_object_or_404(CasePhoto.objects.select_related("case"), pk=pk)
    if not case_photos_visible_to(request.user).filter(pk=photo.case_id).exists():
        raise Http404
    return checked_file_response(request, photo.image, photo.sha256, kind="case_photo", document_id=photo.pk,
                                 content_type=photo.content_type)


# --- whistle actions --------------------------------------------------------------------------------------

def _whistle_action(request, pk, form_class, call, success: str):
    whistle = get_whistle_for_user(request.user, pk)
    form = form_class(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
    else:
        try:
            call(whistle, form.cleaned_data)
        except ValidationError as e:
            _message_errors(request, e)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, success)
    if request.POST.get("next") == "inbox":
        return redirect("cases:inbox")
    return redirect("cases:case", whistle.case_id)


@login_required
@workbench_required
@require_POST
def whistle_report(request, pk):
    return _whistle_action(request, pk, ReportWhistleForm, success=_("已报到"),
                           call=lambda w, d: services.report_whistle(actor=request.user, whistle=w, note=d["note"]))


@login_required
@workbench_required
@require_POST
def whistle_complete(request, pk):
    return _whistle_action(request, pk, CompleteWhistleForm, success=_("已登记办结"),
                           call=lambda w, d: services.complete_whistle(actor=request.user, whistle=w,
                                                                       action=d["action"]))


@login_required
@workbench_required
@require_POST
def whistle_withdraw(request, pk):
    return _whistle_action(request, pk, ReasonForm, success=_("已撤回吹哨"),
                           call=lambda w, d: services.withdraw_whistle(actor=request.user, whistle=w,
                                                                       reason=d["reason"]))


@login_required
@workbench_required
@require_POST
def whistle_score(request, pk):
    return _whistle_action(request, pk, ScoreForm, success=_("已赋分"),
                           call=lambda w, d: services.score_whistle(actor=request.user, whistle=w, **d))


# --- receivers --------------------------------------------------------------------------------------------

@login_required
@workbench_required
def receiver_inbox(request):
    user = request.user
    if not user.scope.department_ids:
        raise Http404
    state = request.GET.get("state", "open")
    page = paginate(request, inbox(user, state=state))
    now = clock.now()
    rows = []
    for w in page.object_list:
        rows.append({
            "whistle": w,
            "respond_overdue": w.status == WhistleStatus.SENT and w.respond_due_at < now,
            "act_overdue": w.status in (WhistleStatus.SENT, WhistleStatus.REPORTED) and w.act_due_at < now,
        })
    return render(request, "cases/inbox.html", {
        "page": page, "rows": rows, "state": state, "counts": inbox_counts(user),
        "qs": querystring_without_page(request), "states": [("open", _("待办")), ("overdue", _("已超时")), *WhistleStatus.choices,
                                                              ("all", _("全部"))],
    })


@login_required
def inbox_badge(request):
    """The count the inbox polls every 15 seconds (htmx)."""
    if not request.user.scope.department_ids:
        return HttpResponse("")
    return render(request, "cases/_inbox_badge.html", {"counts": inbox_counts(request.user)})


# --- escalations ------------------------------------------------------------------------------------------

@login_required
@workbench_required
def escalation_list(request):
    user = request.user
    if not may_see_escalations(user):
        raise Http404
    qs = escalations_visible_to(user).select_related("case", "case__community", "whistle__department", "to_region")
    g = request.GET
    q = g.get("q", "").replace("\x00", "").strip()  # NUL would fail in PostgreSQL
    if q:
        qs = qs.filter(Q(case__number__icontains=q) | Q(case__title__icontains=q) | Q(message__icontains=q))
    if g.get("level") in EscalationLevel.values:
        qs = qs.filter(level=g["level"])
    if g.get("step") in EscalationStep.values:
        qs = qs.filter(step=g["step"])
    if g.get("open") == "1":
        qs = qs.filter(case__status__in=OPEN_STATUSES)
    if g.get("mine") == "1":
        qs = qs.filter(recipients=user)
    filters = [
        choice_filter(request, "level", _("层级"), _("全部层级"), EscalationLevel.choices),
        choice_filter(request, "step", _("环节"), _("全部环节"), EscalationStep.choices),
        choice_filter(request, "open", _("案件状态"), _("全部案件"), [("1", _("仅未办结"))]),
        choice_filter(request, "mine", _("督办对象"), _("全部"), [("1", _("发给我的"))]),
    ]
    return render(request, "cases/escalations.html", {
        "page": paginate(request, qs.order_by("-created_at", "-pk")), "filters": filters, "q": q,
        "qs": querystring_without_page(request), "now": clock.now(),
    })


# --- 权责清单 -------------------------------------------------------------------------------------------------

def _list_regions_for(user):
    """Districts and streets whose list the user may read in the workbench: in scope or above."""
    kinds = [RegionKind.CITY, RegionKind.DISTRICT, RegionKind.STREET]
    return RegionNode.objects.filter(user.scope.in_regions_or_above("path"), kind__in=kinds).order_by("path")


def _default_region(user, regions):
    for a in user.active_roles:
        if a.region is not None and a.region.kind in (RegionKind.DISTRICT, RegionKind.STREET):
            return a.region
    for a in user.active_roles:
        if a.region is not None:
            chain = ancestor_paths(a.region.path)
            district = next((r for r in regions if r.kind == RegionKind.DISTRICT and r.path in chain), None)
            if district is not None:
                return district
    return next((r for r in regions if r.kind == RegionKind.DISTRICT), regions[0] if regions else None)


@login_required
@workbench_required
def responsibilities(request):
    user = request.user
    regions = list(_list_regions_for(user))
    if not regions:
        raise Http404
    region = _default_region(user, regions)
    wanted = request.GET.get("region")
    if wanted:
        region = next((r for r in regions if str(r.pk) == wanted), None)
        if region is None:
            raise Http404
    may_edit = may_edit_responsibilities(user, region)
    return render(request, "cases/responsibilities.html", {
        "regions": regions, "region": region, "summary": responsibility_counts(region),
        "tree": responsibility_tree(region), "may_edit": may_edit, "kinds": MatterKind.choices,
    })


def _responsibility_form(request, region, *, instance=None, parent=None):
    parents = Responsibility.objects.filter(region=region, level__lt=3).order_by("kind", "level", "order", "pk")
    departments = Department.objects.filter(home__path__in=ancestor_paths(region.path)) | \
        Department.objects.filter(home__path__startswith=region.path)
    departments = departments.select_related("home").order_by("home__path", "name")
    initial = {}
    if instance is not None:
        initial = {"title": instance.title, "basis": instance.basis, "order": instance.order,
                   "departments": list(instance.departments.all()),
                   "case_categories": list(instance.case_categories.all())}
    elif parent is not None:
        initial = {"parent": parent.pk, "kind": parent.kind}
    return ResponsibilityForm(request.POST or None, parents=parents, departments=departments,
                              editing=instance is not None, initial=initial)


@login_required
@workbench_required
def responsibility_new(request):
    region = get_object_or_404(RegionNode, pk=_number(request.GET.get("region")))
    if not may_edit_responsibilities(request.user, region):
        raise Http404
    parent = Responsibility.objects.filter(region=region, pk=_number(request.GET.get("parent"))).first()
    form = _responsibility_form(request, region, parent=parent)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_responsibility(actor=request.user, region=region, **form.cleaned_data)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("已添加事项"))
            return redirect(f"{_url('cases:responsibilities')}?region={region.pk}")
    return render(request, "cases/responsibility_form.html", {"form": form, "region": region, "line": None})


def _number(value) -> int:
    """A query-string id, or 0 (matches nothing) when it is missing or not a number."""
    return as_id(value) or 0


def _url(name, *args):
    from django.urls import reverse

    return reverse(name, args=args)


@login_required
@workbench_required
def responsibility_edit(request, pk):
    line = get_object_or_404(Responsibility.objects.select_related("region"), pk=pk)
    if not may_edit_responsibilities(request.user, line.region):
        raise Http404
    form = _responsibility_form(request, line.region, instance=line)
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_responsibility(actor=request.user, responsibility=line, **form.cleaned_data)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("已保存"))
            return redirect(f"{_url('cases:responsibilities')}?region={line.region_id}")
    return render(request, "cases/responsibility_form.html", {"form": form, "region": line.region, "line": line})


@login_required
@workbench_required
@require_POST
def responsibility_remove(request, pk):
    line = get_object_or_404(Responsibility.objects.select_related("region"), pk=pk)
    if not may_edit_responsibilities(request.user, line.region):
        raise Http404
    n = services.remove_responsibility(actor=request.user, responsibility=line)
    messages.success(request, _("已删除 %(n)d 个事项") % {"n": n})
    return redirect(f"{_url('cases:responsibilities')}?region={line.region_id}")


def public_responsibility_index(request):
    return render(request, "cases/public_responsibility_index.html", {"regions": list_regions().select_related(
        "parent")})


def public_responsibilities(request, region_id: int):
    """The 权责清单 of a district or street, public: titles, bases and departments only."""
    region = get_object_or_404(RegionNode, pk=region_id, kind__in=[RegionKind.CITY, RegionKind.DISTRICT,
                                                                  RegionKind.STREET])
    return render(request, "cases/public_responsibilities.html", {
        "region": region, "summary": responsibility_counts(region), "tree": responsibility_tree(region)})


# --- categories -------------------------------------------------------------------------------------------

@login_required
@workbench_required
def category_list(request):
    if not may_edit_categories(request.user):
        raise Http404
    return render(request, "cases/categories.html", {
        "categories": CaseCategory.objects.select_related("calendar").order_by("order", "code")})


@login_required
@workbench_required
def category_edit(request, pk):
    if not may_edit_categories(request.user):
        raise Http404
    category = get_object_or_404(CaseCategory, pk=pk)
    initial = {f: getattr(category, f) for f in services.responsibilities.LIMIT_FIELDS}
    form = CategoryLimitsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_category_limits(actor=request.user, category=category, **form.cleaned_data)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("已保存“%(c)s”的时限") % {"c": category.name})
            return redirect("cases:categories")
    return render(request, "cases/category_form.html", {"form": form, "category": category})


# --- resident phone ---------------------------------------------------------------------------------------

@login_required
def resident_cases(request):
    """我的诉求: where each case stands (or only those of one status: the home page's 待确认 leads here); the list
    re-polls every 15 seconds (htmx)."""
    mine = my_reported_cases(request.user).select_related("category", "community")
    status = request.GET.get("status", "")
    if status in CaseStatus.values:
        mine = mine.filter(status=status)
    else:
        status = ""
    template = "cases/_m_case_items.html" if request.headers.get("HX-Request") else "cases/m_cases.html"
    return render(request, template, {"mine": mine.order_by("-reported_at", "-pk")[:50], "status": status,
                                      "status_label": CaseStatus(status).label if status else "",
                                      "community": home_community(request.user), "tab": "home"})


@login_required
def resident_case_new(request):
    community = home_community(request.user)
    if community is None:
        raise Http404
    form = ResidentCaseForm(request.POST or None, request.FILES or None, community=community)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            case = services.report_case(actor=request.user, community=community, channel=CaseChannel.PHONE_APP,
                                        title="", **data)
        except ValidationError as e:
            add_service_errors(form, e)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("已提交，编号 %(n)s。社区将尽快受理并联系您。") % {"n": case.number})
            return redirect("cases:m_case", case.pk)
    return render(request, "cases/m_case_form.html", {"form": form, "community": community, "tab": "home"})


def _resident_detail(request, case, *, status=200, **bound):
    template = "cases/_m_case_status.html" if request.headers.get("HX-Request") else "cases/m_case_detail.html"
    view = case_view(request.user, case)
    return render(request, template, {
        "case": case, "events": timeline(case, public_only=True), "community": case.community,
        "tab": "home", "view": view, "whistles": view.whistles(case.whistles.select_related("department")),
        "photos": list(case.photos.only("pk", "case_id")),
        "reopen_form": bound.get("reopen_form") or ReasonForm(),
        "rate_form": bound.get("rate_form") or RateForm(),
        "phone": shown_reporter_phone(request.user, case),
    }, status=status)


@login_required
def resident_case(request, pk):
    return _resident_detail(request, get_own_case_for_user(request.user, pk))


def _resident_action(request, pk, form_class, key, call, success):
    case = get_own_case_for_user(request.user, pk)
    if not is_reporter(request.user, case):
        raise Http404
    form = form_class(request.POST)
    if form.is_valid():
        try:
            call(case, form.cleaned_data)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, success)
            return redirect("cases:m_case", case.pk)
    return _resident_detail(request, case, status=400, **{key: form})


@login_required
@require_POST
def resident_confirm(request, pk):
    return _resident_action(request, pk, _NoFields, "confirm_form", success=_("感谢确认，诉求已办结。欢迎评价"),
                            call=lambda case, d: services.confirm_case(actor=request.user, case=case))


@login_required
@require_POST
def resident_reopen(request, pk):
    return _resident_action(request, pk, ReasonForm, "reopen_form", success=_("已提出异议，社区将继续办理"),
                            call=lambda case, d: services.reopen_case(actor=request.user, case=case,
                                                                      reason=d["reason"]))


@login_required
@require_POST
def resident_rate(request, pk):
    return _resident_action(request, pk, RateForm, "rate_form", success=_("感谢您的评价"),
                            call=lambda case, d: services.rate_case(actor=request.user, case=case, **d))

