"""HTML pages of 社区合伙人 (workbench; liaisons use them on their phones too): the partner list with filters, the
application form, a partner's record (agreement, projects, the sections other apps add, the chronicle) with
review actions, partner projects, merchant alliances with members and offers, and the offers page. Views parse
the request, fetch through an access helper, call one service and render."""

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
from gongzhi.core.registry import render_page_sections
from gongzhi.core.views import workbench_required
from gongzhi.lists.permissions import home_community
from gongzhi.organisations.models import Organisation, OrganisationKind
from gongzhi.partners import selectors, services
from gongzhi.partners.forms import (
    AllianceForm,
    ApplyForm,
    ApproveForm,
    LeaveForm,
    MemberForm,
    OfferForm,
    ProjectForm,
    ReasonForm,
)
from gongzhi.partners.models import (
    AllianceMember,
    OfferAudience,
    OfferStatus,
    PartnerKind,
    PartnerStatus,
    ProjectStatus,
)
from gongzhi.partners.permissions import (
    alliance_regions,
    application_communities,
    application_units,
    get_alliance_for_user,
    get_member_for_user,
    get_offer_for_user,
    get_partner_for_user,
    get_project_for_user,
    may_change_offer,
    may_decide,
    may_manage_alliance,
    may_publish_project,
    may_write_project,
    partners_visible_to,
    reviewed_communities,
    reviews_somewhere,
    uses_partner_pages,
)
from gongzhi.partners.sections import PARTNER_PAGE


def _user(request) -> None:
    if not uses_partner_pages(request.user):
        raise Http404


def _messages(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _context(request, tab: str, **extra) -> dict:
    return {"tab": tab, "qs": querystring_without_page(request), **extra}


# --- partners -------------------------------------------------------------------------------------------------------

@login_required
@workbench_required
def partner_list(request):
    _user(request)
    g = request.GET
    page = paginate(request, selectors.partners(request.user, community=g.get("community"), kind=g.get("kind", ""),
                                                status=g.get("status", ""), q=g.get("q", ""),
                                                review=g.get("review", "")))
    communities = {p.community_id: p.community for p in page.object_list}
    filters = [choice_filter(request, "kind", _("合伙类型"), _("全部类型"), PartnerKind.choices),
               choice_filter(request, "status", _("状态"), _("全部状态"), PartnerStatus.choices)]
    if reviews_somewhere(request.user):
        filters.append(choice_filter(request, "review", _("审核"), _("全部"), selectors.REVIEW_CHOICES))
    if reviewed_communities(request.user).count() > 1:
        filters.insert(0, choice_filter(request, "community", _("社区"), _("全部社区"),
                                        [(str(c.pk), c.name) for c in reviewed_communities(request.user)]))
    return render(request, "partners/list.html", _context(
        request, "partners", page=page, filters=filters, q=g.get("q", ""), communities=communities,
        may_apply=application_communities(request.user).exists()))


@login_required
@workbench_required
def apply(request):
    _user(request)
    communities = application_communities(request.user)
    if not communities.exists():
        raise Http404
    may_register_new = reviewed_communities(request.user).exists()
    form = ApplyForm(request.POST or None, communities=communities, units=application_units(request.user),
                     may_register_new=may_register_new)
    if request.method == "POST" and form.is_valid():
        try:
            partner = services.apply(actor=request.user, **form.service_arguments())
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("已提交合伙申请，等待社区审核"))
            return redirect("partners:detail", partner.pk)
    return render(request, "partners/apply.html", _context(request, "partners", form=form,
                                                           may_register_new=may_register_new,
                                                           organisation_kinds=OrganisationKind))


