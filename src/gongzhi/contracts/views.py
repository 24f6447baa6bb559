"""Workbench pages of the contract lifecycle and the public board's publications. Thin: parse, fetch through
an access helper, call one service, render."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongzhi.chronicle.services import entries_for
from gongzhi.contracts import permissions as perms
from gongzhi.contracts import reports, selectors, services
from gongzhi.contracts.forms import (
    AgreementForm,
    AmendForm,
    CommitmentForm,
    ContractForm,
    FulfilmentForm,
    MeetingForm,
    MinutesForm,
    PublishForm,
    ReportForm,
)
from gongzhi.contracts.models import Contract, ContractStatus, Milestone, Publication
from gongzhi.core import clock
from gongzhi.core.forms import add_service_errors as _form_errors
from gongzhi.core.frozen import checked_file_response
from gongzhi.core.listing import as_id, choice_filter, paginate, querystring_without_page
from gongzhi.core.pinyin import search_key
from gongzhi.core.views import workbench_required
from gongzhi.lists.models import Need, NeedStatus, Resource, ResourceStatus
from gongzhi.organisations.models import Organisation
from gongzhi.regions.models import RegionNode
from gongzhi.regions.selectors import top_nodes_for


def _int(value) -> int:
    """A primary key from a query string or form: 0 (matches nothing) for anything that is not a number."""
    return as_id(value) or 0


def _communities(user, allowed) -> list:
    visible = RegionNode.objects.filter(kind="community").filter(user.scope.in_regions("path"))
    return [c.pk for c in visible.select_related("parent") if allowed(user, c)]


def _street_units(community):
    return Organisation.objects.filter(home__path__startswith=community.path[:-5]).order_by("name")


# --- contracts ----------------------------------------------------------------------------------

@login_required
@workbench_required
def contract_index(request):
    g = request.GET
    qs = selectors.contracts(request.user, year=g.get("year", ""), status=g.get("status", ""), step=g.get("step", "")) \
        .select_related("community").prefetch_related("parties__organisation")
    return render(request, "contracts/contract_list.html", {
        "page": paginate(request, qs.order_by("-year", "community__path", "number")), "q": "",
        "qs": querystring_without_page(request), "can_draft": bool(_communities(request.user, perms.may_draft)),
        "can_report": perms.may_see_any_report(request.user),
        "filters": [choice_filter(request, "status", _("状态"), _("全部状态"), ContractStatus.choices),
                    choice_filter(request, "step", _("待办环节"), _("全部环节"), selectors.CONTRACT_STEPS)],
    })


@login_required
@workbench_required
def contract_detail(request, pk):
    contract = perms.get_contract_for_user(request.user, pk)
    commitments = list(selectors.with_progress(contract.commitments.all()).prefetch_related("undertakers"))
    for c in commitments:
        c.is_completed = selectors.is_completed(c)
    user = request.user
    draft = contract.status == ContractStatus.DRAFT
    agreeable = [p.organisation for p in contract.parties.select_related("organisation")
                 if draft and perms.may_agree_for(user, contract, p.organisation)]
    return render(request, "contracts/contract_detail.html", {
        "contract": contract, "commitments": commitments,
        "parties": contract.parties.select_related("organisation", "party_organisation", "liaison_officer"),
        "can_edit": draft and perms.may_draft(user, contract.community),
        "can_sign": draft and perms.may_sign(user, contract),
        "can_amend": contract.status == ContractStatus.SIGNED and perms.may_draft(user, contract.community)
        and not Contract.objects.filter(previous=contract).exists(),
        "agree_form": AgreementForm(organisations=Organisation.objects.filter(pk__in=[o.pk for o in agreeable]))
        if agreeable else None,
        "amend_form": AmendForm(),
        "officers": perms.officer_candidates(contract) if perms.may_appoint_officer(user, contract) else None,
        "versions": _versions(contract),
        "entries": entries_for(contract).order_by("-seq")[:30],
    })


def _versions(contract) -> list[Contract]:
    chain, current = [], contract
    while current.previous_id:
        current = Contract.objects.get(pk=current.previous_id)
        chain.append(current)
    newer = Contract.objects.filter(previous=contract).first()
    return ([newer] if newer else []) + chain


@login_required
@workbench_required
def contract_new(request):
    communities = RegionNode.objects.filter(pk__in=_communities(request.user, perms.may_draft)).select_related("parent")
    if not communities:
        raise Http404
    meeting = None
    if request.GET.get("meeting") or request.POST.get("meeting"):
        meeting = perms.get_meeting_for_user(request.user, _int(request.GET.get("meeting") or request.POST.get("meeting")))
    community = meeting.community if meeting else communities.filter(pk=_int(request.GET.get("community"))).first() \
        or communities.first()
    if community.pk not in {c.pk for c in communities}:
        raise Http404
    units = meeting.units.all() if meeting else _street_units(community)
    meeting_year = timezone.localdate(meeting.starts_at).year if meeting else None
    year = meeting_year or clock.today().year  # a contract drafted from a meeting is of the meeting's year
    form = ContractForm(request.POST or None, units=units, initial={
        "title": _("%(c)s%(y)d年度党建共建契约") % {"c": community.name, "y": year}, "year": year,
        "term_start": dt.date(year, 1, 1), "term_end": dt.date(year, 12, 31),
        "units": [u.pk for u in units] if meeting else []})
    year_differs = False
    if request.method == "POST" and form.is_valid() and meeting_year and form.cleaned_data["year"] != meeting_year \
            and not request.POST.get("year_confirmed"):
        year_differs = True  # warn, and draft only once the staffer confirms the year
        form.add_error("year", _("商谈会于%(m)d年召开，契约年度却填为%(y)d年：请核对；确属该年度的，勾选下方“年度无误”后再提交")
                       % {"m": meeting_year, "y": form.cleaned_data["year"]})
    if request.method == "POST" and form.is_valid():
        try:
            contract = services.draft_contract(actor=request.user, community=community, meeting=meeting,
                                               **form.cleaned_data)
        except ValidationError as e:
            _form_errors(form, e)
        else:
            messages.success(request, _("契约草案已生成，请逐项添加承诺事项"))
            return redirect("contracts:detail", contract.pk)
    return render(request, "contracts/contract_new.html", {"form": form, "community": community, "meeting": meeting,
                                                           "communities": communities, "meeting_year": meeting_year,
                                                           "year_differs": year_differs})


@login_required
@workbench_required
def commitment_new(request, pk):
    contract = perms.get_contract_for_user(request.user, pk)
    if not perms.may_draft(request.user, contract.community) or contract.status != ContractStatus.DRAFT:
        raise Http404
    form = CommitmentForm(
        request.POST or None,
        undertakers=Organisation.objects.filter(contract_parties__contract=contract),
        needs=Need.objects.filter(community=contract.community, status=NeedStatus.PUBLISHED, year=contract.year),
        resources=Resource.objects.filter(community=contract.community, status=ResourceStatus.PUBLISHED,
                                          year=contract.year),
        initial={"deadline": contract.term_end})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.add_commitment(actor=request.user, contract=contract, undertakers=data.pop("undertakers"),
                                    needs=data.pop("needs"), resources=data.pop("resources"),
                                    milestones=data.pop("milestones"), **data)
        except ValidationError as e:
            _form_errors(form, e)
        else:
            messages.success(request, _("已添加承诺事项"))
            return redirect("contracts:detail", contract.pk)
    return render(request, "contracts/commitment_new.html", {"form": form, "contract": contract})


@login_required
@require_POST
def commitment_remove(request, pk):
    commitment = perms.get_commitment_for_user(request.user, pk)
    try:
        services.remove_commitment(actor=request.user, commitment=commitment)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    return redirect("contracts:detail", commitment.contract_id)


def _act(request, contract, action, success: str):
    """Run one service for a contract page's POST; errors become messages, refusals 404."""
    try:
        result = action()
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
        return redirect("contracts:detail", contract.pk)
    messages.success(request, success)
    return redirect("contracts:detail", getattr(result, "pk", contract.pk) if isinstance(result, Contract)
                    else contract.pk)


