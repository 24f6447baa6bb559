"""Pages of 三率考评: the league table (tabs departments / communities / streets, a period picker, sorting,
xlsx export), a department's detail with the whistles behind its figures, the review of unsatisfied ratings,
the weights of the composite score, and the public statistics page of a community."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongzhi.cases.models import CaseStatus
from gongzhi.core import clock
from gongzhi.core.forms import add_service_errors
from gongzhi.core.listing import paginate
from gongzhi.core.views import workbench_required
from gongzhi.organisations.models import Department
from gongzhi.rates import periods, services
from gongzhi.rates.exports import XLSX_CONTENT_TYPE, league_workbook, tab_label
from gongzhi.rates.forms import ReviewDecisionForm, ReviewRequestForm, WeightsForm
from gongzhi.rates.models import RateWeights, ReviewStatus
from gongzhi.rates.permissions import (
    get_department_for_user,
    get_rated_case_for_user,
    get_review_for_user,
    may_decide_review,
    may_handle_reviews,
    may_request_review,
    tabs_for,
    weight_regions,
)
from gongzhi.rates.public import public_example
from gongzhi.rates.selectors import (
    SORT_KEYS,
    cases_with_unsatisfied_ratings,
    department_lines,
    department_whistles,
    league,
    node_figures,
    resolved_examples,
    review_list,
    status_counts,
)
from gongzhi.regions.models import RegionKind, RegionNode


def _period(request):
    """The period of the request's parameters; bad input falls back to this month with an error message."""
    g = request.GET
    try:
        return periods.parse(g.get("period"), first=g.get("from"), last=g.get("to"))
    except ValidationError as e:
        for message in e.messages:
            messages.error(request, message)
        return periods.parse()


def _tab(request, tabs: list[str]) -> str:
    tab = request.GET.get("tab") or tabs[0]
    if tab not in tabs:
        raise Http404
    return tab


def _sort(request) -> tuple[str, bool]:
    sort = request.GET.get("sort", "composite")
    sort = sort if sort in SORT_KEYS else "composite"
    return sort, request.GET.get("dir", "desc" if sort != "name" else "asc") != "asc"


def _url(**params) -> str:
    return "?" + urlencode({k: v for k, v in params.items() if v not in (None, "")})


# --- the league table -------------------------------------------------------------------------------------

@login_required
@workbench_required
def league_table(request):
    tabs = tabs_for(request.user)
    if not tabs:
        raise Http404
    tab = _tab(request, tabs)
    period = _period(request)
    sort, descending = _sort(request)
    as_of = clock.now()
    lines = league(request.user, tab, period, sort=sort, descending=descending, as_of=as_of)
    base = {"tab": tab, **period.query}
    sort_links = {key: _url(**base, sort=key, dir="asc" if (key == sort and descending) else "desc")
                  for key in SORT_KEYS}
    return render(request, "rates/league.html", {
        "tab": tab, "tabs": [{"key": t, "label": tab_label(t), "url": _url(tab=t, **period.query)} for t in tabs],
        "period": period, "period_choices": periods.choices(), "lines": lines, "sort": sort,
        "descending": descending, "sort_links": sort_links, "as_of": as_of,
        "export_url": _url(**base, sort=sort, dir="desc" if descending else "asc"),
        "may_set_weights": weight_regions(request.user).exists(),
        "may_review": may_handle_reviews(request.user),
        "period_query": urlencode(period.query),
    })


@login_required
@workbench_required
def league_export(request):
    tabs = tabs_for(request.user)
    if not tabs:
        raise Http404
    tab = _tab(request, tabs)
    g = request.GET
    try:
        period = periods.parse(g.get("period"), first=g.get("from"), last=g.get("to"))
    except ValidationError as e:
        return HttpResponse("; ".join(e.messages), status=400, content_type="text/plain; charset=utf-8")
    sort, descending = _sort(request)
    as_of = clock.now()
    lines = league(request.user, tab, period, sort=sort, descending=descending, as_of=as_of)
    content = league_workbook(tab, period, lines, as_of=as_of)
    filename = f"三率排行-{tab_label(tab)}-{period.slug}.xlsx"
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (f'attachment; filename="rates-{tab}-{period.slug}.xlsx"; '
                                       f"filename*=UTF-8''{quote(filename)}")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@workbench_required