@login_required
@workbench_required
def partner_detail(request, pk):
    _user(request)
    partner = get_partner_for_user(request.user, pk)
    deciding = may_decide(request.user, partner)
    approve_form = reject_form = end_form = None
    if deciding and partner.status == PartnerStatus.APPLIED:
        approve_form = ApproveForm(request.POST if request.POST.get("action") == "approve" else None,
                                   initial={"gives": partner.gives, "gets": partner.gets}, prefix="approve")
        reject_form = ReasonForm(request.POST if request.POST.get("action") == "reject" else None, prefix="reject")
    if deciding and partner.status == PartnerStatus.APPROVED:
        end_form = ReasonForm(request.POST if request.POST.get("action") == "end" else None, prefix="end")
    if request.method == "POST":
        action = request.POST.get("action")
        form = {"approve": approve_form, "reject": reject_form, "end": end_form}.get(action or "")
        if form is None:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            try:
                if action == "approve":
                    services.approve(actor=request.user, partner=partner, **data)
                    messages.success(request, _("已批准入伙，合伙协议已生效"))
                elif action == "reject":
                    services.reject(actor=request.user, partner=partner, reason=data["reason"])
                    messages.success(request, _("已退回该申请"))
                else:
                    services.end(actor=request.user, partner=partner, reason=data["reason"])
                    messages.success(request, _("该合伙人已退出"))
            except ValidationError as e:
                add_service_errors(form, e)
            else:
                return redirect("partners:detail", partner.pk)
    projects = list(selectors.projects(request.user, partner=partner.pk))
    project_form = None
    if may_write_project(request.user, partner):
        project_form = ProjectForm(None, partners=partners_visible_to(request.user).filter(pk=partner.pk))
    return render(request, "partners/detail.html", _context(
        request, "partners", partner=partner, approve_form=approve_form, reject_form=reject_form, end_form=end_form,
        projects=projects, project_form=project_form, sections=_sections(request, partner),
        entries=entries_for(partner).order_by("seq")))


def _sections(request, partner) -> list[str]:
    """The sections other apps add to the record (spaces: services given in exchange for space)."""
    return render_page_sections(PARTNER_PAGE, request, partner, "partner")


# --- partner projects --------------------------------------------------------------------------------------------------

def _project_partners(user):
    """Partnerships in force the user may write projects for."""
    qs = partners_visible_to(user).filter(status=PartnerStatus.APPROVED).select_related("organisation", "community")
    return qs.filter(pk__in=[p.pk for p in qs if may_write_project(user, p)])


@login_required
@workbench_required
def projects(request):
    _user(request)
    g = request.GET
    writable = _project_partners(request.user)
    form = ProjectForm(request.POST or None, partners=writable) if writable.exists() else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                project = services.create_project(actor=request.user, **data)
            except ValidationError as e:
                add_service_errors(form, e)
            else:
                messages.success(request, _("已登记项目“%(title)s”，社区审核后公开") % {"title": project.title})
                return redirect("partners:projects")
    page = paginate(request, selectors.projects(request.user, status=g.get("status", ""), q=g.get("q", ""),
                                                review=g.get("review", "")))
    filters = [choice_filter(request, "status", _("状态"), _("全部状态"), ProjectStatus.choices)]
    if reviews_somewhere(request.user):
        filters.append(choice_filter(request, "review", _("审核"), _("全部"), selectors.PUBLISH_CHOICES))
    rows = [{"p": p, "may_publish": may_publish_project(request.user, p)} for p in page.object_list]
    return render(request, "partners/projects.html", _context(request, "projects", page=page, rows=rows,
                                                              filters=filters, q=g.get("q", ""), form=form))


@login_required
@workbench_required
@require_POST
def project_action(request, pk, action):
    _user(request)
    project = get_project_for_user(request.user, pk)
    if not may_publish_project(request.user, project):
        raise Http404
    try:
        if action == "publish":
            services.publish_project(actor=request.user, project=project)
            messages.success(request, _("项目已公开到社区公示栏"))
        else:
            services.close_project(actor=request.user, project=project)
            messages.success(request, _("项目已结项"))
    except ValidationError as e:
        _messages(request, e)
    return redirect("partners:projects")


# --- merchant alliances and offers --------------------------------------------------------------------------------------

@login_required
@workbench_required
def alliances(request):
    _user(request)
    regions = alliance_regions(request.user)
    form = AllianceForm(request.POST or None, regions=regions) if regions.exists() else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                alliance = services.create_alliance(actor=request.user, **form.cleaned_data)
            except ValidationError as e:
                add_service_errors(form, e)
            else:
                messages.success(request, _("已成立%(name)s") % {"name": alliance.name})
                return redirect("partners:alliance", alliance.pk)
    page = paginate(request, selectors.alliances(request.user))
    return render(request, "partners/alliances.html", _context(request, "alliances", page=page, form=form))


def _member_choices(alliance, user):
    current = AllianceMember.objects.filter(alliance=alliance, left_on__isnull=True).select_related("organisation")
    if may_manage_alliance(user, alliance):
        return current
    return current.filter(organisation_id__in=user.scope.organisation_ids)


