"""Which disputes a user sees, who may act on them, and how much of the parties' personal data each viewer gets.

- Grid workers and community staff see the disputes of their community; street and district staff those of
  their subtree; system administrators all of them.
- A department receiver (接哨员) sees the disputes whose case was whistled to their department, read-only.
- Unit liaisons, residents and outsiders see none (404).

Acting (register, add a party, record a session, an outcome or a follow-up, close, reopen, re-assess the
risk): the first-responder roles of the cases app — grid workers and community staff of the community,
street and district staff covering it, administrators.

Parties' phone numbers and addresses: whole for community staff and grid workers in scope (`Scope.may_see_phone`,
as `people.permissions.shown_phone`), masked for street and district staff, absent for receivers.

Out of scope is 404, never 403: `get_dispute_for_user` answers Http404 for "missing" and "not yours" alike."""

from __future__ import annotations

import re
from functools import reduce
from operator import or_

from django.db.models import Q
from django.http import Http404

from gongzhi.cases.models import Whistle
from gongzhi.core.privacy import mask_phone
from gongzhi.core.scope import ancestor_paths, get_visible
from gongzhi.disputes.models import Dispute, Party
from gongzhi.organisations.models import Department
from gongzhi.regions.models import RegionKind, RegionNode

# The first-responder roles of the cases app (cases.permissions.RESPONDER_ROLES).
HANDLER_ROLES = ("grid_worker", "community_staff", "street_staff", "district_staff")
# Who does the mediation on the ground: offered as mediators on the session form.
MEDIATOR_ROLES = ("grid_worker", "community_staff")


# --- rows a user sees -------------------------------------------------------------------------------------

def disputes_visible_to(user):
    if not getattr(user, "is_authenticated", False):
        return Dispute.objects.none()
    scope = user.scope
    condition = scope.in_regions("case__community__path")
    if scope.department_ids:
        condition |= Q(case_id__in=Whistle.objects.filter(department_id__in=scope.department_ids)
                       .values("case_id"))
    return Dispute.objects.filter(condition)


def get_dispute_for_user(user, pk, *, write: bool = False) -> Dispute:
    """404 both for "does not exist" and "not yours"; with write=True also for "yours to read only"."""
    dispute = get_visible(disputes_visible_to(user).select_related(
        "case__community__parent", "case__category", "case__place__parent", "case__owner", "referred_department",
        "outcome_by", "registered_by", "closed_by"), pk)
    if write and not may_handle(user, dispute):
        raise Http404
    return dispute


# --- who may act ------------------------------------------------------------------------------------------

def _handler_at(user, path: str) -> bool:
    if user is None or not user.is_active:
        return False
    return user.scope.everything or any(user.has_role_at(role, path) for role in HANDLER_ROLES)


def may_see_dispute_chronicle(user) -> bool:
    """A dispute's chronicle is shown to region staff (and administrators), not to a department's mediator."""
    return user.scope.is_region_staff


def sees_street_view(user) -> bool:
    """Street and district staff read the dispute list by community (the street's view); administrators see
    the plain list."""
    return not user.scope.everything and user.has_role("street_staff", "district_staff")


def may_register(user, community: RegionNode) -> bool:
    return _handler_at(user, community.path)


def may_handle(user, dispute: Dispute) -> bool:
    return _handler_at(user, dispute.case.community.path)


def communities_for_registration(user):
    """The communities the user may register disputes in (for the form's picker)."""
    qs = RegionNode.objects.filter(kind=RegionKind.COMMUNITY).select_related("parent").order_by("path")
    if user.scope.everything:
        return qs
    paths = sorted({a.region.path for a in user.active_roles if a.role in HANDLER_ROLES and a.region})
    if not paths:
        return qs.none()
    return qs.filter(reduce(or_, [Q(path__startswith=p) for p in paths]))


def communities_in_sight(user):
    """Communities whose disputes the user's region roles cover (the list's community filter)."""
    qs = RegionNode.objects.filter(kind=RegionKind.COMMUNITY).order_by("path")
    return qs.filter(user.scope.in_regions("path"))


def departments_for(community: RegionNode):
    """Departments serving a community: placed on its chain above or inside it (司法所, 派出所, 法院 …)."""
    return Department.objects.filter(Q(home__path__in=ancestor_paths(community.path))
                                     | Q(home__path__startswith=community.path)).order_by("home__depth", "name")


def mediators_for(community: RegionNode):
    """Platform users who mediate in the community: its grid workers and community staff."""
    from gongzhi.accounts.models import User

    return (User.objects.filter(is_active=True, role_assignments__active=True,
                                role_assignments__role__in=MEDIATOR_ROLES,
                                role_assignments__region__path__in=ancestor_paths(community.path))
            .distinct().order_by("display_name", "username"))


# --- personal data ----------------------------------------------------------------------------------------

FULL, MASKED, HIDDEN = "full", "masked", "hidden"


def contact_access(user, dispute: Dispute, party: Party | None = None) -> str:
    """How the parties' phone numbers and addresses of `dispute` are shown to `user`."""
    scope = user.scope
    path = dispute.case.community.path
    if scope.may_see_phone(path, person_id=party.person_id if party is not None else None):
        return FULL
    if scope.covers(path):
        return MASKED
    return HIDDEN


_DIGITS = re.compile(r"[0-9０-９]")


def mask_address(value: str) -> str:
    """Keep the street and the estate, hide the numbers: 五美路18号3栋502 → 五美路**号*栋***."""
    return _DIGITS.sub("*", value or "")


def shown_party_phone(user, party: Party, *, access: str | None = None) -> str | None:
    """The party's phone as `user` may see it: whole, masked, or None (not shown at all)."""
    access = access or contact_access(user, party.dispute, party)
    if access == FULL:
        return party.phone
    if access == MASKED:
        return mask_phone(party.phone)
    return None


def shown_party_address(user, party: Party, *, access: str | None = None) -> str | None:
    access = access or contact_access(user, party.dispute, party)
    if access == FULL:
        return party.address
    if access == MASKED:
        return mask_address(party.address)
    return None
