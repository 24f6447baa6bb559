"""Read queries over the lists, starting from the scoped querysets; plus the published lists of one community
that the public board and the contracts app's start-of-year publication (年初公示) use."""

from __future__ import annotations

from django.db.models import Count, Q

from gongzhi.core.listing import as_id, search
from gongzhi.lists.models import (
    Category,
    Claim,
    ClaimStatus,
    Need,
    NeedStatus,
    ResourceStatus,
    Side,
)
from gongzhi.lists.permissions import (
    PUBLIC_NEED_STATUSES,
    activities_visible_to,
    claims_visible_to,
    needs_visible_to,
    resources_visible_to,
    sees_community_claims,
)

SEARCH_FIELDS = ("title", "description", "category__name", "category__keywords")


def _year(value) -> int | None:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return None
    return year if 2000 <= year <= 2100 else None


def _filter_common(qs, *, q: str, category, side: str, year, community):
    qs = search(qs, q, SEARCH_FIELDS)
    if category:
        qs = qs.filter(category__code=category) if not str(category).isdigit() else qs.filter(category_id=as_id(category))
    if side in Side.values:
        qs = qs.filter(side=side)
    if _year(year):
        qs = qs.filter(year=_year(year))
    if as_id(community):
        qs = qs.filter(community_id=as_id(community))
    return qs


def active_categories():
    return Category.objects.filter(active=True).order_by("order", "pk")


PUBLIC = "public"  # a need-list status filter: published or closed (PUBLIC_NEED_STATUSES)


def need_list(user, *, q: str = "", status: str = "", category="", side: str = "", year=None, community=None):
    """Needs the user sees, newest first, with the number of open claims of each."""
    qs = needs_visible_to(user).select_related("community", "category", "organisation", "place__parent",
                                               "created_by__person")
    qs = _filter_common(qs, q=q, category=category, side=side, year=year, community=community)
    if status in NeedStatus.values:
        qs = qs.filter(status=status)
    elif status == PUBLIC:  # published, still open or since met and closed (the figure 公布需求)
        qs = qs.filter(status__in=PUBLIC_NEED_STATUSES)
    return qs.annotate(open_claims=Count("claims", filter=Q(claims__status=ClaimStatus.CLAIMED))).order_by(
        "-created_at", "-pk")


def need_status_counts(user, *, year=None) -> dict[str, int]:
    """{status: number} of the needs the user sees (the review queue's badge is counts["submitted"])."""
    qs = needs_visible_to(user)
    if _year(year):
        qs = qs.filter(year=_year(year))
    counts = dict.fromkeys(NeedStatus.values, 0)
    counts.update(qs.order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    return counts


def review_queue(user):
    """Submitted needs awaiting the periodic review, oldest first (first come, first reviewed)."""
    return (needs_visible_to(user).filter(status=NeedStatus.SUBMITTED)
            .select_related("community", "category", "organisation", "place__parent").order_by("created_at", "pk"))


def merge_candidates(needs) -> dict[int, list[Need]]:
    """For each need of `needs` (a page of the review queue): the submitted or published needs of the same
    community it could be merged into. One query for the whole page."""
    needs = list(needs)
    communities = {n.community_id for n in needs}
    pool = list(Need.objects.filter(community_id__in=communities,
                                    status__in=[NeedStatus.SUBMITTED, NeedStatus.PUBLISHED])
                .select_related("category").order_by("category__order", "title", "pk"))
    return {n.pk: [c for c in pool if c.community_id == n.community_id and c.pk != n.pk] for n in needs}


def resource_list(user, *, q: str = "", status: str = "", category="", side: str = "", year=None, community=None):
    qs = resources_visible_to(user).select_related("community", "category", "organisation")
    qs = _filter_common(qs, q=q, category=category, side=side, year=year, community=community)
    if status in ResourceStatus.values:
        qs = qs.filter(status=status)
    return qs.annotate(open_claims=Count("claims", filter=Q(claims__status=ClaimStatus.CLAIMED))).order_by(
        "-created_at", "-pk")


def activity_list(user, *, q: str = "", category="", year=None, community=None):
    qs = activities_visible_to(user).select_related("community", "category", "organiser")
    qs = search(qs, q, ("title", "description", "place", "category__name"))
    if category:
        qs = qs.filter(category__code=category) if not str(category).isdigit() else qs.filter(category_id=as_id(category))
    if _year(year):
        qs = qs.filter(starts_at__year=_year(year))
    if as_id(community):
        qs = qs.filter(community_id=as_id(community))
    return qs.prefetch_related("resources", "needs").order_by("-starts_at", "-pk")


def own_claims_condition(user) -> Q:
    """Claims made by the user's side: their unit's claims (liaisons), the community's claims in their
    subtrees (staff)."""
    scope = user.scope
    condition = Q(organisation_id__in=scope.organisation_ids) if scope.organisation_ids else Q(pk__in=[])
    if sees_community_claims(user):
        condition |= Q(side=Side.COMMUNITY) & (scope.in_regions("need__community__path")
                                               | scope.in_regions("resource__community__path"))
    return condition


def claim_list(user, *, direction: str = "mine", status: str = "", q: str = ""):
    """我的认领 (`direction` "mine"), claims of the user's items by the other side ("theirs"), or all the
    claims the user sees (""). Soonest deadline first."""
    qs = claims_visible_to(user).select_related("need__community", "need__category", "resource__community",
                                                "resource__category", "organisation", "claimed_by")
    if direction == "mine":
        qs = qs.filter(own_claims_condition(user))
    elif direction == "theirs":
        qs = qs.exclude(own_claims_condition(user))
    if status in ClaimStatus.values:
        qs = qs.filter(status=status)
    qs = search(qs, q, ("need__title", "resource__title", "organisation__name"))
    return qs.order_by("deadline", "pk")


def claims_of(item):
    """The claims of one need or resource (detail pages), open ones first."""
    key = "need" if isinstance(item, Need) else "resource"
    return (Claim.objects.filter(**{key: item}).select_related("organisation", "claimed_by")
            .order_by("status", "deadline", "pk"))