@login_required
@workbench_required
def alliance_detail(request, pk):
    _user(request)
    alliance = get_alliance_for_user(request.user, pk)
    managing = may_manage_alliance(request.user, alliance)
    action = request.POST.get("action") if request.method == "POST" else None
    member_form = None
    if managing:
        units = Organisation.objects.filter(home__path__startswith=alliance.region.path).order_by("name")
        member_form = MemberForm(request.POST if action == "member" else None, units=units, prefix="member")
    members_for_offers = _member_choices(alliance, request.user)
    offer_form = (OfferForm(request.POST if action == "offer" else None, members=members_for_offers, prefix="offer")
                  if members_for_offers.exists() else None)
    if request.method == "POST":
        form = {"member": member_form, "offer": offer_form}.get(action or "")
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                if action == "member":
                    services.add_member(actor=request.user, alliance=alliance, **form.cleaned_data)
                    messages.success(request, _("已加入联盟"))
                else:
                    offer = services.create_offer(actor=request.user, **form.cleaned_data)
                    messages.success(request, _("已发布优惠“%(title)s”") % {"title": offer.title}
                                     if offer.status == OfferStatus.PUBLISHED
                                     else _("已保存优惠“%(title)s”（未发布）") % {"title": offer.title})
            except ValidationError as e:
                add_service_errors(form, e)
            else:
                return redirect("partners:alliance", alliance.pk)
    members = list(selectors.members_of(alliance))
    offers = [{"o": o, "may_change": may_change_offer(request.user, o)}
              for o in selectors.offers(request.user, alliance=alliance.pk)]
    return render(request, "partners/alliance.html", _context(
        request, "alliances", alliance=alliance, managing=managing, members=members, offers=offers,
        member_form=member_form, offer_form=offer_form, leave_form=LeaveForm(),
        entries=entries_for(alliance).order_by("-seq")[:30]))


@login_required
@workbench_required
@require_POST
def member_leave(request, pk):
    _user(request)
    member = get_member_for_user(request.user, pk)
    if not may_manage_alliance(request.user, member.alliance):
        raise Http404
    form = LeaveForm(request.POST)
    if form.is_valid():
        try:
            services.remove_member(actor=request.user, member=member, left_on=form.cleaned_data["left_on"])
        except ValidationError as e:
            _messages(request, e)
        else:
            messages.success(request, _("%(unit)s 已退出联盟") % {"unit": member.organisation.name})
    else:
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
    return redirect("partners:alliance", member.alliance_id)


@login_required
@workbench_required
def offer_list(request):
    _user(request)
    g = request.GET
    page = paginate(request, selectors.offers(request.user, audience=g.get("audience", ""),
                                              status=g.get("status", ""), q=g.get("q", "")))
    rows = [{"o": o, "may_change": may_change_offer(request.user, o)} for o in page.object_list]
    filters = [choice_filter(request, "audience", _("面向人群"), _("全部人群"), OfferAudience.choices),
               choice_filter(request, "status", _("状态"), _("全部状态"), OfferStatus.choices)]
    return render(request, "partners/offers.html", _context(request, "offers", page=page, rows=rows,
                                                            filters=filters, q=g.get("q", "")))


@login_required
@workbench_required
@require_POST
def offer_action(request, pk, action):
    _user(request)
    offer = get_offer_for_user(request.user, pk)
    if not may_change_offer(request.user, offer):
        raise Http404
    try:
        if action == "publish":
            services.publish_offer(actor=request.user, offer=offer)
            messages.success(request, _("优惠已发布"))
        else:
            services.withdraw_offer(actor=request.user, offer=offer, reason=request.POST.get("reason", "")[:300])
            messages.success(request, _("优惠已撤下"))
    except ValidationError as e:
        _messages(request, e)
    back = request.POST.get("back")
    return redirect("partners:alliance", offer.member.alliance_id) if back == "alliance" else redirect("partners:offers")



# --- the resident's phone ---------------------------------------------------------------------------------------------

@login_required
def m_offers(request):
    """商家优惠: the offers in force of the alliances of the resident's community, by audience (e.g. 老年人)."""
    community = home_community(request.user)
    audience = request.GET.get("audience", "")
    if audience not in OfferAudience.values:
        audience = ""
    offers = (list(selectors.current_offers_near(community, audience=audience, today=clock.today()))
              if community is not None else [])
    return render(request, "partners/m_offers.html", {"community": community, "offers": offers,
                                                      "audience": audience, "audiences": OfferAudience.choices})
