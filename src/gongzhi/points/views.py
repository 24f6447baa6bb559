"""HTML pages of points: the workbench (ledger, accounts and their history, rules, good deeds, the supermarket's
items and redemptions with pick-up) and the resident's phone pages (我的积分: balance and history, 积分超市, redeem,
my redemptions, cancel). Views parse the request, fetch through an access helper, call one service and render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongzhi.chronicle.services import entries_for
from gongzhi.core.forms import add_service_errors
from gongzhi.core.listing import choice_filter, paginate, querystring_without_page
from gongzhi.core.views import workbench_required
from gongzhi.lists.permissions import home_community, units_in
from gongzhi.points import selectors, services
from gongzhi.points.forms import (
    AdjustForm,
    CancelForm,
    DeedForm,
    ItemChangeForm,
    ItemForm,
    RedeemForm,
    RestockForm,
    RuleForm,
)
from gongzhi.points.models import AccountKind, RedemptionStatus, TransactionKind
from gongzhi.points.permissions import (
    communities_run_by,
    communities_seen_by,
    get_account_for_user,
    get_item_for_user,
    get_redemption_for_user,
    may_cancel,
    may_confirm_pickup,
    may_redeem_in,
    may_run_points,
    own_person,
    runs_some_points,
    sees_points_as_staff,
    shop_communities,
    shown_resident,
)


def _staff(request) -> None:
    if not sees_points_as_staff(request.user):
        raise Http404


def _errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _form_errors(request, form) -> None:
    for errors in form.errors.values():
        for e in errors:
            messages.error(request, e)


def _community_filter(request, communities) -> dict:
    return choice_filter(request, "community", _("社区"), _("全部社区"), [(str(c.pk), c.name) for c in communities])


def _staff_context(request, tab: str, **extra) -> dict:
    return {"tab": tab, "may_run": communities_run_by(request.user).exists(), "qs": querystring_without_page(request),
            **extra}


# --- workbench: the ledger ---------------------------------------------------------------------------------------

@login_required
@workbench_required
def ledger(request):
    _staff(request)
    g = request.GET
    page = paginate(request, selectors.ledger(request.user, community=g.get("community"), kind=g.get("kind", ""),
                                              q=g.get("q", "")))
    legs = selectors.legs_of(page.object_list)
    page.object_list = [{"txn": t, "legs": [{"leg": leg, "who": shown_resident(request.user, leg.account.person)}
                                            for leg in legs.get(t.pk, [])]} for t in page.object_list]
    filters = [_community_filter(request, communities_seen_by(request.user)),
               choice_filter(request, "kind", _("类别"), _("全部类别"), TransactionKind.choices)]
    return render(request, "points/ledger.html", _staff_context(request, "ledger", page=page, filters=filters,
                                                                q=g.get("q", "")))


@login_required
@workbench_required
def accounts(request):
    _staff(request)
    g = request.GET
    page = paginate(request, selectors.accounts(request.user, community=g.get("community"), kind=g.get("kind", ""),
                                                q=g.get("q", "")))
    page.object_list = [{"account": a, "who": shown_resident(request.user, a.person)} for a in page.object_list]
    filters = [_community_filter(request, communities_seen_by(request.user)),
               choice_filter(request, "kind", _("账户类别"), _("全部账户"), AccountKind.choices)]
    return render(request, "points/accounts.html", _staff_context(request, "accounts", page=page, filters=filters,
                                                                  q=g.get("q", "")))


@login_required
@workbench_required
def account_detail(request, pk):
    _staff(request)
    account = get_account_for_user(request.user, pk)
    may_adjust = account.kind == AccountKind.RESIDENT and may_run_points(request.user, account.community)
    form = AdjustForm(request.POST or None) if may_adjust else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                services.adjust(actor=request.user, person=account.person, community=account.community,
                                **form.cleaned_data)
            except ValidationError as e:
                add_service_errors(form, e)
            else:
                messages.success(request, _("已调整积分"))
                return redirect("points:account", account.pk)
    page = paginate(request, selectors.history(account))
    account.refresh_from_db(fields=["balance"])
    return render(request, "points/account.html", _staff_context(
        request, "accounts", account=account, who=shown_resident(request.user, account.person), page=page,
        form=form))


# --- workbench: rules and good deeds ---------------------------------------------------------------------------------

@login_required
@workbench_required
def rules(request):
    _staff(request)
    communities = communities_run_by(request.user)
    form = RuleForm(request.POST or None, communities=communities) if communities.exists() else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                rule = services.set_rule(actor=request.user, **form.cleaned_data)
            except ValidationError as e:
                add_service_errors(form, e)
            else:
                messages.success(request, _("已设定积分规则第 %(v)d 版") % {"v": rule.version})
                return redirect("points:rules")
    page = paginate(request, selectors.rules(request.user, community=request.GET.get("community")))
    return render(request, "points/rules.html", _staff_context(request, "rules", page=page, form=form))


@login_required
@workbench_required
def deeds(request):
    _staff(request)
    communities = communities_run_by(request.user)
    form = DeedForm(request.POST or None, communities=communities) if communities.exists() else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            data = dict(form.cleaned_data)
            found = selectors.residents_in(communities.filter(pk=data["community"].pk), data.pop("resident"))
            if not found:
                form.add_error("resident", _("本社区没有找到该居民，请核对手机号或姓名"))
            elif len(found) > 1:
                form.add_error("resident", _("有 %(n)d 位同名居民，请改用手机号") % {"n": len(found)})
            else:
                try:
                    services.award_good_deed(actor=request.user, person=found[0], **data)
                except ValidationError as e:
                    add_service_errors(form, e)
                else:
                    messages.success(request, _("已奖励好人好事积分"))
                    return redirect("points:deeds")
    page = paginate(request, selectors.deeds(request.user, q=request.GET.get("q", "")))
    page.object_list = [{"deed": d, "who": shown_resident(request.user, d.person)} for d in page.object_list]
    return render(request, "points/deeds.html", _staff_context(request, "deeds", page=page, form=form,
                                                               q=request.GET.get("q", "")))


# --- workbench: the supermarket -------------------------------------------------------------------------------------

@login_required
@workbench_required
def items(request):
    _staff(request)
    communities = communities_run_by(request.user)
    form = (ItemForm(request.POST or None, request.FILES or None, communities=communities,
                     donors=units_in(communities)) if communities.exists() else None)
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                item = services.create_item(actor=request.user, **form.cleaned_data)
            except ValidationError as e:
                add_service_errors(form, e)
            else:
                messages.success(request, _("已上架：%(name)s") % {"name": item.name})
                return redirect("points:item", item.pk)
    g = request.GET
    page = paginate(request, selectors.items(request.user, community=g.get("community"), active=g.get("active", ""),
                                             q=g.get("q", "")))
    filters = [_community_filter(request, communities_seen_by(request.user)),
               choice_filter(request, "active", _("上架"), _("全部商品"), [("1", _("在架")), ("0", _("已下架"))])]
    return render(request, "points/items.html", _staff_context(request, "items", page=page, form=form,
                                                               filters=filters, q=g.get("q", "")))


@login_required
@workbench_required
def item_detail(request, pk):
    _staff(request)
    item = get_item_for_user(request.user, pk)
    may_run = may_run_points(request.user, item.community)
    change_form = ItemChangeForm(initial={"name": item.name, "price": item.price, "description": item.description,
                                          "active": item.active}) if may_run else None
    restock_form = RestockForm() if may_run else None
    if request.method == "POST":
        if not may_run:
            raise Http404
        action = request.POST.get("action")
        try:
            if action == "restock":
                restock_form = RestockForm(request.POST)
                if restock_form.is_valid():
                    services.restock_item(actor=request.user, item=item, **restock_form.cleaned_data)
                    messages.success(request, _("库存已更新"))
                    return redirect("points:item", item.pk)
            else:
                change_form = ItemChangeForm(request.POST, request.FILES)
                if change_form.is_valid():
                    services.change_item(actor=request.user, item=item, **change_form.cleaned_data)
                    messages.success(request, _("商品信息已保存"))
                    return redirect("points:item", item.pk)
        except ValidationError as e:
            add_service_errors(restock_form if action == "restock" else change_form, e)
        item.refresh_from_db()
    page = paginate(request, selectors.redemptions(request.user, item=item))
    page.object_list = [{"r": r, "who": shown_resident(request.user, r.resident)} for r in page.object_list]
    return render(request, "points/item.html", _staff_context(
        request, "items", item=item, change_form=change_form, restock_form=restock_form, page=page,
        entries=entries_for(item).order_by("-seq")[:20]))


@login_required
def item_photo(request, pk):
    item = get_item_for_user(request.user, pk)
    if not item.photo:
        raise Http404
    kind = "image/png" if item.photo.name.endswith(".png") else "image/jpeg"
    return FileResponse(item.photo.open("rb"), content_type=kind)


@login_required
@workbench_required
def redemptions(request):
    _staff(request)
    g = request.GET
    page = paginate(request, selectors.redemptions(request.user, community=g.get("community"),
                                                   status=g.get("status", ""), q=g.get("q", ""),
                                                   handout=g.get("handout", "")))
    page.object_list = [{"r": r, "who": shown_resident(request.user, r.resident),
                         "may_confirm": may_confirm_pickup(request.user, r),
                         "may_cancel": may_cancel(request.user, r)} for r in page.object_list]
    filters = [_community_filter(request, communities_seen_by(request.user)),
               choice_filter(request, "status", _("状态"), _("全部状态"), RedemptionStatus.choices)]
    if runs_some_points(request.user):
        filters.append(choice_filter(request, "handout", _("发放"), _("全部兑换"), selectors.HANDOUT_CHOICES))
    return render(request, "points/redemptions.html", _staff_context(request, "redemptions", page=page,
                                                                     filters=filters, q=g.get("q", "")))


def _redemption_action(request, pk, act, *, done: str, back):
    redemption = get_redemption_for_user(request.user, pk)
    try:
        act(redemption)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as e:
        _errors(request, e)
    else:
        messages.success(request, done)
    return redirect(back)


@login_required
@workbench_required
@require_POST
def confirm_pickup(request, pk):
    _staff(request)
    return _redemption_action(request, pk, lambda r: services.confirm_pickup(actor=request.user, redemption=r),
                              done=_("已确认领取"), back="points:redemptions")


@login_required
@workbench_required
@require_POST
def cancel(request, pk):
    _staff(request)
    form = CancelForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _redemption_action(
        request, pk, lambda r: services.cancel_redemption(actor=request.user, redemption=r, reason=reason),
        done=_("已取消兑换，积分和库存已退回"), back="points:redemptions")


# --- the resident's phone -------------------------------------------------------------------------------------------

def _m_context(request, **extra) -> dict:
    return {"community": home_community(request.user), **extra}


@login_required
def m_home(request):
    """我的积分: the balance in each community where she earns points and the latest movements."""
    user = request.user
    accounts = selectors.my_accounts(user)
    rows = []
    for account in accounts:
        legs = list(selectors.history(account)[:30])
        rows.append({"account": account, "legs": legs})
    return render(request, "points/m_home.html", _m_context(
        request, rows=rows, person=own_person(user), shops=shop_communities(user),
        open_redemptions=selectors.my_redemptions(user).filter(status=RedemptionStatus.REQUESTED).count()))


@login_required
def m_shop(request):
    """积分超市: the items of the shops she may use, with her balance there."""
    user = request.user
    person = own_person(user)
    shops = []
    for community in shop_communities(user):
        shops.append({"community": community, "items": list(selectors.shop(community)),
                      "balance": services.balance_of(person, community) if person else 0})
    return render(request, "points/m_shop.html", _m_context(request, shops=shops, person=person))


@login_required
def m_item(request, pk):
    user = request.user
    item = get_item_for_user(user, pk)
    if not item.active:
        raise Http404
    person = own_person(user)
    balance = services.balance_of(person, item.community) if person else 0
    form = RedeemForm(request.POST or None)
    if request.method == "POST":
        if not may_redeem_in(user, item.community):
            raise Http404
        if form.is_valid():
            try:
                services.redeem(actor=user, item=item, quantity=form.cleaned_data["quantity"])
            except ValidationError as e:
                add_service_errors(form, e)
            else:
                messages.success(request, _("兑换成功，请到社区积分超市领取"))
                return redirect("points:m_redemptions")
        item.refresh_from_db()
    return render(request, "points/m_item.html", _m_context(request, item=item, form=form, balance=balance,
                                                            may_redeem=may_redeem_in(user, item.community)))


@login_required
def m_redemptions(request):
    rows = [{"r": r, "may_cancel": may_cancel(request.user, r)} for r in selectors.my_redemptions(request.user)[:50]]
    return render(request, "points/m_redemptions.html", _m_context(request, rows=rows))


@login_required
@require_POST
def m_cancel(request, pk):
    redemption = get_redemption_for_user(request.user, pk)
    if redemption.resident_id not in request.user.scope.person_ids:
        raise Http404
    try:
        services.cancel_redemption(actor=request.user, redemption=redemption, reason=_("居民本人取消"))
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as e:
        _errors(request, e)
    else:
        messages.success(request, _("已取消兑换，积分已退回"))
    return redirect("points:m_redemptions")
