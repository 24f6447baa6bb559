"""Read queries over wishes, starting from the scoped querysets; plus the public wish wall of one community (public
data only: no name, no phone, the wording scrubbed) and the figures.

Every list loads the claim that holds each wish with one prefetch (`holding`), so the number of queries does not
grow with the rows."""

from __future__ import annotations

import re
from functools import reduce
from operator import or_

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Prefetch, Q

from gongzhi.core import clock
from gongzhi.core.listing import as_id, search
from gongzhi.lists.permissions import communities_where
from gongzhi.people.models import Person
from gongzhi.wishes.models import (
    HELD_STATUSES,
    HOLDING_CLAIM_STATUSES,
    PUBLIC_STATUSES,
    Beneficiary,
    ClaimKind,
    ClaimStatus,
    Wish,
    WishClaim,
    WishStatus,
)
from gongzhi.wishes.permissions import POSTERS, sees_wishes_as_staff, wishes_visible_to

PUBLIC_SEARCH = ("public_title",)
STAFF_SEARCH = ("public_title", "title", "story", "resident__name", "resident__search_key")
WALL_OPEN, WALL_IN_PROGRESS, WALL_CONFIRMED = 60, 30, 20


def _holding():
    """Prefetch of the claim holding each wish (at most one): `wish.holding` is a list of zero or one claim."""
    return Prefetch("claims", to_attr="holding",
                    queryset=WishClaim.objects.filter(status__in=HOLDING_CLAIM_STATUSES)
                    .select_related("organisation", "party_member__work_unit"))


def holding(wish: Wish) -> WishClaim | None:
    """The prefetched holding claim of a wish from a selector below."""
    claims = getattr(wish, "holding", None)
    return claims[0] if claims else None


def overdue_condition(today=None) -> Q:
    """Marked overdue by the sweep, or past the deadline and not yet swept."""
    today = today or clock.today()
    late = WishClaim.objects.filter(status=ClaimStatus.ACTIVE, deadline__lt=today).values("wish_id")
    return Q(status=WishStatus.OVERDUE) | Q(status=WishStatus.CLAIMED, pk__in=late)


def wish_list(user, *, q: str = "", status: str = "", beneficiary: str = "", overdue: str = "", community=None,
              mine: str = ""):
    """Wishes the user sees, newest first. `overdue` "1": only overdue claims; `mine` "1": only those the user
    (or their unit) claimed."""
    qs = wishes_visible_to(user).select_related("community", "resident")
    qs = search(qs, q, STAFF_SEARCH if sees_wishes_as_staff(user) else PUBLIC_SEARCH)
    if status in WishStatus.values:
        qs = qs.filter(status=status)
    if beneficiary in Beneficiary.values:
        qs = qs.filter(beneficiary=beneficiary)
    if overdue == "1":
        qs = qs.filter(overdue_condition())
    if str(community or "").isdigit():
        qs = qs.filter(community_id=as_id(community))
    if mine == "1":
        qs = qs.filter(pk__in=my_claims(user).values("wish_id"))
    return qs.prefetch_related(_holding()).order_by("-posted_at", "-pk")


