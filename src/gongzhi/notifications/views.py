"""The inbox (in the shell of the user: the workbench for staff, the phone for residents), opening a notification
(marks it read and follows its link), marking all read, and the choice of channels per kind."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongzhi.core.forms import add_service_errors
from gongzhi.core.listing import paginate
from gongzhi.core.views import user_shell
from gongzhi.notifications import selectors, services
from gongzhi.notifications.forms import AddressForm
from gongzhi.notifications.kinds import kinds
from gongzhi.notifications.models import Address, Channel
from gongzhi.notifications.permissions import get_notification_for_user, safe_target
from gongzhi.notifications.services import channels_for


@login_required
def inbox(request):
    unread = request.GET.get("show") == "unread"
    page = paginate(request, selectors.inbox(request.user, unread=unread))
    return render(request, "notifications/inbox.html", {
        "shell": user_shell(request.user), "page": page, "unread_only": unread, "qs": "show=unread" if unread else "",
        "tab": "me"})


@login_required
def open_notification(request, pk):
    note = get_notification_for_user(request.user, pk)
    services.mark_read(actor=request.user, notification=note)
    return redirect(safe_target(note.url) or "notifications:inbox")


@login_required
@require_POST
def read_all(request):
    n = services.mark_all_read(actor=request.user)
    messages.success(request, _("已将 %(n)s 条消息标为已读") % {"n": n})
    return redirect("notifications:inbox")


@login_required
def settings_page(request):
    user = request.user
    all_kinds = [k for k in kinds() if k.concerns(user.role_set)]
    outside = [Channel.EMAIL, Channel.SMS]
    current = {k.key: channels_for(k.key, [user.pk])[user.pk] for k in all_kinds}
    sms = Address.objects.filter(user=user, channel=Channel.SMS).values_list("value", flat=True).first() or ""
    form = AddressForm(request.POST or None, initial={"sms": sms})
    if request.method == "POST" and form.is_valid():
        choices = {(k.key, c.value): f"{k.key}:{c.value}" in request.POST for k in all_kinds for c in outside}
        try:
            services.set_address(actor=user, channel=Channel.SMS, value=form.cleaned_data["sms"])
            services.set_preferences(actor=user, choices=choices)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("通知设置已保存"))
            return redirect("notifications:settings")
    rows = [{"kind": k, "channels": [{"key": f"{k.key}:{c.value}", "label": c.label, "on": c.value in current[k.key]}
                                     for c in outside]} for k in all_kinds]
    return render(request, "notifications/settings.html", {
        "shell": user_shell(user), "rows": rows, "form": form, "has_email": bool(user.email), "tab": "me"})