@login_required
@require_POST
def contract_agree(request, pk):
    contract = perms.get_contract_for_user(request.user, pk)
    form = AgreementForm(request.POST, organisations=Organisation.objects.filter(contract_parties__contract=contract))
    if not form.is_valid():
        messages.error(request, _("请选择单位并填写签约代表"))
        return redirect("contracts:detail", contract.pk)
    return _act(request, contract, lambda: services.record_agreement(actor=request.user, contract=contract,
                                                                     **form.cleaned_data), _("已确认"))


@login_required
@require_POST
def contract_officer(request, pk):
    from gongzhi.accounts.models import User

    contract = perms.get_contract_for_user(request.user, pk)
    organisation = get_object_or_404(Organisation.objects.filter(contract_parties__contract=contract),
                                     pk=_int(request.POST.get("organisation")))
    officer = User.objects.filter(pk=_int(request.POST.get("officer"))).first()
    if officer is None:
        messages.error(request, _("请选择联络员"))
        return redirect("contracts:detail", contract.pk)
    return _act(request, contract, lambda: services.appoint_liaison_officer(
        actor=request.user, contract=contract, organisation=organisation, officer=officer), _("已选派联络员"))


@login_required
@require_POST
def contract_sign(request, pk):
    contract = perms.get_contract_for_user(request.user, pk)
    return _act(request, contract, lambda: services.sign_contract(actor=request.user, contract=contract),
                _("契约已签订，文本已冻结"))