def status_counts(user) -> dict[str, int]:
    """{status: number} of the wishes the user sees, and "overdue_due": claims past their deadline."""
    qs = wishes_visible_to(user)
    counts = dict.fromkeys(WishStatus.values, 0)
    counts.update(qs.order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    counts["overdue_due"] = qs.filter(overdue_condition()).count()
    return counts


def review_queue(user):
    """Submitted wishes awaiting review, oldest first."""
    return (wishes_visible_to(user).filter(status=WishStatus.SUBMITTED)
            .select_related("community", "resident__home__parent", "posted_by").order_by("posted_at", "pk"))


def my_wishes(user, *, status: str = ""):
    """The resident's own wishes (of one status, e.g. "fulfilled": 待确认), newest first, with their timelines."""
    qs = Wish.objects.filter(resident_id__in=user.scope.person_ids)
    if status in WishStatus.values:
        qs = qs.filter(status=status)
    return qs.select_related("community").prefetch_related(_holding(), "events").order_by("-posted_at", "-pk")


def my_claims(user):
    """Claims the user made, and those of the units they speak for, soonest deadline first."""
    condition = Q(claimed_by_id=user.pk)
    if user.scope.organisation_ids:
        condition |= Q(kind=ClaimKind.UNIT, organisation_id__in=user.scope.organisation_ids)
    return (WishClaim.objects.filter(condition)
            .select_related("wish__community", "organisation", "party_member__work_unit")
            .order_by("-status", "deadline", "-pk"))


def timeline(wish: Wish):
    return wish.events.select_related("actor").order_by("at", "pk")


def claims_of(wish: Wish):
    """Every claim of a wish (the holding one and those released or given up), newest first."""
    return (wish.claims.select_related("organisation", "party_member__person", "party_member__work_unit",
                                       "claimed_by", "ended_by").order_by("-claimed_at", "-pk"))


# --- the public wall ---------------------------------------------------------------------------------------------

def _public(community):
    return (Wish.objects.filter(community=community, status__in=PUBLIC_STATUSES)
            .only("pk", "community_id", "beneficiary", "public_title", "status", "published_at",
                  "confirmed_at", "thanks_note", "posted_at")
            .prefetch_related(_holding()))


def wall(community) -> dict:
    """The community's public wish wall: wishes waiting for a claimant (oldest first: they waited longest), those
    being fulfilled, and those that came true with the residents' thanks. Public fields only."""
    return {
        "open": list(_public(community).filter(status=WishStatus.OPEN).order_by("published_at", "pk")[:WALL_OPEN]),
        "in_progress": list(_public(community).filter(status__in=[*HELD_STATUSES, WishStatus.FULFILLED])
                            .order_by("-published_at", "-pk")[:WALL_IN_PROGRESS]),
        "confirmed": list(_public(community).filter(status=WishStatus.CONFIRMED)
                          .order_by("-confirmed_at", "-pk")[:WALL_CONFIRMED]),
        "counts": wall_counts(community),
    }


def wall_counts(community) -> dict[str, int]:
    rows = dict(Wish.objects.filter(community=community, status__in=PUBLIC_STATUSES).order_by()
                .values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    return {"open": rows.get(WishStatus.OPEN, 0),
            "in_progress": sum(rows.get(s, 0) for s in (*HELD_STATUSES, WishStatus.FULFILLED)),
            "confirmed": rows.get(WishStatus.CONFIRMED, 0)}


def latest_open(community, n: int = 6) -> list[Wish]:
    return list(_public(community).filter(status=WishStatus.OPEN).order_by("-published_at", "-pk")[:n])


# --- figures -----------------------------------------------------------------------------------------------------

def figures(*, path: str, year: int | None = None) -> dict:
    """Wishes posted (in `year`), fulfilled (confirmed in `year`), the fulfilment rate (fulfilled ÷ wishes put on
    the wall, of those published in `year`) and the average days from the wall to confirmation."""
    base = Wish.objects.filter(community__path__startswith=path)
    posted = base.filter(posted_at__year=year) if year else base
    confirmed = base.filter(status=WishStatus.CONFIRMED)
    if year:
        confirmed = confirmed.filter(confirmed_at__year=year)
    on_wall = base.filter(status__in=PUBLIC_STATUSES)
    if year:
        on_wall = on_wall.filter(published_at__year=year)
    walled = on_wall.aggregate(n=Count("pk"), done=Count("pk", filter=Q(status=WishStatus.CONFIRMED)))
    took = confirmed.aggregate(avg=Avg(ExpressionWrapper(F("confirmed_at") - F("published_at"),
                                                         output_field=DurationField())))["avg"]
    return {
        "posted": posted.count(),
        "fulfilled": confirmed.count(),
        "rate": walled["done"] / walled["n"] if walled["n"] else None,
        "average_days": round(took.total_seconds() / 86400, 1) if took is not None else None,
    }


def residents_for_posting(user, text: str):
    """Residents of the communities where the user posts wishes on others' behalf, found by their mobile number
    (exact) or their name (exact): at most a few, so staff can tell namesakes apart."""
    communities = communities_where(user, POSTERS)
    paths = list(communities.values_list("path", flat=True))
    text = (text or "").strip()
    if not paths or not text:
        return []
    digits = re.sub(r"\D", "", text)
    qs = Person.objects.filter(reduce(or_, [Q(home__path__startswith=p) for p in paths]))
    qs = qs.filter(phone=digits) if len(digits) == 11 else qs.filter(name=text)
    return list(qs.select_related("home__parent").order_by("pk")[:5])
