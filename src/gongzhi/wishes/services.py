"""Every write to micro-wishes: posting, review, the public wording, withdrawal, exclusive claims with a deadline,
the overdue sweep, release, fulfilment with photo evidence, confirmation and the thank-you note.

Each service takes keyword-only arguments, runs in one transaction, checks the actor's permission
(PermissionDenied) and the wish's state (ValidationError with a Chinese message) on a locked row, makes the
change, writes a `WishEvent` (from, to, actor, at, note) and records the change in the chronicle. Chronicle data
holds codes and ids, never names, phone numbers or the resident's words.

`actor` None means the system itself (the sweep, imports): permission checks are skipped, state checks are not.
Claims, fulfilment, confirmation and thanks always name a user."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongzhi.chronicle.services import record
from gongzhi.core import clock
from gongzhi.core.checks import collect_text, require
from gongzhi.core.privacy import scrub
from gongzhi.core.uploads import JPEG_PNG, read_checked
from gongzhi.people.models import Person
from gongzhi.regions.models import RegionKind, RegionNode
from gongzhi.wishes.models import (
    DEFAULT_CLAIM_DAYS,
    HELD_STATUSES,
    HOLDING_CLAIM_STATUSES,
    MAX_CLAIM_DAYS,
    PUBLIC_STATUSES,
    Beneficiary,
    Channel,
    ClaimKind,
    ClaimStatus,
    CommunityWishPolicy,
    Wish,
    WishClaim,
    WishEvent,
    WishStatus,
)
from gongzhi.wishes.permissions import (
    claim_options,
    community_of,
    is_claimant,
    is_owner,
    may_confirm,
    may_manage_policy,
    may_post_for,
    may_review,
    may_withdraw,
)

# A resident has at most this many wishes in progress (submitted, on the wall, claimed, awaiting confirmation).
MAX_OPEN_WISHES = 3
IN_PROGRESS = (WishStatus.SUBMITTED, WishStatus.OPEN, WishStatus.CLAIMED, WishStatus.OVERDUE, WishStatus.FULFILLED)
STAFF_CHANNELS = (Channel.WINDOW, Channel.GRID_VISIT, Channel.PHONE_CALL)
PHOTO_EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png"}
ALREADY_CLAIMED = gettext_lazy("该心愿已被认领")


# --- shared steps ----------------------------------------------------------------------------------------------

def _lock(wish: Wish) -> Wish:
    """Lock the wish's row and re-read it onto the caller's instance (so the caller sees the transition)."""
    wish.refresh_from_db(from_queryset=Wish.objects.select_for_update())
    return wish


def _expect(wish: Wish, allowed, message: str) -> None:
    if wish.status not in allowed:
        raise ValidationError(message % {"s": wish.get_status_display()})


def _event(wish: Wish, action: str, actor, from_status: str, *, note: str = "", data: dict | None = None) -> None:
    """The transition row and the chronicle entry of one change."""
    WishEvent.objects.create(wish=wish, action=action, from_status=from_status, to_status=wish.status, actor=actor,
                             at=clock.now(), note=(note or "")[:300])
    record(wish, f"wish.{action}", actor, {"from": from_status, "to": wish.status, **(data or {})})


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def holding_claim(wish: Wish) -> WishClaim | None:
    """The claim that holds the wish (active, or done and awaiting confirmation)."""
    return (WishClaim.objects.filter(wish=wish, status__in=HOLDING_CLAIM_STATUSES)
            .select_related("organisation", "party_member__work_unit").first())


def claim_days_for(wish: Wish) -> int:
    """The wish's own claim period, else its community's default, else 14 days."""
    if wish.claim_days:
        return wish.claim_days
    policy = CommunityWishPolicy.objects.filter(community_id=wish.community_id).first()
    return policy.claim_days if policy else DEFAULT_CLAIM_DAYS


def _check_days(days) -> int:
    try:
        days = int(days)
    except (TypeError, ValueError):
        days = 0
    if not 1 <= days <= MAX_CLAIM_DAYS:
        raise ValidationError({"days": _("完成时限须在 1—%(n)d 天之间") % {"n": MAX_CLAIM_DAYS}})
    return days


def check_photo(photo) -> tuple[str, str, bytes] | None:
    """A fulfilment photo must be a JPEG or PNG (checked by its content, not its name), at most 5 MB.
    Returns (content type, extension, bytes), or None when there is no photo."""
    if not photo:
        return None
    _name, kind, data = read_checked(photo, field="photo", types=JPEG_PNG, default_name="photo",
                                     not_allowed=_("“%(name)s”不是 JPG 或 PNG 图片"))
    return kind, PHOTO_EXTENSIONS[kind], data


# --- posting and review ----------------------------------------------------------------------------------------

@transaction.atomic
def post_wish(*, actor, title: str, beneficiary: str, story: str = "", resident: Person | None = None,
              channel: str = "") -> Wish:
    """A resident posts her own wish from her phone (`resident` None: her person record; channel 本人手机发布), or
    community staff / a grid worker post one on behalf of a resident of their community, with the channel it came
    through. The wish waits for the community's review."""
    if resident is None or (actor is not None and resident.user_id == actor.pk):
        resident = getattr(actor, "person", None) if actor is not None else None
        if resident is None:
            raise ValidationError({"resident": _("您的账号尚未关联居民档案，请联系社区登记后再许愿")})
        channel = Channel.ONLINE
        on_behalf = False
    else:
        on_behalf = True
    community = community_of(resident.home)
    if community is None:
        raise ValidationError({"resident": _("该居民的居住地不在任何社区")})
    if on_behalf:
        require(actor is None or may_post_for(actor, community))
        if channel not in STAFF_CHANNELS:
            raise ValidationError({"channel": _("请选择心愿的来源渠道")})
    errors: dict = {}
    title = collect_text(errors, "title", title, required=True, max_length=60, label=_("心愿"))
    story = collect_text(errors, "story", story, required=False, max_length=1000, label=_("情况说明"))
    if beneficiary not in Beneficiary.values:
        errors["beneficiary"] = _("请选择心愿对象")
    _raise(errors)
    Person.objects.select_for_update().filter(pk=resident.pk).first()  # one resident's posts, one at a time
    if Wish.objects.filter(resident=resident, status__in=IN_PROGRESS).count() >= MAX_OPEN_WISHES:
        raise ValidationError(_("每位居民同时最多有 %(n)d 个心愿在办理中，请等已有心愿完成后再许愿")
                              % {"n": MAX_OPEN_WISHES})
    wish = Wish.objects.create(community=community, resident=resident, beneficiary=beneficiary, title=title,
                               story=story, channel=channel, status=WishStatus.SUBMITTED, posted_by=actor,
                               posted_at=clock.now())
    _event(wish, "posted", actor, "", data={"channel": channel, "beneficiary": beneficiary, "on_behalf": on_behalf})
    return wish


