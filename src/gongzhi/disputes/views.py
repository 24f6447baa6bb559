"""HTML pages of the disputes (workbench): the community dispute list (台账) with its filters and xlsx export,
回访提醒, registering a dispute with its parties, the detail page (parties, sessions timeline, outcome,
follow-ups) and the session, outcome, follow-up and party forms. Views parse the request, fetch through an
access helper, call one service and render."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from gongzhi.chronicle.services import entries_for
from gongzhi.core import clock
from gongzhi.core.forms import add_service_errors
from gongzhi.core.listing import choice_filter, paginate, querystring_without_page
from gongzhi.core.views import workbench_required
from gongzhi.disputes import services
from gongzhi.disputes.forms import (
    DisputeForm,
    FollowUpForm,
    OutcomeForm,
    PartyForm,
    ReasonForm,
    RiskForm,
    ScheduleForm,
    SessionForm,
    dispute_categories,
    party_formset,
)
from gongzhi.disputes.ledger import export_ledger
from gongzhi.disputes.models import (
    MEDIATION_STATUSES,
    OUTCOME_STATUSES,
    DisputeStatus,
    Outcome,
    RiskLevel,
)
from gongzhi.disputes.permissions import (
    FULL,
    HIDDEN,
    communities_for_registration,
    communities_in_sight,
    contact_access,
    departments_for,
    get_dispute_for_user,
    may_handle,
    may_see_dispute_chronicle,
    mediators_for,
    sees_street_view,
    shown_party_address,
    shown_party_phone,
)
from gongzhi.disputes.selectors import (
    dispute_list,
    follow_ups_due,
    follow_ups_of,
    parties_of,
    sessions_of,
    status_counts,
    week_end,
)
from gongzhi.exchange.formats import XLSX_CONTENT_TYPE

FOLLOW_UP_CHOICES = [("week", gettext_lazy("本周待回访")), ("overdue", gettext_lazy("回访逾期"))]


def _message_errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _params(request) -> dict:
    g = request.GET
    return {"q": g.get("q", "").strip(), "status": g.get("status", ""), "risk": g.get("risk", ""),
            "outcome": g.get("outcome", ""), "follow_up": g.get("follow_up", ""), "community": g.get("community", ""),
            "category": g.get("category", "")}


def _filters(request) -> list[dict]:
    filters = []
    communities = list(communities_in_sight(request.user))
    if len(communities) > 1:
        filters.append(choice_filter(request, "community", _("社区"), _("全部社区"),
                                     [(str(c.pk), c.name) for c in communities]))
    filters += [
        choice_filter(request, "status", _("调解状态"), _("全部状态"), DisputeStatus.choices),
        choice_filter(request, "risk", _("风险等级"), _("全部风险等级"), RiskLevel.choices),
        choice_filter(request, "outcome", _("调解结果"), _("全部结果"), Outcome.choices),
        choice_filter(request, "follow_up", _("回访"), _("全部回访"), [(str(v), str(label)) for v, label in
                                                                  FOLLOW_UP_CHOICES]),
        choice_filter(request, "category", _("纠纷类型"), _("全部类型"),
                      [(c.code, c.name) for c in dispute_categories()]),
    ]
    return filters


def case_url(case) -> str:
    """The case's page in the cases app (whistles, deadlines, the resident's confirmation)."""
    return reverse("cases:case", args=[case.pk])


# --- list, reminders, export ------------------------------------------------------------------------------

@login_required
@workbench_required
@require_GET
def dispute_index(request):
    params = _params(request)
    user = request.user
    return render(request, "disputes/list.html", {
        "page": paginate(request, dispute_list(user, **params)), "q": params["q"],
        "qs": querystring_without_page(request), "filters": _filters(request), "counts": status_counts(user),
        "can_add": communities_for_registration(user).exists(), "today": clock.today(),
        "street_view": sees_street_view(user),
        "current": params,
    })


@login_required
@workbench_required
@require_GET
def follow_up_index(request):
    """回访提醒: follow-ups overdue or due within a week, soonest first."""
    page = paginate(request, follow_ups_due(request.user))
    page.object_list = [{"d": d, "may_handle": may_handle(request.user, d)} for d in page.object_list]
    return render(request, "disputes/follow_ups.html", {
        "page": page, "qs": querystring_without_page(request), "counts": status_counts(request.user),
        "today": clock.today(), "week_end": week_end(clock.today()),
    })


@login_required
@workbench_required
@require_GET
def ledger(request):
    """The list as the user filtered it, as 矛盾纠纷台账 xlsx (phones masked per role)."""
    download = export_ledger(user=request.user, **_params(request))
    response = HttpResponse(download.content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (f'attachment; filename="{download.ascii_filename}"; '
                                       f"filename*=UTF-8''{quote(download.filename)}")
    response["Cache-Control"] = "private, no-store"  # parties' personal data
    return response


# --- register ---------------------------------------------------------------------------------------------

@login_required
@workbench_required
def dispute_new(request):
    communities = communities_for_registration(request.user)
    if not communities.exists():
        raise Http404
    form = DisputeForm(request.POST or None, communities=communities)
    parties = party_formset(request.POST or None)
    if request.method == "POST" and form.is_valid() and parties.is_valid():
        rows = [services.PartyInput(**f.cleaned_data) for f in parties.forms
                if f.cleaned_data and f.has_changed() and f.cleaned_data.get("name")]
        try:
            dispute = services.register_dispute(actor=request.user, parties=rows, **form.cleaned_data)
        except ValidationError as e:
            add_service_errors(form, e)
        except PermissionDenied:
            form.add_error(None, _("您不能在该社区登记矛盾纠纷"))
        else:
            messages.success(request, _("矛盾纠纷已登记：%(n)s") % {"n": dispute.case.number})
            return redirect("disputes:detail", dispute.pk)
    return render(request, "disputes/register.html", {"form": form, "parties": parties})


# --- detail -----------------------------------------------------------------------------------------------

def _party_rows(user, dispute) -> list[dict]:
    access = contact_access(user, dispute)
    rows = []
    for party in parties_of(dispute):
        party.dispute = dispute
        own = contact_access(user, dispute, party) if party.person_id in user.scope.person_ids else access
        rows.append({"party": party, "phone": shown_party_phone(user, party, access=own),
                     "address": shown_party_address(user, party, access=own)})
    return rows


@login_required
@workbench_required
@require_GET
def dispute_detail(request, pk):
    user = request.user
    dispute = get_dispute_for_user(user, pk)
    handler = may_handle(user, dispute)
    return render(request, "disputes/detail.html", {
        "dispute": dispute, "case": dispute.case, "case_url": case_url(dispute.case),
        "parties": _party_rows(user, dispute), "contacts_hidden": contact_access(user, dispute) == HIDDEN,
        "contacts_full": contact_access(user, dispute) == FULL,
        "sessions": sessions_of(dispute), "follow_ups": follow_ups_of(dispute),
        "may_handle": handler,
        "may_mediate": handler and dispute.status in MEDIATION_STATUSES,
        "may_follow_up": handler and dispute.status in OUTCOME_STATUSES,
        "may_close": dispute.status in OUTCOME_STATUSES and services.may_close(user, dispute),
        "may_add_party": handler and dispute.status != DisputeStatus.CLOSED,
        "schedule_form": ScheduleForm(initial={"on": dispute.follow_up_on}),
        "risk_form": RiskForm(initial={"risk": dispute.risk}),
        "today": clock.today(),
        "entries": entries_for(dispute).order_by("-seq")[:30] if may_see_dispute_chronicle(user) else None,
    })


# --- forms on a dispute -----------------------------------------------------------------------------------

def _form_page(request, pk, *, form_class, template: str, call, done: str, options=None):
    """GET the form, POST it to the service; service errors land on the form."""
    dispute = get_dispute_for_user(request.user, pk, write=True)
    kwargs = options(dispute) if options else {}
    form = form_class(request.POST or None, **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            call(dispute, form.cleaned_data)
        except ValidationError as e:
            add_service_errors(form, e)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, done)
            return redirect("disputes:detail", dispute.pk)
    return render(request, template, {"form": form, "dispute": dispute, "case": dispute.case})


@login_required
@workbench_required
def party_new(request, pk):
    return _form_page(
        request, pk, form_class=PartyForm, template="disputes/party_form.html", done=_("当事人已添加"),
        call=lambda d, data: services.add_party(actor=request.user, dispute=d, **data))


@login_required
@workbench_required
def session_new(request, pk):
    def options(dispute):
        community = dispute.case.community
        return {"mediators": mediators_for(community), "departments": departments_for(community)}

    return _form_page(
        request, pk, form_class=SessionForm, template="disputes/session_form.html", done=_("调解记录已登记"),
        options=options, call=lambda d, data: services.record_session(actor=request.user, dispute=d, **data))


@login_required
@workbench_required
def outcome_new(request, pk):
    return _form_page(
        request, pk, form_class=OutcomeForm, template="disputes/outcome_form.html", done=_("调解结果已登记"),
        options=lambda d: {"departments": departments_for(d.case.community)},
        call=lambda d, data: services.record_outcome(actor=request.user, dispute=d, **data))


@login_required
@workbench_required
def follow_up_new(request, pk):
    def call(dispute, data):
        data = dict(data)
        data["stable"] = data["stable"] == "yes"
        services.record_follow_up(actor=request.user, dispute=dispute, **data)

    return _form_page(request, pk, form_class=FollowUpForm, template="disputes/follow_up_form.html",
                      done=_("回访已登记"), call=call)


def _post_action(request, pk, *, form_class, call, done: str):
    dispute = get_dispute_for_user(request.user, pk, write=True)
    form = form_class(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
        return redirect("disputes:detail", dispute.pk)
    try:
        call(dispute, form.cleaned_data)
    except ValidationError as e:
        _message_errors(request, e)
    except PermissionDenied:
        raise Http404 from None
    else:
        messages.success(request, done)
    return redirect("disputes:detail", dispute.pk)


@login_required
@workbench_required
@require_POST
def follow_up_schedule(request, pk):
    return _post_action(request, pk, form_class=ScheduleForm, done=_("回访日期已安排"),
                        call=lambda d, data: services.schedule_follow_up(actor=request.user, dispute=d,
                                                                         on=data["on"]))


@login_required
@workbench_required
@require_POST
def dispute_reopen(request, pk):
    return _post_action(request, pk, form_class=ReasonForm, done=_("已恢复调解"),
                        call=lambda d, data: services.reopen_mediation(actor=request.user, dispute=d,
                                                                       reason=data["reason"]))


@login_required
@workbench_required
@require_POST
def dispute_risk(request, pk):
    return _post_action(request, pk, form_class=RiskForm, done=_("风险等级已调整"),
                        call=lambda d, data: services.assess_risk(actor=request.user, dispute=d, **data))


@login_required
@workbench_required
@require_POST
def dispute_close(request, pk):
    dispute = get_dispute_for_user(request.user, pk, write=True)
    try:
        services.close_dispute(actor=request.user, dispute=dispute, note=request.POST.get("note", ""))
    except ValidationError as e:
        _message_errors(request, e)
    except PermissionDenied:
        messages.error(request, _("结案会同时办结案件，须由案件的首问责任人或社区、街道工作人员办理"))
    else:
        messages.success(request, _("已回访结案"))
    return redirect("disputes:detail", dispute.pk)