@login_required
@require_POST
def contract_amend(request, pk):
    contract = perms.get_contract_for_user(request.user, pk)
    form = AmendForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _act(request, contract, lambda: services.amend_contract(actor=request.user, contract=contract,
                                                                   reason=reason), _("已生成修订草案（新版本）"))


@login_required
def contract_document(request, pk):
    contract = perms.get_contract_for_user(request.user, pk)
    if not contract.document:
        raise Http404
    return checked_file_response(request, contract.document, contract.document_sha256, kind="contract",
                                 document_id=contract.pk, content_type="application/pdf", as_attachment=True,
                                 filename=f"共建契约书-{contract.number}-v{contract.version}.pdf")


@login_required
@workbench_required
def project_index(request):
    """项目清单: every commitment of the current contracts in scope, with its progress."""
    from gongzhi.contracts.models import Area

    g = request.GET
    q = g.get("q", "")
    qs = selectors.projects(request.user, area=g.get("area", ""), q=q, due=g.get("due", ""), year=g.get("year", ""),
                            mine=g.get("mine") == "1" and bool(request.user.scope.organisation_ids))
    qs = qs.select_related("contract__community").prefetch_related("undertakers") \
        .order_by("-contract__year", "contract__community__path", "contract__number", "order")
    page = paginate(request, qs)
    for c in page.object_list:
        c.is_completed = selectors.is_completed(c)
    filters = [choice_filter(request, "area", _("共建领域"), _("全部领域"), Area.choices),
               choice_filter(request, "due", _("完成时限"), _("全部时限"), selectors.DUE_CHOICES)]
    if request.user.scope.organisation_ids:  # a unit's liaison: the commitments of their own unit
        filters.append(choice_filter(request, "mine", _("承办单位"), _("全部单位"), [("1", _("本单位承办"))]))
    return render(request, "contracts/project_list.html", {
        "page": page, "q": q, "qs": querystring_without_page(request), "filters": filters,
        "today": clock.today()})


# --- fulfilment ------------------------------------------------------------------------------------

