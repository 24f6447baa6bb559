from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongzhi.chronicle.labels import action_choices, subject_choices
from gongzhi.chronicle.permissions import entries_visible_to, may_read_chronicle, may_verify_chronicle
from gongzhi.chronicle.services import verify
from gongzhi.core.listing import paginate, querystring_without_page
from gongzhi.core.views import workbench_required


@login_required
@workbench_required
def entry_list(request):
    if not may_read_chronicle(request.user):
        raise Http404
    visible = entries_visible_to(request.user)
    # The filters offer what this reader's entries hold, by label (吹哨, 诉求案件 …), never codes to type in.
    subjects = subject_choices(visible.order_by().values_list("subject_type", flat=True).distinct())
    actions = action_choices(visible.order_by().values_list("action", flat=True).distinct())
    subject = request.GET.get("subject", "")
    action = request.GET.get("action", "")
    qs = visible
    if subject in dict(subjects):
        qs = qs.filter(subject_type=subject)
    if action in dict(actions):
        qs = qs.filter(action=action)
    return render(request, "chronicle/list.html", {
        "page": paginate(request, qs.order_by("-seq"), per_page=50), "action": action, "subject": subject,
        "actions": actions, "subjects": subjects,
        "qs": querystring_without_page(request), "can_verify": may_verify_chronicle(request.user),
    })


@login_required
@require_POST
def verify_chain(request):
    if not may_verify_chronicle(request.user):
        raise Http404
    result = verify()
    if result.ok:
        messages.success(request, _("纪实档案完整：已校验 %(n)d 条记录。") % {"n": result.checked})
    else:
        messages.error(request, _("纪实档案在第 %(seq)d 条处校验失败：%(reason)s") % {
            "seq": result.first_bad_seq, "reason": result.reason})
    return redirect("chronicle:list")
