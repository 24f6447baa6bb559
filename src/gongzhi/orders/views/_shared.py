"""What the orders' pages share: redirects back to where a form came from, messages, the order actions
(take, deliver, confirm, rate, cancel) that both shells post to, and the rows a provider sees."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from gongzhi.core.redirects import redirect_back
from gongzhi.orders import services
from gongzhi.orders.forms import ConfirmForm, DeliverForm, RateForm, ReasonForm
from gongzhi.orders.models import OrderStatus
from gongzhi.orders.permissions import (
    get_order_for_user,
    get_order_to_take,
    is_orderer,
    may_cancel,
    may_confirm_for_resident,
    may_deliver,
    may_take,
    providers_for,
    resident_name,
    resident_phone,
)


def posted(request):
    """The form data of a POST (even an empty one, which must be validated, not shown as a fresh form)."""
    return request.POST if request.method == "POST" else None


def message_errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def back(request, default: str, *args):
    """Back to the page the form came from (`next`, a local path only), else to `default`."""
    return redirect_back(request, default, *args)


def run(request, service, success: str, **kwargs) -> bool:
    """Call a service; a refused state change becomes an error message, "not yours" a 404."""
    try:
        service(actor=request.user, **kwargs)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as e:
        message_errors(request, e)
        return False
    messages.success(request, success)
    return True


def actions_for(user, order) -> dict:
    """What the user may do with the order now (which buttons and forms a page shows)."""
    status = order.status
    orderer = is_orderer(user, order)
    return {
        "take": status in (OrderStatus.OPEN, OrderStatus.DISPATCHED) and may_take(user, order),
        "deliver": status == OrderStatus.TAKEN and may_deliver(user, order),
        "confirm": status == OrderStatus.DELIVERED and orderer,
        "confirm_for": status == OrderStatus.DELIVERED and not orderer and may_confirm_for_resident(user, order),
        "rate": status == OrderStatus.CONFIRMED and orderer,
        "cancel": status in (OrderStatus.OPEN, OrderStatus.DISPATCHED, OrderStatus.TAKEN) and may_cancel(user, order),
    }


def provider_row(user, order) -> dict:
    """An order as a provider sees it in the pool or in their list."""
    return {"order": order, "resident": resident_name(user, order), "phone": resident_phone(user, order),
            "actions": actions_for(user, order),
            "choices": providers_for(user).in_community(order.community_id)}


# --- the actions both shells post to --------------------------------------------------------------------------

def take(request, pk, default, hall):
    """Take an order; the loser of a race is told "该订单已被其他服务方接单" back in the hall."""
    order = get_order_to_take(request.user, pk)
    if not run(request, services.take_order, _("接单成功，请按约定提供服务"), order=order,
               provider=request.POST.get("provider") or None):
        return redirect(hall)
    return back(request, *default)


def deliver(request, pk, default):
    order = get_order_for_user(request.user, pk)
    form = DeliverForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写服务情况"))
    else:
        run(request, services.deliver_order, _("已标记服务完成，等待居民确认"), order=order,
            note=form.cleaned_data["note"])
    return back(request, *default)


def confirm(request, pk, default):
    order = get_order_for_user(request.user, pk)
    form = ConfirmForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    run(request, services.confirm_order, _("已确认服务完成"), order=order, reason=reason)
    return back(request, *default)


def rate(request, pk, default):
    order = get_order_for_user(request.user, pk)
    form = RateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择 1 至 5 星"))
    else:
        run(request, services.rate_order, _("感谢您的评价"), order=order, rating=form.cleaned_data["rating"],
            comment=form.cleaned_data["comment"])
    return back(request, *default)


def cancel(request, pk, default):
    order = get_order_for_user(request.user, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写取消原因"))
    else:
        run(request, services.cancel_order, _("订单已取消"), order=order, reason=form.cleaned_data["reason"])
    return back(request, *default)
