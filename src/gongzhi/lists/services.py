"""Every write to the two-way lists: needs and their periodic review, resources, activities and two-way claims.

Each service takes keyword-only arguments, runs in one transaction, checks the actor's permission
(PermissionDenied) and the entry's state (ValidationError with a Chinese message), makes the change and
records it in the chronicle. Chronicle data holds codes and ids, never personal data.

`actor` None means the system itself (demo data, imports): permission checks are skipped, state checks are
not. A claim always names the user who made it, so `claim` needs a user."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongzhi.chronicle.services import record
from gongzhi.core import clock, limits
from gongzhi.lists import notices
from gongzhi.lists.models import (
    ACTIVITY_MAX_HOURS,
    ACTIVITY_MIN_MINUTES,
    Activity,
    Beneficiary,
    Category,
    Channel,
    Claim,
    ClaimStatus,
    Cost,
    Need,
    NeedStatus,
    Recruitment,
    Resource,
    ResourceStatus,
    Side,
    Urgency,
)
from gongzhi.lists.permissions import (
    PUBLIC_NEED_STATUSES,
    claimant_units,
    home_community,
    is_resident_of,
    may_claim,
    may_close_need,
    may_create_activity,
    may_fulfil_claim,
    may_manage_resource,
    may_record_needs,
    may_register_resource,
    may_review_need,
    may_withdraw_claim,
    speaks_for,
    unit_communities,
)
from gongzhi.organisations.models import Organisation
from gongzhi.people.models import VolunteerTeam
from gongzhi.regions.models import RegionKind, RegionNode

MAX_CANCEL_CUTOFF_HOURS = 168  # a week before the start (the database holds the same bound)

# review decision -> the need's new status, also the chronicle action "need.<status>"
REVIEW_DECISIONS = {"approve": NeedStatus.PUBLISHED, "reject": NeedStatus.REJECTED, "merge": NeedStatus.MERGED}


# --- shared checks ----------------------------------------------------------------------------------------

def _clean_text(errors: dict, *, title: str, max_length: int = 120) -> str:
    title = (title or "").strip()
    if not title:
        errors["title"] = _("请填写标题")
    elif len(title) > max_length:
        errors["title"] = _("标题不能超过 %(n)d 个字") % {"n": max_length}
    return title


def _clean_beneficiaries(errors: dict, values: Iterable[str]) -> list[str]:
    values = list(dict.fromkeys(values or ()))
    unknown = [v for v in values if v not in Beneficiary.values]
    if unknown:
        errors["beneficiaries"] = _("未知的受益人群：%(v)s") % {"v": "、".join(unknown)}
    return values


def _check_category(errors: dict, category: Category | None) -> None:
    if category is None or not category.active:
        errors["category"] = _("请选择有效的服务类别")


COUNT_BOUNDS = {"scale": limits.NEED_SCALE, "times_per_year": limits.TIMES_PER_YEAR,
                "people_per_session": limits.PEOPLE_PER_SESSION}


def _check_count(errors: dict, field: str, value: int | None) -> None:
    """A count within its bound of `core.limits` (an outside review typed 2^63 into 每年次数)."""
    bound = COUNT_BOUNDS[field]
    if value is not None and not bound.holds(value):
        errors[field] = _("请填写 %(low)d 到 %(high)d 之间的数") % {"low": bound.low, "high": bound.high}


def _check_community(community: RegionNode | None) -> RegionNode:
    if community is None or community.kind != RegionKind.COMMUNITY:
        raise ValidationError({"community": _("请选择社区")})
    return community


def _unit_community(organisation: Organisation, community: RegionNode | None) -> RegionNode:
    """The community a unit's entry belongs to: given, or the only community where the unit is placed."""
    choices = list(unit_communities(organisation))
    if community is None:
        if len(choices) != 1:
            raise ValidationError({"community": _("请选择该单位所服务的社区")})
        return choices[0]
    if community not in choices:
        raise ValidationError({"community": _("%(unit)s 不在该社区") % {"unit": organisation.name}})
    return community


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


# --- needs ------------------------------------------------------------------------------------------------

