"""The lists' JSON API under /api/v1/lists: needs (submit, review, close, claim), resources (register,
withdraw, claim), activities, claims (fulfil, withdraw) and the category taxonomy.

Reads start from the scoped querysets; writes call the same services as the pages. Out of scope — or in
sight but not the user's to change — is 404; a refused state change or bad input is 400 with a message."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from gongzhi.core import limits
from gongzhi.core.schemas import Day, Id, Moment, id_query
from gongzhi.lists import services
from gongzhi.lists.models import Category, Claim, Urgency
from gongzhi.lists.permissions import (
    get_activity_for_user,
    get_claim_for_user,
    get_need_for_user,
    get_resource_for_user,
    need_proposer,
    needs_visible_to,
    resources_visible_to,
)
from gongzhi.lists.selectors import (
    active_categories,
    activity_list,
    claim_list,
    claims_of,
    need_list,
    need_status_counts,
    resource_list,
)
from gongzhi.organisations.models import Organisation
from gongzhi.people.models import VolunteerTeam
from gongzhi.people.permissions import shown_text_of
from gongzhi.regions.models import RegionKind, RegionNode

router = Router(tags=["lists"])


# --- schemas ----------------------------------------------------------------------------------------------

class ListCategoryOut(Schema):
    id: int
    code: str
    name: str
    keywords: str


class ListClaimOut(Schema):
    id: int
    need_id: int | None
    resource_id: int | None
    side: str
    organisation_id: int | None
    organisation_name: str | None
    deadline: dt.date
    note: str
    status: str
    claimed_at: dt.datetime
    closed_at: dt.datetime | None

    @staticmethod
    def resolve_organisation_name(obj) -> str | None:
        return obj.organisation.name if obj.organisation_id else None


class ItemOut(Schema):
    id: int
    title: str
    description: str
    category: str
    category_name: str
    side: str
    organisation_id: int | None
    organisation_name: str | None
    community_id: int
    community_name: str
    beneficiaries: list[str]
    year: int
    status: str

    @staticmethod
    def resolve_category(obj) -> str:
        return obj.category.code

    @staticmethod
    def resolve_category_name(obj) -> str:
        return obj.category.name

    @staticmethod
    def resolve_organisation_name(obj) -> str | None:
        return obj.organisation.name if obj.organisation_id else None

    @staticmethod
    def resolve_community_name(obj) -> str:
        return obj.community.name


class NeedOut(ItemOut):
    proposer: str = ""  # 提出方: the unit, the resident (masked per role) or the community
    place_id: int | None
    scale: int | None
    urgency: str
    channel: str
    review_reason: str
    merged_into_id: int | None
    created_at: dt.datetime
    published_at: dt.datetime | None

    @staticmethod
    def resolve_proposer(obj, context) -> str:
        return need_proposer(context["request"].user, obj)

    @staticmethod
    def resolve_title(obj, context) -> str:
        return shown_text_of(context["request"].user, obj, obj.title)

    @staticmethod
    def resolve_description(obj, context) -> str:
        return shown_text_of(context["request"].user, obj, obj.description)


class NeedDetailOut(NeedOut):
    claims: list[ListClaimOut]

    @staticmethod
    def resolve_claims(obj) -> list:
        return list(claims_of(obj))


class ResourceOut(ItemOut):
    times_per_year: int | None
    people_per_session: int | None
    place: str
    schedule: str
    cost: str
    created_at: dt.datetime


class ResourceDetailOut(ResourceOut):
    claims: list[ListClaimOut]

    @staticmethod
    def resolve_claims(obj) -> list:
        return list(claims_of(obj))


class ActivityOut(Schema):
    id: int
    title: str
    description: str
    category: str
    community_id: int
    starts_at: dt.datetime
    place: str
    organiser_id: int | None
    resource_ids: list[int]
    need_ids: list[int]
    ends_at: dt.datetime | None
    organiser_team_id: int | None
    recruitment: str
    quota: int | None
    cancel_cutoff_hours: int

    @staticmethod
    def resolve_category(obj) -> str:
        return obj.category.code

    @staticmethod
    def resolve_resource_ids(obj) -> list[int]:
        return [r.pk for r in obj.resources.all()]

    @staticmethod
    def resolve_need_ids(obj) -> list[int]:
        return [n.pk for n in obj.needs.all()]


class NeedIn(Schema):
    title: limits.text(120)
    category: limits.text(limits.CODE)  # category code, e.g. "medical"
    community_id: Id | None = None  # residents: their own community by default
    organisation_id: Id | None = None  # a unit's need of the community
    channel: limits.text(limits.CODE) = ""
    description: limits.text(limits.DESCRIPTION) = ""
    beneficiaries: list[limits.text(limits.CODE)] = []
    place_id: Id | None = None
    scale: int | None = None
    urgency: limits.text(limits.CODE) = Urgency.NORMAL


class ListReviewIn(Schema):
    decision: limits.text(limits.CODE)  # approve | reject | merge
    reason: limits.text(300) = ""
    merge_into_id: Id | None = None


class ListClaimIn(Schema):
    deadline: Day
    note: limits.text(300) = ""
    organisation_id: Id | None = None  # a liaison speaking for several units names the one claiming


class ResourceIn(Schema):
    title: limits.text(120)
    category: limits.text(limits.CODE)
    organisation_id: Id | None = None  # None: the community's own resource
    community_id: Id | None = None
    description: limits.text(limits.DESCRIPTION) = ""
    beneficiaries: list[limits.text(limits.CODE)] = []
    times_per_year: int | None = None
    people_per_session: int | None = None
    place: limits.text(120) = ""
    schedule: limits.text(120) = ""
    cost: limits.text(limits.CODE) = "free"


class ActivityIn(Schema):
    community_id: Id
    title: limits.text(120)
    category: limits.text(limits.CODE)
    starts_at: Moment
    place: limits.text(120)
    description: limits.text(limits.DESCRIPTION) = ""
    organiser_id: Id | None = None
    resource_ids: list[Id] = []
    need_ids: list[Id] = []
    ends_at: Moment | None = None
    organiser_team_id: Id | None = None
    recruitment: limits.text(limits.CODE) = "none"  # none | open | team (the organising team's members only)
    quota: int | None = None
    cancel_cutoff_hours: int = 2


# --- resolving ids in the input ---------------------------------------------------------------------------

def _category(code: str) -> Category:
    category = active_categories().filter(code=code).first()
    if category is None:
        raise ValidationError({"category": _("未知的服务类别：%(c)s") % {"c": code}})
    return category


def _team(pk: int | None) -> VolunteerTeam | None:
    if pk is None:
        return None
    team = VolunteerTeam.objects.filter(pk=pk).first()
    if team is None:
        raise ValidationError({"organiser_team": _("志愿服务队不存在")})
    return team


def _community(pk: int | None) -> RegionNode | None:
    if pk is None:
        return None
    community = RegionNode.objects.filter(pk=pk, kind=RegionKind.COMMUNITY).first()
    if community is None:
        raise Http404
    return community


def _organisation(pk: int | None) -> Organisation | None:
    if pk is None:
        return None
    organisation = Organisation.objects.select_related("home").filter(pk=pk).first()
    if organisation is None:
        raise Http404
    return organisation


# --- categories -------------------------------------------------------------------------------------------

@router.get("/categories", response=list[ListCategoryOut], summary="服务类别")
def list_categories(request):
    return active_categories()


# --- needs ------------------------------------------------------------------------------------------------

@router.get("/needs", response=list[NeedOut], summary="需求清单（本人范围内）")
@paginate
def list_needs(request, q: str = "", status: str = "", category: str = "", side: str = "", year: int | None = None,
               community_id: int | None = id_query()):
    return need_list(request.user, q=q, status=status, category=category, side=side, year=year,
                     community=community_id)


@router.get("/needs/counts", response=dict[str, int], summary="各状态需求数（待审核队列：submitted）")
def count_needs(request, year: int | None = None):
    return need_status_counts(request.user, year=year)


@router.post("/needs", response={201: NeedOut}, summary="提出需求（社区工作人员/网格员代居民登记、居民本人、单位联络员）")
def submit_need(request, payload: NeedIn):
    community = _community(payload.community_id)
    place = None
    if payload.place_id is not None:
        place = RegionNode.objects.filter(pk=payload.place_id).first()
        if place is None:
            raise ValidationError({"place": _("地点不存在")})
    need = services.submit_need(actor=request.user, title=payload.title, category=_category(payload.category),
                community=community, organisation=_organisation(payload.organisation_id), channel=payload.channel,
                description=payload.description, beneficiaries=payload.beneficiaries, place=place,
                scale=payload.scale, urgency=payload.urgency)
    return Status(201, need)


@router.get("/needs/{need_id}", response=NeedDetailOut, summary="需求详情及其认领")
def get_need(request, need_id: int):
    return get_need_for_user(request.user, need_id)


@router.post("/needs/{need_id}/review", response=NeedOut, summary="审核需求：采纳公布、不采纳（须说明理由）、合并重复需求")
def review_need(request, need_id: int, payload: ListReviewIn):
    need = get_need_for_user(request.user, need_id, write=True)
    target = None
    if payload.merge_into_id is not None:
        target = needs_visible_to(request.user).filter(pk=payload.merge_into_id).first()
        if target is None:
            raise ValidationError({"merge_into": _("要合并到的需求不存在")})
    return services.review_need(actor=request.user, need=need, decision=payload.decision,
                reason=payload.reason, merge_into=target)


@router.post("/needs/{need_id}/close", response=NeedOut, summary="需求已完成")
def close_need(request, need_id: int):
    need = get_need_for_user(request.user, need_id)
    return services.close_need(actor=request.user, need=need)


@router.post("/needs/{need_id}/claims", response={201: ListClaimOut}, summary="认领需求（双向认领，须设完成时限）")
def claim_need(request, need_id: int, payload: ListClaimIn):
    need = get_need_for_user(request.user, need_id)
    made = services.claim(actor=request.user, need=need, deadline=payload.deadline, note=payload.note,
                organisation=_organisation(payload.organisation_id))
    return Status(201, made)


# --- resources --------------------------------------------------------------------------------------------

@router.get("/resources", response=list[ResourceOut], summary="资源清单（本人范围内）")
@paginate
def list_resources(request, q: str = "", status: str = "", category: str = "", side: str = "",
                   year: int | None = None, community_id: int | None = id_query()):
    return resource_list(request.user, q=q, status=status, category=category, side=side, year=year,
                         community=community_id)


@router.post("/resources", response={201: ResourceOut}, summary="登记资源（单位联络员；社区工作人员登记社区自有或本社区单位的资源）")
def register_resource(request, payload: ResourceIn):
    resource = services.register_resource(actor=request.user, title=payload.title,
                    category=_category(payload.category), organisation=_organisation(payload.organisation_id),
                    community=_community(payload.community_id), description=payload.description,
                    beneficiaries=payload.beneficiaries, times_per_year=payload.times_per_year,
                    people_per_session=payload.people_per_session, place=payload.place,
                    schedule=payload.schedule, cost=payload.cost)
    return Status(201, resource)


@router.get("/resources/{resource_id}", response=ResourceDetailOut, summary="资源详情及其认领")
def get_resource(request, resource_id: int):
    return get_resource_for_user(request.user, resource_id)


@router.post("/resources/{resource_id}/withdraw", response=ResourceOut, summary="撤回资源")
def withdraw_resource(request, resource_id: int):
    resource = get_resource_for_user(request.user, resource_id, write=True)
    return services.withdraw_resource(actor=request.user, resource=resource)


@router.post("/resources/{resource_id}/claims", response={201: ListClaimOut}, summary="认领资源（双向认领，须设完成时限）")
def claim_resource(request, resource_id: int, payload: ListClaimIn):
    resource = get_resource_for_user(request.user, resource_id)
    made = services.claim(actor=request.user, resource=resource, deadline=payload.deadline,
                note=payload.note, organisation=_organisation(payload.organisation_id))
    return Status(201, made)


# --- activities -------------------------------------------------------------------------------------------

@router.get("/activities", response=list[ActivityOut], summary="活动清单（本人范围内）")
@paginate
def list_activities(request, q: str = "", category: str = "", year: int | None = None,
                    community_id: int | None = id_query()):
    return activity_list(request.user, q=q, category=category, year=year, community=community_id)


@router.post("/activities", response={201: ActivityOut}, summary="新增活动（社区工作人员；只关联本社区的资源与需求）")
def create_activity(request, payload: ActivityIn):
    resources = list(resources_visible_to(request.user).filter(pk__in=payload.resource_ids))
    needs = list(needs_visible_to(request.user).filter(pk__in=payload.need_ids))
    if len(resources) != len(set(payload.resource_ids)):
        raise ValidationError({"resources": _("资源不存在")})
    if len(needs) != len(set(payload.need_ids)):
        raise ValidationError({"needs": _("需求不存在")})
    activity = services.create_activity(actor=request.user, community=_community(payload.community_id),
                    title=payload.title, category=_category(payload.category), starts_at=payload.starts_at,
                    place=payload.place, description=payload.description,
                    organiser=_organisation(payload.organiser_id), resources=resources, needs=needs,
                    ends_at=payload.ends_at, organiser_team=_team(payload.organiser_team_id),
                    recruitment=payload.recruitment, quota=payload.quota,
                    cancel_cutoff_hours=payload.cancel_cutoff_hours)
    return Status(201, activity)


@router.get("/activities/{activity_id}", response=ActivityOut, summary="活动详情")
def get_activity(request, activity_id: int):
    return get_activity_for_user(request.user, activity_id)


# --- claims -----------------------------------------------------------------------------------------------

@router.get("/claims", response=list[ListClaimOut], summary="认领（direction=mine 我方认领，theirs 对方认领我方事项，空为全部可见）")
@paginate
def list_claims(request, direction: str = "mine", status: str = "", q: str = ""):
    return claim_list(request.user, direction=direction, status=status, q=q)


@router.post("/claims/{claim_id}/fulfil", response=ListClaimOut, summary="认领事项已兑现")
def fulfil_claim(request, claim_id: int):
    found: Claim = get_claim_for_user(request.user, claim_id)
    return services.fulfil_claim(actor=request.user, claim=found)


@router.post("/claims/{claim_id}/withdraw", response=ListClaimOut, summary="撤回认领")
def withdraw_claim(request, claim_id: int):
    found: Claim = get_claim_for_user(request.user, claim_id)
    return services.withdraw_claim(actor=request.user, claim=found)

