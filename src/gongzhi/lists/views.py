"""HTML pages of the lists: 需求清单 with its review queue, 资源清单, 活动清单, 我的认领 (workbench) and
提需求 / 我的需求 (resident shell). Views parse the request, fetch through an access helper, call one
service and render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongzhi.chronicle.services import entries_for
from gongzhi.core import clock
from gongzhi.core.forms import add_service_errors as _form_errors
from gongzhi.core.listing import choice_filter, paginate, querystring_without_page
from gongzhi.core.views import workbench_required
from gongzhi.lists import services
from gongzhi.lists.forms import (
    ActivityForm,
    ClaimForm,
    NeedForm,
    ResidentNeedForm,
    ResourceForm,
    ReviewForm,
)
from gongzhi.lists.models import ClaimStatus, Need, NeedStatus, Resource, ResourceStatus, Side
from gongzhi.lists.permissions import (
    NEED_RECORDERS,
    PUBLIC_NEED_STATUSES,
    claimant_units,
    communities_where,
    get_activity_for_user,
    get_claim_for_user,
    get_need_for_user,
    get_resource_for_user,
    home_community,
    may_claim,
    may_close_need,
    may_fulfil_claim,
    may_manage_resource,
    may_review_need,
    may_see_item_chronicle,
    may_withdraw_claim,
    need_proposer,
    needs_visible_to,
    own_unit_communities,
    own_units,
    units_in,
)
from gongzhi.lists.selectors import (
    PUBLIC,
    active_categories,
    activity_list,
    claim_list,
    claims_of,
    merge_candidates,
    need_list,
    need_status_counts,
    resource_list,
    review_queue,
)


def _message_errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _years() -> list[tuple[str, str]]:
    this = clock.today().year
    return [(str(y), _("%(y)d年") % {"y": y}) for y in range(this + 1, this - 4, -1)]


def _category_choices():
    return [(c.code, c.name) for c in active_categories()]


def _list_filters(request, statuses) -> list[dict]:
    return [
        choice_filter(request, "status", _("状态"), _("全部状态"), statuses),
        choice_filter(request, "category", _("类别"), _("全部类别"), _category_choices()),
        choice_filter(request, "side", _("提出方"), _("社区与单位"), Side.choices),
        choice_filter(request, "year", _("年度"), _("全部年度"), _years()),
    ]


def _params(request) -> dict:
    g = request.GET
    return {"q": g.get("q", ""), "status": g.get("status", ""), "category": g.get("category", ""),
            "side": g.get("side", ""), "year": g.get("year", "")}


def _can_add_need(user) -> bool:
    return communities_where(user, NEED_RECORDERS).exists() or bool(user.scope.organisation_ids)


# --- needs ------------------------------------------------------------------------------------------------

@login_required
@workbench_required
def need_index(request):
    params = _params(request)
    return render(request, "lists/needs.html", {
        "page": paginate(request, need_list(request.user, **params)), "q": params["q"],
        "qs": querystring_without_page(request),
        "filters": _list_filters(request, [*NeedStatus.choices, (PUBLIC, _("已公布（含已完成）"))]),
        "counts": need_status_counts(request.user), "can_add": _can_add_need(request.user),
    })


@login_required
@workbench_required
def need_queue(request):
    """待审核: the periodic review of submitted needs, with approve / reject / merge on each row."""
    page = paginate(request, review_queue(request.user))
    rows = list(page.object_list)
    candidates = merge_candidates(rows)
    page.object_list = [{"need": n, "may_review": may_review_need(request.user, n),
                         "candidates": candidates.get(n.pk, [])} for n in rows]
    return render(request, "lists/queue.html", {"page": page, "qs": querystring_without_page(request),
                                                "counts": need_status_counts(request.user)})


def _entries(user, item):
    if not may_see_item_chronicle(user):
        return None
    return entries_for(item).order_by("-seq")[:30]


def _claim_rows(user, item) -> list[dict]:
    """The claims of a detail page's item, with what the user may do with each."""
    key = "need" if isinstance(item, Need) else "resource"
    rows = []
    for c in claims_of(item):
        setattr(c, key, item)  # the item is loaded already: no query per claim for its community
        rows.append({"claim": c, "may_fulfil": c.status == ClaimStatus.CLAIMED and may_fulfil_claim(user, c),
                     "may_withdraw": c.status == ClaimStatus.CLAIMED and may_withdraw_claim(user, c)})
    return rows


