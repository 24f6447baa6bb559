"""Activities endpoints under /api/v1/volunteering: the activities open for sign-up, sign-up and cancellation, the
organiser's current check-in code, check-in and check-out, and the organiser's list and decisions on hours
(confirm in bulk, decline, correct, honour hours).

Reads start from the scoped querysets of `permissions_activities`; writes call the same services as the pages.
Out of scope is 404 (the API's PermissionDenied handler); bad input or a refused state change is 400 with a Chinese
message. Names and phone numbers appear as on the organiser's page (`shown_phone`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from gongzhi.core import clock, limits
from gongzhi.core.listing import Presented
from gongzhi.core.schemas import Id
from gongzhi.people.models import Person
from gongzhi.people.permissions import shown_phone
from gongzhi.volunteering.models import HoursEntry, HoursStatus, SignUp, SignUpStatus
from gongzhi.volunteering.permissions_activities import (
    get_activity_for_organiser,
    get_activity_for_volunteer,
    get_hours_for_organiser,
    get_signup_for_user,
    own_person,
    recruiting_for,
)
from gongzhi.volunteering.selectors_activities import with_counts
from gongzhi.volunteering.services import activities as services
from gongzhi.volunteering.services import hours as hours_services

router = Router()


# --- schemas ----------------------------------------------------------------------------------------------------------

class VolActivityOut(Schema):
    id: int
    title: str
    community_id: int
    community_name: str
    place: str
    starts_at: dt.datetime
    ends_at: dt.datetime | None
    length_hours: Decimal | None
    recruitment: str
    quota: int | None
    signed: int
    waiting: int
    cancel_cutoff_hours: int
    organiser_id: int | None
    organiser_team_id: int | None

    @staticmethod
    def resolve_community_name(obj) -> str:
        return obj.community.name

    @staticmethod
    def resolve_signed(obj) -> int:
        return obj.signed_n

    @staticmethod
    def resolve_waiting(obj) -> int:
        return obj.waiting_n


class VolSignUpOut(Schema):
    id: int
    activity_id: int
    person_id: int
    person_name: str
    phone: str
    status: str
    promoted: bool  # 候补已转正: the place came from the waiting list
    position: int
    signed_at: dt.datetime
    promoted_at: dt.datetime | None
    cancelled_at: dt.datetime | None
    checked_in_at: dt.datetime | None
    checked_out_at: dt.datetime | None
    auto_closed: bool


class VolCodeOut(Schema):
    activity_id: int
    purpose: str
    code: str
    valid_until: dt.datetime
    window_seconds: int


class VolCodeIn(Schema):
    code: limits.text(32)


class VolHoursOut(Schema):
    id: int
    activity_id: int | None
    person_id: int
    person_name: str
    kind: str
    served_on: dt.date
    started_at: dt.datetime | None
    ended_at: dt.datetime | None
    hours: Decimal
    status: str
    reason: str
    flagged: bool
    corrects_id: int | None
    recorded_at: dt.datetime
    decided_at: dt.datetime | None

    @staticmethod
    def resolve_person_name(obj) -> str:
        return obj.person.name


class VolHoursConfirmIn(Schema):
    entry_ids: list[Id]


class VolHoursConfirmedOut(Schema):
    confirmed: int


class VolHoursDeclineIn(Schema):
    reason: limits.text(limits.SHORT_TEXT)


class VolHoursCorrectIn(Schema):
    hours: Decimal
    reason: limits.text(limits.SHORT_TEXT)


class VolHonourIn(Schema):
    person_id: Id
    hours: Decimal
    reason: limits.text(limits.SHORT_TEXT)


def _signup(user, s: SignUp) -> dict:
    return {"id": s.pk, "activity_id": s.activity_id, "person_id": s.person_id, "person_name": s.person.name,
            "phone": shown_phone(user, s.person), "status": s.status,
            "promoted": s.promoted_at is not None and s.status == SignUpStatus.SIGNED, "position": s.position,
            "signed_at": s.signed_at, "promoted_at": s.promoted_at, "cancelled_at": s.cancelled_at,
            "checked_in_at": s.checked_in_at, "checked_out_at": s.checked_out_at, "auto_closed": s.auto_closed}


def _one(user, signup: SignUp) -> dict:
    return _signup(user, SignUp.objects.select_related("person__home").get(pk=signup.pk))


def _activity_out(activity):
    return with_counts(type(activity).objects.filter(pk=activity.pk).select_related("community")).get()


# --- the volunteer --------------------------------------------------------------------------------------------------------

@router.get("/activities/open", response=list[VolActivityOut], summary="正在招募志愿者的活动（本人可报名的）")
@paginate
def list_open_activities(request):
    return with_counts(recruiting_for(request.user).filter(starts_at__gt=clock.now()).select_related("community")
                       ).order_by("starts_at", "pk")


@router.get("/activities/signups/mine", response=list[VolSignUpOut], summary="我的活动报名（含候补、已取消）")
@paginate
def list_my_signups(request):
    person = own_person(request.user)
    qs = (SignUp.objects.filter(person=person).select_related("person__home").order_by("-signed_at", "-pk")
          if person is not None else SignUp.objects.none())
    return Presented(qs, lambda s: _signup(request.user, s))


@router.get("/activities/{int:activity_id}", response=VolActivityOut, summary="活动的招募情况（志愿者或组织方）")
def get_activity(request, activity_id: int):
    try:
        activity = get_activity_for_volunteer(request.user, activity_id)
    except Http404:
        activity = get_activity_for_organiser(request.user, activity_id)
    return _activity_out(activity)


@router.post("/activities/{int:activity_id}/sign-up", response={201: VolSignUpOut},
             summary="报名（名额已满时进入候补名单）")
def sign_up(request, activity_id: int):
    activity = get_activity_for_volunteer(request.user, activity_id)
    return Status(201, _one(request.user, services.sign_up(actor=request.user, activity=activity)))


@router.post("/activities/signups/{int:signup_id}/cancel", response=VolSignUpOut,
             summary="取消报名（截止前；名额让给第一位候补）")
def cancel_signup(request, signup_id: int):
    signup = get_signup_for_user(request.user, signup_id)
    return _one(request.user, services.cancel_signup(actor=request.user, signup=signup))


@router.post("/activities/{int:activity_id}/check-in", response=VolSignUpOut, summary="签到（输入组织方当前的 6 位签到码）")
def check_in(request, activity_id: int, payload: VolCodeIn):
    activity = get_activity_for_volunteer(request.user, activity_id)
    return _one(request.user, services.check_in(actor=request.user, activity=activity, code=payload.code))


@router.post("/activities/{int:activity_id}/check-out", response=VolHoursOut,
             summary="签退（输入签退码；生成待确认的服务时长，不超过活动时长）")
def check_out(request, activity_id: int, payload: VolCodeIn):
    activity = get_activity_for_volunteer(request.user, activity_id)
    entry = services.check_out(actor=request.user, activity=activity, code=payload.code)
    return HoursEntry.objects.select_related("person").get(pk=entry.pk)


# --- the organiser ------------------------------------------------------------------------------------------------------------

@router.get("/activities/{int:activity_id}/code", response=VolCodeOut,
            summary="当前签到码或签退码（组织方；每 60 秒更换）")
def get_code(request, activity_id: int, purpose: str = "in"):
    activity = get_activity_for_organiser(request.user, activity_id, write=True)
    current = services.current_code(actor=request.user, activity=activity, purpose=purpose[:8])
    return {"activity_id": activity.pk, "purpose": current.purpose, "code": current.code,
            "valid_until": current.valid_until, "window_seconds": services.CODE_WINDOW_SECONDS}


@router.get("/activities/{int:activity_id}/signups", response=list[VolSignUpOut],
            summary="活动的报名、候补与签到情况（组织方与本区域工作人员）")
@paginate
def list_signups(request, activity_id: int):
    activity = get_activity_for_organiser(request.user, activity_id)
    qs = SignUp.objects.filter(activity=activity).select_related("person__home").order_by("position")
    return Presented(qs, lambda s: _signup(request.user, s))


@router.get("/activities/{int:activity_id}/hours", response=list[VolHoursOut],
            summary="活动的服务时长（status=pending 只看待确认）")
@paginate
def list_hours(request, activity_id: int, status: str = ""):
    activity = get_activity_for_organiser(request.user, activity_id)
    qs = HoursEntry.objects.filter(activity=activity).select_related("person").order_by("person__name", "pk")
    if status:
        if status not in HoursStatus.values:
            raise ValidationError({"status": _("未知的状态")})
        qs = qs.filter(status=status)
    return qs


@router.post("/activities/hours/confirm", response=VolHoursConfirmedOut, summary="批量确认服务时长（组织方）")
def confirm_hours(request, payload: VolHoursConfirmIn):
    ids = sorted(set(payload.entry_ids))
    if not ids:
        raise ValidationError({"entry_ids": _("请选择要确认的时长")})
    if len(ids) > 500:
        raise ValidationError({"entry_ids": _("一次最多确认 500 条")})
    entries = [get_hours_for_organiser(request.user, pk) for pk in ids]
    return {"confirmed": hours_services.confirm_many(actor=request.user, entries=entries)}


@router.post("/activities/hours/{int:entry_id}/decline", response=VolHoursOut,
             summary="不予确认（须写理由；已确认的也可，积分随之冲正）")
def decline_hours(request, entry_id: int, payload: VolHoursDeclineIn):
    entry = get_hours_for_organiser(request.user, entry_id)
    return hours_services.decline_hours(actor=request.user, entry=entry, reason=payload.reason)


@router.post("/activities/hours/{int:entry_id}/correct", response={201: VolHoursOut},
             summary="更正时长（生成新记录，原记录标为已更正）")
def correct_hours(request, entry_id: int, payload: VolHoursCorrectIn):
    entry = get_hours_for_organiser(request.user, entry_id)
    new = hours_services.correct_hours(actor=request.user, entry=entry, hours=payload.hours, reason=payload.reason)
    return Status(201, HoursEntry.objects.select_related("person").get(pk=new.pk))


@router.post("/activities/{int:activity_id}/honour", response={201: VolHoursOut},
             summary="登记荣誉时长（手工登记，须写理由，不超过活动时长）")
def honour_hours(request, activity_id: int, payload: VolHonourIn):
    activity = get_activity_for_organiser(request.user, activity_id, write=True)
    person = Person.objects.filter(pk=payload.person_id, activity_signups__activity=activity).distinct().first()
    if person is None:
        raise ValidationError({"person": _("只能为已报名（非候补）的志愿者登记荣誉时长")})
    entry = hours_services.record_honour_hours(actor=request.user, activity=activity, person=person,
                                               hours=payload.hours, reason=payload.reason)
    return Status(201, HoursEntry.objects.select_related("person").get(pk=entry.pk))
