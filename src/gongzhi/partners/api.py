"""社区合伙人 JSON API under /api/v1/partners: partners (apply, approve with the agreement, reject, end), partner
projects (create, publish, close), merchant alliances (create, add and remove members) and offers (create, publish,
withdraw).

Reads start from the scoped querysets; writes call the same services as the pages. Out of scope — or in sight but
not the user's to change — is 404; a refused change or bad input is 400 with a Chinese message. No person's phone or
name appears except the staff who applied or decided, which the pages show as well."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from gongzhi.core import limits
from gongzhi.core.listing import Presented
from gongzhi.core.schemas import Day, Id, id_query
from gongzhi.organisations.models import Organisation
from gongzhi.organisations.permissions import organisations_visible_to
from gongzhi.partners import selectors, services
from gongzhi.partners.models import AllianceMember, MerchantAlliance, Offer, Partner, PartnerProject
from gongzhi.partners.permissions import (
    get_alliance_for_user,
    get_member_for_user,
    get_offer_for_user,
    get_partner_for_user,
    get_project_for_user,
    may_change_offer,
    may_manage_alliance,
    uses_partner_pages,
)
from gongzhi.regions.models import RegionNode

router = Router(tags=["社区合伙人"])


# --- schemas ------------------------------------------------------------------------------------------------------

class PartnerOut(Schema):
    id: int
    community_id: int
    community_name: str
    organisation_id: int
    organisation_name: str
    kind: str
    kind_label: str
    status: str
    status_label: str
    gives: str
    gets: str
    applied_at: dt.datetime
    decided_at: dt.datetime | None
    decision_note: str
    agreement_start: dt.date | None
    agreement_end: dt.date | None
    ended_at: dt.datetime | None
    end_note: str


class NewOrganisationIn(Schema):
    name: limits.text(120)
    kind: limits.text(limits.CODE)
    contact_name: limits.text(limits.NAME) = ""
    contact_phone: limits.text(limits.CODE) = ""


class ApplyIn(Schema):
    community_id: Id
    organisation_id: Id | None = None
    new_organisation: NewOrganisationIn | None = None
    kind: limits.text(limits.CODE)
    gives: limits.text(limits.NOTE) = ""
    gets: limits.text(limits.NOTE) = ""


class ApproveIn(Schema):
    gives: limits.text(limits.NOTE) | None = None
    gets: limits.text(limits.NOTE) = ""
    agreement_start: Day | None = None
    agreement_end: Day | None = None
    note: limits.text(limits.SHORT_TEXT) = ""


class ReasonIn(Schema):
    reason: limits.text(limits.SHORT_TEXT) = ""


class ProjectOut(Schema):
    id: int
    partner_id: int
    organisation_name: str
    community_id: int
    title: str
    content: str
    beneficiaries: str
    beneficiaries_label: str
    starts_on: dt.date
    ends_on: dt.date | None
    status: str
    published_at: dt.datetime | None


class ProjectIn(Schema):
    partner_id: Id
    title: limits.text(120) = ""
    content: limits.text(limits.NOTE) = ""
    beneficiaries: limits.text(limits.CODE) = "all_residents"
    starts_on: Day | None = None
    ends_on: Day | None = None


class AllianceOut(Schema):
    id: int
    region_id: int
    region_name: str
    name: str
    founded_on: dt.date
    description: str
    current_members: int
    published_offers: int


class AllianceIn(Schema):
    region_id: Id
    name: limits.text(120) = ""
    founded_on: Day | None = None
    description: limits.text(limits.DESCRIPTION) = ""


class MemberOut(Schema):
    id: int
    alliance_id: int
    organisation_id: int
    organisation_name: str
    joined_on: dt.date
    left_on: dt.date | None


class MemberIn(Schema):
    organisation_id: Id
    joined_on: Day | None = None


class LeaveIn(Schema):
    left_on: Day | None = None


class OfferOut(Schema):
    id: int
    alliance_id: int
    member_id: int
    organisation_id: int
    organisation_name: str
    title: str
    description: str
    audience: str
    audience_label: str
    valid_from: dt.date
    valid_until: dt.date | None
    status: str
    published_at: dt.datetime | None


class OfferIn(Schema):
    member_id: Id
    title: limits.text(120) = ""
    description: limits.text(limits.NOTE) = ""
    audience: limits.text(limits.CODE) = "all"
    valid_from: Day | None = None
    valid_until: Day | None = None
    publish: bool = False


# --- presenters ---------------------------------------------------------------------------------------------------

def _partner(p: Partner) -> dict:
    return {"id": p.pk, "community_id": p.community_id, "community_name": p.community.name,
            "organisation_id": p.organisation_id, "organisation_name": p.organisation.name, "kind": p.kind,
            "kind_label": str(p.get_kind_display()), "status": p.status, "status_label": str(p.get_status_display()),
            "gives": p.gives, "gets": p.gets, "applied_at": p.applied_at, "decided_at": p.decided_at,
            "decision_note": p.decision_note, "agreement_start": p.agreement_start,
            "agreement_end": p.agreement_end, "ended_at": p.ended_at, "end_note": p.end_note}


def _project(p: PartnerProject) -> dict:
    return {"id": p.pk, "partner_id": p.partner_id, "organisation_name": p.partner.organisation.name,
            "community_id": p.partner.community_id, "title": p.title, "content": p.content,
            "beneficiaries": p.beneficiaries, "beneficiaries_label": str(p.get_beneficiaries_display()),
            "starts_on": p.starts_on, "ends_on": p.ends_on, "status": p.status, "published_at": p.published_at}


def _alliance(a: MerchantAlliance) -> dict:
    return {"id": a.pk, "region_id": a.region_id, "region_name": a.region.name, "name": a.name,
            "founded_on": a.founded_on, "description": a.description,
            "current_members": getattr(a, "current_members", 0), "published_offers": getattr(a, "published_offers", 0)}


def _member(m: AllianceMember) -> dict:
    return {"id": m.pk, "alliance_id": m.alliance_id, "organisation_id": m.organisation_id,
            "organisation_name": m.organisation.name, "joined_on": m.joined_on, "left_on": m.left_on}


def _offer(o: Offer) -> dict:
    return {"id": o.pk, "alliance_id": o.member.alliance_id, "member_id": o.member_id,
            "organisation_id": o.organisation_id, "organisation_name": o.organisation.name, "title": o.title,
            "description": o.description, "audience": o.audience, "audience_label": str(o.get_audience_display()),
            "valid_from": o.valid_from, "valid_until": o.valid_until, "status": o.status,
            "published_at": o.published_at}


def _user(request) -> None:
    if not uses_partner_pages(request.user):
        raise Http404


def _community(pk: int) -> RegionNode:
    return get_object_or_404(RegionNode, pk=pk, kind="community")


# --- partners -------------------------------------------------------------------------------------------------------

@router.get("/partners", response=list[PartnerOut], summary="社区合伙人与合伙申请（按类型、状态筛选）")
@paginate
def list_partners(request, kind: str = "", status: str = "", q: str = "", community_id: int | None = id_query()):
    _user(request)
    return Presented(selectors.partners(request.user, community=community_id, kind=kind, status=status, q=q),
                     _partner)


@router.get("/partners/{int:partner_id}", response=PartnerOut, summary="社区合伙人（协议与状态）")
def get_partner(request, partner_id: int):
    return _partner(get_partner_for_user(request.user, partner_id))


@router.post("/partners", response={201: PartnerOut},
             summary="申请成为社区合伙人（联络员为本单位申请；社区工作人员可为已登记单位或新单位登记申请）")
def apply(request, payload: ApplyIn):
    _user(request)
    community = _community(payload.community_id)
    organisation = None
    if payload.organisation_id is not None:
        organisation = get_object_or_404(
            Organisation.objects.filter(pk__in=organisations_visible_to(request.user).values("pk")),
            pk=payload.organisation_id)
    new = payload.new_organisation.dict() if payload.new_organisation is not None else None
    partner = services.apply(actor=request.user, community=community, organisation=organisation,
                             new_organisation=new, kind=payload.kind, gives=payload.gives, gets=payload.gets)
    return Status(201, _partner(get_partner_for_user(request.user, partner.pk)))


@router.post("/partners/{int:partner_id}/approve", response=PartnerOut, summary="批准入伙（合伙协议：提供、获得、期限）")
def approve(request, partner_id: int, payload: ApproveIn):
    partner = get_partner_for_user(request.user, partner_id, write=True)
    services.approve(actor=request.user, partner=partner, **payload.dict())
    return _partner(get_partner_for_user(request.user, partner_id))


@router.post("/partners/{int:partner_id}/reject", response=PartnerOut, summary="合伙申请不予通过（须写明理由）")
def reject(request, partner_id: int, payload: ReasonIn):
    partner = get_partner_for_user(request.user, partner_id, write=True)
    services.reject(actor=request.user, partner=partner, reason=payload.reason)
    return _partner(get_partner_for_user(request.user, partner_id))


@router.post("/partners/{int:partner_id}/end", response=PartnerOut, summary="合伙人退出（结束合伙关系）")
def end(request, partner_id: int, payload: ReasonIn):
    partner = get_partner_for_user(request.user, partner_id, write=True)
    services.end(actor=request.user, partner=partner, reason=payload.reason)
    return _partner(get_partner_for_user(request.user, partner_id))


# --- partner projects --------------------------------------------------------------------------------------------------

@router.get("/projects", response=list[ProjectOut], summary="合伙人项目清单")
@paginate
def list_projects(request, status: str = "", q: str = "", partner_id: int | None = id_query()):
    _user(request)
    return Presented(selectors.projects(request.user, partner=partner_id, status=status, q=q), _project)


@router.post("/projects", response={201: ProjectOut}, summary="登记合伙人项目（草稿，社区审核后公开）")
def create_project(request, payload: ProjectIn):
    partner = get_partner_for_user(request.user, payload.partner_id)
    data = payload.dict()
    data.pop("partner_id")
    project = services.create_project(actor=request.user, partner=partner, **data)
    return Status(201, _project(get_project_for_user(request.user, project.pk)))


@router.post("/projects/{int:project_id}/publish", response=ProjectOut, summary="公开合伙人项目（到社区公示栏）")
def publish_project(request, project_id: int):
    project = get_project_for_user(request.user, project_id)
    services.publish_project(actor=request.user, project=project)
    return _project(get_project_for_user(request.user, project_id))


@router.post("/projects/{int:project_id}/close", response=ProjectOut, summary="合伙人项目结项")
def close_project(request, project_id: int):
    project = get_project_for_user(request.user, project_id)
    services.close_project(actor=request.user, project=project)
    return _project(get_project_for_user(request.user, project_id))


# --- merchant alliances ---------------------------------------------------------------------------------------------------

@router.get("/alliances", response=list[AllianceOut], summary="商家联盟")
@paginate
def list_alliances(request):
    _user(request)
    return Presented(selectors.alliances(request.user), _alliance)


@router.get("/alliances/{int:alliance_id}", response=AllianceOut, summary="商家联盟")
def get_alliance(request, alliance_id: int):
    alliance = get_alliance_for_user(request.user, alliance_id)
    return _alliance(selectors.alliances(request.user).get(pk=alliance.pk))


@router.post("/alliances", response={201: AllianceOut}, summary="成立商家联盟（街道或社区）")
def create_alliance(request, payload: AllianceIn):
    _user(request)
    region = get_object_or_404(RegionNode, pk=payload.region_id)
    if not request.user.scope.covers(region.path):
        raise Http404
    alliance = services.create_alliance(actor=request.user, region=region, name=payload.name,
                                        founded_on=payload.founded_on, description=payload.description)
    return Status(201, _alliance(selectors.alliances(request.user).get(pk=alliance.pk)))


@router.get("/alliances/{int:alliance_id}/members", response=list[MemberOut], summary="联盟成员（含已退出）")
def list_members(request, alliance_id: int):
    alliance = get_alliance_for_user(request.user, alliance_id)
    return [_member(m) for m in selectors.members_of(alliance)]


@router.post("/alliances/{int:alliance_id}/members", response={201: MemberOut}, summary="商户加入联盟")
def add_member(request, alliance_id: int, payload: MemberIn):
    alliance = get_alliance_for_user(request.user, alliance_id, write=True)
    organisation = get_object_or_404(
        Organisation.objects.filter(pk__in=organisations_visible_to(request.user).values("pk")),
        pk=payload.organisation_id)
    member = services.add_member(actor=request.user, alliance=alliance, organisation=organisation,
                                 joined_on=payload.joined_on)
    return Status(201, _member(member))


@router.post("/members/{int:member_id}/leave", response=MemberOut, summary="商户退出联盟（其在发布的优惠一并撤下）")
def leave(request, member_id: int, payload: LeaveIn):
    member = get_member_for_user(request.user, member_id)
    if not may_manage_alliance(request.user, member.alliance):
        raise Http404
    member = services.remove_member(actor=request.user, member=member, left_on=payload.left_on)
    return _member(get_member_for_user(request.user, member.pk))


# --- offers -------------------------------------------------------------------------------------------------------------

@router.get("/offers", response=list[OfferOut], summary="商家优惠（已发布的对所有登录用户可见）")
@paginate
def list_offers(request, audience: str = "", status: str = "", q: str = "", alliance_id: int | None = id_query()):
    return Presented(selectors.offers(request.user, alliance=alliance_id, audience=audience, status=status, q=q),
                     _offer)


@router.get("/offers/{int:offer_id}", response=OfferOut, summary="商家优惠")
def get_offer(request, offer_id: int):
    return _offer(get_offer_for_user(request.user, offer_id))


@router.post("/offers", response={201: OfferOut}, summary="登记商家优惠（publish=true 立即发布）")
def create_offer(request, payload: OfferIn):
    member = get_member_for_user(request.user, payload.member_id)
    data = payload.dict()
    data.pop("member_id")
    offer = services.create_offer(actor=request.user, member=member, **data)
    return Status(201, _offer(get_offer_for_user(request.user, offer.pk)))


@router.post("/offers/{int:offer_id}/publish", response=OfferOut, summary="发布商家优惠")
def publish_offer(request, offer_id: int):
    offer = get_offer_for_user(request.user, offer_id)
    if not may_change_offer(request.user, offer):
        raise Http404
    services.publish_offer(actor=request.user, offer=offer)
    return _offer(get_offer_for_user(request.user, offer_id))


@router.post("/offers/{int:offer_id}/withdraw", response=OfferOut, summary="撤下商家优惠")
def withdraw_offer(request, offer_id: int, payload: ReasonIn):
    offer = get_offer_for_user(request.user, offer_id)
    if not may_change_offer(request.user, offer):
        raise Http404
    services.withdraw_offer(actor=request.user, offer=offer, reason=payload.reason)
    return _offer(get_offer_for_user(request.user, offer_id))
