"""The resident's phone pages: 服务菜单 (by category, places left, free or semi-free), an item with its order
form, 我要求助 (a need in free text), 我的订单 with the live status of each (htmx polls the status fragment every
10 s and reloads the page when the status changes), confirm, rate, cancel — and 接单大厅 for volunteers and
in-service party members, who serve from their phones."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRefresh

from gongzhi.chronicle.versions import cached
from gongzhi.core.forms import add_service_errors
from gongzhi.orders import services
from gongzhi.orders.forms import DeliverForm, HelpForm, ItemOrderForm, RateForm, ReasonForm
from gongzhi.orders.models import ACTIVE_STATUSES, OrderStatus
from gongzhi.orders.permissions import (
    get_menu_item_for_user,
    get_order_for_user,
    home_community,
    home_versions,
    providers_for,
    resident_person,
)
from gongzhi.orders.selectors import (
    community_menu,
    events_of,
    menu_by_category,
    pool_for,
    provider_orders,
    resident_orders,
)
from gongzhi.orders.views import _shared
from gongzhi.orders.views._shared import posted as _posted

FINAL = (OrderStatus.RATED, OrderStatus.CANCELLED)


@login_required
def menu(request):
    """服务菜单: the community's active items by category."""
    community = home_community(request.user)
    category = request.GET.get("category", "")[:40]

    def build() -> str:
        groups = menu_by_category(list(community_menu(community)))
        shown = [(c, rows) for c, rows in groups if not category or c.code == category]
        return render_to_string("orders/_m_menu_body.html", {"community": community, "groups": shown,
                                                              "all_groups": groups, "category": category})

    # the same for every resident of the community: built once per change of it (chronicle.versions)
    body = (mark_safe(cached("m_menu", community.path, build, extra=category, versions=home_versions(request.user)))
            if community else "")
    return render(request, "orders/m_menu.html", {"community": community, "body": body, "tab": "home"})


def _own_item(request, pk):
    """An active item of the resident's own community, else 404."""
    item = get_menu_item_for_user(request.user, pk)
    community = home_community(request.user)
    if community is None or item.community_id != community.pk or not item.active:
        raise Http404
    return item, community


@login_required
def item(request, pk):
    """An item of the menu and its order form (点单)."""
    found, community = _own_item(request, pk)
    form = ItemOrderForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            order = services.place_order(actor=request.user, menu_item=found,
                                         description=form.cleaned_data["description"])
        except ValidationError as e:
            add_service_errors(form, e)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("点单成功，社区将尽快为您派单"))
            return redirect("orders:m_order", order.pk)
    return render(request, "orders/m_item.html", {"item": found, "form": form, "community": community,
                                                  "has_person": resident_person(request.user) is not None,
                                                  "tab": "home"})


@login_required
def help_form(request):
    """我要求助: a need described in free text; the community dispatches it."""
    community = home_community(request.user)
    if community is None:
        raise Http404
    form = HelpForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            order = services.place_order(actor=request.user, **form.cleaned_data)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("已提交，社区将尽快为您安排服务"))
            return redirect("orders:m_order", order.pk)
    return render(request, "orders/m_help.html", {"form": form, "community": community, "tab": "home",
                                                  "has_person": resident_person(request.user) is not None})


@login_required
def my_orders(request):
    """我的订单: unfinished first, then the finished ones (or only those of one status: the home page's 待确认 and
    待评价 lead here)."""
    orders = resident_orders(request.user)
    status = request.GET.get("status", "")
    if status in OrderStatus.values:
        orders = orders.filter(status=status)
    else:
        status = ""
    orders = list(orders)
    return render(request, "orders/m_orders.html", {
        "active": [o for o in orders if o.status in ACTIVE_STATUSES or o.status == OrderStatus.CONFIRMED],
        "done": [o for o in orders if o.status in FINAL], "community": home_community(request.user), "tab": "home",
        "status": status, "status_label": OrderStatus(status).label if status else "",
    })


def _order_context(request, order) -> dict:
    return {"order": order, "events": list(events_of(order)), "actions": _shared.actions_for(request.user, order),
            "live": order.status not in FINAL}


@login_required
def order(request, pk):
    """One order: its live status and timeline, and what the resident (or the provider) can do now."""
    found = get_order_for_user(request.user, pk)
    context = _order_context(request, found)
    context.update({"rate_form": RateForm(), "cancel_form": ReasonForm(), "deliver_form": DeliverForm(),
                    "community": home_community(request.user), "tab": "home"})
    return render(request, "orders/m_order.html", context)


@login_required
def order_status(request, pk):
    """The live status fragment (htmx, every 10 s). When the status has moved on since the page was drawn
    (`seen`), the whole page reloads so that the right buttons show."""
    found = get_order_for_user(request.user, pk)
    if request.htmx and request.GET.get("seen") and request.GET["seen"] != found.status:
        return HttpResponseClientRefresh()
    return render(request, "orders/_m_status.html", _order_context(request, found))


@login_required
def hall(request):
    """接单大厅 on the phone: the open pool of the communities the user's teams (or they, as an in-service party
    member) serve, and the orders they took."""
    providers = providers_for(request.user)
    pool = [_shared.provider_row(request.user, o) for o in pool_for(request.user)[:50]] if providers else []
    mine = ([_shared.provider_row(request.user, o) for o in provider_orders(request.user)
             .filter(status__in=ACTIVE_STATUSES)[:50]] if providers else [])
    return render(request, "orders/m_hall.html", {"providers": providers, "pool": pool, "mine": mine,
                                                  "deliver_form": DeliverForm(),
                                                  "community": home_community(request.user), "tab": "home"})


@login_required
@require_POST
def take(request, pk):
    return _shared.take(request, pk, ("orders:m_hall",), "orders:m_hall")


@login_required
@require_POST
def deliver(request, pk):
    return _shared.deliver(request, pk, ("orders:m_hall",))


@login_required
@require_POST
def confirm(request, pk):
    return _shared.confirm(request, pk, ("orders:m_order", pk))


@login_required
@require_POST
def rate(request, pk):
    return _shared.rate(request, pk, ("orders:m_order", pk))


@login_required
@require_POST
def cancel(request, pk):
    return _shared.cancel(request, pk, ("orders:m_order", pk))
