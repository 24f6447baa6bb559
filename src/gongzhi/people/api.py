import datetime as dt

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from gongzhi.chronicle.versions import CountedUntilChange
from gongzhi.core import clock, limits
from gongzhi.core.listing import Presented
from gongzhi.core.schemas import Day, Id, id_query
from gongzhi.people.models import Volunteer
from gongzhi.people.permissions import (
    get_person_for_user,
    get_team_for_user,
    may_register_person,
    people_visible_to,
)
from gongzhi.people.selectors import (
    current_members,
    membership_history,
    person_list,
    present,
    present_members,
    team_hours_by_month,
    team_list,
)
from gongzhi.people.services import create_team, join_team, leave_team, register_person, set_captain
from gongzhi.regions.permissions import nodes_visible_to

router = Router(tags=["people"])


class PersonOut(Schema):
    id: int
    name: str
    gender: str
    birth_year: int | None
    home_id: int
    home_name: str
    phone: str  # masked unless the viewer's role needs it
    id_number: str  # masked unless the viewer's role needs it
    tags: list[str]


def _out(user, person) -> dict:
    card = present(user, person)
    return {"id": person.pk, "name": person.name, "gender": person.gender, "birth_year": person.birth_year,
            "home_id": person.home_id, "home_name": person.home.name, "phone": card.phone,
            "id_number": card.id_number, "tags": card.tags}


@router.get("", response=list[PersonOut], summary="人员（本人范围内；电话、身份证号按角色脱敏）")
@paginate
def list_people(request, q: str = "", kind: str = ""):
    return Presented(CountedUntilChange(person_list(request.user, q=q, kind=kind), "people"),
                     lambda p: _out(request.user, p))


@router.get("/{int:person_id}", response=PersonOut, summary="人员详情")
def get_person(request, person_id: int):
    person = get_person_for_user(request.user, person_id)
    return _out(request.user, person)


class PersonIn(Schema):
    name: limits.text(50)
    home_id: Id
    gender: limits.text(limits.CODE) = ""
    birth_year: int | None = None
    phone: limits.text(20) = ""
    id_number: limits.text(18) = ""


@router.post("", response={201: PersonOut}, summary="登记居民（社区、街道、城区工作人员，在本人范围内）")
def create_person(request, payload: PersonIn):
    home = nodes_visible_to(request.user).filter(pk=payload.home_id).first()
    if home is None or not may_register_person(request.user, home):
        raise Http404
    person = register_person(actor=request.user, home=home, **payload.dict(exclude={"home_id"}))
    return Status(201, _out(request.user, person))


# --- volunteer teams -----------------------------------------------------------------------------------------------

class TeamOut(Schema):
    id: int
    name: str
    kind: str
    kind_label: str
    community_id: int
    community_name: str
    organisation_name: str
    speciality: str
    captain_name: str
    member_count: int  # current members (open memberships)
    hours: float  # confirmed hours served for the team this year
    year: int


class TeamMemberOut(Schema):
    membership_id: int
    volunteer_id: int
    name: str
    phone: str  # masked unless the viewer's role needs it
    joined_on: dt.date
    is_captain: bool


class TeamSpellOut(Schema):
    volunteer_id: int
    name: str
    joined_on: dt.date
    left_on: dt.date | None


class TeamDetailOut(TeamOut):
    members: list[TeamMemberOut]
    history: list[TeamSpellOut]
    hours_by_month: list[float]


def _team_out(team, year: int) -> dict:
    return {"id": team.pk, "name": team.name, "kind": team.kind, "kind_label": str(team.get_kind_display()),
            "community_id": team.community_id, "community_name": team.community.name,
            "organisation_name": team.organisation.name if team.organisation else "", "speciality": team.speciality,
            "captain_name": team.captain.person.name if team.captain else "", "member_count": team.member_count,
            "hours": float(team.hours), "year": year}


