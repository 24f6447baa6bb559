"""Duty roster endpoints under /api/v1/volunteering: rosters, shifts (upcoming, gaps), sign-up and cancellation,
attendance, duty hours awaiting confirmation and their confirmation. Same access helpers and services as the pages;
out of scope is 404, refused input 400 with a Chinese message."""

import datetime as dt

from django.http import Http404
from ninja import Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from gongzhi.core import limits
from gongzhi.core.listing import Presented
from gongzhi.core.schemas import Id, id_query
from gongzhi.people.permissions import get_team_for_user, shown_phone
from gongzhi.volunteering.models import SLOTS, HoursEntry, Roster, Shift, ShiftSignup
from gongzhi.volunteering.permissions_rosters import (
    confirmable_duty_hours,
    get_roster_for_user,
    get_shift_for_user,
    get_signup_for_user,
    my_volunteer,
    rosters_visible_to,
    shifts_visible_to,
)
from gongzhi.volunteering.selectors_rosters import gaps, pending_duty_hours, signups_of, upcoming, with_counts
from gongzhi.volunteering.services import rosters as services

router = Router()


class RosterOut(Schema):
    id: int
    team_id: int
    team_name: str
    title: str
    place: str
    weekday: int
    weekday_label: str
    starts_at: dt.time
    ends_at: dt.time
    slots: int
    active: bool


class RosterIn(Schema):
    team_id: Id
    title: limits.text(limits.TITLE)
    place: limits.text(limits.TITLE) = ""
    weekday: int = Field(ge=0, le=6)
    starts_at: limits.text(8)  # "19:30"
    ends_at: limits.text(8)
    slots: int = Field(ge=SLOTS.low, le=SLOTS.high)


class RosterShiftOut(Schema):
    id: int
    roster_id: int
    team_id: int
    team_name: str
    title: str
    place: str
    date: dt.date
    starts_at: dt.datetime
    ends_at: dt.datetime
    hours: float
    slots: int
    taken: int
    free: int
    mine: bool


class RosterSignupOut(Schema):
    id: int
    shift_id: int
    volunteer_id: int
    name: str
    phone: str  # masked unless the viewer's role needs it
    status: str
    signed_at: dt.datetime


class RosterAttendanceIn(Schema):
    served: list[Id] = Field(default_factory=list, max_length=SLOTS.high)


class RosterDutyHoursOut(Schema):
    id: int
    person_name: str
    team_id: int | None
    shift_id: int | None
    served_on: dt.date
    hours: float
    status: str
    content: str


class RosterConfirmIn(Schema):
    ids: list[Id] = Field(min_length=1, max_length=500)


class RosterConfirmOut(Schema):
    confirmed: int


def _roster_out(r: Roster) -> dict:
    return {"id": r.pk, "team_id": r.team_id, "team_name": r.team.name, "title": r.title, "place": r.place,
            "weekday": r.weekday, "weekday_label": str(r.get_weekday_display()), "starts_at": r.starts_at,
            "ends_at": r.ends_at, "slots": r.slots, "active": r.active}


def _shift_out(s: Shift) -> dict:
    return {"id": s.pk, "roster_id": s.roster_id, "team_id": s.roster.team_id, "team_name": s.roster.team.name,
            "title": s.roster.title, "place": s.roster.place, "date": s.date, "starts_at": s.starts_at,
            "ends_at": s.ends_at, "hours": float(s.hours), "slots": s.slots, "taken": s.taken,
            "free": max(s.slots - s.taken, 0), "mine": bool(getattr(s, "mine", False))}


def _signup_out(user, su: ShiftSignup) -> dict:
    return {"id": su.pk, "shift_id": su.shift_id, "volunteer_id": su.volunteer_id, "name": su.volunteer.person.name,
            "phone": shown_phone(user, su.volunteer.person), "status": su.status, "signed_at": su.signed_at}


def _hours_out(e: HoursEntry) -> dict:
    return {"id": e.pk, "person_name": e.person.name, "team_id": e.team_id, "shift_id": e.shift_id,
            "served_on": e.served_on, "hours": float(e.hours), "status": e.status, "content": e.content}


def _one_shift(user, pk: int) -> dict:
    shift = with_counts(shifts_visible_to(user), volunteer=my_volunteer(user)).filter(pk=pk).first()
    if shift is None:
        raise Http404
    return _shift_out(shift)