def department_detail(request, pk):
    if "departments" not in tabs_for(request.user):
        raise Http404
    department = get_department_for_user(request.user, pk)
    period = _period(request)
    as_of = clock.now()
    [line] = department_lines(request.user, period, departments=Department.objects.filter(pk=department.pk),
                              as_of=as_of)
    page = paginate(request, department_whistles(request.user, department, period, as_of=as_of))
    return render(request, "rates/department.html", {
        "department": department, "line": line, "period": period, "period_choices": periods.choices(),
        "page": page, "qs": urlencode(period.query), "as_of": as_of, "period_query": urlencode(period.query),
    })


# --- reviews of unsatisfied ratings -----------------------------------------------------------------------

@login_required
@workbench_required
def reviews(request):
    user = request.user
    if not may_handle_reviews(user):
        raise Http404
    status = request.GET.get("status", ReviewStatus.PENDING)
    if status not in (*ReviewStatus.values, "all"):
        status = ReviewStatus.PENDING
    page = paginate(request, review_list(user, "" if status == "all" else status))
    page.object_list = [{"review": r, "may_decide": r.status == ReviewStatus.PENDING and may_decide_review(user, r)}
                        for r in page.object_list]
    candidates = [c for c in cases_with_unsatisfied_ratings(user)[:50] if may_request_review(user, c)]
    return render(request, "rates/reviews.html", {
        "page": page, "status": status, "statuses": [*ReviewStatus.choices, ("all", _("全部"))],
        "candidates": candidates, "request_form": ReviewRequestForm(), "qs": urlencode({"status": status}),
    })


@login_required
@workbench_required
@require_POST
def review_request(request, case_pk):
    if not may_handle_reviews(request.user):
        raise Http404
    case = get_rated_case_for_user(request.user, case_pk)
    if not may_request_review(request.user, case):
        raise Http404
    form = ReviewRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写申请复核的理由"))
        return redirect("rates:reviews")
    try:
        services.request_review(actor=request.user, case=case, reason=form.cleaned_data["reason"])
    except ValidationError as e:
        for message in e.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("已申请复核：%(n)s") % {"n": case.number})
    return redirect("rates:reviews")


@login_required
@workbench_required
def review_decide(request, pk):
    review = get_review_for_user(request.user, pk)
    if not may_decide_review(request.user, review):
        raise Http404
    form = ReviewDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.decide_review(actor=request.user, review=review, decision=data["decision"],
                                   ground=data["ground"], note=data["note"])
        except ValidationError as e:
            add_service_errors(form, e)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("复核结论已记录：%(s)s") % {"s": review.get_status_display()})
            return redirect("rates:reviews")
    return render(request, "rates/review_decide.html", {"review": review, "case": review.case, "form": form})


# --- weights ----------------------------------------------------------------------------------------------

@login_required
@workbench_required
def weights(request):
    regions = weight_regions(request.user)
    if not regions.exists():
        raise Http404
    form = WeightsForm(request.POST or None, regions=regions)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.set_weights(actor=request.user, region=data["region"], response=data["response"],
                                 resolution=data["resolution"], satisfaction=data["satisfaction"])
        except ValidationError as e:
            add_service_errors(form, e)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("已设置 %(r)s 的综合得分权重") % {"r": data["region"].name})
            return redirect("rates:weights")
    rows = RateWeights.objects.filter(region__in=regions).select_related("region", "updated_by").order_by("region__path")
    return render(request, "rates/weights.html", {"form": form, "rows": rows})


@login_required
@workbench_required
@require_POST
def weights_clear(request, region_pk):
    region = get_object_or_404(weight_regions(request.user), pk=region_pk)
    services.clear_weights(actor=request.user, region=region)
    messages.success(request, _("已删除 %(r)s 的权重，改按上级区划或默认权重计算") % {"r": region.name})
    return redirect("rates:weights")


# --- the public page of a community ----------------------------------------------------------------------

def board_cases(request, community_id: int):
    """公开统计: a community's anonymised case statistics for a year and resolved examples. No login, no
    personal data."""
    community = get_object_or_404(RegionNode.objects.select_related("parent"), pk=community_id,
                                  kind=RegionKind.COMMUNITY)
    this_year = clock.today().year
    try:
        year = int(request.GET.get("year", this_year))
    except ValueError:
        year = this_year
    year = year if 2000 <= year <= this_year else this_year
    period = periods.year(year)
    line = node_figures(community, period)
    counts = status_counts(community, period)
    statuses = [(value, label) for value, label in CaseStatus.choices]
    for row in counts:
        row["cells"] = [row["by_status"].get(value, 0) for value, _label in statuses]
    return render(request, "rates/board_cases.html", {
        "community": community, "year": year, "years": list(range(this_year, this_year - 4, -1)), "line": line,
        "counts": counts, "statuses": statuses,
        "examples": [public_example(c) for c in resolved_examples(community, period)],
    })
