from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongzhi.chronicle.models import Entry
from gongzhi.chronicle.services import verify
from gongzhi.core.listing import paginate, querystring_without_page
from gongzhi.core.views import workbench_required

READERS = {"community_staff", "street_staff", "district_staff", "system_admin"}


def entries_visible_to(user):
    """Administrators read the whole chronicle; community, street and district staff the entries about
    subjects placed in their subtrees."""
    if not user.has_role(*READERS):
        return Entry.objects.none()
    scope = user.scope
    if scope.everything:
        return Entry.objects.all()
    return Entry.objects.filter(scope.in_regions("region_path") & ~Q(region_path=""))


@login_required
@workbench_required
def entry_list(request):
    if not request.user.has_role(*READERS):
        raise Http404
    action = request.GET.get("action", "")
    qs = entries_visible_to(request.user)
    if action:
        qs = qs.filter(action__startswith=action)
    return render(request, "chronicle/list.html", {
        "page": paginate(request, qs.order_by("-seq"), per_page=50), "action": action,
        "qs": querystring_without_page(request), "can_verify": request.user.scope.everything,
    })


@login_required
@require_POST
def verify_chain(request):
    if not request.user.scope.everything:
        raise Http404
    result = verify()
    if result.ok:
        messages.success(request, _("纪实档案完整：已校验 %(n)d 条记录。") % {"n": result.checked})
    else:
        messages.error(request, _("纪实档案在第 %(seq)d 条处校验失败：%(reason)s") % {
            "seq": result.first_bad_seq, "reason": result.reason})
    return redirect("chronicle:list")
