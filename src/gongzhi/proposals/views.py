"""HTML pages of 居民提议: the workbench list (overdue ones flagged) and detail with the answer and agenda forms; the
resident's phone pages (the community's proposals without authors' names, a new proposal, support once)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongzhi.chronicle.services import entries_for
from gongzhi.core import clock
from gongzhi.core.forms import add_service_errors
from gongzhi.core.listing import choice_filter, paginate, querystring_without_page
from gongzhi.core.views import workbench_required
from gongzhi.proposals import selectors, services
from gongzhi.proposals.forms import AgendaForm, AnswerForm, ProposalForm
from gongzhi.proposals.models import ProposalStatus
from gongzhi.proposals.permissions import (
    answers_somewhere,
    get_proposal_for_user,
    may_answer,
    may_support,
    own_person,
    resident_community,
    sees_proposals_as_staff,
    shows_author,
)


def _staff(request) -> None:
    if not sees_proposals_as_staff(request.user):
        raise Http404


@login_required
@workbench_required
def staff_list(request):
    _staff(request)
    g = request.GET
    page = paginate(request, selectors.staff_list(request.user, status=g.get("status", ""),
                                                  overdue=g.get("overdue") == "1", soon=g.get("overdue") == "soon",
                                                  answer=g.get("answer") == "1", q=g.get("q", "")))
    filters = [choice_filter(request, "status", _("状态"), _("全部状态"), ProposalStatus.choices),
               choice_filter(request, "overdue", _("期限"), _("全部"), selectors.OVERDUE_CHOICES)]
    if answers_somewhere(request.user):
        filters.append(choice_filter(request, "answer", _("答复"), _("全部提议"), selectors.ANSWER_CHOICES))
    return render(request, "proposals/list.html", {"page": page, "filters": filters, "q": g.get("q", ""),
                                                   "today": clock.today(), "qs": querystring_without_page(request)})


@login_required
@workbench_required
def staff_detail(request, pk):
    _staff(request)
    proposal = get_proposal_for_user(request.user, pk)
    runs = may_answer(request.user, proposal.community)
    answer_form = AnswerForm(request.POST if request.POST.get("action") == "answer" else None) \
        if runs and proposal.status == ProposalStatus.OPEN else None
    agenda_form = AgendaForm(request.POST if request.POST.get("action") == "agenda" else None,
                             meetings=selectors.agenda_meetings(request.user, proposal)) if runs else None
    if request.method == "POST":
        form = answer_form if request.POST.get("action") == "answer" else agenda_form
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                if form is answer_form:
                    services.answer_proposal(actor=request.user, proposal=proposal, **form.cleaned_data)
                    messages.success(request, _("已答复，答复已在居民端和社区公开栏公布"))
                else:
                    services.put_on_agenda(actor=request.user, proposal=proposal, **form.cleaned_data)
                    messages.success(request, _("已列入联席会议议程"))
                return redirect("proposals:detail", pk=proposal.pk)
            except ValidationError as e:
                add_service_errors(form, e)
    return render(request, "proposals/detail.html", {
        "p": proposal, "author": shows_author(request.user, proposal), "answer_form": answer_form,
        "agenda_form": agenda_form, "overdue": services.is_overdue(proposal),
        "entries": entries_for(proposal).order_by("-seq")[:20]})


# --- resident shell ---------------------------------------------------------------------------------------------

@login_required
def m_list(request):
    community = resident_community(request.user)
    person = own_person(request.user)
    proposals = list(selectors.community_list(request.user)[:100]) if community else []
    supported = selectors.supported_by(person, proposals)
    rows = [{"p": p, "mine": person is not None and p.author_id == person.pk, "supported": p.pk in supported}
            for p in proposals]
    return render(request, "proposals/m_list.html", {"rows": rows, "community": community, "person": person})


@login_required
def m_new(request):
    community = resident_community(request.user)
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.submit_proposal(actor=request.user, **form.cleaned_data)
            messages.success(request, _("提议已提交，社区将在 %(d)s 前答复") % {"d": proposal.answer_due})
            return redirect("proposals:m_detail", pk=proposal.pk)
        except ValidationError as e:
            add_service_errors(form, e)
    return render(request, "proposals/m_new.html", {"form": form, "community": community,
                                                    "person": own_person(request.user)})


@login_required
def m_detail(request, pk):
    proposal = get_proposal_for_user(request.user, pk)
    person = own_person(request.user)
    supported = bool(selectors.supported_by(person, [proposal]))
    return render(request, "proposals/m_detail.html", {
        "p": proposal, "mine": person is not None and proposal.author_id == person.pk, "supported": supported,
        "may_support": may_support(request.user, proposal) and not supported})


@login_required
@require_POST
def m_support(request, pk):
    proposal = get_proposal_for_user(request.user, pk)
    try:
        services.support_proposal(actor=request.user, proposal=proposal)
        messages.success(request, _("感谢您的支持"))
    except ValidationError as e:
        for message in e.messages:
            messages.error(request, message)
    return redirect("proposals:m_detail", pk=proposal.pk)