REVIEW_DECISIONS = {"approve": WishStatus.OPEN, "reject": WishStatus.REJECTED}


def _public_title(public_title: str) -> str:
    """The wall's wording: phone and ID numbers masked before it is stored."""
    errors: dict = {}
    value = collect_text(errors, "public_title", public_title, required=True, max_length=60, label=_("公开表述"))
    _raise(errors)
    return scrub(value)


@transaction.atomic
def review_wish(*, actor, wish: Wish, decision: str, reason: str = "", public_title: str = "") -> Wish:
    """The community's review: approve — the wish goes on the wall with its public wording (the resident's words
    unless staff reword them) — or reject with a reason."""
    require(actor is None or may_review(actor, wish))
    if decision not in REVIEW_DECISIONS:
        raise ValidationError({"decision": _("审核结论须为通过或不通过")})
    _lock(wish)
    _expect(wish, (WishStatus.SUBMITTED,), _("该心愿已审核（%(s)s），不能再次审核"))
    reason = (reason or "").strip()[:300]
    now = clock.now()
    before = wish.status
    if decision == "approve":
        wish.public_title = _public_title(public_title or wish.title)
        wish.published_at = now
    else:
        if not reason:
            raise ValidationError({"reason": _("不通过须填写理由")})
        wish.closed_at = now
    wish.status = REVIEW_DECISIONS[decision]
    wish.review_reason, wish.reviewed_by, wish.reviewed_at = reason, actor, now
    wish.save(update_fields=["status", "public_title", "published_at", "closed_at", "review_reason", "reviewed_by",
                             "reviewed_at"])
    _event(wish, "approved" if decision == "approve" else "rejected", actor, before, note=reason,
           data={"reworded": decision == "approve" and wish.public_title != scrub(wish.title)})
    return wish


