"""Pages of in-service party members (在职党员): on the workbench the members a user follows (community, street and
district staff in scope; the liaison of their unit) with status, hours this year against the target, the
community's queue of applications (confirm, or return with a reason), one member's record, the quarterly service
card (page + PDF) and the district's yearly target; on the phone shell the member's own registration with the
apply / renew form. Views parse the request, fetch through an access helper, call one service and render."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongzhi.chronicle.versions import CountedByLeadUntilChange
from gongzhi.core import clock, limits
from gongzhi.core.forms import BoundedIntegerField, ModelChoiceField, add_service_errors
from gongzhi.core.listing import choice_filter, paginate, querystring_without_page
from gongzhi.core.views import workbench_required
from gongzhi.volunteering.models import TARGET_HOURS, YearlyServiceTarget
from gongzhi.volunteering.permissions_inservice import (
    follows_members,
    get_member_for_user,
    get_report_for_decision,
    own_member,
    reports_to_decide,
    target_districts,
)
from gongzhi.volunteering.selectors_inservice import (
    STATUS_FILTERS,
    member_list,
    member_record,
    pending_reports,
    present_rows,
    quarter_card,
    quarter_of,
)
from gongzhi.volunteering.services import inservice as services

STATUS_CHOICES = [("current", gettext_lazy("报到有效")), ("lapsed", gettext_lazy("已过期")),
                  ("pending", gettext_lazy("待确认")), ("unregistered", gettext_lazy("未报到"))]


class ApplyForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("服务意向（可不填）"), max_length=limits.SHORT_TEXT, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=gettext_lazy("例如：周末可参加社区巡逻、可提供义诊"))


class ReturnForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("退回理由"), max_length=limits.SHORT_TEXT)


class TargetForm(forms.Form):
    district = ModelChoiceField(label=gettext_lazy("城区"), queryset=None, empty_label=None)
    year = BoundedIntegerField(label=gettext_lazy("年度"), min_value=limits.FIRST_YEAR, max_value=limits.LAST_YEAR)
    hours = BoundedIntegerField(label=gettext_lazy("每名在职党员年度服务目标（小时）"), min_value=int(TARGET_HOURS.low),
                                max_value=int(TARGET_HOURS.high))

    def __init__(self, *args, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts
        self.fields["district"].label_from_instance = lambda n: n.name


def _follower_required(request) -> None:
    if not follows_members(request.user):
        raise Http404


# --- workbench ----------------------------------------------------------------------------------------------------

@login_required
@workbench_required
def inservice_list(request):
    """在职党员: the members the user follows, with status, hours this year against the target and claims."""
    _follower_required(request)
    g = request.GET
    year = clock.today().year
    status = g.get("status", "")
    qs = member_list(request.user, year=year, status=status if status in STATUS_FILTERS else "", q=g.get("q", ""))
    # a district follows ~10,000 members: counted per community once until the chronicle's next entry, and a page
    # reads only the members of the communities it falls in
    page = paginate(request, CountedByLeadUntilChange(qs, "inservice_members"))
    page.object_list = present_rows(page.object_list, year=year)
    return render(request, "volunteering/inservice_list.html", {
        "page": page, "q": g.get("q", ""), "qs": querystring_without_page(request), "year": year,
        "filters": [choice_filter(request, "status", _("报到状态"), _("全部状态"), STATUS_CHOICES)],
        "status": status, "pending": reports_to_decide(request.user).filter(status="pending").count(),
        "may_decide": reports_to_decide(request.user).exists() or request.user.scope.everything,
        "may_set_target": target_districts(request.user).exists(),
    })


@login_required
@workbench_required
def inservice_queue(request):
    """待确认报到: the applications to the user's communities, oldest first."""
    _follower_required(request)
    page = paginate(request, pending_reports(request.user))
    return render(request, "volunteering/inservice_queue.html", {"page": page, "form": ReturnForm(),
                                                                  "qs": querystring_without_page(request)})


def _decide(request, pk, act, done: str):
    report = get_report_for_decision(request.user, pk)
    try:
        act(report)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as e:
        for message in e.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("volunteering:inservice_queue")


@login_required
@workbench_required
@require_POST
def inservice_confirm(request, pk):
    return _decide(request, pk, lambda r: services.confirm_report(actor=request.user, report=r),
                   _("已确认报到，有效期六个月"))


@login_required
@workbench_required
@require_POST
def inservice_return(request, pk):
    form = ReturnForm(request.POST)
    if not form.is_valid():
        get_report_for_decision(request.user, pk)  # 404 before saying anything about the form
        messages.error(request, _("退回报到申请须说明理由（不超过 %(n)d 个字）") % {"n": limits.SHORT_TEXT})
        return redirect("volunteering:inservice_queue")
    return _decide(request, pk, lambda r: services.return_report(actor=request.user, report=r,
                                                                 reason=form.cleaned_data["reason"]),
                   _("已退回报到申请"))


