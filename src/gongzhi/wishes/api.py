"""The micro-wishes JSON API under /api/v1/wishes: the public wall (no login), the wishes in the user's scope, her
own wishes and claims, and every transition (post, review, claim, fulfil, confirm, thank, withdraw, release …).

Reads start from the scoped querysets; writes call the same services as the pages. Out of scope — or in sight but
not the user's to change — is 404; a refused state change or bad input is 400 with a message. Names and phone
numbers appear only where the page would show them (`permissions.may_see_resident`, `shown_phone`)."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from gongzhi.core import limits
from gongzhi.core.listing import Presented
from gongzhi.core.schemas import Id, id_query
from gongzhi.organisations.models import Organisation
from gongzhi.people.permissions import people_visible_to, shown_phone
from gongzhi.regions.models import RegionKind, RegionNode
from gongzhi.wishes import services
from gongzhi.wishes.models import HOLDING_CLAIM_STATUSES, Wish, WishClaim
from gongzhi.wishes.permissions import get_wish_for_user, may_see_resident, wish_view
from gongzhi.wishes.selectors import claims_of, holding, my_claims, my_wishes, timeline, wall, wish_list

router = Router(tags=["微心愿"])


# --- schemas ------------------------------------------------------------------------------------------------------

class WishClaimOut(Schema):
    id: int
    kind: str
    claimant: str  # the public label: a unit's name, "在职党员（单位）" or "社区志愿者"
    organisation_id: int | None
    status: str
    claimed_at: dt.datetime
    deadline: dt.date
    overdue_at: dt.datetime | None
    fulfilled_at: dt.datetime | None
    fulfilment_note: str
    has_photo: bool


class WallWishOut(Schema):
    id: int
    who: str  # "一位独居老人"
    wording: str
    status: str
    status_label: str
    published_at: dt.datetime | None
    claimant: str | None
    confirmed_at: dt.datetime | None
    thanks_note: str


class WallOut(Schema):
    community_id: int
    community_name: str
    counts: dict[str, int]
    open: list[WallWishOut]
    in_progress: list[WallWishOut]
    confirmed: list[WallWishOut]


class WishOut(Schema):
    id: int
    community_id: int
    community_name: str
    beneficiary: str
    who: str
    public_title: str
    status: str
    channel: str
    claim_days: int | None
    posted_at: dt.datetime
    published_at: dt.datetime | None
    confirmed_at: dt.datetime | None
    thanks_note: str
    claim: WishClaimOut | None


class ResidentOut(Schema):
    name: str
    phone: str


class WishEventOut(Schema):
    action: str
    label: str
    from_status: str
    to_status: str
    at: dt.datetime
    note: str


class WishDetailOut(WishOut):
    title: str | None  # the resident's own words: staff in scope and the resident
    story: str | None
    review_reason: str
    resident: ResidentOut | None
    events: list[WishEventOut]


class WishIn(Schema):
    title: limits.text(60)
    beneficiary: limits.text(limits.CODE)
    story: limits.text(1000) = ""
    resident_id: Id | None = None  # staff posting on a resident's behalf
    channel: limits.text(limits.CODE) = ""  # window | grid_visit | phone_call (staff)


class WishReviewIn(Schema):
    decision: limits.text(limits.CODE)  # approve | reject
    reason: limits.text(300) = ""
    public_title: limits.text(60) = ""


class WishClaimIn(Schema):
    kind: limits.text(limits.CODE) = ""  # unit | party_member | volunteer, when the user may claim in several capacities
    organisation_id: Id | None = None


class WishReasonIn(Schema):
    reason: limits.text(300) = ""


class ThanksIn(Schema):
    note: limits.text(200)


class DaysIn(Schema):
    days: int


class WordingIn(Schema):
    public_title: limits.text(60)


class PolicyIn(Schema):
    community_id: Id
    days: int


# --- presenting ---------------------------------------------------------------------------------------------------

def _claim(claim: WishClaim | None) -> dict | None:
    if claim is None:
        return None
    return {"id": claim.pk, "kind": claim.kind, "claimant": claim.public_label, "organisation_id": claim.organisation_id,
            "status": claim.status, "claimed_at": claim.claimed_at, "deadline": claim.deadline,
            "overdue_at": claim.overdue_at, "fulfilled_at": claim.fulfilled_at,
            "fulfilment_note": claim.fulfilment_note, "has_photo": bool(claim.photo)}


def _wall_wish(wish: Wish) -> dict:
    claim = holding(wish)
    return {"id": wish.pk, "who": wish.public_phrase, "wording": wish.public_wording, "status": wish.status,
            "status_label": str(wish.get_status_display()), "published_at": wish.published_at,
            "claimant": claim.public_label if claim else None, "confirmed_at": wish.confirmed_at,
            "thanks_note": wish.thanks_note}


def _wish(wish: Wish, claim: WishClaim | None = None) -> dict:
    return {"id": wish.pk, "community_id": wish.community_id, "community_name": wish.community.name,
            "beneficiary": wish.beneficiary, "who": wish.public_phrase, "public_title": wish.public_wording
            if wish.public_title else "", "status": wish.status, "channel": wish.channel,
            "claim_days": wish.claim_days, "posted_at": wish.posted_at, "published_at": wish.published_at,
            "confirmed_at": wish.confirmed_at, "thanks_note": wish.thanks_note,
            "claim": _claim(claim if claim is not None else holding(wish))}


def _detail(user, wish: Wish, claim: WishClaim | None = None, events=None) -> dict:
    """A wish with its timeline; `claim` and `events` when the caller has them loaded already (lists)."""
    if events is None:
        claim = next((c for c in claims_of(wish) if c.status in HOLDING_CLAIM_STATUSES), None)
        events = timeline(wish)
    view = wish_view(user, wish)
    return {**_wish(wish, claim), "title": view.text_of(wish.title) if view.own_words else None,
            "story": view.text_of(wish.story) if view.own_words else None,
            "review_reason": view.text_of(wish.review_reason) if view.notes else "",
            "resident": {"name": wish.resident.name, "phone": shown_phone(user, wish.resident)}
            if may_see_resident(user, wish, claim) else None,
            "events": view.events(events)}


def _reloaded(user, wish: Wish) -> dict:
    return _detail(user, get_wish_for_user(user, wish.pk))


# --- the public wall ----------------------------------------------------------------------------------------------

@router.get("/wall/{int:community_id}", response=WallOut, auth=None, summary="社区微心愿墙（公开，不含个人信息）")
def get_wall(request, community_id: int):
    community = get_object_or_404(RegionNode, pk=community_id, kind=RegionKind.COMMUNITY)
    data = wall(community)
    return {"community_id": community.pk, "community_name": community.name, "counts": data["counts"],
            "open": [_wall_wish(w) for w in data["open"]],
            "in_progress": [_wall_wish(w) for w in data["in_progress"]],
            "confirmed": [_wall_wish(w) for w in data["confirmed"]]}


# --- reading ------------------------------------------------------------------------------------------------------

@router.get("", response=list[WishOut], summary="心愿列表（本人范围内；overdue=1 逾期未完成，mine=1 本人或本单位认领）")
@paginate
def list_wishes(request, q: str = "", status: str = "", beneficiary: str = "", overdue: str = "", mine: str = "",
                community_id: int | None = id_query()):
    return Presented(wish_list(request.user, q=q, status=status, beneficiary=beneficiary, overdue=overdue,
                               mine=mine, community=community_id), _wish)


@router.get("/mine", response=list[WishDetailOut], summary="我的心愿（居民本人），含办理进展")
def list_my_wishes(request):
    return [_detail(request.user, w, holding(w), w.events.all())
            for w in my_wishes(request.user).select_related("resident__home")]


@router.get("/claimed", response=list[WishOut], summary="我认领的心愿（本人或本单位）")
def list_my_claims(request):
    return [_wish(c.wish, c) for c in my_claims(request.user)]


@router.get("/{int:wish_id}", response=WishDetailOut, summary="心愿详情及办理进展")
def get_wish(request, wish_id: int):
    return _detail(request.user, get_wish_for_user(request.user, wish_id))


# --- writing ------------------------------------------------------------------------------------------------------

@router.post("", response={201: WishDetailOut}, summary="许愿（居民本人；社区工作人员、网格员代居民许愿须给 resident_id 和 channel）")
def post_wish(request, payload: WishIn):
    resident = None
    if payload.resident_id is not None:
        resident = people_visible_to(request.user).filter(pk=payload.resident_id).select_related("home").first()
        if resident is None:
            raise Http404
    wish = services.post_wish(actor=request.user, title=payload.title, beneficiary=payload.beneficiary,
                story=payload.story, resident=resident, channel=payload.channel)
    return Status(201, _reloaded(request.user, wish))


@router.post("/{int:wish_id}/review", response=WishDetailOut, summary="审核：通过上墙（可修改公开表述）或不通过（须说明理由）")
def review_wish(request, wish_id: int, payload: WishReviewIn):
    wish = get_wish_for_user(request.user, wish_id, write=True)
    services.review_wish(actor=request.user, wish=wish, decision=payload.decision, reason=payload.reason,
         public_title=payload.public_title)
    return _reloaded(request.user, wish)


@router.post("/{int:wish_id}/wording", response=WishDetailOut, summary="修改心愿墙上的公开表述")
def reword_wish(request, wish_id: int, payload: WordingIn):
    wish = get_wish_for_user(request.user, wish_id, write=True)
    services.reword_wish(actor=request.user, wish=wish, public_title=payload.public_title)
    return _reloaded(request.user, wish)


@router.post("/{int:wish_id}/claim", response={201: WishClaimOut}, summary="认领心愿（独占：已被认领时返回 400）")
def claim_wish(request, wish_id: int, payload: WishClaimIn):
    wish = get_wish_for_user(request.user, wish_id)
    organisation = None
    if payload.organisation_id is not None:
        organisation = Organisation.objects.select_related("home").filter(pk=payload.organisation_id).first()
        if organisation is None:
            raise Http404
    claim = services.claim_wish(actor=request.user, wish=wish, kind=payload.kind, organisation=organisation)
    return Status(201, _claim(WishClaim.objects.select_related("organisation", "party_member__work_unit")
                              .get(pk=claim.pk)))


@router.post("/{int:wish_id}/fulfil", response=WishDetailOut, summary="认领方登记心愿已完成（可附一张 JPG/PNG 照片，≤5MB）")
def fulfil_wish(request, wish_id: int, note: Form[limits.text(1000)], photo: File[UploadedFile] = None):
    wish = get_wish_for_user(request.user, wish_id)
    services.record_fulfilment(actor=request.user, wish=wish, note=note, photo=photo)
    return _reloaded(request.user, wish)


@router.post("/{int:wish_id}/give-up", response=WishDetailOut, summary="认领方放弃认领，心愿重新上墙")
def give_up(request, wish_id: int, payload: WishReasonIn):
    wish = get_wish_for_user(request.user, wish_id)
    services.give_up_claim(actor=request.user, wish=wish, reason=payload.reason)
    return _reloaded(request.user, wish)


@router.post("/{int:wish_id}/confirm", response=WishDetailOut, summary="确认心愿实现（居民本人；社区代为确认须说明原因）")
def confirm_wish(request, wish_id: int, payload: WishReasonIn):
    wish = get_wish_for_user(request.user, wish_id)
    services.confirm_fulfilment(actor=request.user, wish=wish, reason=payload.reason)
    return _reloaded(request.user, wish)


@router.post("/{int:wish_id}/thank", response=WishDetailOut, summary="居民留言致谢（显示在心愿墙上）")
def thank(request, wish_id: int, payload: ThanksIn):
    wish = get_wish_for_user(request.user, wish_id)
    services.thank(actor=request.user, wish=wish, note=payload.note)
    return _reloaded(request.user, wish)


@router.post("/{int:wish_id}/withdraw", response=WishDetailOut, summary="撤回尚未被认领的心愿")
def withdraw_wish(request, wish_id: int, payload: WishReasonIn):
    wish = get_wish_for_user(request.user, wish_id)
    services.withdraw_wish(actor=request.user, wish=wish, reason=payload.reason)
    return _reloaded(request.user, wish)


@router.post("/{int:wish_id}/release", response=WishDetailOut, summary="社区收回逾期的认领，心愿重新上墙")
def release_claim(request, wish_id: int, payload: WishReasonIn):
    wish = get_wish_for_user(request.user, wish_id, write=True)
    services.release_claim(actor=request.user, wish=wish, reason=payload.reason)
    return _reloaded(request.user, wish)


@router.post("/{int:wish_id}/days", response=WishDetailOut, summary="调整该心愿认领后的完成天数")
def set_days(request, wish_id: int, payload: DaysIn):
    wish = get_wish_for_user(request.user, wish_id, write=True)
    services.set_wish_claim_days(actor=request.user, wish=wish, days=payload.days)
    return _reloaded(request.user, wish)


@router.post("/policy", response=dict[str, int], summary="设置社区默认的认领完成天数")
def set_policy(request, payload: PolicyIn):
    community = get_object_or_404(RegionNode, pk=payload.community_id, kind=RegionKind.COMMUNITY)
    policy = services.set_community_claim_days(actor=request.user, community=community, days=payload.days)
    return {"community_id": community.pk, "days": policy.claim_days}
