"""联席会议: who sees which rows and who may change what — one named helper per rule.

- Region staff (grid workers, community, street and district staff) see the joint meetings and tasks of the
  communities and streets in their subtrees; administrators see everything.
- Community staff run the meetings of their community, street staff those of their street and of its
  communities: create, invite, agenda, attendance, minutes, resolutions, closing a task.
- A unit's liaison and a department's receiver see the meetings their unit or department was invited to, and the
  tasks their unit or department owns; a volunteer team's captain the tasks of the team; a staff user the tasks
  assigned to them. Every owner (and the meeting's runners) updates a task's progress.
- Out of scope is 404, never 403 (`get_*_for_user`)."""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet
from django.http import Http404

from gongzhi.core.scope import NO_ROWS, get_visible
from gongzhi.meetings.models import Invitation, JointMeeting, Task
from gongzhi.people.models import VolunteerTeam
from gongzhi.regions.models import RegionKind, RegionNode

RUNNERS = ("community_staff", "street_staff")
BODY_KINDS = (RegionKind.COMMUNITY, RegionKind.STREET)


# --- who somebody is --------------------------------------------------------------------------------------------

def sees_meetings_as_staff(user) -> bool:
    return user.is_authenticated and user.scope.is_region_staff


def captained_team_ids(user) -> frozenset[int]:
    """Teams whose captain is the user's own person record (remembered on the user object for the request)."""
    if not user.is_authenticated or not user.scope.person_ids:
        return frozenset()
    cached = getattr(user, "_meetings_captained", None)
    if cached is None:
        cached = frozenset(VolunteerTeam.objects.filter(captain__person_id__in=sorted(user.scope.person_ids))
                           .values_list("pk", flat=True))
        user._meetings_captained = cached
    return cached


def may_run(user, body: RegionNode) -> bool:
    """A body's meetings (community or street) are run by its community staff or the street's staff."""
    if not user.is_authenticated:
        return False
    if user.scope.everything:
        return True
    return any(user.has_role_at(role, body.path) for role in RUNNERS)


def bodies_run_by(user) -> QuerySet[RegionNode]:
    """Communities and streets whose joint meetings the user may convene."""
    qs = RegionNode.objects.filter(kind__in=BODY_KINDS).order_by("path")
    if not user.is_authenticated:
        return qs.none()
    if user.scope.everything:
        return qs
    paths = sorted({a.region.path for a in user.active_roles if a.role in RUNNERS and a.region})
    if not paths:
        return qs.none()
    return qs.filter(reduce(or_, [Q(path__startswith=p) for p in paths]))


def bodies_seen_by(user) -> QuerySet[RegionNode]:
    return RegionNode.objects.filter(Q(kind__in=BODY_KINDS) & user.scope.in_regions("path")).order_by("path")


# --- rows a user sees --------------------------------------------------------------------------------------------

def _owned(user, prefix: str = "") -> Q:
    """Tasks the user owns: their unit's, department's, team's or their own."""
    if not user.is_authenticated:
        return NO_ROWS
    scope = user.scope
    condition = Q(**{f"{prefix}owner_user_id": user.pk})
    if scope.organisation_ids:
        condition |= Q(**{f"{prefix}owner_organisation_id__in": sorted(scope.organisation_ids)})
    if scope.department_ids:
        condition |= Q(**{f"{prefix}owner_department_id__in": sorted(scope.department_ids)})
    teams = captained_team_ids(user)
    if teams:
        condition |= Q(**{f"{prefix}owner_team_id__in": sorted(teams)})
    return condition


def meetings_visible_to(user) -> QuerySet[JointMeeting]:
    if not user.is_authenticated:
        return JointMeeting.objects.none()
    scope = user.scope
    condition = scope.in_regions("community__path")
    invited = []
    if scope.organisation_ids:
        invited.append(Q(organisation_id__in=sorted(scope.organisation_ids)))
    if scope.department_ids:
        invited.append(Q(department_id__in=sorted(scope.department_ids)))
    if invited:
        condition |= Q(pk__in=Invitation.objects.filter(reduce(or_, invited)).values("meeting_id"))
    if not scope.everything:
        condition |= Q(pk__in=Task.objects.filter(_owned(user)).values("meeting_id"))
    return JointMeeting.objects.filter(condition)


def tasks_visible_to(user) -> QuerySet[Task]:
    if not user.is_authenticated:
        return Task.objects.none()
    return Task.objects.filter(user.scope.in_regions("meeting__community__path") | _owned(user))


def my_tasks(user) -> QuerySet[Task]:
    """The tasks the user answers for as an owner (not those merely in their region)."""
    if not user.is_authenticated:
        return Task.objects.none()
    return Task.objects.filter(_owned(user))


def get_meeting_for_user(user, pk, *, write: bool = False) -> JointMeeting:
    """404 for "does not exist" and "not yours"; with write=True also for "yours to look at only"."""
    meeting = get_visible(meetings_visible_to(user).select_related("community"), pk)
    if write and not may_run(user, meeting.community):
        raise Http404
    return meeting


def get_task_for_user(user, pk) -> Task:
    return get_visible(tasks_visible_to(user).select_related(
        "meeting__community", "owner_organisation", "owner_department", "owner_team", "owner_user"), pk)


# --- who may change what -------------------------------------------------------------------------------------------

def is_task_owner(user, task: Task) -> bool:
    if not user.is_authenticated:
        return False
    scope = user.scope
    return ((task.owner_user_id is not None and task.owner_user_id == user.pk)
            or (task.owner_organisation_id is not None and task.owner_organisation_id in scope.organisation_ids)
            or (task.owner_department_id is not None and task.owner_department_id in scope.department_ids)
            or (task.owner_team_id is not None and task.owner_team_id in captained_team_ids(user)))


def may_update_task(user, task: Task) -> bool:
    """Progress of an open task: its owner or the meeting's runners."""
    return task.is_open and (is_task_owner(user, task) or may_run(user, task.meeting.community))


def may_close_task(user, task: Task) -> bool:
    """Closing an open task without completing it (the meeting withdrew it): the meeting's runners only."""
    return task.is_open and may_run(user, task.meeting.community)
