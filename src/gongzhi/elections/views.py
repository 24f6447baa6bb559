"""HTML pages of 居民选举: the workbench (elections, definition, candidates, publication, paper ballots and the
double-entered count, results, supervisors' problems → cases) and the resident's phone pages (elections where she
lives: apply, the candidate list, the secret vote, the results; supervisors log inspections)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongzhi.cases.models import CaseCategory
from gongzhi.chronicle.services import entries_for
from gongzhi.core.forms import add_service_errors
from gongzhi.core.listing import paginate
from gongzhi.core.views import workbench_required
from gongzhi.elections import selectors, services
from gongzhi.elections.forms import (
    ApplyForm,
    ElectionForm,
    InspectionForm,
    NominateForm,
    PaperVoterForm,
    TallyForm,
)
from gongzhi.elections.models import Candidate, CandidateStatus, Problem, TallyStatus, VoterRecord
from gongzhi.elections.permissions import (
    PHASE_LABELS,
    communities_run_by,
    get_candidate_for_user,
    get_election_for_user,
    is_elected_supervisor,
    may_run_elections,
    own_person,
    phase,
    sees_elections_as_staff,
    shows_counts,
    withdrawable,
)


def _staff(request) -> None:
    if not sees_elections_as_staff(request.user):
        raise Http404


def _flash(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
@workbench_required
def staff_list(request):
    _staff(request)
    communities = communities_run_by(request.user)
    form = ElectionForm(request.POST or None, communities=communities) if communities.exists() else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                election = services.create_election(actor=request.user, **form.cleaned_data)
                messages.success(request, _("已创建选举，请登记候选人"))
                return redirect("elections:detail", pk=election.pk)
            except ValidationError as e:
                add_service_errors(form, e)
    page = paginate(request, selectors.staff_list(request.user))
    rows = [{"e": e, "phase": PHASE_LABELS[phase(e)]} for e in page.object_list]
    return render(request, "elections/list.html", {"page": page, "rows": rows, "form": form})


@login_required
@workbench_required
def staff_detail(request, pk):
    _staff(request)
    election = get_election_for_user(request.user, pk)
    runs = may_run_elections(request.user, election.community)
    current = phase(election)
    candidates = list(selectors.candidates(election))
    accepted = [c for c in candidates if c.status == CandidateStatus.ACCEPTED]
    action = request.POST.get("action", "")
    data = request.POST if request.method == "POST" else None
    nominate = NominateForm(data if action == "nominate" else None, election=election) \
        if runs and current == "draft" else None
    paper = PaperVoterForm(data if action == "paper" else None, election=election) \
        if runs and current == "voting" else None
    tally = TallyForm(data if action == "tally" else None, candidates=accepted) \
        if runs and current == "counting" else None
    if request.method == "POST":
        if not runs:
            raise Http404
        try:
            if action == "nominate" and nominate is not None and nominate.is_valid():
                services.nominate_candidate(actor=request.user, election=election, **nominate.cleaned_data)
                messages.success(request, _("已登记候选人"))
                return redirect("elections:detail", pk=pk)
            if action == "paper" and paper is not None and paper.is_valid():
                services.record_paper_voter(actor=request.user, election=election, **paper.cleaned_data)
                messages.success(request, _("已登记领取选票，请引导居民到秘密写票处填写"))
                return redirect("elections:detail", pk=pk)
            if action == "tally" and tally is not None and tally.is_valid():
                result = services.enter_paper_tally(actor=request.user, election=election,
                                                    ballots=tally.cleaned_data["ballots"],
                                                    invalid=tally.cleaned_data["invalid"], counts=tally.counts())
                if result.status == TallyStatus.MISMATCH:
                    messages.error(request, _("两次录入不一致，两次录入均已作废，请重新点票后再录入"))
                elif result.status == TallyStatus.CONFIRMED:
                    messages.success(request, _("两次录入一致，现场计票已确认"))
                else:
                    messages.success(request, _("已录入，请另一名工作人员复核录入"))
                return redirect("elections:detail", pk=pk)
            if action == "cancel":
                services.cancel_election(actor=request.user, election=election,
                                         reason=request.POST.get("reason", ""))
                messages.success(request, _("已取消本次选举"))
                return redirect("elections:detail", pk=pk)
            if action in ("publish", "declare"):
                if action == "publish":
                    services.publish_election(actor=request.user, election=election)
                    messages.success(request, _("候选人名单已公布"))
                else:
                    services.declare_results(actor=request.user, election=election)
                    messages.success(request, _("选举结果已公布"))
                return redirect("elections:detail", pk=pk)
        except ValidationError as e:
            form = {"nominate": nominate, "paper": paper, "tally": tally}.get(action)
            if form is not None:
                add_service_errors(form, e)
            else:
                _flash(request, e)
    voters = VoterRecord.objects.filter(election=election)
    inspections = selectors.inspections(election) if election.kind == "supervisor" else []
    return render(request, "elections/detail.html", {
        "e": election, "phase": current, "phase_label": PHASE_LABELS[current], "runs": runs,
        "candidates": candidates, "accepted": accepted, "counts": shows_counts(election),
        "ranked": selectors.ranked(accepted) if shows_counts(election) else [],
        "voters": voters.count(), "paper_voters": voters.filter(channel="paper").count(),
        "tallies": list(election.paper_tallies.select_related("entered_by").order_by("pk")),
        "nominate_form": nominate, "paper_form": paper, "tally_form": tally, "inspections": inspections,
        "talent": selectors.talent_suggestions(election) if nominate is not None else [],
        "withdrawable": {c.pk for c in candidates if runs and withdrawable(c, current)},
        "categories": CaseCategory.objects.filter(active=True).order_by("order", "code") if runs else [],
        "entries": entries_for(election).order_by("-seq")[:30]})


@login_required
@workbench_required
@require_POST
def decide(request, pk):
    _staff(request)
    candidate = get_candidate_for_user(request.user, pk, write=True)
    try:
        services.decide_application(actor=request.user, candidate=candidate,
                                    accept=request.POST.get("accept") == "1", reason=request.POST.get("reason", ""))
    except ValidationError as e:
        _flash(request, e)
    return redirect("elections:detail", pk=candidate.election_id)


@login_required
@workbench_required
@require_POST
def withdraw(request, pk):
    """The community records that a candidate steps down (with the reason she gave)."""
    _staff(request)
    candidate = get_candidate_for_user(request.user, pk, write=True)
    try:
        services.withdraw_candidate(actor=request.user, candidate=candidate, reason=request.POST.get("reason", ""))
        messages.success(request, _("已登记候选人退出"))
    except ValidationError as e:
        _flash(request, e)
    return redirect("elections:detail", pk=candidate.election_id)


@login_required
@workbench_required
@require_POST
def to_case(request, pk):
    _staff(request)
    problem = get_object_or_404(Problem.objects.select_related("inspection__election"), pk=pk)
    election = get_election_for_user(request.user, problem.inspection.election_id, write=True)
    category = CaseCategory.objects.filter(pk=request.POST.get("category") or 0, active=True).first()
    if category is None:
        messages.error(request, _("请选择诉求类别"))
    else:
        try:
            problem = services.problem_to_case(actor=request.user, problem=problem, category=category)
            messages.success(request, _("已转为诉求 %(n)s") % {"n": problem.case.number})
        except ValidationError as e:
            _flash(request, e)
    return redirect("elections:detail", pk=election.pk)


# --- resident shell ---------------------------------------------------------------------------------------------

@login_required
def m_list(request):
    elections = list(selectors.resident_list(request.user))
    rows = [{"e": e, "phase": phase(e), "phase_label": PHASE_LABELS[phase(e)]} for e in elections]
    return render(request, "elections/m_list.html", {"rows": rows, "person": own_person(request.user)})


@login_required
def m_detail(request, pk):
    election = get_election_for_user(request.user, pk)
    person = own_person(request.user)
    current = phase(election)
    action = request.POST.get("action", "")
    apply_form = ApplyForm(request.POST if action == "apply" else None) if current == "draft" and person else None
    supervisor = is_elected_supervisor(request.user, election)
    inspection_form = InspectionForm(request.POST if action == "inspect" else None) if supervisor else None
    vote_error = ""
    if request.method == "POST":
        try:
            if action == "apply" and apply_form is not None and apply_form.is_valid():
                services.apply_as_candidate(actor=request.user, election=election, **apply_form.cleaned_data)
                messages.success(request, _("报名已提交，等待社区审核"))
                return redirect("elections:m_detail", pk=pk)
            if action == "withdraw" and person is not None:
                mine = Candidate.objects.filter(election=election, person=person).first()
                if mine is None:
                    raise Http404
                services.withdraw_candidate(actor=request.user, candidate=mine, reason=request.POST.get("reason", ""))
                messages.success(request, _("您已退出本次选举"))
                return redirect("elections:m_detail", pk=pk)
            if action == "vote":
                services.cast_vote(actor=request.user, election=election,
                                   candidate_ids=request.POST.getlist("candidate"))
                messages.success(request, _("投票成功。您的选票不记名，任何人都无法查到您投给了谁。"))
                return redirect("elections:m_detail", pk=pk)
            if action == "inspect" and inspection_form is not None and inspection_form.is_valid():
                d = inspection_form.cleaned_data
                services.log_inspection(actor=request.user, election=election, inspected_on=d["inspected_on"],
                                        findings=d["findings"], problems=d["problems"].splitlines())
                messages.success(request, _("巡查记录已提交"))
                return redirect("elections:m_detail", pk=pk)
        except ValidationError as e:
            form = {"apply": apply_form, "inspect": inspection_form}.get(action)
            if form is not None:
                add_service_errors(form, e)
            elif action == "withdraw":
                _flash(request, e)
            else:
                vote_error = "；".join(e.messages)
    candidates = [c for c in selectors.candidates(election) if c.status == CandidateStatus.ACCEPTED] \
        if current != "draft" else []
    voted = person is not None and VoterRecord.objects.filter(election=election, person=person).exists()
    mine = Candidate.objects.filter(election=election, person=person).first() if person else None
    return render(request, "elections/m_detail.html", {
        "e": election, "phase": current, "phase_label": PHASE_LABELS[current], "candidates": candidates,
        "ranked": selectors.ranked(candidates) if shows_counts(election) else [], "voted": voted, "mine": mine,
        "apply_form": apply_form, "vote_error": vote_error, "eligibility": services.ineligibility(person, election)
        if person else _("您的账号尚未关联居民档案"), "supervisor": supervisor, "inspection_form": inspection_form,
        "may_withdraw": mine is not None and withdrawable(mine, current),
        "inspections": selectors.inspections(election, supervisor=supervisor) if supervisor else []})