@transaction.atomic
def submit_need(*, actor, title: str, category: Category, community: RegionNode | None = None,
                organisation: Organisation | None = None, channel: str = "", description: str = "",
                beneficiaries: Iterable[str] = (), place: RegionNode | None = None, scale: int | None = None,
                urgency: str = Urgency.NORMAL) -> Need:
    """A new need waits for the community's periodic review (status submitted).

    - Unit need (`organisation` given): by the unit's liaison; side "unit", channel "unit"; the community is
      the one where the unit is placed (must be given for a unit that serves several).
    - Community need: by community staff or a grid worker on a resident's behalf, with the channel it came
      through; or by a resident of the community herself through the resident shell (channel "online",
      `community` defaults to hers, the place is her community)."""
    if organisation is not None:
        if actor is not None and not speaks_for(actor, organisation):
            raise PermissionDenied
        community = _unit_community(organisation, community)
        side, channel = Side.UNIT, Channel.UNIT
    else:
        if community is None and actor is not None and actor.scope.home_paths:
            community = home_community(actor)
        community = _check_community(community)
        side = Side.COMMUNITY
        if actor is None or may_record_needs(actor, community):
            if channel not in Channel.values or channel == Channel.UNIT:
                raise ValidationError({"channel": _("请选择需求的来源渠道")})
        elif is_resident_of(actor, community):
            channel, place = Channel.ONLINE, place or community
        else:
            raise PermissionDenied
    errors: dict = {}
    title = _clean_text(errors, title=title)
    _check_category(errors, category)
    beneficiaries = _clean_beneficiaries(errors, beneficiaries)
    if place is not None and not place.path.startswith(community.path):
        errors["place"] = _("地点须在本社区范围内")
    _check_count(errors, "scale", scale)
    if urgency not in Urgency.values:
        errors["urgency"] = _("紧急程度不正确")
    _raise(errors)
    now = clock.now()
    need = Need.objects.create(
        community=community, side=side, organisation=organisation, title=title, description=(description or "").strip(),
        category=category, beneficiaries=beneficiaries, place=place, scale=scale, urgency=urgency, channel=channel,
        year=timezone.localdate(now).year, status=NeedStatus.SUBMITTED, created_by=actor, created_at=now,
    )
    record(need, "need.submitted", actor, {"side": side, "channel": channel, "category": category.code,
                                           "organisation": organisation.pk if organisation else None})
    return need


def _lock(obj):
    """Lock the row and re-read its state onto the caller's instance, which the service then changes (so the
    caller's object reflects the transition)."""
    fresh = type(obj).objects.select_for_update().get(pk=obj.pk)
    for field in ("status", "merged_into_id", "closed_at"):
        if hasattr(fresh, field):
            setattr(obj, field, getattr(fresh, field))
    return obj


@transaction.atomic
def review_need(*, actor, need: Need, decision: str, reason: str = "", merge_into: Need | None = None) -> Need:
    """The community party committee's periodic review of a submitted need: approve (published), reject
    with a reason, or merge it into another submitted or published need of the same community."""
    if actor is not None and not may_review_need(actor, need):
        raise PermissionDenied
    if decision not in REVIEW_DECISIONS:
        raise ValidationError({"decision": _("审核结论须为采纳、不采纳或合并")})
    _lock(need)
    if need.status != NeedStatus.SUBMITTED:
        raise ValidationError(_("该需求已审核（%(s)s），不能再次审核") % {"s": need.get_status_display()})
    reason = (reason or "").strip()[:300]
    now = clock.now()
    data: dict = {"decision": decision}
    need.status = REVIEW_DECISIONS[decision]
    if decision == "approve":
        need.published_at = now
    elif decision == "reject":
        if not reason:
            raise ValidationError({"reason": _("不采纳须填写理由")})
    else:
        if merge_into is None:
            raise ValidationError({"merge_into": _("请选择要合并到的需求")})
        if merge_into.pk == need.pk:
            raise ValidationError({"merge_into": _("不能合并到自身")})
        target = _lock(merge_into)
        if target.community_id != need.community_id:
            raise ValidationError({"merge_into": _("只能合并到同一社区的需求")})
        if target.status not in (NeedStatus.SUBMITTED, NeedStatus.PUBLISHED):
            raise ValidationError({"merge_into": _("只能合并到待审核或已公布的需求")})
        need.merged_into = target
        data["merged_into"] = target.pk
    need.review_reason, need.reviewed_by, need.reviewed_at = reason, actor, now
    need.save(update_fields=["status", "published_at", "merged_into", "review_reason", "reviewed_by",
                             "reviewed_at"])
    record(need, f"need.{REVIEW_DECISIONS[decision]}", actor, data)
    return need


