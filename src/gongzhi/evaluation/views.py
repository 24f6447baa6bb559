"""评约 pages: schemes (list, create with indicator rows, detail with every assessment's progress and the
district's outcome actions), one assessment (its stages and the score form of the next stage when the user
may do it), commendations. Views parse, fetch through the access helpers, call one service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from gongzhi.chronicle.services import entries_for
from gongzhi.contracts.models import Commitment, ContractStatus
from gongzhi.core import clock
from gongzhi.core.listing import choice_filter, paginate, querystring_without_page
from gongzhi.core.views import workbench_required
from gongzhi.evaluation import services
from gongzhi.evaluation.forms import (
    CommendationForm,
    IndicatorFormSet,
    SchemeForm,
    ScoreForm,
    apply_errors,
    indicator_rows,
)
from gongzhi.evaluation.models import STAGE_ORDER, Commendation, Stage
from gongzhi.evaluation.permissions import (
    creatable_districts,
    get_assessment_for_user,
    get_scheme_for_user,
    may_act,
    may_decide_outcomes,
    may_open,
    may_see_scheme_chronicle,
    next_stage,
)
from gongzhi.evaluation.selectors import (
    PENDING,
    TURN_CHOICES,
    assessment_list,
    commendations_for,
    notices_for,
    progress,
    scheme_list,
    stage_table,
)
from gongzhi.organisations.models import Organisation


@login_required
@workbench_required
def scheme_index(request):
    q, year = request.GET.get("q", ""), request.GET.get("year", "")
    page = paginate(request, scheme_list(request.user, q=q, year=year))
    years = [(str(y), str(y)) for y in sorted({s.year for s in page.object_list} | ({int(year)} if year.isdigit()
                                                                                        else set()), reverse=True)]
    return render(request, "evaluation/scheme_list.html", {
        "page": page, "q": q, "qs": querystring_without_page(request),
        "can_create": creatable_districts(request.user).exists(),
        "filters": [choice_filter(request, "year", _("年度"), _("全部年度"), years)],
    })


@login_required
@workbench_required
def scheme_create(request):
    districts = creatable_districts(request.user)
    if not districts.exists():
        raise Http404
    form = SchemeForm(request.POST or None, districts=districts,
                      initial={"district": districts.first(), "year": clock.today().year})
    initial_rows = [{"name": n, "source": s, "weight": w, "description": d}
                    for n, s, w, d in services.default_indicators()]
    formset = IndicatorFormSet(request.POST or None, prefix="indicators", initial=initial_rows)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        try:
            scheme = services.create_scheme(actor=request.user, district=data["district"], year=data["year"],
                                            title=data["title"], indicators=indicator_rows(formset),
                                            excellent_from=data["excellent_from"], good_from=data["good_from"],
                                            pass_from=data["pass_from"])
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("考评方案已创建"))
            return redirect("evaluation:scheme", scheme.pk)
    return render(request, "evaluation/scheme_form.html", {"form": form, "formset": formset})


@login_required
@workbench_required
def scheme_detail(request, pk):
    scheme = get_scheme_for_user(request.user, pk)
    q, stage = request.GET.get("q", ""), request.GET.get("stage", "")
    page = paginate(request, assessment_list(request.user, scheme, q=q, stage=stage, turn=request.GET.get("turn", "")))
    rows = [{"assessment": a, "progress": progress(a)} for a in page.object_list]
    decides = may_decide_outcomes(request.user, scheme)
    return render(request, "evaluation/scheme_detail.html", {
        "scheme": scheme, "indicators": list(scheme.indicators.all()), "page": page, "rows": rows,
        "q": q, "qs": querystring_without_page(request), "stages": STAGE_ORDER,
        "filters": [choice_filter(request, "stage", _("已完成环节"), _("全部环节"),
                                  [(PENDING, _("待自评")), *Stage.choices]),
                    choice_filter(request, "turn", _("待我办理"), _("不限"), TURN_CHOICES)],
        "can_open": may_open(request.user, scheme) and scheme.outcomes_published_at is None,
        "decides": decides,
        "commendations": list(commendations_for(request.user, scheme)),
        "notices": list(notices_for(request.user, scheme)),
        "entries": entries_for(scheme).order_by("-seq")[:20] if may_see_scheme_chronicle(request.user) else [],
    })


def _scheme_action(request, pk, allowed, action, done_message):
    scheme = get_scheme_for_user(request.user, pk)
    if not allowed(request.user, scheme):
        raise Http404
    try:
        result = action(actor=request.user, scheme=scheme)
    except ValidationError as e:
        for m in e.messages:
            messages.error(request, m)
    else:
        messages.success(request, done_message(result))
    return redirect("evaluation:scheme", scheme.pk)


@require_POST
@login_required
@workbench_required
def scheme_open(request, pk):
    return _scheme_action(request, pk, may_open, services.open_assessments,
                          lambda created: _("新增参评单位 %(n)d 家") % {"n": len(created)})


@require_POST
@login_required
@workbench_required
def scheme_notices(request, pk):
    return _scheme_action(request, pk, may_decide_outcomes, services.issue_notices,
                          lambda issued: _("已发出督促提醒 %(n)d 份") % {"n": len(issued)})


@require_POST
@login_required
@workbench_required
def scheme_publish(request, pk):
    return _scheme_action(request, pk, may_decide_outcomes, services.publish_outcomes,
                          lambda scheme: _("考评结果已在各社区公开栏公布"))


@login_required
@workbench_required
def scheme_commend(request, pk):
    scheme = get_scheme_for_user(request.user, pk)
    if not may_decide_outcomes(request.user, scheme) or scheme.outcomes_published_at is not None:
        raise Http404
    organisations = Organisation.objects.filter(assessments__scheme=scheme,
                                                assessments__stage=Stage.DISTRICT).order_by("name")
    commitments = (Commitment.objects.filter(contract__status=ContractStatus.SIGNED, contract__year=scheme.year,
                                             contract__community__path__startswith=scheme.district.path)
                   .select_related("contract__community").order_by("contract__community__path", "order", "pk"))
    form = CommendationForm(request.POST or None, organisations=organisations, commitments=commitments)
    if request.method == "POST" and form.is_valid():
        try:
            services.commend(actor=request.user, scheme=scheme, **form.cleaned_data)
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("已加入表彰名单"))
            return redirect("evaluation:scheme", scheme.pk)
    return render(request, "evaluation/commend.html", {"scheme": scheme, "form": form,
                                                       "commendations": list(commendations_for(request.user, scheme))})


@require_POST
@login_required
@workbench_required
def commendation_withdraw(request, pk):
    commendation = Commendation.objects.filter(pk=pk).select_related("scheme").first()
    if commendation is None:
        raise Http404
    scheme = get_scheme_for_user(request.user, commendation.scheme_id)
    if not may_decide_outcomes(request.user, scheme):
        raise Http404
    try:
        services.withdraw_commendation(actor=request.user, commendation=commendation)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, _("已撤回表彰"))
    return redirect("evaluation:commend", scheme.pk)


def _initial_scores(assessment, stage) -> tuple[dict, dict]:
    """Self-assessment: the computed indicators from fulfilment records; later stages: the previous stage's."""
    if stage == Stage.SELF:
        prefilled = services.prefill(assessment)
        return {f"score_{k}": v for k, v in prefilled.items()}, prefilled
    previous = STAGE_ORDER[STAGE_ORDER.index(stage) - 1]
    return {f"score_{k}": v for k, v in services.stage_scores(assessment, previous).items()}, {}