@login_required
@workbench_required
def commitment_detail(request, pk):
    commitment = perms.get_commitment_for_user(request.user, pk)
    progress = selectors.with_progress(type(commitment).objects.filter(pk=commitment.pk)).get()
    undertakers = commitment.undertakers.all()
    may_record = (commitment.contract.status == ContractStatus.SIGNED
                  and perms.may_record_fulfilment(request.user, commitment))
    form = FulfilmentForm(request.POST or None, request.FILES or None, undertakers=undertakers,
                          initial={"date": clock.today()})
    if request.method == "POST":
        if not may_record:
            raise Http404
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                services.record_fulfilment(actor=request.user, commitment=commitment, evidence=data.pop("evidence"),
                                           **data)
            except PermissionDenied:
                raise Http404 from None
            except ValidationError as e:
                _form_errors(form, e)
            else:
                messages.success(request, _("已登记履约记录"))
                return redirect("contracts:commitment", commitment.pk)
    return render(request, "contracts/commitment_detail.html", {
        "commitment": commitment, "progress": progress, "completed": selectors.is_completed(progress),
        "fulfilments": commitment.fulfilments.select_related("organisation", "recorded_by")
        .prefetch_related("evidence"),
        "milestones": commitment.milestones.all(), "form": form if may_record else None, "may_record": may_record,
        "entries": entries_for(commitment).order_by("-seq")[:30],
    })


@login_required
@require_POST
def milestone_done(request, pk):
    milestone = get_object_or_404(Milestone.objects.filter(commitment__in=perms.commitments_visible_to(request.user)),
                                  pk=pk)
    try:
        services.complete_milestone(actor=request.user, milestone=milestone, on=clock.today())
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    return redirect("contracts:commitment", milestone.commitment_id)


@login_required
def evidence_file(request, pk):
    from gongzhi.contracts.models import Evidence

    item = get_object_or_404(Evidence.objects.filter(fulfilment__in=perms.fulfilments_visible_to(request.user)), pk=pk)
    return checked_file_response(request, item.file, item.sha256, kind="evidence", document_id=item.pk,
                                 content_type=item.content_type, filename=item.original_name)


@login_required
@workbench_required
def reminder_index(request):
    reminders = request.user.contract_reminders.select_related("commitment__contract").order_by("-created_at")
    return render(request, "contracts/reminders.html", {"page": paginate(request, reminders)})


# --- 商约: meetings ---------------------------------------------------------------------------------

@login_required
@workbench_required
def meeting_index(request):
    qs = selectors.negotiation_meetings(request.user, step=request.GET.get("step", "")) \
        .select_related("community").prefetch_related("units")
    return render(request, "contracts/meeting_list.html", {
        "page": paginate(request, qs.order_by("-starts_at")), "qs": querystring_without_page(request),
        "filters": [choice_filter(request, "step", _("待办环节"), _("全部环节"), selectors.MEETING_STEPS)],
        "can_convene": bool(_communities(request.user, perms.may_convene))})


@login_required
@workbench_required
def meeting_new(request):
    allowed = _communities(request.user, perms.may_convene)
    if not allowed:
        raise Http404
    communities = RegionNode.objects.filter(pk__in=allowed).select_related("parent")
    community = communities.filter(pk=_int(request.POST.get("community") or request.GET.get("community"))).first() \
        or communities.first()
    year = clock.today().year
    units = _street_units(community).select_related("home")
    form = MeetingForm(
        request.POST or None, communities=communities, units=units,
        needs=Need.objects.filter(community=community, status=NeedStatus.PUBLISHED, year__gte=year - 1),
        resources=Resource.objects.filter(community=community, status=ResourceStatus.PUBLISHED, year__gte=year - 1),
        initial={"community": community.pk,
                 "title": _("%(y)d年%(c)s契约化共建商谈会") % {"y": year, "c": community.name}})
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.convene_meeting(actor=request.user, **form.cleaned_data)
        except ValidationError as e:
            _form_errors(form, e)
        else:
            messages.success(request, _("商谈会已召集"))
            return redirect("contracts:meeting", meeting.pk)
    return render(request, "contracts/meeting_new.html", {"form": form, "community": community,
                                                          "communities": communities,
                                                          "unit_picker": _unit_picker(form, community, units)})