@login_required
def inservice_member(request, pk):
    """One member's record: registrations in every community, hours this year by quarter against the target,
    claims, and the quarterly service cards."""
    member = get_member_for_user(request.user, pk)
    rec = member_record(member)
    return render(request, "volunteering/inservice_member.html", {"rec": rec, "member": member,
                                                                   "today": clock.today()})


# The member's record and card answer 404 (not a redirect to the phone shell) to everybody outside the unit and the
# staff in scope, the member herself included: the card is the unit's document.

def _card(request, pk, year, quarter):
    member = get_member_for_user(request.user, pk)
    today = clock.today()
    if not (limits.FIRST_YEAR <= year <= limits.LAST_YEAR and 1 <= quarter <= 4) or (year, quarter) > (
            today.year, quarter_of(today)):
        raise Http404
    return quarter_card(member, year, quarter)


@login_required
def inservice_card(request, pk, year, quarter):
    """季度服务卡: the page the unit reads and files (PDF beside it)."""
    return render(request, "volunteering/inservice_card.html", {"card": _card(request, pk, year, quarter)})


@login_required
def inservice_card_pdf(request, pk, year, quarter):
    from gongzhi.contracts.documents import render_pdf

    card = _card(request, pk, year, quarter)
    pdf = render_pdf("volunteering/inservice_card_pdf.html", {"card": card})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="inservice-card-{card.number}.pdf"'
    return response


@login_required
@workbench_required
def inservice_targets(request):
    """年度服务目标: district staff set the hours each in-service member should serve in a year."""
    districts = target_districts(request.user)
    if not districts.exists() and not follows_members(request.user):
        raise Http404
    year = clock.today().year
    form = TargetForm(request.POST or None, districts=districts, initial={"year": year, "hours": 50})
    if request.method == "POST":
        if not districts.exists():
            raise Http404
        if form.is_valid():
            try:
                services.set_yearly_target(actor=request.user, **form.cleaned_data)
            except PermissionDenied:
                raise Http404 from None
            except ValidationError as e:
                add_service_errors(form, e)
            else:
                messages.success(request, _("年度服务目标已保存，所辖社区同步适用"))
                return redirect("volunteering:inservice_targets")
    # a district's target is its published policy, not personal data: every follower sees all of them
    targets = YearlyServiceTarget.objects.select_related("district").order_by("-year", "district__path")
    return render(request, "volunteering/inservice_targets.html", {"form": form if districts.exists() else None,
                                                                    "targets": targets})


# --- the member's phone ------------------------------------------------------------------------------------------

@login_required
def m_inservice(request):
    """在职党员报到: her registration (status, next renewal due), hours this year against the target, her
    applications, and the form to apply or renew when it is open."""
    member = own_member(request.user)
    if member is None:
        raise Http404
    rec = member_record(member)
    home = services.home_community_of(member.person)
    can_apply = rec.state.pending is None and rec.state.renewal_open
    return render(request, "volunteering/m_inservice_home.html", {
        "rec": rec, "member": member, "home": home, "community": home, "tab": "home",
        "form": ApplyForm() if can_apply else None,
        "renewal": rec.state.status != "unregistered" and member.registered_community_id == getattr(home, "pk", None),
    })


@login_required
@require_POST
def m_inservice_apply(request):
    member = own_member(request.user)
    if member is None:
        raise Http404
    form = ApplyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("服务意向不能超过 %(n)d 个字") % {"n": limits.SHORT_TEXT})
        return redirect("volunteering:m_inservice")
    try:
        services.apply_to_report(actor=request.user, member=member, note=form.cleaned_data["note"])
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as e:
        for message in e.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("报到申请已提交，等待社区确认"))
    return redirect("volunteering:m_inservice")


urlpatterns = [
    path("workbench/inservice/", inservice_list, name="inservice_list"),
    path("workbench/inservice/reports/", inservice_queue, name="inservice_queue"),
    path("workbench/inservice/reports/<int:pk>/confirm/", inservice_confirm, name="inservice_confirm"),
    path("workbench/inservice/reports/<int:pk>/return/", inservice_return, name="inservice_return"),
    path("workbench/inservice/members/<int:pk>/", inservice_member, name="inservice_member"),
    path("workbench/inservice/members/<int:pk>/card/<int:year>/<int:quarter>/", inservice_card,
         name="inservice_card"),
    path("workbench/inservice/members/<int:pk>/card/<int:year>/<int:quarter>/pdf/", inservice_card_pdf,
         name="inservice_card_pdf"),
    path("workbench/inservice/targets/", inservice_targets, name="inservice_targets"),
    path("m/inservice/", m_inservice, name="m_inservice"),
    path("m/inservice/apply/", m_inservice_apply, name="m_inservice_apply"),
]