@login_required
@workbench_required
def assessment_detail(request, pk):
    assessment = get_assessment_for_user(request.user, pk)
    stage = next_stage(assessment)
    acting = stage is not None and may_act(request.user, assessment, stage)
    form = None
    if acting:
        initial, prefilled = _initial_scores(assessment, stage)
        indicators = list(assessment.scheme.indicators.all())
        form = ScoreForm(request.POST or None, request.FILES or None, indicators=indicators, stage=stage,
                         prefilled=prefilled, initial=initial, assessment=assessment)
    if request.method == "POST":
        if not acting:
            raise Http404
        if request.POST.get("stage") != stage.value:
            messages.error(request, _("该环节已由他人完成，请查看最新情况"))
            return redirect("evaluation:assessment", assessment.pk)
        if form.is_valid():
            try:
                services.STAGE_SERVICES[stage](actor=request.user, assessment=assessment, **form.service_kwargs())
            except ValidationError as e:
                apply_errors(form, e)
            else:
                messages.success(request, _("“%(stage)s”已提交") % {"stage": stage.label})
                return redirect("evaluation:assessment", assessment.pk)
    return render(request, "evaluation/assessment_detail.html", {
        "assessment": assessment, "scheme": assessment.scheme, "progress": progress(assessment),
        "table": stage_table(assessment), "stage": stage, "form": form,
        "notice": getattr(assessment, "notice", None) if assessment.grade == "poor" else None,
        "entries": entries_for(assessment).order_by("-seq")[:20],
    })


@login_required
@workbench_required
def assessment_report(request, pk):
    assessment = get_assessment_for_user(request.user, pk)
    if not assessment.annual_report:
        raise Http404
    extension = assessment.annual_report.name.rsplit(".", 1)[-1]
    return FileResponse(assessment.annual_report.open("rb"), as_attachment=True,
                        filename=f"{assessment.organisation.name}{assessment.scheme.year}年度自评报告.{extension}")