@transaction.atomic
def reword_wish(*, actor, wish: Wish, public_title: str) -> Wish:
    """Staff change the wording the wall shows (the resident's own words stay on record)."""
    require(actor is None or may_review(actor, wish))
    _lock(wish)
    _expect(wish, PUBLIC_STATUSES, _("只有心愿墙上的心愿可以修改公开表述（当前：%(s)s）"))
    value = _public_title(public_title)
    if value == wish.public_title:
        return wish
    wish.public_title = value
    wish.save(update_fields=["public_title"])
    _event(wish, "reworded", actor, wish.status)
    return wish


@transaction.atomic
def withdraw_wish(*, actor, wish: Wish, reason: str = "") -> Wish:
    """The resident (or staff for her) withdraws a wish nobody has claimed yet."""
    require(actor is None or may_withdraw(actor, wish))
    _lock(wish)
    if wish.status in (*HELD_STATUSES, WishStatus.FULFILLED, WishStatus.CONFIRMED):
        raise ValidationError(_("心愿已被认领，不能撤回；如有变化请联系社区"))
    _expect(wish, (WishStatus.SUBMITTED, WishStatus.OPEN), _("该心愿不能撤回（当前：%(s)s）"))
    before = wish.status
    wish.status, wish.closed_at = WishStatus.WITHDRAWN, clock.now()
    wish.save(update_fields=["status", "closed_at"])
    _event(wish, "withdrawn", actor, before, note=(reason or "").strip())
    return wish


# --- claims ----------------------------------------------------------------------------------------------------

@transaction.atomic
def claim_wish(*, actor, wish: Wish, kind: str = "", organisation=None) -> WishClaim:
    """An exclusive claim: a unit (by its liaison), an in-service party member registered with the community or
    a volunteer of the community takes the wish off the wall, with a deadline (the wish's or the community's
    claim period). Exactly one claimant wins: the row is locked, the status changes only from "open", and the
    database holds one active claim per wish; everybody else is told 该心愿已被认领.

    `kind` ("unit", "party_member", "volunteer") or `organisation` choose the capacity when the user has several."""
    if actor is None:
        raise ValueError("a claim is made by a user: pass the claimant as actor")
    options = claim_options(actor, wish)
    require(bool(options))
    if organisation is not None:
        chosen = [o for o in options if o.organisation is not None and o.organisation.pk == organisation.pk]
        require(bool(chosen))
    elif kind:
        chosen = [o for o in options if o.kind == kind]
        if kind == ClaimKind.UNIT and len(chosen) > 1:
            raise ValidationError({"kind": _("请选择认领单位")})
        require(bool(chosen))
    else:
        chosen = options
        if len(chosen) > 1:
            raise ValidationError({"kind": _("请选择以何种身份认领")})
    option = chosen[0]
    if is_owner(actor, wish):
        raise ValidationError(_("不能认领自己的心愿"))
    _lock(wish)
    if wish.status in (*HELD_STATUSES, WishStatus.FULFILLED, WishStatus.CONFIRMED):
        raise ValidationError(ALREADY_CLAIMED)
    _expect(wish, (WishStatus.OPEN,), _("该心愿不在心愿墙上，不能认领（当前：%(s)s）"))
    now = clock.now()
    deadline = timezone.localdate(now) + dt.timedelta(days=claim_days_for(wish))
    if Wish.objects.filter(pk=wish.pk, status=WishStatus.OPEN).update(status=WishStatus.CLAIMED) != 1:
        raise ValidationError(ALREADY_CLAIMED)
    try:
        with transaction.atomic():
            claim = WishClaim.objects.create(wish=wish, kind=option.kind, organisation=option.organisation,
                                             party_member=option.party_member, claimed_by=actor, claimed_at=now,
                                             deadline=deadline, status=ClaimStatus.ACTIVE)
    except IntegrityError:  # another claim holds the wish (the database's one-holding-claim rule)
        raise ValidationError(ALREADY_CLAIMED) from None
    wish.status = WishStatus.CLAIMED
    _event(wish, "claimed", actor, WishStatus.OPEN, note=claim.public_label,
           data={"claim": claim.pk, "kind": option.kind, "organisation": option.organisation.pk
                 if option.organisation else None, "deadline": deadline.isoformat()})
    return claim


def _end_claim(wish: Wish, *, actor, status: str, reason: str) -> WishClaim:
    claim = WishClaim.objects.select_for_update().get(wish=wish, status=ClaimStatus.ACTIVE)
    claim.status, claim.ended_at, claim.ended_by, claim.end_reason = status, clock.now(), actor, reason[:300]
    claim.save(update_fields=["status", "ended_at", "ended_by", "end_reason"])
    return claim


