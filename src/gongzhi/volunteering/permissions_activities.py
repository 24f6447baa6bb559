"""Who may do what with activities' sign-ups, check-in codes and hours: one named helper per rule.

- **Volunteers** (any user with a person record: resident, registered volunteer, in-service party member) sign up
  for the openly recruiting activities of "their" communities — where they live, where they volunteer (volunteer
  role), where they registered (报到) as in-service party members — and for the team-only activities of the teams
  they belong to (people.Volunteer.teams). They see those activities and the ones they signed up for.
- **Organisers** of an activity run its check-in code and decide its hours: the community's staff, the liaison of
  the organising unit (`Activity.organiser`) and the captain of the organising team (`Activity.organiser_team`). Street and district staff see the activities of their area, read-only.
- Out of scope is 404, never 403 (`get_visible`).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from gongzhi.core.scope import ancestor_paths, get_visible
from gongzhi.lists.models import Activity, Recruitment
from gongzhi.people.models import PartyMember, Person, TeamMembership, VolunteerTeam
from gongzhi.regions.models import RegionKind, RegionNode
from gongzhi.volunteering.models import HoursEntry, SignUp
from gongzhi.volunteering.permissions_rosters import may_confirm_duty_hours

# --- who somebody is, for activities ------------------------------------------------------------------------------


def own_person(user) -> Person | None:
    return getattr(user, "person", None) if user.is_authenticated else None


def volunteer_community_ids(user) -> set[int]:
    """The communities whose open activities the user may join (remembered on the request's user object)."""
    if not user.is_authenticated:
        return set()
    if not hasattr(user, "_vol_communities"):
        paths = [a.region.path for a in user.active_roles if a.role in ("volunteer", "resident") and a.region]
        person = own_person(user)
        ids: set[int] = set()
        if person is not None:
            paths.append(person.home.path)
            ids |= set(PartyMember.objects.filter(person=person, in_service=True,
                                                   registered_community__isnull=False)
                       .values_list("registered_community_id", flat=True))
        above = sorted({a for p in paths for a in ancestor_paths(p)})
        if above:
            ids |= set(RegionNode.objects.filter(kind=RegionKind.COMMUNITY, path__in=above)
                       .values_list("pk", flat=True))
        user._vol_communities = ids
    return user._vol_communities


def team_ids(user) -> set[int]:
    """The volunteer teams the user's person record currently belongs to (open memberships)."""
    person = own_person(user)
    if person is None:
        return set()
    if not hasattr(user, "_vol_teams"):
        user._vol_teams = set(TeamMembership.objects.current().filter(volunteer__person=person)
                              .values_list("team_id", flat=True))
    return user._vol_teams


def captained_team_ids(user) -> set[int]:
    """Teams whose captain (a volunteer) is the user's person record."""
    person = own_person(user) if user.is_authenticated else None
    if person is None:
        return set()
    return set(VolunteerTeam.objects.filter(captain__person=person).values_list("pk", flat=True))


# --- rows a user sees ---------------------------------------------------------------------------------------------

def recruiting_for(user) -> QuerySet[Activity]:
    """Activities the user may sign up for (whatever their dates): open ones of their communities, team-only ones
    of their teams."""
    if own_person(user) is None:
        return Activity.objects.none()
    condition = Q(recruitment=Recruitment.OPEN, community_id__in=sorted(volunteer_community_ids(user)))
    teams = team_ids(user)
    if teams:
        condition |= Q(recruitment=Recruitment.TEAM, organiser_team_id__in=sorted(teams))
    return Activity.objects.filter(condition)


def volunteer_activities(user) -> QuerySet[Activity]:
    """What the phone shell shows: the activities the user may join and those they signed up for."""
    person = own_person(user)
    if person is None:
        return Activity.objects.none()
    return Activity.objects.filter(Q(pk__in=recruiting_for(user).values("pk"))
                                   | Q(pk__in=SignUp.objects.filter(person=person).values("activity_id")))


def get_activity_for_volunteer(user, pk) -> Activity:
    return get_visible(volunteer_activities(user).select_related("community", "organiser", "organiser_team"), pk)


def organised_activities(user) -> QuerySet[Activity]:
    """Recruiting activities on the organisers' side: region staff of the area (street and district staff read),
    the organising unit's liaison, the organising team's captain."""
    scope = user.scope
    condition = scope.in_regions("community__path")
    if scope.organisation_ids:
        condition |= Q(organiser_id__in=sorted(scope.organisation_ids))
    captained = captained_team_ids(user)
    if captained:
        condition |= Q(organiser_team_id__in=sorted(captained))
    return Activity.objects.filter(condition).exclude(recruitment=Recruitment.NONE)


def get_activity_for_organiser(user, pk, *, write: bool = False) -> Activity:
    """404 for "does not exist", "not yours" and, with write=True, "yours to read only"."""
    activity = get_visible(organised_activities(user).select_related("community", "organiser", "organiser_team",
                                                                     "category"), pk)
    if write and not organises(user, activity):
        raise Http404
    return activity


def hours_visible_to(user) -> QuerySet[HoursEntry]:
    """Hours entries of the activities the user sees as an organiser, and the user's own."""
    condition = Q(activity__in=organised_activities(user).values("pk"))
    person = own_person(user)
    if person is not None:
        condition |= Q(person=person)
    return HoursEntry.objects.filter(condition)


def get_hours_for_organiser(user, pk) -> HoursEntry:
    """An entry the user may decide on (confirm, decline, correct), else 404."""
    entry = get_visible(HoursEntry.objects.filter(activity__in=organised_activities(user).values("pk"))
                        .select_related("activity__community", "person"), pk)
    if not may_decide_hours(user, entry):
        raise Http404
    return entry


def get_signup_for_user(user, pk) -> SignUp:
    """The user's own sign-up (to cancel it), else 404."""
    person = own_person(user)
    if person is None:
        raise Http404
    return get_visible(SignUp.objects.filter(person=person).select_related("activity__community"), pk)


# --- who may change what ------------------------------------------------------------------------------------------

def may_sign_up(user, activity: Activity) -> bool:
    if own_person(user) is None:
        return False
    if activity.recruitment == Recruitment.OPEN:
        return activity.community_id in volunteer_community_ids(user)
    if activity.recruitment == Recruitment.TEAM:
        return activity.organiser_team_id in team_ids(user)
    return False


def organises(user, activity: Activity) -> bool:
    """Runs the check-in code and decides the hours: the community's staff, the organising unit's liaison, the
    organising team's captain."""
    if user.scope.everything or user.has_role_at("community_staff", activity.community.path):
        return True
    if activity.organiser_id is not None and activity.organiser_id in user.scope.organisation_ids:
        return True
    return activity.organiser_team_id is not None and activity.organiser_team_id in captained_team_ids(user)


def organising(user) -> Q:
    """Activities the user organises: `organises` as a query condition (the community's staff, the organising
    unit's liaison, the organising team's captain)."""
    condition = user.scope_for("community_staff").in_regions("community__path")
    if user.scope.organisation_ids:
        condition |= Q(organiser_id__in=sorted(user.scope.organisation_ids))
    captained = captained_team_ids(user)
    if captained:
        condition |= Q(organiser_team_id__in=sorted(captained))
    return condition


def organises_somewhere(user) -> bool:
    """Organiser of some activity's hours: community staff, a unit's liaison, a team's captain (one query)."""
    if not user.is_authenticated:
        return False
    staff = user.scope_for("community_staff")
    return staff.everything or bool(staff.region_paths) or bool(user.scope.organisation_ids) or bool(
        captained_team_ids(user))


def may_decide_hours(user, entry: HoursEntry) -> bool:
    """An activity's hours: its organisers; a duty shift's hours: the community's staff (as they confirm them)."""
    if entry.activity is not None:
        return organises(user, entry.activity)
    return may_confirm_duty_hours(user, entry)


def may_organise_somewhere(user) -> bool:
    """For the phone shell's entry to the check-in code page."""
    if not user.is_authenticated:
        return False
    return user.scope.is_region_staff or bool(user.scope.organisation_ids) or bool(captained_team_ids(user))


def sees_volunteers_in_full(user, activity: Activity) -> bool:
    """Names on the organiser's pages: the organisers and the area's staff; phones as people.permissions says."""
    return user.scope.covers(activity.community.path) or organises(user, activity)