def _claim_form(user, item):
    """The claim form of a detail page, when the user's side may claim the item and has no open claim on it."""
    if item.status != "published" or not may_claim(user, item):
        return None
    open_claims = item.claims.filter(status=ClaimStatus.CLAIMED)
    if item.side == Side.COMMUNITY:
        units = claimant_units(user, item).exclude(pk__in=open_claims.filter(side=Side.UNIT)
                                                    .values("organisation_id"))
        return ClaimForm(units=units) if units.exists() else None
    return None if open_claims.filter(side=Side.COMMUNITY).exists() else ClaimForm()


@login_required
@workbench_required
def need_detail(request, pk):
    need = get_need_for_user(request.user, pk)
    reviewing = need.status == NeedStatus.SUBMITTED and may_review_need(request.user, need)
    return render(request, "lists/need_detail.html", {
        "need": need, "claims": _claim_rows(request.user, need), "proposer": need_proposer(request.user, need),
        "review_candidates": merge_candidates([need])[need.pk] if reviewing else None,
        "may_close": need.status == NeedStatus.PUBLISHED and may_close_need(request.user, need),
        "claim_form": _claim_form(request.user, need),
        "merged": need.merged_needs.filter(pk__in=needs_visible_to(request.user).values("pk")).order_by("pk"),
        "entries": _entries(request.user, need),
    })


@login_required
@workbench_required
def need_new(request):
    user = request.user
    communities = communities_where(user, NEED_RECORDERS)
    unit_mode = not communities.exists()
    if unit_mode and not user.scope.organisation_ids:
        raise Http404
    options = ({"units": own_units(user), "unit_communities": own_unit_communities(user)} if unit_mode
               else {"communities": communities})
    form = NeedForm(request.POST or None, **options)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            need = services.submit_need(actor=user, **data)
        except ValidationError as e:
            _form_errors(form, e)
        except PermissionDenied:
            form.add_error(None, _("您不能为该社区或单位提出需求"))
        else:
            messages.success(request, _("需求已提交，等待社区党委定期审核后公布"))
            return redirect("lists:need", need.pk)
    return render(request, "lists/need_form.html", {"form": form, "unit_mode": unit_mode})


def _back(request, default):
    """Return to the review queue when the form came from there, else to `default`."""
    if request.POST.get("next") == "queue":
        return redirect("lists:queue")
    return redirect(*default)


@login_required
@workbench_required
@require_POST
def need_review(request, pk):
    need = get_need_for_user(request.user, pk, write=True)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["merge_into"][0] if "merge_into" in form.errors else _("请选择审核结论"))
        return _back(request, ("lists:need", need.pk))
    data = form.cleaned_data
    target = None
    if data["decision"] == "merge":
        target = needs_visible_to(request.user).filter(pk=data["merge_into"]).first()
        if target is not None and not data["confirm"]:  # nothing merges before the reviewer confirms the pair
            return render(request, "lists/merge_confirm.html", {
                "need": need, "target": target, "reason": data["reason"], "next": request.POST.get("next", "")})
    try:
        services.review_need(actor=request.user, need=need, decision=data["decision"], reason=data["reason"],
                             merge_into=target)
    except ValidationError as e:
        _message_errors(request, e)
    else:
        messages.success(request, {"approve": _("已采纳并公布：%(t)s"), "reject": _("未采纳：%(t)s"),
                                   "merge": _("已合并重复需求：%(t)s")}[data["decision"]] % {"t": need.title})
    return _back(request, ("lists:need", need.pk))


@login_required
@workbench_required
@require_POST
def need_close(request, pk):
    need = get_need_for_user(request.user, pk)
    if not may_close_need(request.user, need):
        raise Http404
    try:
        services.close_need(actor=request.user, need=need)
    except ValidationError as e:
        _message_errors(request, e)
    else:
        messages.success(request, _("需求已完成"))
    return redirect("lists:need", need.pk)


