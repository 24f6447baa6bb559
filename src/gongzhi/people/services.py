"""Every write to people, party members and volunteers."""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gongzhi.chronicle.services import record
from gongzhi.core import clock
from gongzhi.core.pinyin import search_key
from gongzhi.people.models import (
    Gender,
    PartyMember,
    Person,
    TeamKind,
    TeamMembership,
    Volunteer,
    VolunteerTeam,
)
from gongzhi.people.permissions import may_edit_person, may_lead_team, may_manage_team, may_register_person
from gongzhi.regions.models import RegionKind

PHONE_PATTERN = re.compile(r"^1[3-9]\d{9}$|^0\d{2,3}-?\d{7,8}$")
ID_PATTERN = re.compile(r"^\d{17}[\dX]$")
ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_CHECK = "10X98765432"
HOME_KINDS = {RegionKind.COMMUNITY, RegionKind.NEIGHBOURHOOD, RegionKind.BUILDING, RegionKind.ENTRANCE}


def id_check_char(first17: str) -> str:
    return ID_CHECK[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def validate_phone(phone: str) -> str:
    phone = (phone or "").strip().replace(" ", "")
    if phone and not PHONE_PATTERN.match(phone):
        raise ValidationError({"phone": _("手机号格式不正确（应为11位手机号或带区号的座机号）")})
    return phone


def validate_id_number(value: str) -> str:
    value = (value or "").strip().upper()
    if not value:
        return ""
    if not ID_PATTERN.match(value) or id_check_char(value[:17]) != value[17]:
        raise ValidationError({"id_number": _("身份证号无效（18位，校验位不符）")})
    return value


def clean_person_fields(*, name: str, phone: str, id_number: str, home, birth_year=None, gender: str = "") -> dict:
    name = (name or "").strip()
    errors: dict[str, str | list[str]] = {}
    if not name:
        errors["name"] = _("姓名不能为空")
    try:
        phone = validate_phone(phone)
    except ValidationError as e:
        errors.update(e.message_dict)
    try:
        id_number = validate_id_number(id_number)
    except ValidationError as e:
        errors.update(e.message_dict)
    if home is None or home.kind not in HOME_KINDS:
        errors["home"] = _("居住地须为社区、小区、楼栋或单元")
    if gender and gender not in Gender.values:
        errors["gender"] = _("性别不正确")
    if birth_year is not None and not 1900 <= int(birth_year) <= 2100:
        errors["birth_year"] = _("出生年份不正确")
    if errors:
        raise ValidationError(errors)
    return {"name": name, "phone": phone, "id_number": id_number}


def _check_registrar(actor, node) -> None:
    """`actor` None is the system itself (demo, imports); a user must be a registrar covering `node`."""
    if actor is not None and not may_register_person(actor, node):
        raise PermissionDenied


@transaction.atomic
def register_person(*, actor, name: str, home, phone: str = "", id_number: str = "", gender: str = "",
                    birth_year: int | None = None, user=None) -> Person:
    """`actor` None means the system itself (demo); a user must be allowed to register at `home`."""
    if actor is not None and home is not None and not may_register_person(actor, home):
        raise PermissionDenied
    cleaned = clean_person_fields(name=name, phone=phone, id_number=id_number, home=home, birth_year=birth_year,
                                  gender=gender)
    if cleaned["id_number"] and Person.objects.filter(id_number=cleaned["id_number"]).exists():
        raise ValidationError({"id_number": _("该身份证号已登记")})
    person = Person.objects.create(home=home, gender=gender, birth_year=birth_year, user=user,
                                   search_key=search_key(cleaned["name"]), **cleaned)
    record(person, "person.registered", actor, {"home": home.pk})
    return person


@transaction.atomic
def update_person(*, actor, person: Person, **fields) -> Person:
    """`actor` None means the system itself (imports, demo); a user must be allowed to edit the record."""
    if actor is not None and not may_edit_person(actor, person):
        raise PermissionDenied
    allowed = {"name", "phone", "id_number", "home", "gender", "birth_year"}
    if set(fields) - allowed:
        raise ValueError(f"unknown fields {set(fields) - allowed}")
    merged = {k: fields.get(k, getattr(person, k)) for k in allowed}
    if merged["home"] != person.home and actor is not None and not may_register_person(actor, merged["home"]):
        raise PermissionDenied
    cleaned = clean_person_fields(name=merged["name"], phone=merged["phone"], id_number=merged["id_number"],
                                  home=merged["home"], birth_year=merged["birth_year"], gender=merged["gender"])
    merged.update(cleaned)
    if cleaned["id_number"] and Person.objects.filter(id_number=cleaned["id_number"]).exclude(pk=person.pk).exists():
        raise ValidationError({"id_number": _("该身份证号已登记")})
    changed = sorted(k for k in allowed if merged[k] != getattr(person, k))
    for k in changed:
        setattr(person, k, merged[k])
    person.search_key = search_key(person.name)
    person.save()
    # Only the names of changed fields go into the chronicle, never the personal data itself.
    record(person, "person.updated", actor, {"fields": changed})
    return person


@transaction.atomic
def register_party_member(*, actor, person: Person, party_organisation, joined_on: dt.date | None = None,
                          work_unit=None) -> PartyMember:
    """`actor` None means the system itself (imports, demo); a user must keep the person's register."""
    _check_registrar(actor, person.home)
    if hasattr(person, "party_member"):
        raise ValidationError(_("%(p)s 已登记为党员") % {"p": person})
    member = PartyMember.objects.create(person=person, party_organisation=party_organisation, joined_on=joined_on,
                                        in_service=work_unit is not None, work_unit=work_unit)
    record(person, "person.party_member_registered", actor, {"party_organisation": party_organisation.pk,
                                                             "in_service": work_unit is not None})
    return member


@transaction.atomic
def report_to_community(*, actor, member: PartyMember, community, on: dt.date) -> PartyMember:
    """An in-service party member registers (报到) with the community where they live — recorded by the member
    themself or by a registrar of that community."""
    if actor is not None and not (member.person.user_id == actor.pk or may_register_person(actor, community)):
        raise PermissionDenied
    if not member.in_service:
        raise ValidationError(_("只有在职党员需要向居住地社区报到"))
    if community.kind != RegionKind.COMMUNITY:
        raise ValidationError(_("报到对象必须是社区"))
    PartyMember.objects.filter(pk=member.pk).update(registered_community=community, registered_on=on)
    member.refresh_from_db()
    record(member.person, "person.reported_to_community", actor, {"community": community.pk, "on": on.isoformat()})
    return member


@transaction.atomic
def create_team(*, actor, name: str, community, organisation=None, speciality: str = "",
                kind: str = TeamKind.OTHER) -> VolunteerTeam:
    _check_registrar(actor, community)
    if community.kind != RegionKind.COMMUNITY:
        raise ValidationError(_("志愿服务队须属于一个社区"))
    if kind not in TeamKind.values:
        raise ValidationError({"kind": _("请选择队伍类别")})
    team = VolunteerTeam(name=(name or "").strip(), community=community, organisation=organisation,
                         speciality=(speciality or "").strip(), kind=kind)
    team.full_clean()
    team.save()
    record(team, "volunteer_team.created", actor, {"name": team.name, "kind": kind})
    return team


@transaction.atomic
def update_team(*, actor, team: VolunteerTeam, kind: str | None = None, speciality: str | None = None) -> VolunteerTeam:
    """Staff over the team's community correct its kind or speciality (e.g. mark a team as a patrol team)."""
    if actor is not None and not may_lead_team(actor, team):
        raise PermissionDenied
    changed = []
    if kind is not None:
        if kind not in TeamKind.values:
            raise ValidationError({"kind": _("请选择队伍类别")})
        changed.append("kind")
        team.kind = kind
    if speciality is not None:
        team.speciality = speciality.strip()
        changed.append("speciality")
    team.full_clean()
    team.save(update_fields=changed or None)
    record(team, "volunteer_team.updated", actor, {"fields": changed, "kind": team.kind})
    return team


@transaction.atomic
def register_volunteer(*, actor, person: Person, teams=(), on: dt.date) -> Volunteer:
    _check_registrar(actor, person.home)
    if hasattr(person, "volunteer"):
        raise ValidationError(_("%(p)s 已是注册志愿者") % {"p": person})
    volunteer = Volunteer.objects.create(person=person, registered_on=on)
    TeamMembership.objects.bulk_create([TeamMembership(volunteer=volunteer, team=t, joined_on=on) for t in teams])
    record(person, "person.volunteer_registered", actor, {"teams": [t.pk for t in teams]})
    return volunteer


# --- team memberships and the captain ----------------------------------------------------------------------------
# A membership is a dated spell (joined_on … left_on); leaving closes it, rejoining opens a new one. The database
# holds "one open membership per volunteer and team" (team_membership_one_open).

def _check_team_manager(actor, team: VolunteerTeam) -> None:
    if actor is not None and not may_manage_team(actor, team):
        raise PermissionDenied


def _day(on: dt.date | None, field: str = "on") -> dt.date:
    on = on or clock.today()
    if not isinstance(on, dt.date):
        raise ValidationError({field: _("日期格式不正确")})
    if on > clock.today():
        raise ValidationError({field: _("日期不能晚于今天")})
    return on


@transaction.atomic
def join_team(*, actor, volunteer: Volunteer, team: VolunteerTeam, on: dt.date | None = None,
              note: str = "") -> TeamMembership:
    """The volunteer joins the team on `on` (today by default): recorded by the community's staff or the captain."""
    _check_team_manager(actor, team)
    on = _day(on)
    if on < volunteer.registered_on:
        raise ValidationError({"on": _("入队日期不能早于志愿者注册日期（%(d)s）") % {"d": volunteer.registered_on}})
    Volunteer.objects.select_for_update().filter(pk=volunteer.pk).first()  # one change to a volunteer's teams at a time
    memberships = TeamMembership.objects.filter(volunteer=volunteer, team=team)
    if memberships.current().exists():
        raise ValidationError(_("%(p)s 已是该队队员") % {"p": volunteer.person.name})
    last_left = memberships.order_by("-left_on").values_list("left_on", flat=True).first()
    if last_left is not None and on < last_left:
        raise ValidationError({"on": _("重新入队日期不能早于上次离队日期（%(d)s）") % {"d": last_left}})
    membership = TeamMembership.objects.create(volunteer=volunteer, team=team, joined_on=on,
                                               note=(note or "").strip()[:300])
    record(team, "volunteer_team.joined", actor, {"volunteer": volunteer.pk, "on": on.isoformat()})
    return membership


@transaction.atomic
def leave_team(*, actor, volunteer: Volunteer, team: VolunteerTeam, on: dt.date | None = None,
               note: str = "") -> TeamMembership:
    """The volunteer leaves the team on `on` (today by default): recorded by staff, the captain, or the volunteer
    themself. A captain who leaves is no longer captain."""
    if actor is not None and volunteer.person.user_id != actor.pk:
        _check_team_manager(actor, team)
    on = _day(on)
    membership = (TeamMembership.objects.select_for_update().current()
                  .filter(volunteer=volunteer, team=team).first())
    if membership is None:
        raise ValidationError(_("%(p)s 目前不是该队队员") % {"p": volunteer.person.name})
    if on < membership.joined_on:
        raise ValidationError({"on": _("离队日期不能早于入队日期（%(d)s）") % {"d": membership.joined_on}})
    membership.left_on = on
    if note:
        membership.note = note.strip()[:300]
    membership.save(update_fields=["left_on", "note"])
    data: dict = {"volunteer": volunteer.pk, "on": on.isoformat()}
    if VolunteerTeam.objects.filter(pk=team.pk, captain=volunteer).update(captain=None):
        team.captain = None
        data["was_captain"] = True
    record(team, "volunteer_team.left", actor, data)
    return membership


@transaction.atomic
def set_captain(*, actor, team: VolunteerTeam, volunteer: Volunteer | None) -> VolunteerTeam:
    """Staff over the team's community name its captain, one of its current members (None: no captain)."""
    if actor is not None and not may_lead_team(actor, team):
        raise PermissionDenied
    team = VolunteerTeam.objects.select_for_update().get(pk=team.pk)
    if volunteer is not None and not TeamMembership.objects.current().filter(volunteer=volunteer, team=team).exists():
        raise ValidationError({"volunteer": _("队长须是该队的现任队员")})
    before = team.captain_id
    team.captain = volunteer
    team.save(update_fields=["captain"])
    record(team, "volunteer_team.captain_set", actor, {"from": before, "to": volunteer.pk if volunteer else None})
    return team


@transaction.atomic
def link_account(*, actor, person: Person, user) -> Person:
    """Connect a resident's record to their login account (one account, one person): the community staff
    who keep the person's register, or an administrator."""
    if actor is not None and not may_edit_person(actor, person):
        raise PermissionDenied
    if Person.objects.filter(user=user).exclude(pk=person.pk).exists():
        raise ValidationError(_("该账号已关联其他人员"))
    Person.objects.filter(pk=person.pk).update(user=user)
    person.user = user
    record(person, "person.account_linked", actor, {"user": user.pk})
    return person