def _unit_picker(form, community, units) -> dict:
    """The meeting's units: those of the community concerned first, the street's other units behind a switch,
    each with a pinyin key for the client-side search."""
    chosen = {str(v) for v in form["units"].value() or []}
    local, others = [], []
    for unit in units:
        row = {"unit": unit, "checked": str(unit.pk) in chosen, "key": f"{unit.name} {search_key(unit.name)}"}
        (local if unit.home.path.startswith(community.path) else others).append(row)
    return {"field": form["units"], "local": local, "others": others,
            "others_open": any(r["checked"] for r in others) or not local}


@login_required
@workbench_required
def meeting_detail(request, pk):
    meeting = perms.get_meeting_for_user(request.user, pk)
    may_minute = perms.may_convene(request.user, meeting.community) and meeting.status != "held"
    form = MinutesForm(request.POST or None, initial={"notes": meeting.notes})
    if request.method == "POST":
        if not may_minute:
            raise Http404
        if form.is_valid():
            try:
                services.record_meeting_minutes(actor=request.user, meeting=meeting, notes=form.cleaned_data["notes"])
            except ValidationError as e:
                _form_errors(form, e)
            else:
                messages.success(request, _("已记录讨论纪要"))
                return redirect("contracts:meeting", meeting.pk)
    return render(request, "contracts/meeting_detail.html", {
        "meeting": meeting, "form": form if may_minute else None,
        "contracts": perms.contracts_visible_to(request.user).filter(meeting=meeting),
        "can_draft": perms.may_draft(request.user, meeting.community)})


# --- the board and the figures -------------------------------------------------------------------------

@login_required
@workbench_required
def publication_index(request):
    allowed = _communities(request.user, perms.may_publish)
    communities = RegionNode.objects.filter(pk__in=allowed).select_related("parent")
    form = PublishForm(request.POST or None, communities=communities,
                       initial={"year": clock.today().year, "community": allowed[0] if allowed else None})
    if request.method == "POST":
        if not allowed:
            raise Http404
        if form.is_valid():
            try:
                publication = services.publish(actor=request.user, **form.cleaned_data)
            except ValidationError as e:
                _form_errors(form, e)
            else:
                messages.success(request, _("已在党务公开栏公示：%(t)s") % {"t": publication.title})
                return redirect("contracts:publications")
    qs = perms.publications_visible_to(request.user).select_related("community").order_by("-published_at")
    return render(request, "contracts/publications.html", {"page": paginate(request, qs),
                                                           "form": form if allowed else None})


def publication_page(request, pk):
    """Public (no login): a frozen board publication."""
    publication = get_object_or_404(Publication.objects.select_related("community"), pk=pk)
    return render(request, "contracts/publication_page.html", {"p": publication, "s": publication.snapshot,
                                                               "community": publication.community})


def publication_pdf(request, pk):
    publication = get_object_or_404(Publication, pk=pk)
    if not publication.document:
        raise Http404
    return checked_file_response(request, publication.document, publication.document_sha256, kind="publication",
                                 document_id=publication.pk, content_type="application/pdf",
                                 filename=f"{publication.title}.pdf")


@login_required
@workbench_required
def report(request):
    nodes = RegionNode.objects.filter(kind__in=["city", "district", "street", "community"]).filter(
        request.user.scope.in_regions("path")).select_related("parent").order_by("path")
    if not nodes.exists():
        raise Http404
    top = top_nodes_for(request.user).first()
    form = ReportForm(request.GET or None, nodes=nodes, initial={"node": top.pk if top else None,
                                                                "year": clock.today().year})
    node, year = (form.cleaned_data["node"], form.cleaned_data["year"]) if form.is_valid() else \
        (top or nodes.first(), clock.today().year)
    result = selectors.figures(path=node.path, year=year)
    if request.GET.get("format") == "xlsx":
        return reports.figures_xlsx_response(node=node, year=year, figures=result,
                                             by_community=reports.by_community(node=node, year=year))
    return render(request, "contracts/report.html", {"form": form, "node": node, "year": year, "figures": result,
                                                     "by_community": reports.by_community(node=node, year=year)})