def _back_to_wall(wish: Wish, *, actor, action: str, claim_status: str, reason: str) -> Wish:
    before = wish.status
    claim = _end_claim(wish, actor=actor, status=claim_status, reason=reason)
    wish.status = WishStatus.OPEN
    wish.save(update_fields=["status"])
    _event(wish, action, actor, before, note=reason, data={"claim": claim.pk})
    return wish


@transaction.atomic
def release_claim(*, actor, wish: Wish, reason: str = "") -> Wish:
    """Staff take an overdue claim back and put the wish on the wall again."""
    require(actor is None or may_review(actor, wish))
    _lock(wish)
    _expect(wish, (WishStatus.OVERDUE,), _("只有逾期未完成的认领可以收回（当前：%(s)s）"))
    return _back_to_wall(wish, actor=actor, action="released", claim_status=ClaimStatus.RELEASED,
                         reason=(reason or "").strip() or _("逾期未完成，重新上墙"))


@transaction.atomic
def give_up_claim(*, actor, wish: Wish, reason: str = "") -> Wish:
    """The claimant cannot fulfil the wish after all: it goes back on the wall."""
    _lock(wish)
    require(is_claimant(actor, holding_claim(wish)))
    _expect(wish, HELD_STATUSES, _("该心愿当前不能放弃认领（当前：%(s)s）"))
    return _back_to_wall(wish, actor=actor, action="abandoned", claim_status=ClaimStatus.ABANDONED,
                         reason=(reason or "").strip())


def sweep_overdue_claims(*, today: dt.date | None = None) -> int:
    """Mark the claims whose deadline has passed as overdue, so staff see them and can release them. Safe to run
    any number of times, concurrently too: each wish is locked and re-read as "claimed" before it moves to
    "overdue", so each overdue claim is marked — with its event and chronicle entry — exactly once."""
    today = today or clock.today()
    due = (WishClaim.objects.filter(status=ClaimStatus.ACTIVE, deadline__lt=today, wish__status=WishStatus.CLAIMED)
           .order_by("deadline", "pk").values_list("pk", "wish_id"))
    marked = 0
    for claim_id, wish_id in list(due):
        with transaction.atomic():
            # Same lock order as every other service (the wish, then its claim); a concurrent sweep that got here
            # first leaves the wish "overdue", so this one finds nothing to do.
            wish = Wish.objects.select_for_update().filter(pk=wish_id, status=WishStatus.CLAIMED).first()
            claim = wish and (WishClaim.objects.select_for_update()
                              .filter(pk=claim_id, wish=wish, status=ClaimStatus.ACTIVE, deadline__lt=today).first())
            if wish is None or not claim:  # fulfilled, given up, given more time or marked meanwhile
                continue
            wish.status, claim.overdue_at = WishStatus.OVERDUE, clock.now()
            wish.save(update_fields=["status"])
            claim.save(update_fields=["overdue_at"])
            _event(wish, "overdue", None, WishStatus.CLAIMED, data={"claim": claim_id})
            marked += 1
    return marked


@transaction.atomic
def set_wish_claim_days(*, actor, wish: Wish, days: int) -> Wish:
    """Staff set this wish's claim period. A claim in progress gets its deadline moved (counted from the day it
    was claimed); an overdue claim whose new deadline has not passed is back in time."""
    require(actor is None or may_review(actor, wish))
    days = _check_days(days)
    _lock(wish)
    _expect(wish, (WishStatus.SUBMITTED, WishStatus.OPEN, *HELD_STATUSES),
            _("该心愿已不需要完成时限（当前：%(s)s）"))
    before = wish.status
    wish.claim_days = days
    data: dict = {"days": days}
    note = _("完成时限改为认领后 %(n)d 天") % {"n": days}
    if wish.status in HELD_STATUSES:
        claim = WishClaim.objects.select_for_update().get(wish=wish, status=ClaimStatus.ACTIVE)
        claim.deadline = timezone.localdate(claim.claimed_at) + dt.timedelta(days=days)
        claim.save(update_fields=["deadline"])
        data["deadline"] = claim.deadline.isoformat()
        note = _("完成时限调整为 %(d)s") % {"d": claim.deadline.isoformat()}
        if wish.status == WishStatus.OVERDUE and claim.deadline >= clock.today():
            wish.status = WishStatus.CLAIMED
            WishClaim.objects.filter(pk=claim.pk).update(overdue_at=None)
    wish.save(update_fields=["claim_days", "status"])
    _event(wish, "deadline_set", actor, before, note=note, data=data)
    return wish