def _claim_item(request, item, back):
    if not may_claim(request.user, item):
        raise Http404
    units = claimant_units(request.user, item) if item.side == Side.COMMUNITY else None
    form = ClaimForm(request.POST, units=units)
    if not form.is_valid():
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
        return redirect(*back)
    key = "need" if isinstance(item, Need) else "resource"
    try:
        services.claim(actor=request.user, deadline=form.cleaned_data["deadline"], note=form.cleaned_data["note"],
                       organisation=form.cleaned_data.get("organisation"), **{key: item})
    except ValidationError as e:
        _message_errors(request, e)
    else:
        messages.success(request, _("已认领，完成时限 %(d)s") % {"d": form.cleaned_data["deadline"].isoformat()})
    return redirect(*back)


@login_required
@workbench_required
@require_POST
def need_claim(request, pk):
    need = get_need_for_user(request.user, pk)
    return _claim_item(request, need, ("lists:need", need.pk))


# --- resources --------------------------------------------------------------------------------------------

def _resource_form_options(user) -> dict | None:
    staff_communities = communities_where(user, ("community_staff",))
    if staff_communities.exists():
        units = units_in(staff_communities) | own_units(user)
        return {"communities": staff_communities, "units": units.distinct().order_by("name"),
                "allow_community": True}
    if user.scope.organisation_ids:
        return {"communities": own_unit_communities(user), "units": own_units(user), "allow_community": False}
    return None


@login_required
@workbench_required
def resource_index(request):
    params = _params(request)
    return render(request, "lists/resources.html", {
        "page": paginate(request, resource_list(request.user, **params)), "q": params["q"],
        "qs": querystring_without_page(request), "filters": _list_filters(request, ResourceStatus.choices),
        "can_add": _resource_form_options(request.user) is not None,
    })


@login_required
@workbench_required
def resource_detail(request, pk):
    resource = get_resource_for_user(request.user, pk)
    return render(request, "lists/resource_detail.html", {
        "resource": resource, "claims": _claim_rows(request.user, resource), "claim_form": _claim_form(request.user, resource),
        "may_withdraw": resource.status == ResourceStatus.PUBLISHED and may_manage_resource(request.user, resource),
        "activities": resource.activities.order_by("-starts_at")[:20],
        "entries": _entries(request.user, resource),
    })


@login_required
@workbench_required
def resource_new(request):
    options = _resource_form_options(request.user)
    if options is None:
        raise Http404
    form = ResourceForm(request.POST or None, **options)
    if request.method == "POST" and form.is_valid():
        try:
            resource = services.register_resource(actor=request.user, **form.cleaned_data)
        except ValidationError as e:
            _form_errors(form, e)
        except PermissionDenied:
            form.add_error(None, _("您不能为该社区或单位登记资源"))
        else:
            messages.success(request, _("资源已登记并公布"))
            return redirect("lists:resource", resource.pk)
    return render(request, "lists/resource_form.html", {"form": form})


@login_required
@workbench_required
@require_POST
def resource_withdraw(request, pk):
    resource = get_resource_for_user(request.user, pk, write=True)
    try:
        services.withdraw_resource(actor=request.user, resource=resource)
    except ValidationError as e:
        _message_errors(request, e)
    else:
        messages.success(request, _("资源已撤回"))
    return redirect("lists:resource", resource.pk)


@login_required
@workbench_required
@require_POST
def resource_claim(request, pk):
    resource = get_resource_for_user(request.user, pk)
    return _claim_item(request, resource, ("lists:resource", resource.pk))


# --- activities -------------------------------------------------------------------------------------------

@login_required
@workbench_required
def activity_index(request):
    q, category, year = request.GET.get("q", ""), request.GET.get("category", ""), request.GET.get("year", "")
    return render(request, "lists/activities.html", {
        "page": paginate(request, activity_list(request.user, q=q, category=category, year=year)), "q": q,
        "qs": querystring_without_page(request),
        "filters": [choice_filter(request, "category", _("类别"), _("全部类别"), _category_choices()),
                    choice_filter(request, "year", _("年度"), _("全部年度"), _years())],
        "can_add": communities_where(request.user, ("community_staff",)).exists(),
    })


@login_required
@workbench_required
def activity_detail(request, pk):
    activity = get_activity_for_user(request.user, pk)
    return render(request, "lists/activity_detail.html", {
        "activity": activity,
        "resources": activity.resources.select_related("organisation", "category").order_by("pk"),
        "needs": activity.needs.select_related("category").order_by("pk"),
        "entries": _entries(request.user, activity),
    })