def _team_detail(user, pk: int) -> dict:
    team = get_team_for_user(user, pk)
    year = clock.today().year
    row = team_list(user, year=year).get(pk=team.pk)
    return {**_team_out(row, year),
            "members": [{"membership_id": m.membership.pk, "volunteer_id": m.membership.volunteer_id, "name": m.name,
                         "phone": m.phone, "joined_on": m.membership.joined_on, "is_captain": m.is_captain}
                        for m in present_members(user, team)],
            "history": [{"volunteer_id": h.volunteer_id, "name": h.volunteer.person.name, "joined_on": h.joined_on,
                         "left_on": h.left_on} for h in membership_history(team)[:200]],
            "hours_by_month": [float(m["hours"]) for m in team_hours_by_month(team, year=year)]}


@router.get("/teams", response=list[TeamOut], summary="志愿服务队（本人范围内；现有队员数、本年度已确认时长）")
@paginate
def list_teams(request, q: str = "", kind: str = "", community_id: int | None = id_query()):
    year = clock.today().year
    return Presented(team_list(request.user, year=year, q=q[:50], kind=kind[:20], community=community_id),
                     lambda t: _team_out(t, year))


@router.get("/teams/{int:team_id}", response=TeamDetailOut, summary="志愿服务队详情（队员、入队离队记录、每月时长）")
def get_team(request, team_id: Id):
    return _team_detail(request.user, team_id)


class TeamIn(Schema):
    name: limits.text(100)
    community_id: Id
    kind: limits.text(limits.CODE) = "other"
    speciality: limits.text(100) = ""


@router.post("/teams", response={201: TeamDetailOut}, summary="成立志愿服务队（社区、街道、城区工作人员）")
def create_team_api(request, payload: TeamIn):
    community = nodes_visible_to(request.user).filter(pk=payload.community_id).first()
    if community is None or not may_register_person(request.user, community):
        raise Http404
    team = create_team(actor=request.user, name=payload.name, community=community, kind=payload.kind,
                       speciality=payload.speciality)
    return Status(201, _team_detail(request.user, team.pk))


class TeamJoinIn(Schema):
    volunteer_id: Id
    on: Day | None = None


class TeamLeaveIn(Schema):
    on: Day | None = None


class TeamCaptainIn(Schema):
    volunteer_id: Id | None = None


def _volunteer(user, volunteer_id: int) -> Volunteer:
    """A registered volunteer among the people the user sees (404 otherwise)."""
    volunteer = Volunteer.objects.filter(pk=volunteer_id, person__in=people_visible_to(user)).select_related(
        "person").first()
    if volunteer is None:
        raise Http404
    return volunteer


@router.post("/teams/{int:team_id}/members", response=TeamDetailOut, summary="队员入队（社区工作人员或队长）")
def join_team_api(request, team_id: Id, payload: TeamJoinIn):
    team = get_team_for_user(request.user, team_id, manage=True)
    join_team(actor=request.user, volunteer=_volunteer(request.user, payload.volunteer_id), team=team, on=payload.on)
    return _team_detail(request.user, team.pk)


@router.post("/teams/{int:team_id}/members/{int:volunteer_id}/leave", response=TeamSpellOut,
             summary="队员离队（社区工作人员、队长或本人）：返回结束的这段队员记录")
def leave_team_api(request, team_id: Id, volunteer_id: Id, payload: TeamLeaveIn):
    team = get_team_for_user(request.user, team_id)
    membership = current_members(team).filter(volunteer_id=volunteer_id).first()
    if membership is None:
        raise Http404
    spell = leave_team(actor=request.user, volunteer=membership.volunteer, team=team, on=payload.on)
    return {"volunteer_id": spell.volunteer_id, "name": membership.volunteer.person.name,
            "joined_on": spell.joined_on, "left_on": spell.left_on}


@router.post("/teams/{int:team_id}/captain", response=TeamDetailOut, summary="设定队长（社区工作人员；须为现任队员）")
def set_captain_api(request, team_id: Id, payload: TeamCaptainIn):
    team = get_team_for_user(request.user, team_id, manage=True)
    volunteer = None
    if payload.volunteer_id is not None:
        membership = current_members(team).filter(volunteer_id=payload.volunteer_id).first()
        if membership is None:
            raise ValidationError({"volunteer": _("队长须是该队的现任队员")})
        volunteer = membership.volunteer
    set_captain(actor=request.user, team=team, volunteer=volunteer)
    return _team_detail(request.user, team.pk)