@transaction.atomic
def set_community_claim_days(*, actor, community: RegionNode, days: int) -> CommunityWishPolicy:
    """Community staff set the default claim period of their community's wishes (new claims)."""
    if community is None or community.kind != RegionKind.COMMUNITY:
        raise ValidationError({"community": _("请选择社区")})
    require(actor is None or may_manage_policy(actor, community))
    days = _check_days(days)
    policy, _created = CommunityWishPolicy.objects.select_for_update().get_or_create(community=community)
    policy.claim_days, policy.updated_by, policy.updated_at = days, actor, clock.now()
    policy.save()
    record(policy, "wish_policy.set", actor, {"community": community.pk, "days": days})
    return policy


# --- fulfilment, confirmation, thanks --------------------------------------------------------------------------

@transaction.atomic
def record_fulfilment(*, actor, wish: Wish, note: str, photo=None) -> WishClaim:
    """The claimant reports the wish fulfilled (what was done; optionally a photo as evidence). The resident — or
    staff for her — then confirms it."""
    if actor is None:
        raise ValueError("fulfilment is recorded by the claimant: pass them as actor")
    _lock(wish)
    claim = holding_claim(wish)
    require(is_claimant(actor, claim))
    assert claim is not None  # is_claimant() is False without a holding claim
    _expect(wish, HELD_STATUSES, _("该心愿当前不能登记完成（当前：%(s)s）"))
    errors: dict = {}
    note = collect_text(errors, "note", note, required=True, max_length=1000, label=_("完成情况"))
    _raise(errors)
    checked = check_photo(photo)
    now = clock.now()
    claim.status, claim.fulfilled_at, claim.fulfilment_note = ClaimStatus.DONE, now, note
    fields = ["status", "fulfilled_at", "fulfilment_note"]
    digest = ""
    if checked is not None:
        content_type, extension, data = checked
        digest = hashlib.sha256(data).hexdigest()
        claim.photo.save(f"{digest[:24]}{extension}", ContentFile(data), save=False)
        claim.photo_type, claim.photo_sha256 = content_type, digest
        fields += ["photo", "photo_type", "photo_sha256"]
    claim.save(update_fields=fields)
    before = wish.status
    wish.status = WishStatus.FULFILLED
    wish.save(update_fields=["status"])
    _event(wish, "fulfilled", actor, before, data={"claim": claim.pk, "photo": digest or None})
    return claim


@transaction.atomic
def confirm_fulfilment(*, actor, wish: Wish, reason: str = "") -> Wish:
    """The resident confirms on her phone that her wish came true; staff may confirm for her (a resident without
    a phone), giving the reason."""
    if actor is None:
        raise ValueError("confirmation names who confirmed: pass the resident or staff member as actor")
    require(may_confirm(actor, wish))
    _lock(wish)
    _expect(wish, (WishStatus.FULFILLED,), _("该心愿尚未登记完成，不能确认（当前：%(s)s）"))
    by_resident = is_owner(actor, wish)
    reason = (reason or "").strip()[:300]
    if not by_resident and not reason:
        raise ValidationError({"reason": _("代居民确认须说明原因，例如：居民没有手机，已电话回访")})
    before = wish.status
    wish.status, wish.confirmed_at, wish.confirmed_by = WishStatus.CONFIRMED, clock.now(), actor
    wish.confirm_reason = "" if by_resident else reason
    wish.save(update_fields=["status", "confirmed_at", "confirmed_by", "confirm_reason"])
    _event(wish, "confirmed", actor, before, note=wish.confirm_reason,
           data={"by": "resident" if by_resident else "staff"})
    return wish


@transaction.atomic
def thank(*, actor, wish: Wish, note: str) -> Wish:
    """The resident leaves a thank-you note, shown on the wall (phone and ID numbers masked). Once."""
    if actor is None:
        raise ValueError("a thank-you note is the resident's: pass her as actor")
    require(is_owner(actor, wish))
    _lock(wish)
    _expect(wish, (WishStatus.CONFIRMED,), _("心愿实现并确认后才能留言致谢（当前：%(s)s）"))
    if wish.thanks_note:
        raise ValidationError(_("您已经留过言了"))
    errors: dict = {}
    note = collect_text(errors, "note", note, required=True, max_length=200, label=_("感谢留言"))
    _raise(errors)
    wish.thanks_note, wish.thanked_at = scrub(note), clock.now()
    wish.save(update_fields=["thanks_note", "thanked_at"])
    _event(wish, "thanked", actor, wish.status)
    return wish