@login_required
@workbench_required
def activity_new(request):
    communities = communities_where(request.user, ("community_staff",))
    if not communities.exists():
        raise Http404
    ids = list(communities.values_list("pk", flat=True))
    form = ActivityForm(
        request.POST or None, communities=communities, organisers=units_in(communities),
        resources=Resource.objects.filter(community_id__in=ids, status=ResourceStatus.PUBLISHED)
        .select_related("organisation", "community").order_by("community__path", "title"),
        needs=Need.objects.filter(community_id__in=ids, status__in=PUBLIC_NEED_STATUSES)
        .select_related("community").order_by("community__path", "title"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.create_activity(actor=request.user, **form.cleaned_data)
        except ValidationError as e:
            _form_errors(form, e)
        except PermissionDenied:
            form.add_error(None, _("您不能为该社区安排活动"))
        else:
            messages.success(request, _("活动已登记"))
            return redirect("lists:activity", activity.pk)
    return render(request, "lists/activity_form.html", {"form": form})


# --- claims -----------------------------------------------------------------------------------------------

DIRECTIONS = [("mine", _("我方认领")), ("theirs", _("对方认领我方事项"))]


@login_required
@workbench_required
def claim_index(request):
    """我的认领: the user's side's claims (or, with direction=theirs, claims of the user's items)."""
    direction = request.GET.get("direction", "") or "mine"
    status, q = request.GET.get("status", ""), request.GET.get("q", "")
    page = paginate(request, claim_list(request.user, direction=direction if direction != "all" else "",
                                        status=status, q=q))
    page.object_list = [{"claim": c, "may_fulfil": c.status == ClaimStatus.CLAIMED and may_fulfil_claim(request.user, c),
                         "may_withdraw": c.status == ClaimStatus.CLAIMED and may_withdraw_claim(request.user, c)}
                        for c in page.object_list]
    return render(request, "lists/claims.html", {
        "page": page, "q": q, "qs": querystring_without_page(request), "today": clock.today(),
        "filters": [{"name": "direction", "label": _("范围"), "all_label": _("我方认领"), "current": direction
                     if direction != "mine" else "", "choices": [("theirs", DIRECTIONS[1][1]),
                                                                  ("all", _("全部可见认领"))]},
                    choice_filter(request, "status", _("状态"), _("全部状态"), ClaimStatus.choices)],
    })


def _close_claim(request, pk, service, done: str):
    claim = get_claim_for_user(request.user, pk)
    try:
        service(actor=request.user, claim=claim)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as e:
        _message_errors(request, e)
    else:
        messages.success(request, done)
    back = request.POST.get("next", "")
    if back == "need" and claim.need_id:
        return redirect("lists:need", claim.need_id)
    if back == "resource" and claim.resource_id:
        return redirect("lists:resource", claim.resource_id)
    return redirect("lists:claims")


@login_required
@workbench_required
@require_POST
def claim_fulfil(request, pk):
    return _close_claim(request, pk, services.fulfil_claim, _("已记录兑现"))


@login_required
@workbench_required
@require_POST
def claim_withdraw(request, pk):
    return _close_claim(request, pk, services.withdraw_claim, _("已撤回认领"))


# --- resident shell ---------------------------------------------------------------------------------------

@login_required
def resident_needs(request):
    """我的需求: what she asked for and where it stands; below, her community's published needs."""
    community = home_community(request.user)
    mine = (needs_visible_to(request.user).filter(created_by=request.user)
            .select_related("category").prefetch_related("claims__organisation").order_by("-created_at", "-pk"))
    public = (needs_visible_to(request.user).filter(community=community, status=NeedStatus.PUBLISHED)
              .exclude(created_by=request.user).select_related("category").order_by("-published_at", "-pk")[:20]
              if community else [])
    return render(request, "lists/m_needs.html", {"mine": mine, "public": public, "community": community,
                                                  "tab": "needs"})


@login_required
def resident_need_new(request):
    """提需求: a resident asks her community for help from her phone (channel 指尖直通)."""
    community = home_community(request.user)
    if community is None:
        raise Http404
    form = ResidentNeedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_need(actor=request.user, community=community, **form.cleaned_data)
        except ValidationError as e:
            _form_errors(form, e)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("已提交，社区党委审核后将公布并联系共建单位认领"))
            return redirect("lists:m_needs")
    return render(request, "lists/m_need_form.html", {"form": form, "community": community, "tab": "needs"})
