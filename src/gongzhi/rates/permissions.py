"""Who sees which lines of the league table, and who may send a rating for review, decide it, or set weights.

Figures start from what the viewer may see (docs/rates.md, "Scope"):
- a department's line is computed over the whistles the viewer sees: staff see the whistles blown on cases
  of their region subtrees, a department receiver those sent to their own department (and only their
  department's line); an administrator everything;
- a community's or street's line over the cases of that node, shown only when the node lies in the viewer's
  region subtrees (community staff see their community's line only, street staff their street and its
  communities).

Out of scope is 404, never 403."""

from __future__ import annotations

from django.db.models import Q

from gongzhi.cases.models import Case
from gongzhi.cases.permissions import cases_visible_to, whistles_visible_to
from gongzhi.core.scope import NO_ROWS, get_visible
from gongzhi.organisations.models import Department
from gongzhi.organisations.permissions import departments_visible_to
from gongzhi.rates.models import RatingReview
from gongzhi.regions.models import RegionKind, RegionNode

REQUESTERS = ("community_staff", "street_staff")
DECIDERS = ("street_staff", "district_staff")
WEIGHT_SETTERS = ("street_staff", "district_staff")


# --- rows a user sees -------------------------------------------------------------------------------------

def whistles_in_scope(user):
    """Whistles on cases of the viewer's region subtrees, and those sent to the departments they receive for."""
    return whistles_visible_to(user)


def cases_in_scope(user):
    """Cases of the viewer's region subtrees (what the community and street lines are computed from)."""
    return cases_visible_to(user).filter(user.scope.in_regions("community__path"))


def departments_for_table(user):
    """The departments of the league table: a receiver's own department only; for staff the departments
    placed in or above their subtrees and any other department their cases were whistled to."""
    scope = user.scope
    if scope.everything:
        return Department.objects.all()
    if not scope.is_region_staff:
        return Department.objects.filter(pk__in=scope.department_ids)
    whistled = whistles_in_scope(user).values("department_id")
    return Department.objects.filter(Q(pk__in=departments_visible_to(user).values("pk")) | Q(pk__in=whistled))


def nodes_for_table(user, kind: str):
    """Communities or streets in the viewer's region subtrees."""
    if not user.scope.is_region_staff:
        return RegionNode.objects.none()
    return RegionNode.objects.filter(Q(kind=kind) & user.scope.in_regions("path"))


def tabs_for(user) -> list[str]:
    """The tabs of the league table this user may open."""
    scope = user.scope
    tabs = []
    if scope.is_region_staff or scope.department_ids:
        tabs.append("departments")
    if scope.is_region_staff:
        tabs.append("communities")
        above_community = {RegionKind.STREET, RegionKind.DISTRICT, RegionKind.CITY}
        if scope.everything or any(a.region is not None and a.region.kind in above_community
                                   and a.role in ("street_staff", "district_staff") for a in user.active_roles):
            tabs.append("streets")
    return tabs


def get_department_for_user(user, pk) -> Department:
    return get_visible(departments_for_table(user).select_related("home"), pk)


def may_handle_reviews(user) -> bool:
    """Rating reviews (the list, requests, decisions) are region staff's business: receivers and liaisons see
    the league table at most."""
    return user.scope.is_region_staff


def reviews_visible_to(user):
    """Reviews of the cases of the viewer's region subtrees."""
    if not may_handle_reviews(user):
        return RatingReview.objects.filter(NO_ROWS)
    return RatingReview.objects.filter(user.scope.in_regions("case__community__path"))


def get_review_for_user(user, pk) -> RatingReview:
    return get_visible(reviews_visible_to(user).select_related("case__community", "case__category",
                                                               "requested_by", "decided_by"), pk)


def get_rated_case_for_user(user, pk) -> Case:
    return get_visible(cases_in_scope(user).select_related("community", "category"), pk)


# --- who may change what ----------------------------------------------------------------------------------

def _has_role_over(user, roles, path: str) -> bool:
    return user.scope.everything or any(user.has_role_at(role, path) for role in roles)


def may_request_review(user, case: Case) -> bool:
    """The community's staff (or the street's) send an unsatisfied rating of their case for review."""
    return _has_role_over(user, REQUESTERS, case.community.path)


def may_decide_review(user, review: RatingReview) -> bool:
    """Street or district staff over the case's community decide — never the one who asked."""
    if review.requested_by_id == user.pk:
        return False
    return _has_role_over(user, DECIDERS, review.case.community.path)


def may_set_weights(user, region: RegionNode) -> bool:
    """District staff (and street staff for their street) set the weights of their subtree."""
    return _has_role_over(user, WEIGHT_SETTERS, region.path)


def weight_regions(user):
    """The nodes (district, street, city) a user may set weights for."""
    qs = RegionNode.objects.filter(kind__in=[RegionKind.CITY, RegionKind.DISTRICT, RegionKind.STREET])
    if user.scope.everything:
        return qs.order_by("path")
    paths = sorted({a.region.path for a in user.active_roles if a.role in WEIGHT_SETTERS and a.region})
    if not paths:
        return qs.none()
    condition = Q(path__startswith=paths[0])
    for p in paths[1:]:
        condition |= Q(path__startswith=p)
    return qs.filter(condition).order_by("path")