@transaction.atomic
def close_need(*, actor, need: Need) -> Need:
    """A published need that has been met is closed (已完成)."""
    if actor is not None and not may_close_need(actor, need):
        raise PermissionDenied
    _lock(need)
    if need.status != NeedStatus.PUBLISHED:
        raise ValidationError(_("只有已公布的需求可以关闭（当前：%(s)s）") % {"s": need.get_status_display()})
    need.status = NeedStatus.CLOSED
    need.save(update_fields=["status"])
    record(need, "need.closed", actor, {})
    return need


# --- resources --------------------------------------------------------------------------------------------

@transaction.atomic
def register_resource(*, actor, title: str, category: Category, organisation: Organisation | None = None,
                      community: RegionNode | None = None, description: str = "",
                      beneficiaries: Iterable[str] = (), times_per_year: int | None = None,
                      people_per_session: int | None = None, place: str = "", schedule: str = "",
                      cost: str = Cost.FREE) -> Resource:
    """A unit's resource (by its liaison, or community staff of the unit's community) or the community's own
    resource (`organisation` None, by its community staff). Resources are published at once."""
    if organisation is not None:
        if actor is not None and not may_register_resource(actor, community=community, organisation=organisation):
            raise PermissionDenied
        community = _unit_community(organisation, community)
        side = Side.UNIT
    else:
        community = _check_community(community)
        if actor is not None and not may_register_resource(actor, community=community, organisation=None):
            raise PermissionDenied
        side = Side.COMMUNITY
    errors: dict = {}
    title = _clean_text(errors, title=title)
    _check_category(errors, category)
    beneficiaries = _clean_beneficiaries(errors, beneficiaries)
    _check_count(errors, "times_per_year", times_per_year)
    _check_count(errors, "people_per_session", people_per_session)
    if cost not in Cost.values:
        errors["cost"] = _("收费方式不正确")
    _raise(errors)
    now = clock.now()
    resource = Resource.objects.create(
        community=community, side=side, organisation=organisation, title=title, description=(description or "").strip(),
        category=category, beneficiaries=beneficiaries, times_per_year=times_per_year,
        people_per_session=people_per_session, place=(place or "").strip()[:120],
        schedule=(schedule or "").strip()[:120], cost=cost, year=timezone.localdate(now).year,
        status=ResourceStatus.PUBLISHED, created_by=actor, created_at=now,
    )
    record(resource, "resource.registered", actor, {"side": side, "category": category.code,
                                                    "organisation": organisation.pk if organisation else None})
    return resource


@transaction.atomic
def withdraw_resource(*, actor, resource: Resource) -> Resource:
    """A published resource is withdrawn; open claims on it must be settled first."""
    if actor is not None and not may_manage_resource(actor, resource):
        raise PermissionDenied
    _lock(resource)
    if resource.status != ResourceStatus.PUBLISHED:
        raise ValidationError(_("该资源已撤回"))
    if resource.claims.filter(status=ClaimStatus.CLAIMED).exists():
        raise ValidationError(_("该资源尚有未完成的认领，请先兑现或撤回认领"))
    resource.status = ResourceStatus.WITHDRAWN
    resource.save(update_fields=["status"])
    record(resource, "resource.withdrawn", actor, {})
    return resource


# --- activities -------------------------------------------------------------------------------------------