@router.get("/rosters", response=list[RosterOut], summary="值班排班（本人范围内或本人所在队伍）")
@paginate
def list_rosters(request, team_id: int | None = id_query()):
    qs = rosters_visible_to(request.user).select_related("team").order_by("team__name", "weekday", "starts_at", "pk")
    if team_id:
        qs = qs.filter(team_id=team_id)
    return Presented(qs, _roster_out)


@router.post("/rosters", response={201: RosterOut}, summary="设立值班排班（社区工作人员或队长；生成未来四周班次）")
def create_roster(request, payload: RosterIn):
    team = get_team_for_user(request.user, payload.team_id, manage=True)
    roster = services.create_roster(actor=request.user, team=team, **payload.dict(exclude={"team_id"}))
    return Status(201, _roster_out(roster))


@router.get("/rosters/{int:roster_id}/shifts", response=list[RosterShiftOut], summary="排班的后续班次（已报名/所需）")
@paginate
def roster_shifts(request, roster_id: Id):
    roster = get_roster_for_user(request.user, roster_id)
    return Presented(upcoming(roster.shifts.all(), days=7 * services.MAX_WEEKS, volunteer=my_volunteer(request.user)),
                     _shift_out)


@router.get("/shifts/upcoming", response=list[RosterShiftOut], summary="未来两周的班次（本人所在队伍或管理范围）")
@paginate
def upcoming_shifts(request, team_id: int | None = id_query()):
    qs = shifts_visible_to(request.user)
    if team_id:
        qs = qs.filter(roster__team_id=team_id)
    return Presented(upcoming(qs, volunteer=my_volunteer(request.user)), _shift_out)


@router.get("/shifts/gaps", response=list[RosterShiftOut], summary="未来两周缺人的班次（报名少于所需人数）")
@paginate
def gap_shifts(request, team_id: int | None = id_query()):
    qs = shifts_visible_to(request.user)
    if team_id:
        qs = qs.filter(roster__team_id=team_id)
    return Presented(gaps(qs), _shift_out)


@router.get("/shifts/{int:shift_id}", response=RosterShiftOut, summary="班次")
def get_shift(request, shift_id: Id):
    return _one_shift(request.user, shift_id)


@router.get("/shifts/{int:shift_id}/signups", response=list[RosterSignupOut], summary="班次的报名（电话按角色脱敏）")
def shift_signups(request, shift_id: Id):
    shift = get_shift_for_user(request.user, shift_id)
    return [_signup_out(request.user, su) for su in signups_of(shift)]


@router.post("/shifts/{int:shift_id}/signup", response={201: RosterSignupOut}, summary="报名值班（本队现任队员）")
def sign_up(request, shift_id: Id):
    shift = get_shift_for_user(request.user, shift_id)
    signup = services.sign_up(actor=request.user, shift=shift)
    return Status(201, _signup_out(request.user, signup))


@router.post("/signups/{int:signup_id}/cancel", response=RosterSignupOut, summary="取消值班报名（班次开始前）")
def cancel_signup(request, signup_id: Id):
    signup = get_signup_for_user(request.user, signup_id)
    services.cancel_signup(actor=request.user, signup=signup)
    return _signup_out(request.user, signup)


@router.post("/shifts/{int:shift_id}/attendance", response=list[RosterDutyHoursOut],
             summary="登记到岗（队长或社区工作人员）：到岗者生成待确认的值班时长")
def record_attendance(request, shift_id: Id, payload: RosterAttendanceIn):
    shift = get_shift_for_user(request.user, shift_id, manage=True)
    return [_hours_out(e) for e in services.record_attendance(actor=request.user, shift=shift,
                                                              served=payload.served)]


@router.get("/duty-hours/pending", response=list[RosterDutyHoursOut], summary="待确认的值班时长（社区工作人员）")
@paginate
def pending_hours(request):
    return Presented(pending_duty_hours(confirmable_duty_hours(request.user)), _hours_out)


@router.post("/duty-hours/confirm", response=RosterConfirmOut, summary="确认值班时长（社区工作人员；全部或都不）")
def confirm_hours(request, payload: RosterConfirmIn):
    entries = list(confirmable_duty_hours(request.user).filter(pk__in=payload.ids))
    if len(entries) != len(set(payload.ids)):
        raise Http404
    return {"confirmed": services.confirm_duty_hours(actor=request.user, entries=entries)}
