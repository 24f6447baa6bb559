"""Who may do what with duty rosters: one named helper per rule (kept apart from volunteering/permissions.py so the
areas are built side by side; the lead may fold it in).

Rosters follow their team: whoever sees the team (staff of its subtree, its unit's liaison, its current members)
sees its rosters and shifts; whoever manages the team (staff over its community, its captain) manages its rosters,
shifts and attendance. Members sign up for their own teams' shifts. Duty hours are confirmed by the community's
staff (community, street, district) over the team's community."""

from __future__ import annotations

from django.http import Http404

from gongzhi.core.scope import REGISTRAR_ROLES, get_visible
from gongzhi.people.models import TeamMembership, Volunteer, VolunteerTeam
from gongzhi.people.permissions import is_captain, may_manage_team, my_team_ids, teams_visible_to
from gongzhi.volunteering.models import HoursEntry, HoursKind, Roster, Shift, ShiftSignup


def my_volunteer(user) -> Volunteer | None:
    """The user's own volunteer record (through their person record), or None."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    if "_my_volunteer" not in user.__dict__:
        user.__dict__["_my_volunteer"] = (Volunteer.objects.filter(person__user=user).select_related("person")
                                          .first())
    return user.__dict__["_my_volunteer"]


def my_teams(user):
    """The teams the user belongs to now."""
    return VolunteerTeam.objects.filter(pk__in=my_team_ids(user)).select_related("community", "captain__person")


def captained_teams(user):
    return VolunteerTeam.objects.filter(captain__person__user=user, pk__in=my_team_ids(user))


def rosters_visible_to(user):
    return Roster.objects.filter(team__in=teams_visible_to(user))


def shifts_visible_to(user):
    return Shift.objects.filter(roster__team__in=teams_visible_to(user))


def managed_teams(user):
    """Teams whose rosters the user may manage: staff over the community, or captains of their own team."""
    return (VolunteerTeam.objects.filter(user.scope_for(*REGISTRAR_ROLES).in_regions("community__path"))
            | VolunteerTeam.objects.filter(pk__in=captained_teams(user).values("pk")))


def may_manage_roster(user, roster: Roster) -> bool:
    return may_manage_team(user, roster.team)


def may_sign_up(user, shift: Shift) -> bool:
    """A current member of the shift's team (their own sign-up)."""
    volunteer = my_volunteer(user)
    return volunteer is not None and TeamMembership.objects.current().filter(
        volunteer=volunteer, team_id=shift.roster.team_id).exists()


def is_own_signup(user, signup: ShiftSignup) -> bool:
    return signup.volunteer.person.user_id == getattr(user, "pk", None)


def may_confirm_duty_hours(user, entry: HoursEntry) -> bool:
    """The community's staff confirm duty hours (not the captain who marked them)."""
    return entry.kind == HoursKind.DUTY and user.scope_for(*REGISTRAR_ROLES).covers(entry.community.path)


def duty_hours_visible_to(user):
    return HoursEntry.objects.filter(kind=HoursKind.DUTY, team__in=teams_visible_to(user))


def confirmable_duty_hours(user):
    return HoursEntry.objects.filter(kind=HoursKind.DUTY).filter(
        user.scope_for(*REGISTRAR_ROLES).in_regions("community__path"))


def get_roster_for_user(user, pk, *, manage: bool = False) -> Roster:
    roster = get_visible(rosters_visible_to(user).select_related("team__community", "team__captain__person"), pk)
    if manage and not may_manage_roster(user, roster):
        raise Http404
    return roster


def get_shift_for_user(user, pk, *, manage: bool = False) -> Shift:
    shift = get_visible(shifts_visible_to(user).select_related("roster__team__community",
                                                               "roster__team__captain__person"), pk)
    if manage and not may_manage_roster(user, shift.roster):
        raise Http404
    return shift


def get_signup_for_user(user, pk) -> ShiftSignup:
    """A sign-up of a visible shift; only its own volunteer or a manager of the team gets it."""
    signup = get_visible(ShiftSignup.objects.filter(shift__in=shifts_visible_to(user))
                         .select_related("shift__roster__team__community", "shift__roster__team__captain__person",
                                         "volunteer__person"), pk)
    if not (is_own_signup(user, signup) or may_manage_roster(user, signup.shift.roster)):
        raise Http404
    return signup


__all__ = ["captained_teams", "confirmable_duty_hours", "duty_hours_visible_to", "get_roster_for_user",
           "get_shift_for_user", "get_signup_for_user", "is_captain", "is_own_signup", "managed_teams",
           "may_confirm_duty_hours", "may_manage_roster", "may_sign_up", "my_teams", "my_volunteer",
           "rosters_visible_to", "shifts_visible_to"]