@transaction.atomic
def create_activity(*, actor, community: RegionNode, title: str, category: Category, starts_at: dt.datetime,
                    place: str, description: str = "", organiser: Organisation | None = None,
                    resources: Iterable[Resource] = (), needs: Iterable[Need] = (),
                    ends_at: dt.datetime | None = None, organiser_team: VolunteerTeam | None = None,
                    recruitment: str = Recruitment.NONE, quota: int | None = None,
                    cancel_cutoff_hours: int | None = 2) -> Activity:
    """A dated event of the community that uses its resources and serves its needs (same community only).

    An activity that recruits volunteers (`recruitment` open, or team: the organising team's members only) needs
    an end after its start (at most ACTIVITY_MAX_HOURS later: hours are capped at the length), a quota and a
    cancellation cut-off in hours before the start."""
    _check_community(community)
    if actor is not None and not may_create_activity(actor, community):
        raise PermissionDenied
    resources, needs = list(resources), list(needs)
    errors: dict = {}
    title = _clean_text(errors, title=title)
    _check_category(errors, category)
    if starts_at is None or timezone.is_naive(starts_at):
        errors["starts_at"] = _("请填写活动开始时间")
    place = (place or "").strip()
    if not place:
        errors["place"] = _("请填写活动地点")
    if organiser is not None and community not in unit_communities(organiser):
        errors["organiser"] = _("承办单位须为本社区的驻区单位")
    if any(r.community_id != community.pk or r.status != ResourceStatus.PUBLISHED for r in resources):
        errors["resources"] = _("只能使用本社区已公布的资源")
    if any(n.community_id != community.pk or n.status not in PUBLIC_NEED_STATUSES for n in needs):
        errors["needs"] = _("只能回应本社区已公布的需求")
    _check_recruitment(errors, community=community, starts_at=starts_at, ends_at=ends_at,
                       organiser_team=organiser_team, recruitment=recruitment, quota=quota,
                       cancel_cutoff_hours=cancel_cutoff_hours)
    _raise(errors)
    activity = Activity.objects.create(community=community, title=title, description=(description or "").strip(),
                                       category=category, starts_at=starts_at, place=place[:120],
                                       organiser=organiser, created_by=actor, ends_at=ends_at,
                                       organiser_team=organiser_team, recruitment=recruitment,
                                       quota=quota if recruitment != Recruitment.NONE else None,
                                       cancel_cutoff_hours=cancel_cutoff_hours or 0)
    activity.resources.set(resources)
    activity.needs.set(needs)
    record(activity, "activity.created", actor, {"category": category.code,
                                                 "organiser": organiser.pk if organiser else None,
                                                 "team": organiser_team.pk if organiser_team else None,
                                                 "recruitment": recruitment, "quota": activity.quota,
                                                 "resources": sorted(r.pk for r in resources),
                                                 "needs": sorted(n.pk for n in needs)})
    return activity


def _check_recruitment(errors: dict, *, community: RegionNode, starts_at, ends_at, organiser_team, recruitment: str,
                       quota, cancel_cutoff_hours) -> None:
    """An end after the start and a plausible length; a quota and a cut-off when volunteers are recruited; a team
    of the same community, required when only its members may sign up."""
    if recruitment not in Recruitment.values:
        errors["recruitment"] = _("请选择志愿者招募方式")
        return
    if ends_at is not None:
        if timezone.is_naive(ends_at):
            errors["ends_at"] = _("请填写活动结束时间")
        elif isinstance(starts_at, dt.datetime) and not timezone.is_naive(starts_at):
            length = ends_at - starts_at
            if length < dt.timedelta(minutes=ACTIVITY_MIN_MINUTES):
                errors["ends_at"] = _("结束时间须晚于开始时间至少 %(n)d 分钟") % {"n": ACTIVITY_MIN_MINUTES}
            elif length > dt.timedelta(hours=ACTIVITY_MAX_HOURS):
                errors["ends_at"] = _("一场活动最长 %(n)d 小时，跨天的活动请分场登记") % {"n": ACTIVITY_MAX_HOURS}
    if organiser_team is not None and organiser_team.community_id != community.pk:
        errors["organiser_team"] = _("组织队伍须为本社区的志愿服务队")
    if recruitment == Recruitment.NONE:
        return
    if ends_at is None and "ends_at" not in errors:
        errors["ends_at"] = _("招募志愿者的活动须填写结束时间")
    if quota is None or not limits.ACTIVITY_QUOTA.low <= quota <= limits.ACTIVITY_QUOTA.high:
        errors["quota"] = _("招募人数须在 %(lo)d—%(hi)d 人之间") % {"lo": limits.ACTIVITY_QUOTA.low,
                                                                 "hi": limits.ACTIVITY_QUOTA.high}
    if cancel_cutoff_hours is None or not 0 <= cancel_cutoff_hours <= MAX_CANCEL_CUTOFF_HOURS:
        errors["cancel_cutoff_hours"] = _("取消报名截止须在开始前 0—%(n)d 小时之间") % {"n": MAX_CANCEL_CUTOFF_HOURS}
    if recruitment == Recruitment.TEAM and organiser_team is None:
        errors["organiser_team"] = _("仅限队员报名的活动须选择组织队伍")


