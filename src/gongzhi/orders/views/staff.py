"""The workbench pages of the orders: the dispatch board (派单调度) with filters, an order with ranked suggestions
and the dispatch form, batch dispatch (select open orders → proposed assignment → confirm), ordering on a
resident's behalf, the service menu and its management, the time limits — and 接单大厅 for unit liaisons."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongzhi.chronicle.services import entries_for
from gongzhi.core.forms import add_service_errors
from gongzhi.core.listing import choice_filter, paginate, querystring_without_page, search
from gongzhi.core.views import workbench_required
from gongzhi.orders import services
from gongzhi.orders.forms import (
    ConfirmForm,
    DeliverForm,
    DispatchForm,
    FollowUpForm,
    ItemForm,
    OnBehalfForm,
    PolicyForm,
    ReasonForm,
    provider_choices,
)
from gongzhi.orders.models import (
    ACTIVE_STATUSES,
    WAITING_STATUSES,
    FollowUp,
    MenuItem,
    OrderStatus,
    ProviderKind,
)
from gongzhi.orders.permissions import (
    ORDER_FOR_OTHERS_ROLES,
    communities_where,
    get_menu_item_for_user,
    get_order_for_user,
    may_dispatch,
    may_manage_menu,
    may_use_dispatch_board,
    providers_for,
    resident_name,
    resident_phone,
    residents_for,
    staff_communities,
)
from gongzhi.orders.selectors import (
    active_categories,
    board_counts,
    dispatchable_items,
    events_of,
    menu_list,
    open_orders_for_batch,
    order_list,
    policy_for,
    pool_for,
    provider_orders,
    waiting_too_long,
)
from gongzhi.orders.suggestions import MenuIndex, propose
from gongzhi.orders.views import _shared
from gongzhi.orders.views._shared import posted as _posted
from gongzhi.organisations.models import Organisation
from gongzhi.people.models import PartyMember, VolunteerTeam

BATCH_LIMIT = 200


def _pick_community(request, communities):
    """The community a page works on: ?community= among `communities`, or the only one."""
    wanted = request.GET.get("community") or request.POST.get("community")
    if wanted:
        found = communities.filter(pk=wanted).first() if str(wanted).isdigit() else None
        if found is None:
            raise Http404
        return found
    return communities.first() if communities.count() == 1 else None


# --- the dispatch board -----------------------------------------------------------------------------------------

@login_required
@workbench_required
def board(request):
    """派单调度 is the staff's; a liaison who comes here is sent to 接单大厅 (where residents' names are masked)."""
    if not may_use_dispatch_board(request.user):
        if providers_for(request.user):
            return redirect("orders:provider")
        raise Http404
    g = request.GET
    params = {"q": g.get("q", ""), "status": g.get("status", ""), "category": g.get("category", ""),
              "community": g.get("community", ""), "overdue": g.get("flag") == "overdue",
              "low_rating": g.get("flag") == "low_rating", "follow_up": g.get("flag") == "follow_up",
              "completed": g.get("flag") == "completed"}
    communities = communities_where(request.user, ("community_staff", "grid_worker", "street_staff",
                                                   "district_staff"))
    filters = [
        choice_filter(request, "status", _("状态"), _("全部状态"), OrderStatus.choices),
        choice_filter(request, "category", _("类别"), _("全部类别"), [(c.code, c.name) for c in active_categories()]),
        choice_filter(request, "flag", _("关注"), _("全部订单"), [("overdue", _("超时督办")),
                                                             ("low_rating", _("低评价")),
                                                             ("follow_up", _("待回访")),
                                                             ("completed", _("完成服务"))]),
    ]
    if communities.count() > 1:
        filters.append(choice_filter(request, "community", _("社区"), _("全部社区"),
                                     [(str(c.pk), c.name) for c in communities[:100]]))
    return render(request, "orders/board.html", {
        "page": paginate(request, order_list(request.user, **params)), "q": params["q"],
        "qs": querystring_without_page(request), "filters": filters, "counts": board_counts(request.user),
        "can_dispatch": staff_communities(request.user).exists(),
        "can_order": communities_where(request.user, ORDER_FOR_OTHERS_ROLES).exists(),
    })


@login_required
@workbench_required
def detail(request, pk):
    order = get_order_for_user(request.user, pk)
    user = request.user
    dispatching = order.status in WAITING_STATUSES and may_dispatch(user, order)
    items = list(dispatchable_items(order.community)) if dispatching else []
    if dispatching and order.menu_item_id and order.menu_item not in items:
        items.insert(0, order.menu_item)  # its own item (holding the order's place) even when now full
    suggestions = MenuIndex(items, excluding=[order.pk]).rank([order])[0] if items else []
    staff_view = user.scope.covers(order.community.path)
    return render(request, "orders/detail.html", {
        "order": order, "events": events_of(order), "actions": _shared.actions_for(user, order),
        "resident": resident_name(user, order), "phone": resident_phone(user, order),
        "suggestions": suggestions, "dispatch_form": DispatchForm(initial={"menu_item": order.menu_item_id}, items=MenuItem.objects.filter(
            pk__in=[i.pk for i in items]).select_related("organisation", "team", "party_member__person")
            .order_by("category__order", "title")) if dispatching else None,
        "late": waiting_too_long(order), "deliver_form": DeliverForm(), "confirm_form": ConfirmForm(),
        "cancel_form": ReasonForm(), "follow_up_form": FollowUpForm() if (
            order.follow_up == FollowUp.OPEN and may_dispatch(user, order)) else None,
        "choices": providers_for(user).in_community(order.community_id),
        "entries": entries_for(order).order_by("-seq")[:30] if staff_view else None,
    })


@login_required
@workbench_required
@require_POST
def dispatch(request, pk):
    order = get_order_for_user(request.user, pk, write=True)
    item = MenuItem.objects.filter(pk=request.POST.get("menu_item") or 0, community=order.community).first() \
        if str(request.POST.get("menu_item", "")).isdigit() else None
    if item is None:
        messages.error(request, _("请选择要派给的服务"))
    else:
        _shared.run(request, services.dispatch_order, _("已派单给%(p)s") % {"p": item.provider_label()},
                    order=order, menu_item=item)
    return redirect("orders:detail", order.pk)


@login_required
@workbench_required
def batch(request):
    """批量派单: pick open orders of a community → the engine proposes an assignment within places → confirm."""
    communities = staff_communities(request.user)
    if not communities.exists():
        raise Http404
    community = _pick_community(request, communities)
    if community is None:
        return render(request, "orders/batch.html", {"communities": communities, "community": None})
    open_orders = list(open_orders_for_batch(request.user, community)[:BATCH_LIMIT])
    proposals = None
    if request.method == "POST" and request.POST.get("step") == "confirm":
        by_id = {str(o.pk): o for o in open_orders}
        items = {str(i.pk): i for i in MenuItem.objects.filter(community=community, active=True)}
        pairs = []
        for value in request.POST.getlist("pair"):
            order_id, _sep, item_id = value.partition(":")
            if order_id in by_id and item_id in items:
                pairs.append((by_id[order_id], items[item_id]))
        if not pairs:
            messages.error(request, _("请至少确认一条派单"))
        else:
            try:
                result = services.dispatch_batch(actor=request.user, pairs=pairs)
            except PermissionDenied:
                raise Http404 from None
            messages.success(request, _("已批量派单 %(n)d 单") % {"n": len(result["dispatched"])})
            for order, message in result["failed"]:
                messages.error(request, f"{order.title}：{message}")
            return redirect(f"{request.path}?community={community.pk}")
    if request.method == "POST" and request.POST.get("step") == "propose":
        chosen = set(request.POST.getlist("order"))
        selected = [o for o in open_orders if str(o.pk) in chosen]
        if not selected:
            messages.error(request, _("请选择要派单的订单"))
        else:
            proposals = propose(community, selected)
    return render(request, "orders/batch.html", {"communities": communities, "community": community,
                                                 "orders": open_orders, "proposals": proposals})


@login_required
@workbench_required
def new(request):
    """代居民点单: a grid worker or community staffer orders for a resident of their community."""
    communities = communities_where(request.user, ORDER_FOR_OTHERS_ROLES)
    if not communities.exists():
        raise Http404
    community = _pick_community(request, communities)
    if community is None:
        return render(request, "orders/new.html", {"communities": communities, "community": None})
    residents = residents_for(request.user, community).select_related("home__parent")
    q = request.GET.get("q", "")
    matches = list(search(residents, q, ("name", "search_key")).order_by("name", "pk")[:30]) if q else []
    items = MenuItem.objects.filter(community=community, active=True).select_related(
        "organisation", "team", "party_member__person").order_by("category__order", "title")
    form = OnBehalfForm(_posted(request), residents=residents, items=items)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            order = services.place_order(actor=request.user, **data)
        except ValidationError as e:
            add_service_errors(form, e)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("已代%(r)s点单") % {"r": data["resident"].name})
            return redirect("orders:detail", order.pk)
    chosen = form["resident"].value() if request.method == "POST" else request.GET.get("resident")
    picked = residents.filter(pk=chosen).first() if str(chosen or "").isdigit() else None
    return render(request, "orders/new.html", {"communities": communities, "community": community, "form": form,
                                               "q": q, "matches": matches, "picked": picked})


# --- the menu ---------------------------------------------------------------------------------------------------

@login_required
@workbench_required
def menu(request):
    g = request.GET
    communities = staff_communities(request.user)
    filters = [
        choice_filter(request, "category", _("类别"), _("全部类别"), [(c.code, c.name) for c in active_categories()]),
        choice_filter(request, "active", _("状态"), _("上架与下架"), [("1", _("上架中")), ("0", _("已下架"))]),
    ]
    if communities.count() > 1:
        filters.append(choice_filter(request, "community", _("社区"), _("全部社区"),
                                     [(str(c.pk), c.name) for c in communities[:100]]))
    page = paginate(request, menu_list(request.user, q=g.get("q", ""), community=g.get("community"),
                                       category=g.get("category", ""), active=g.get("active", "")))
    page.object_list = [{"item": i, "manage": may_manage_menu(request.user, i.community)} for i in page.object_list]
    return render(request, "orders/menu.html", {"page": page, "q": g.get("q", ""), "filters": filters,
                                                "qs": querystring_without_page(request), "communities": communities})


@login_required
@workbench_required
@require_POST
def menu_build(request):
    community = _pick_community(request, staff_communities(request.user))
    if community is None:
        raise Http404
    try:
        counts = services.build_menu(actor=request.user, community=community)
    except PermissionDenied:
        raise Http404 from None
    messages.success(request, _("%(c)s：新增 %(n)d 项服务，已有 %(e)d 项") % {
        "c": community.name, "n": counts["created"], "e": counts["existing"]})
    return redirect("orders:menu")


def _provider_object(value):
    key = services.parse_provider(value)
    if key is None:
        return None
    model = {ProviderKind.ORGANISATION: Organisation, ProviderKind.TEAM: VolunteerTeam,
             ProviderKind.PARTY_MEMBER: PartyMember}[key[0]]
    return model.objects.filter(pk=key[1]).first()


@login_required
@workbench_required
def item_new(request):
    communities = staff_communities(request.user)
    if not communities.exists():
        raise Http404
    form = ItemForm(_posted(request), communities=communities, providers=provider_choices(communities))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            provider = _provider_object(data.pop("provider"))
            item = services.create_item(actor=request.user, provider=provider, **data)
        except ValidationError as e:
            add_service_errors(form, e)
        except PermissionDenied:
            form.add_error(None, _("您不能管理该社区的服务菜单"))
        else:
            messages.success(request, _("服务已上架：%(t)s") % {"t": item.title})
            return redirect("orders:menu")
    return render(request, "orders/item_form.html", {"form": form, "item": None})


@login_required
@workbench_required
def item_edit(request, pk):
    item = get_menu_item_for_user(request.user, pk, write=True)
    initial = {f: getattr(item, f) for f in ("title", "offer", "schedule", "place", "period", "capacity", "cost",
                                            "price_note")}
    initial["category"] = item.category_id
    form = ItemForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_item(actor=request.user, item=item, **form.cleaned_data)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("已保存：%(t)s") % {"t": item.title})
            return redirect("orders:menu")
    return render(request, "orders/item_form.html", {"form": form, "item": item})


@login_required
@workbench_required
@require_POST
def item_withdraw(request, pk):
    item = get_menu_item_for_user(request.user, pk, write=True)
    _shared.run(request, services.withdraw_item, _("已下架：%(t)s") % {"t": item.title}, item=item)
    return _shared.back(request, "orders:menu")


@login_required
@workbench_required
@require_POST
def item_publish(request, pk):
    item = get_menu_item_for_user(request.user, pk, write=True)
    _shared.run(request, services.publish_item, _("已重新上架：%(t)s") % {"t": item.title}, item=item)
    return _shared.back(request, "orders:menu")


@login_required
@workbench_required
def policy(request):
    communities = staff_communities(request.user)
    if not communities.exists():
        raise Http404
    community = _pick_community(request, communities)
    if community is None:
        return render(request, "orders/policy.html", {"communities": communities, "community": None})
    current = policy_for(community)
    form = PolicyForm(_posted(request), instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_policy(actor=request.user, community=community, **{
                k: form.cleaned_data[k] for k in ("take_hours", "confirm_hours", "staff_confirm_hours")})
        except ValidationError as e:
            add_service_errors(form, e)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("%(c)s的点单时限已保存") % {"c": community.name})
            return redirect(f"{request.path}?community={community.pk}")
    return render(request, "orders/policy.html", {"communities": communities, "community": community,
                                                  "form": form, "policy": current})


# --- 接单大厅 for unit liaisons --------------------------------------------------------------------------------

@login_required
@workbench_required
def provider(request):
    providers = providers_for(request.user)
    if not providers:
        raise Http404
    pool = paginate(request, pool_for(request.user))
    pool.object_list = [_shared.provider_row(request.user, o) for o in pool.object_list]
    mine = [_shared.provider_row(request.user, o)
            for o in provider_orders(request.user).filter(status__in=ACTIVE_STATUSES)[:100]]
    done = provider_orders(request.user).exclude(status__in=ACTIVE_STATUSES)[:20]
    return render(request, "orders/provider.html", {"pool": pool, "mine": mine, "done": done,
                                                    "providers": providers, "qs": querystring_without_page(request),
                                                    "deliver_form": DeliverForm()})


# --- actions posted from the workbench -------------------------------------------------------------------------

@login_required
@workbench_required
@require_POST
def take(request, pk):
    return _shared.take(request, pk, ("orders:detail", pk), "orders:provider")


@login_required
@workbench_required
@require_POST
def deliver(request, pk):
    return _shared.deliver(request, pk, ("orders:detail", pk))


@login_required
@workbench_required
@require_POST
def confirm(request, pk):
    return _shared.confirm(request, pk, ("orders:detail", pk))


@login_required
@workbench_required
@require_POST
def cancel(request, pk):
    return _shared.cancel(request, pk, ("orders:detail", pk))


@login_required
@workbench_required
@require_POST
def follow_up(request, pk):
    order = get_order_for_user(request.user, pk, write=True)
    form = FollowUpForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写回访情况"))
    else:
        _shared.run(request, services.resolve_follow_up, _("已记录回访"), order=order, note=form.cleaned_data["note"])
    return redirect("orders:detail", order.pk)
