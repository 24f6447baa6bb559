"""Which people a user may see, and which of their personal data unmasked.

Staff see the people who live in their subtrees; a unit liaison sees the in-service party members who work
in the unit; everybody sees their own record. Phone numbers are shown whole only to grid workers and
community staff in scope (and to the person); ID numbers only to community staff in scope."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.http import Http404

from gongzhi.core.privacy import mask_id_number, mask_phone, scrub
from gongzhi.core.scope import REGISTRAR_ROLES, get_visible
from gongzhi.people.models import Person, TeamMembership, VolunteerTeam
from gongzhi.regions.models import RegionNode


def people_visible_to(user):
    scope = user.scope
    return Person.objects.filter(
        scope.in_regions("home__path")
        | Q(pk__in=scope.person_ids)
        | Q(party_member__work_unit_id__in=scope.organisation_ids)
    )


def get_person_for_user(user, pk, *, write: bool = False) -> Person:
    """404 both for "does not exist" and "not yours"; with write=True also for "yours to read only"."""
    person = get_visible(people_visible_to(user).select_related("home__parent"), pk)
    if write and not may_edit_person(user, person):
        raise Http404
    return person


def shown_phone(user, person: Person) -> str:
    if user.scope.may_see_phone(person.home.path, person_id=person.pk):
        return person.phone
    return mask_phone(person.phone)


def shown_id_number(user, person: Person) -> str:
    if user.scope.may_see_id_number(person.home.path, person_id=person.pk):
        return person.id_number
    return mask_id_number(person.id_number)


# --- numbers typed into free text -----------------------------------------------------------------------------
# A resident writes "请回电137…，身份证450302…" into a case, an order, a wish or a need. Whoever may see her
# phone field sees the phone numbers in that text; whoever may see her ID number sees the ID numbers; every
# other viewer reads them masked — on pages, lists, titles, the API and exports alike.

@dataclass(frozen=True)
class TextAccess:
    phones: bool = False
    ids: bool = False


FULL_TEXT = TextAccess(phones=True, ids=True)
MASKED_TEXT = TextAccess()


def text_access_at(user, path: str | None, *, person_id: int | None = None) -> TextAccess:
    """The same rule as the phone and ID number fields of the person at `path` (or the person herself)."""
    scope = getattr(user, "scope", None)
    if scope is None:
        return MASKED_TEXT
    return TextAccess(phones=scope.may_see_phone(path, person_id=person_id),
                      ids=scope.may_see_id_number(path, person_id=person_id))


def shown_text(text: str | None, access: TextAccess) -> str:
    """`text` as a viewer with `access` may read it."""
    if not text:
        return text or ""
    return scrub(text, keep_phones=access.phones, keep_ids=access.ids)


# Each app that keeps residents' free text registers how to decide the access for one of its objects
# (cases: the reporter's rights; orders: also the provider serving her) in its AppConfig.ready().
_TEXT_ACCESS: dict[str, Callable[[Any, Any], TextAccess]] = {}


def register_text_access(model, decide: Callable[[Any, Any], TextAccess]) -> None:
    """`decide(user, obj) -> TextAccess` for objects of `model`."""
    _TEXT_ACCESS[model._meta.label] = decide


def text_access(user, obj) -> TextAccess:
    """The decision for `obj`, remembered on the user object for this request (lists call it per row)."""
    if obj is None or user is None:
        return MASKED_TEXT
    key = (obj._meta.label, obj.pk)
    cache = user.__dict__.setdefault("_text_access", {})
    if key not in cache:
        decide = _TEXT_ACCESS.get(obj._meta.label)
        cache[key] = decide(user, obj) if decide is not None else MASKED_TEXT
    return cache[key]


def shown_text_of(user, obj, text: str | None) -> str:
    """Free text belonging to `obj` (its title, description, result …) as this viewer may read it."""
    return shown_text(text, text_access(user, obj))


def teams_visible_to(user):
    """Staff see the teams of their subtrees, a unit liaison the unit's teams, a volunteer the teams they belong to
    now (a captain manages their own team from the phone)."""
    scope = user.scope
    return VolunteerTeam.objects.filter(scope.in_regions("community__path")
                                        | Q(organisation_id__in=scope.organisation_ids)
                                        | Q(pk__in=my_team_ids(user)))


def my_team_ids(user):
    """The teams the user belongs to now (open memberships of their person record), as a subquery."""
    if user is None or not getattr(user, "is_authenticated", False):
        return TeamMembership.objects.none().values("team_id")
    return TeamMembership.objects.current().filter(volunteer__person__user=user).values("team_id")


def get_team_for_user(user, pk, *, manage: bool = False) -> VolunteerTeam:
    """404 for "does not exist" and "not yours"; with manage=True also for "yours to look at only"."""
    team = get_visible(teams_visible_to(user).select_related("community", "organisation", "captain__person"), pk)
    if manage and not may_manage_team(user, team):
        raise Http404
    return team


def is_captain(user, team: VolunteerTeam) -> bool:
    captain = team.captain
    return (captain is not None and user is not None and getattr(user, "is_authenticated", False)
            and captain.person.user_id == user.pk)


def may_manage_team(user, team: VolunteerTeam) -> bool:
    """Community, street and district staff over the team's community, and the team's own captain: members join
    and leave, rosters and shifts, attendance."""
    return user.scope_for(*REGISTRAR_ROLES).covers(team.community.path) or is_captain(user, team)


def may_lead_team(user, team: VolunteerTeam) -> bool:
    """Staff over the team's community name or change its captain (a captain does not appoint the next one)."""
    return user.scope_for(*REGISTRAR_ROLES).covers(team.community.path)


def sees_team_as_staff(user, team: VolunteerTeam) -> bool:
    """Region staff and liaisons who see the team through their scope (not as a member)."""
    scope = user.scope
    return scope.covers(team.community.path) or team.organisation_id in scope.organisation_ids


def may_edit_person(user, person: Person) -> bool:
    """Community staff keep the register of their community's residents (they see ID numbers in full)."""
    return user.scope.everything or user.has_role_at("community_staff", person.home.path)


def may_register_person(user, home) -> bool:
    """Community staff register their residents; street and district staff may do so in bulk for their area."""
    return user.scope_for(*REGISTRAR_ROLES).covers(home.path)


def registration_neighbourhoods(user):
    """Neighbourhoods in which the user may register residents (for the home picker)."""
    qs = RegionNode.objects.filter(kind="neighbourhood").select_related("parent")
    return qs.filter(user.scope_for(*REGISTRAR_ROLES).in_regions("path"))


def team_communities(user):
    """Communities in which the user may found volunteer teams (community, street and district staff)."""
    return RegionNode.objects.filter(kind="community").filter(user.scope_for(*REGISTRAR_ROLES).in_regions("path")) \
        .order_by("path")
