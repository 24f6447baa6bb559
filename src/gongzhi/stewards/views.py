"""HTML pages of 楼门管家: the workbench (stewards, vacant posts and appointing, one steward with roles, monthly
evaluation, commendation and retirement, the month's evaluation sheet with the missing ones and the sweep's
reminders, the suggestions stewards collected and turning them into needs or cases) and the steward's phone page
(her post, roles, grades, commendations; recording a suggestion). Views parse, fetch through an access helper, call
one service and render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gongzhi.cases.models import CaseCategory
from gongzhi.chronicle.services import entries_for
from gongzhi.chronicle.versions import CountedUntilChange
from gongzhi.core import clock
from gongzhi.core.forms import add_service_errors
from gongzhi.core.listing import KeysFirst, as_id, choice_filter, paginate, querystring_without_page
from gongzhi.core.views import workbench_required
from gongzhi.lists.models import Category
from gongzhi.lists.permissions import home_community
from gongzhi.regions.models import RegionNode
from gongzhi.stewards import selectors, services
from gongzhi.stewards.forms import (
    AppointForm,
    CommendForm,
    DeclineForm,
    EvaluateForm,
    RetireForm,
    RolesForm,
    SuggestionForm,
    ToCaseForm,
    ToNeedForm,
)
from gongzhi.stewards.models import EvaluationReminder, StewardRole, StewardStatus, SuggestionStatus
from gongzhi.stewards.permissions import (
    communities_run_by,
    communities_seen_by,
    current_post_of,
    get_steward_for_user,
    get_suggestion_for_user,
    may_run_stewards,
    runs_some_stewards,
    shown_steward,
)
from gongzhi.talent.selectors import residents_in


def _staff(request) -> None:
    if not (request.user.is_authenticated and request.user.scope.is_region_staff):
        raise Http404


def _ctx(request, tab: str, **extra) -> dict:
    return {"tab": tab, "qs": querystring_without_page(request), **extra}


def _chosen_community(request, communities) -> RegionNode | None:
    pk = as_id(request.GET.get("community"))
    chosen = communities.filter(pk=pk).first() if pk is not None else None
    return chosen or communities.first()


@login_required
@workbench_required
def index(request):
    _staff(request)
    user, g = request.user, request.GET
    page = paginate(request, KeysFirst(selectors.stewards(user, community=g.get("community"),
                                                          status=g.get("status", ""), role=g.get("role", ""),
                                                          q=g.get("q", ""), commended=g.get("commended", ""))))
    page.object_list = [{"s": s, "who": shown_steward(user, s), "post": selectors.post_label(s.post)}
                        for s in page.object_list]
    filters = [choice_filter(request, "community", _("社区"), _("全部社区"),
                             [(str(c.pk), c.name) for c in communities_seen_by(user)]),
               choice_filter(request, "status", _("状态"), _("全部状态"), StewardStatus.choices),
               choice_filter(request, "role", _("职责"), _("全部职责"), StewardRole.choices),
               choice_filter(request, "commended", _("表彰"), _("全部"), [("1", _("受过表彰"))])]
    return render(request, "stewards/index.html", _ctx(request, "stewards", page=page, filters=filters,
                                                       q=g.get("q", "")))


@login_required
@workbench_required
def vacancies(request):
    _staff(request)
    communities = communities_seen_by(request.user)
    community = _chosen_community(request, communities)
    # a page of the vacant posts, counted in the database
    page = paginate(request, selectors.vacant_posts(community) if community is not None else RegionNode.objects.none())
    page.object_list = [{"node": n, "label": selectors.post_label(n)} for n in page.object_list]
    figures = selectors.board_figures(community) if community is not None else None
    return render(request, "stewards/vacancies.html", _ctx(
        request, "vacancies", page=page, rows=page.object_list, community=community, communities=communities, figures=figures,
        may_run=community is not None and may_run_stewards(request.user, community)))


@login_required
@workbench_required
def appoint(request, post_pk):
    _staff(request)
    user = request.user
    post = RegionNode.objects.filter(pk=post_pk).select_related("parent__parent").first()
    community = services.community_of(post) if post is not None else None
    if post is None or community is None or not may_run_stewards(user, community) or not selectors.is_post(post):
        raise Http404
    form = AppointForm(request.POST or None, initial={"selection": "appointed", "started_on": clock.today()})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        found = residents_in(communities_run_by(user).filter(pk=community.pk), data.pop("resident"))
        if not found:
            form.add_error("resident", _("本社区没有找到该居民，请核对手机号或姓名"))
        elif len(found) > 1:
            form.add_error("resident", _("有 %(n)d 位同名居民，请改用手机号") % {"n": len(found)})
        else:
            try:
                steward = services.appoint(actor=user, post=post, person=found[0], **data)
            except ValidationError as e:
                add_service_errors(form, e)
            else:
                messages.success(request, _("已选任楼门管家：%(name)s") % {"name": steward.person.name})
                return redirect("stewards:detail", steward.pk)
    holder = post.stewards.filter(status=StewardStatus.CURRENT).select_related("person").first()
    return render(request, "stewards/appoint.html", _ctx(request, "vacancies", post=post,
                                                         label=selectors.post_label(post), form=form,
                                                         holder=holder, community=community))


@login_required
@workbench_required
def detail(request, pk):
    _staff(request)
    user = request.user
    steward = get_steward_for_user(user, pk)
    runs = may_run_stewards(user, steward.community)
    current = runs and steward.is_current
    # one page, four forms: each form's ids carry its name (retire_reason, commend_reason …)
    forms = {
        "roles": RolesForm(initial={"roles": steward.roles}, auto_id="roles_%s") if current else None,
        "evaluate": EvaluateForm(initial={"month": request.GET.get("month")
                                          or f"{selectors.previous_month(clock.today()):%Y-%m}"},
                                 auto_id="evaluate_%s") if runs else None,
        "commend": CommendForm(auto_id="commend_%s") if runs else None,
        "retire": RetireForm(initial={"retired_on": clock.today()}, auto_id="retire_%s") if current else None,
    }
    if request.method == "POST":
        action = request.POST.get("action")
        if action not in forms or forms[action] is None:
            raise Http404
        form_class = {"roles": RolesForm, "evaluate": EvaluateForm, "commend": CommendForm, "retire": RetireForm}[action]
        form = forms[action] = form_class(request.POST, auto_id=f"{action}_%s")
        if form.is_valid():
            act = {"roles": services.set_roles, "evaluate": services.evaluate, "commend": services.commend,
                   "retire": services.retire}[action]
            done = {"roles": _("职责已更新"), "evaluate": _("已记录月度评价"), "commend": _("已记录表彰"),
                    "retire": _("已办理光荣退休，该楼门现为空缺")}[action]
            try:
                act(actor=user, steward=steward, **form.cleaned_data)
            except ValidationError as e:
                add_service_errors(form, e)
            else:
                messages.success(request, done)
                return redirect("stewards:detail", steward.pk)
        steward.refresh_from_db()
    return render(request, "stewards/detail.html", _ctx(
        request, "stewards", s=steward, who=shown_steward(user, steward), post=selectors.post_label(steward.post),
        forms=forms, evaluations=list(selectors.evaluations_of(steward)[:24]),
        commendations=list(steward.commendations.order_by("-awarded_on")),
        suggestions=list(steward.suggestions.select_related("need", "case").order_by("-submitted_at")[:20]),
        entries=entries_for(steward).order_by("-seq")[:20]))


@login_required
@workbench_required
def evaluations(request):
    """The month's sheet: every steward in office that month, evaluated or missing, and the sweep's reminders."""
    _staff(request)
    user = request.user
    today = clock.today()
    try:
        month = services.parse_month(request.GET.get("month") or selectors.previous_month(today))
    except ValidationError:
        month = selectors.previous_month(today)
    community, only_missing = request.GET.get("community"), request.GET.get("missing") == "1"
    # a district holds tens of thousands of stewards: the sheet is paged, the missing ones counted in the database
    # the totals are counted once until the chronicle's next entry (an evaluation recorded is one)
    page = paginate(request, CountedUntilChange(KeysFirst(selectors.sheet_stewards(
        user, month=month, community=community, missing=only_missing)), "stewards-sheet"))
    page.object_list = [{**r, "who": shown_steward(user, r["steward"]), "post": selectors.post_label(r["steward"].post)}
                        for r in selectors.with_evaluations(page.object_list, month)]
    missing = (page.paginator.count if only_missing
               else CountedUntilChange(selectors.sheet_stewards(user, month=month, community=community, missing=True),
                                       "stewards-sheet").count())
    reminders = list(EvaluationReminder.objects.filter(recipients=user).select_related("community")
                     .order_by("-month")[:6]) if user.is_authenticated else []
    filters = [choice_filter(request, "community", _("社区"), _("全部社区"),
                             [(str(c.pk), c.name) for c in communities_seen_by(user)]),
               choice_filter(request, "missing", _("评价"), _("全部"), [("1", _("只看未评价"))])]
    return render(request, "stewards/evaluations.html", _ctx(
        request, "evaluations", page=page, rows=page.object_list, month=month, missing=missing,
        reminders=reminders, filters=filters, future=month > selectors.month_start(today)))


@login_required
@workbench_required
def suggestions(request):
    _staff(request)
    user, g = request.user, request.GET
    page = paginate(request, selectors.suggestions(user, community=g.get("community"), status=g.get("status", ""),
                                                   q=g.get("q", ""), handle=g.get("handle", "")))
    page.object_list = [{"x": x, "who": shown_steward(user, x.steward), "post": selectors.post_label(x.steward.post)}
                        for x in page.object_list]
    filters = [choice_filter(request, "community", _("社区"), _("全部社区"),
                             [(str(c.pk), c.name) for c in communities_seen_by(user)]),
               choice_filter(request, "status", _("状态"), _("全部状态"), SuggestionStatus.choices)]
    if runs_some_stewards(user):
        filters.append(choice_filter(request, "handle", _("处理"), _("全部意见"), selectors.HANDLE_CHOICES))
    return render(request, "stewards/suggestions.html", _ctx(request, "suggestions", page=page, filters=filters,
                                                            q=g.get("q", "")))


@login_required
@workbench_required
def suggestion_detail(request, pk):
    _staff(request)
    user = request.user
    x = get_suggestion_for_user(user, pk)
    runs = may_run_stewards(user, x.community) and x.status == SuggestionStatus.NEW
    need_categories = Category.objects.filter(active=True).order_by("order")
    case_categories = CaseCategory.objects.filter(active=True).order_by("order", "code")
    forms = {"need": ToNeedForm(initial={"title": x.text[:40]}, categories=need_categories, auto_id="need_%s")
             if runs else None,
             "case": ToCaseForm(initial={"title": x.text[:40]}, categories=case_categories, auto_id="case_%s")
             if runs else None,
             "decline": DeclineForm(auto_id="decline_%s") if runs else None}
    if request.method == "POST":
        action = request.POST.get("action")
        if action not in forms or forms[action] is None:
            raise Http404
        if action == "need":
            form = forms["need"] = ToNeedForm(request.POST, categories=need_categories, auto_id="need_%s")
        elif action == "case":
            form = forms["case"] = ToCaseForm(request.POST, categories=case_categories, auto_id="case_%s")
        else:
            form = forms["decline"] = DeclineForm(request.POST, auto_id="decline_%s")
        if form.is_valid():
            try:
                if action == "need":
                    need = services.to_need(actor=user, suggestion=x, **form.cleaned_data)
                    messages.success(request, _("已转为需求：%(t)s（待社区审核后公布）") % {"t": need.title})
                elif action == "case":
                    case = services.to_case(actor=user, suggestion=x, **form.cleaned_data)
                    messages.success(request, _("已转为诉求：%(n)s") % {"n": case.number})
                else:
                    services.decline(actor=user, suggestion=x, **form.cleaned_data)
                    messages.success(request, _("已记录不予采纳"))
            except PermissionDenied:
                raise Http404 from None
            except ValidationError as e:
                add_service_errors(form, e)
            else:
                return redirect("stewards:suggestion", x.pk)
    return render(request, "stewards/suggestion.html", _ctx(
        request, "suggestions", x=x, who=shown_steward(user, x.steward), post=selectors.post_label(x.steward.post),
        forms=forms))


# --- the phone ----------------------------------------------------------------------------------------------------

@login_required
def m_home(request):
    """楼门管家 on the phone: a steward's own post, roles, grades, commendations and suggestions, with the form to
    record what she collected; any resident sees who the stewards of her building are."""
    user = request.user
    post = current_post_of(user)
    form = SuggestionForm(request.POST or None) if post is not None else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                services.submit_suggestion(actor=user, steward=post, **form.cleaned_data)
            except ValidationError as e:
                add_service_errors(form, e)
            else:
                messages.success(request, _("已提交，社区工作人员会尽快处理"))
                return redirect("stewards:m_home")
    context = {"post": post, "form": form, "mine": selectors.my_posts(user),
               "neighbours": [{"s": s, "post": selectors.post_label(s.post)} for s in selectors.stewards_of_home(user)]}
    if post is not None:
        context.update(post_label=selectors.post_label(post.post),
                       evaluations=list(selectors.evaluations_of(post)[:6]),
                       commendations=list(post.commendations.order_by("-awarded_on")[:5]),
                       suggestions=list(post.suggestions.select_related("need", "case").order_by("-submitted_at")[:20]))
    context["community"] = home_community(user)
    return render(request, "stewards/m_home.html", context)