# --- two-way claims ---------------------------------------------------------------------------------------

@transaction.atomic
def claim(*, actor, deadline: dt.date, need: Need | None = None, resource: Resource | None = None,
          organisation: Organisation | None = None, note: str = "") -> Claim:
    """Two-way claiming (双向认领) with a deadline: a unit's liaison claims a published community need or
    community resource for their unit (`organisation`, optional when they speak for one unit only); community
    staff claim a published unit need or unit resource for the community. No claimant holds two open claims
    on one item."""
    if actor is None:
        raise ValueError("a claim is made by a user: pass the liaison or community staffer as actor")
    if (need is None) == (resource is None):
        raise ValidationError(_("请指定要认领的需求或资源"))
    item = need if need is not None else resource
    assert item is not None  # exactly one of the two, checked above
    if not may_claim(actor, item):
        raise PermissionDenied
    if item.side == Side.COMMUNITY:
        units = list(claimant_units(actor, item))
        if organisation is None and len(units) == 1 and not actor.scope.everything:
            organisation = units[0]
        if organisation is None:
            raise ValidationError({"organisation": _("请选择认领单位")})
        if organisation not in units:
            raise PermissionDenied
        side = Side.UNIT
    else:
        organisation, side = None, Side.COMMUNITY
    model = type(item)
    _lock(item)
    if item.status != (NeedStatus.PUBLISHED if model is Need else ResourceStatus.PUBLISHED):
        raise ValidationError(_("只有已公布的事项可以认领（当前：%(s)s）") % {"s": item.get_status_display()})
    if deadline is None or deadline < clock.today():
        raise ValidationError({"deadline": _("完成时限不能早于今天")})
    key = "need" if model is Need else "resource"
    open_claims = Claim.objects.filter(**{key: item}, status=ClaimStatus.CLAIMED, side=side,
                                       organisation=organisation)
    if open_claims.exists():
        raise ValidationError(_("已认领该事项，请勿重复认领"))
    try:
        with transaction.atomic():
            made = Claim.objects.create(**{key: item}, side=side, organisation=organisation, deadline=deadline,
                                        note=(note or "").strip()[:300], claimed_by=actor, claimed_at=clock.now())
    except IntegrityError:  # a concurrent identical claim won the race
        raise ValidationError(_("已认领该事项，请勿重复认领")) from None
    notices.claimed(made, item)
    record(item, f"{key}.claimed", actor, {"claim": made.pk, "side": side,
                                           "organisation": organisation.pk if organisation else None,
                                           "deadline": deadline.isoformat()})
    return made


def _close_claim(*, actor, claim: Claim, status: str, action: str) -> Claim:
    _lock(claim)
    if claim.status != ClaimStatus.CLAIMED:
        raise ValidationError(_("该认领已结束（%(s)s）") % {"s": claim.get_status_display()})
    claim.status, claim.closed_at = status, clock.now()
    claim.save(update_fields=["status", "closed_at"])
    record(claim.item, action, actor, {"claim": claim.pk, "side": claim.side,
                                       "organisation": claim.organisation_id})
    return claim


@transaction.atomic
def fulfil_claim(*, actor, claim: Claim) -> Claim:
    """The claimant (or the item's community staff) records that the claimed item was delivered."""
    if actor is not None and not may_fulfil_claim(actor, claim):
        raise PermissionDenied
    kind = "need" if claim.need_id else "resource"
    return _close_claim(actor=actor, claim=claim, status=ClaimStatus.FULFILLED, action=f"{kind}.claim_fulfilled")


@transaction.atomic
def withdraw_claim(*, actor, claim: Claim) -> Claim:
    """The claimant withdraws an open claim."""
    if actor is not None and not may_withdraw_claim(actor, claim):
        raise PermissionDenied
    kind = "need" if claim.need_id else "resource"
    return _close_claim(actor=actor, claim=claim, status=ClaimStatus.WITHDRAWN, action=f"{kind}.claim_withdrawn")
