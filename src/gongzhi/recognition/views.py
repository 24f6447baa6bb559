"""HTML pages of recognition: the workbench (volunteers' hours, a volunteer's record, issuing and revoking
certificates, requests, exports, honour selections), the volunteer's phone pages (我的志愿服务, requesting a
certificate, nominating for an honour), the certificate's download and the public verification page. Views parse
the request, fetch through an access helper, call one service and render."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongzhi.core import clock
from gongzhi.core.forms import add_service_errors
from gongzhi.core.frozen import FrozenDocumentAltered, altered_page
from gongzhi.core.listing import as_id, paginate, querystring_without_page
from gongzhi.core.views import workbench_required
from gongzhi.people.models import Person
from gongzhi.people.permissions import people_visible_to
from gongzhi.recognition import documents, exports, services
from gongzhi.recognition.forms import (
    DecisionForm,
    IssueForm,
    NominationForm,
    ReasonForm,
    RequestForm,
    SelectionForm,
)
from gongzhi.recognition.models import Certificate, HonourKind, RequestStatus, SelectionStatus
from gongzhi.recognition.permissions import (
    certificate_candidates,
    certificates_visible_to,
    get_certificate_for_user,
    get_record_person_for_user,
    get_request_for_user,
    get_selection_for_user,
    issuing_communities,
    may_nominate_as_resident,
    may_revoke,
    may_run_selection_at,
    own_person,
    person_facts,
    public_certificate,
    public_nominee,
    requests_visible_to,
    sees_nominations_in_full,
    selection_nodes,
    selections_visible_to,
)
from gongzhi.recognition.selectors import (
    certificate_list,
    record,
    served_communities,
    volunteer_hours,
    volunteer_rows,
)


def _year(request) -> int | None:
    value = as_id(request.GET.get("year"))
    return value if value is not None and 2000 <= value <= 2100 else None


def _tabs(active: str) -> dict:
    return {"tab": active}


# --- volunteers and their record -----------------------------------------------------------------------------------

@login_required
@workbench_required
def volunteers(request):
    user = request.user
    if not user.scope.is_region_staff:
        raise Http404
    year = _year(request)
    q = request.GET.get("q", "")[:50]
    page = paginate(request, volunteer_hours(user, year=year, q=q))
    page.object_list = volunteer_rows(user, list(page.object_list), year=year)
    return render(request, "recognition/volunteers.html", {
        "page": page, "q": q, "year": year, "years": range(clock.today().year, 2024, -1),
        "qs": querystring_without_page(request), "may_issue": issuing_communities(user).exists(), **_tabs("volunteers"),
    })


@login_required
@workbench_required
def volunteers_export(request):
    user = request.user
    if not user.scope.is_region_staff:
        raise Http404
    year = _year(request)
    rows = volunteer_rows(user, list(volunteer_hours(user, year=year)[:5000]), year=year)
    content = exports.volunteers_workbook(rows, year=year)
    return _xlsx(content, f"volunteer-hours-{year or 'all'}.xlsx", f"志愿服务时长-{year or '全部'}.xlsx")


def _xlsx(content: bytes, ascii_name: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=exports.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{ascii_name}"; filename*=UTF-8\'\'{quote(name)}'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@workbench_required
def person_record(request, pk):
    user = request.user
    person = get_record_person_for_user(user, pk)
    certificates = certificates_visible_to(user).filter(person=person).select_related("community")
    return render(request, "recognition/record.html", {
        "person": person, "facts": person_facts(user, person), "record": record(person),
        "certificates": certificates, "may_issue": issuing_communities(user).exists(), **_tabs("volunteers"),
    })


# --- certificates ----------------------------------------------------------------------------------------------------

@login_required
@workbench_required
def certificates(request):
    user = request.user
    g = request.GET
    page = paginate(request, certificate_list(user, q=g.get("q", ""), revoked=g.get("revoked", "")))
    return render(request, "recognition/certificates.html", {
        "page": page, "q": g.get("q", "")[:50], "revoked": g.get("revoked", ""),
        "qs": querystring_without_page(request), **_tabs("certificates"),
    })


@login_required
@workbench_required
def certificates_export(request):
    user = request.user
    rows = list(certificate_list(user)[:5000])
    content = exports.certificates_workbook(rows, holder_id=lambda c: c.holder_id_masked)
    return _xlsx(content, "certificates.xlsx", "志愿服务时长证明.xlsx")


def _issue_form(request, data=None, initial=None):
    user = request.user
    communities = issuing_communities(user)
    people = Person.objects.filter(pk__in=people_visible_to(user).values("pk")) | Person.objects.filter(
        pk__in=_served_in(communities))
    return IssueForm(data, initial=initial, people=people.distinct(), communities=communities,
                     requests=requests_visible_to(user))


def _served_in(communities):
    from gongzhi.volunteering.models import HoursEntry

    return HoursEntry.objects.filter(community__in=communities).values("person_id")


@login_required
@workbench_required
def certificate_new(request):
    user = request.user
    communities = issuing_communities(user)
    if not communities.exists():
        raise Http404
    if request.method == "POST":
        form = _issue_form(request, request.POST)
        if form.is_valid():
            d = form.cleaned_data
            if d["person"] not in certificate_candidates(user, d["community"]):
                form.add_error("person", _("该志愿者不在本社区范围内"))
            else:
                try:
                    certificate = services.issue_certificate(
                        actor=user, person=d["person"], community=d["community"], period_start=d["period_start"],
                        period_end=d["period_end"], content=d["content"], request=d.get("request"))
                except ValidationError as e:
                    add_service_errors(form, e)
                except PermissionDenied:
                    raise Http404 from None
                else:
                    messages.success(request, _("已出具志愿服务时长证明 %(n)s") % {"n": certificate.number})
                    return redirect("recognition:certificate", certificate.pk)
        person = form.cleaned_data.get("person") if hasattr(form, "cleaned_data") else None
    else:
        initial: dict = {"period_end": clock.today(), "period_start": clock.today().replace(month=1, day=1)}
        req = None
        if as_id(request.GET.get("request")):
            req = get_request_for_user(user, request.GET["request"], write=True)
            initial.update(person=req.person, community=req.community, period_start=req.period_start,
                           period_end=req.period_end, request=req)
            person = req.person
        else:
            person = get_record_person_for_user(user, request.GET.get("person"))
            initial["person"] = person
            home = communities.filter(pk__in=[a.pk for a in person.home.ancestors()] + [person.home.pk]).first()
            if home is not None:
                initial["community"] = home
        form = _issue_form(request, initial=initial)
    return render(request, "recognition/certificate_new.html", {
        "form": form, "person": person, "facts": person_facts(user, person) if person else None,
        **_tabs("certificates")})


@login_required
@workbench_required
def certificate_detail(request, pk):
    user = request.user
    certificate = get_certificate_for_user(user, pk)
    return render(request, "recognition/certificate_detail.html", {
        "c": certificate, "may_revoke": may_revoke(user, certificate), "revoke_form": ReasonForm(),
        "verify_path": documents.verification_path(certificate), **_tabs("certificates")})


@login_required
@workbench_required
@require_POST
def certificate_revoke(request, pk):
    certificate = get_certificate_for_user(request.user, pk, write=True)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.revoke_certificate(actor=request.user, certificate=certificate, reason=form.cleaned_data["reason"])
        except ValidationError as e:
            for m in e.messages:
                messages.error(request, m)
        else:
            messages.success(request, _("证明已作废"))
    else:
        messages.error(request, _("请填写作废原因（不超过 300 字）"))
    return redirect("recognition:certificate", certificate.pk)


@login_required
def certificate_pdf(request, pk):
    """The PDF, for the staff in scope and the holder herself (everybody else: 404)."""
    certificate = get_certificate_for_user(request.user, pk)
    try:
        services.check_frozen(certificate)
    except FrozenDocumentAltered:
        return altered_page(request)
    content = documents.certificate_pdf(certificate, url=documents.verification_url(certificate, request))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (f'inline; filename="{certificate.number}.pdf"; '
                                       f"filename*=UTF-8''{quote('志愿服务时长证明-' + certificate.number + '.pdf')}")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@workbench_required
def requests_list(request):
    user = request.user
    page = paginate(request, requests_visible_to(user).filter(community__in=issuing_communities(user))
                    .select_related("person", "community", "certificate"))
    return render(request, "recognition/requests.html", {"page": page, "qs": querystring_without_page(request),
                                                         "reason_form": ReasonForm(), **_tabs("requests")})


@login_required
@workbench_required
@require_POST
def request_decline(request, pk):
    req = get_request_for_user(request.user, pk, write=True)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.decline_request(actor=request.user, request=req, reason=form.cleaned_data["reason"])
        except ValidationError as e:
            for m in e.messages:
                messages.error(request, m)
        else:
            messages.success(request, _("已答复：不予出具"))
    else:
        messages.error(request, _("请填写不予出具的原因（不超过 300 字）"))
    return redirect("recognition:requests")


# --- honours -----------------------------------------------------------------------------------------------------------

@login_required
@workbench_required
def honours(request):
    user = request.user
    if not user.scope.is_region_staff:
        raise Http404
    page = paginate(request, selections_visible_to(user).filter(user.scope.in_regions("node__path"))
                    .select_related("node"))
    nodes = selection_nodes(user)
    return render(request, "recognition/honours.html", {
        "page": page, "qs": querystring_without_page(request),
        "form": SelectionForm(initial={"year": clock.today().year}, nodes=nodes) if nodes.exists() else None,
        **_tabs("honours")})


@login_required
@workbench_required
@require_POST
def honour_new(request):
    user = request.user
    nodes = selection_nodes(user)
    form = SelectionForm(request.POST, nodes=nodes)
    if form.is_valid():
        d = form.cleaned_data
        try:
            selection = services.open_selection(actor=user, node=d["node"], year=d["year"], kind=d["kind"])
        except ValidationError as e:
            add_service_errors(form, e)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("已发起评选"))
            return redirect("recognition:honour", selection.pk)
    page = paginate(request, selections_visible_to(user).filter(user.scope.in_regions("node__path"))
                    .select_related("node"))
    return render(request, "recognition/honours.html", {"page": page, "qs": "", "form": form, **_tabs("honours")},
                  status=400)


def _staff_people(user, selection):
    return (people_visible_to(user).filter(home__path__startswith=selection.node.path).order_by("name", "pk"))


def _nominations(selection, *, full: bool, user=None):
    rows = []
    for n in selection.nominations.select_related("person", "building__parent", "team", "nominated_by"):
        mine = user is not None and n.nominated_by_id == user.pk
        rows.append({"n": n, "public": public_nominee(n),
                     "name": (n.person.name if n.person else n.nominee_name) if full or mine else None,
                     "reason": n.reason if full or mine else None, "mine": mine})
    return rows


@login_required
@workbench_required
def honour_detail(request, pk):
    user = request.user
    selection = get_selection_for_user(user, pk)
    return _honour_page(request, selection)


def _honour_page(request, selection, *, nominate_form=None, decision_form=None, status=200):
    user = request.user
    staff = may_run_selection_at(user, selection.node)
    open_ = selection.status == SelectionStatus.NOMINATING
    nominations = list(selection.nominations.all())
    if staff and open_ and nominate_form is None:
        nominate_form = NominationForm(selection=selection, people=_staff_people(user, selection))
    if staff and open_ and nominations and decision_form is None:
        decision_form = DecisionForm(nominations=nominations, initial={"decided_on": clock.today()})
    return render(request, "recognition/honour_detail.html", {
        "s": selection, "staff": staff, "nominations": _nominations(selection,
                                                                    full=sees_nominations_in_full(user, selection)),
        "nominate_form": nominate_form if staff and open_ else None,
        "decision_form": decision_form if staff and open_ and nominations else None,
        "may_publish": staff and selection.status == SelectionStatus.DECIDED, **_tabs("honours")}, status=status)


@login_required
@workbench_required
@require_POST
def honour_nominate(request, pk):
    user = request.user
    selection = get_selection_for_user(user, pk, write=True)
    form = NominationForm(request.POST, selection=selection, people=_staff_people(user, selection))
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.nominate(actor=user, selection=selection, reason=d["reason"], person=d.get("person"),
                              building=d.get("building"), nominee_name=d.get("nominee_name", ""))
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("已登记推荐"))
            return redirect("recognition:honour", selection.pk)
    return _honour_page(request, selection, nominate_form=form, status=400)


@login_required
@workbench_required
@require_POST
def honour_decide(request, pk):
    user = request.user
    selection = get_selection_for_user(user, pk, write=True)
    form = DecisionForm(request.POST, nominations=list(selection.nominations.all()))
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.decide_selection(actor=user, selection=selection, committee=d["committee"],
                                      decided_on=d["decided_on"], decisions=form.decisions())
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("已记录评审委员会的评定"))
            return redirect("recognition:honour", selection.pk)
    return _honour_page(request, selection, decision_form=form, status=400)


@login_required
@workbench_required
@require_POST
def honour_publish(request, pk):
    selection = get_selection_for_user(request.user, pk, write=True)
    try:
        services.publish_selection(actor=request.user, selection=selection)
    except ValidationError as e:
        for m in e.messages:
            messages.error(request, m)
    else:
        messages.success(request, _("评选结果已在社区公开栏公布"))
    return redirect("recognition:honour", selection.pk)


# --- the volunteer's phone -------------------------------------------------------------------------------------------

def _me(request) -> Person:
    person = own_person(request.user)
    if person is None:
        raise Http404
    return person


@login_required
def m_record(request):
    user = request.user
    person = own_person(user)
    if person is None:
        return render(request, "recognition/m_record.html", {"person": None, "tab": "me"})
    return render(request, "recognition/m_record.html", {
        "person": person, "record": record(person),
        "certificates": Certificate.objects.filter(person=person).select_related("community"),
        "requests": requests_visible_to(user).filter(person=person, status=RequestStatus.PENDING)
        .select_related("community"),
        "may_request": served_communities(person).exists(), "tab": "me",
    })


@login_required
def m_request(request):
    user = request.user
    person = _me(request)
    communities = served_communities(person)
    if not communities.exists():
        raise Http404
    form = RequestForm(request.POST or None, communities=communities,
                       initial={"period_start": clock.today().replace(month=1, day=1), "period_end": clock.today()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.request_certificate(actor=user, community=d["community"], period_start=d["period_start"],
                                         period_end=d["period_end"], purpose=d["purpose"])
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("申请已提交，社区出具后可在此下载"))
            return redirect("recognition:m_record")
    return render(request, "recognition/m_request.html", {"form": form, "tab": "me"},
                  status=400 if request.method == "POST" else 200)


@login_required
def m_honours(request):
    user = request.user
    selections = (selections_visible_to(user).filter(status__in=[SelectionStatus.NOMINATING, SelectionStatus.PUBLISHED])
                  .select_related("node").order_by("-year", "kind")[:30])
    rows = [{"s": s, "may_nominate": s.status == SelectionStatus.NOMINATING and may_nominate_as_resident(user, s)}
            for s in selections]
    return render(request, "recognition/m_honours.html", {"rows": rows, "tab": "me"})


@login_required
def m_nominate(request, pk):
    user = request.user
    selection = get_selection_for_user(user, pk)
    if selection.status != SelectionStatus.NOMINATING or not may_nominate_as_resident(user, selection):
        raise Http404
    form = NominationForm(request.POST or None, selection=selection)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.nominate(actor=user, selection=selection, reason=d["reason"], building=d.get("building"),
                              nominee_name=d.get("nominee_name", ""), as_resident=True)
        except ValidationError as e:
            add_service_errors(form, e)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("感谢推荐！评审委员会评定后将在社区公开栏公布"))
            return redirect("recognition:m_honours")
    return render(request, "recognition/m_nominate.html", {"form": form, "s": selection, "tab": "me",
                                                            "is_building": selection.kind == HonourKind.BUILDING},
                  status=400 if request.method == "POST" else 200)


# --- the public verification page ------------------------------------------------------------------------------------

def verify(request, number):
    """Public, no login: whether the certificate with this number and hash is genuine; masked name, hours,
    community, date and whether it was revoked — nothing else."""
    certificate = services.verify(number, request.GET.get("h", ""))
    if certificate is None:
        return render(request, "recognition/verify.html", {"c": None, "number": number[:40]}, status=404)
    return render(request, "recognition/verify.html", {"c": certificate, "number": certificate.number,
                                                       "view": public_certificate(certificate)})
