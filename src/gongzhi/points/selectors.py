"""Read queries of points: the ledger, accounts, a history of legs, rules, good deeds, items, redemptions, the
figures and the board's thanks to donors. Lists start from the scoped querysets of `permissions` and load what
they show in a fixed number of queries."""

from __future__ import annotations

import re
from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from gongzhi.core.listing import as_id, search
from gongzhi.people.models import Person
from gongzhi.points.models import (
    Account,
    AccountKind,
    GoodDeed,
    Item,
    Leg,
    PointsRule,
    Redemption,
    RedemptionStatus,
    Transaction,
)
from gongzhi.points.permissions import (
    accounts_visible_to,
    deeds_visible_to,
    items_visible_to,
    own_person,
    redemptions_visible_to,
    rules_visible_to,
    run_by,
    transactions_visible_to,
)
from gongzhi.regions.models import RegionNode


def _community(qs, community) -> QuerySet:
    pk = as_id(community.pk if isinstance(community, RegionNode) else community)
    return qs.filter(community_id=pk) if pk is not None else (qs.none() if community not in (None, "") else qs)


def ledger(user, *, community=None, kind: str = "", q: str = "") -> QuerySet[Transaction]:
    """Transactions, newest first, with the points they moved (the sum of their positive legs)."""
    qs = _community(transactions_visible_to(user), community)
    if kind:
        qs = qs.filter(kind=kind)
    qs = search(qs, q, ("key", "memo"))
    return (qs.select_related("community", "created_by")
            .annotate(points=Sum("legs__amount", filter=Q(legs__amount__gt=0))).order_by("-created_at", "-pk"))


def legs_of(transactions) -> dict[int, list[Leg]]:
    """The legs of a page of transactions, in one query."""
    found: dict[int, list[Leg]] = {}
    for leg in (Leg.objects.filter(transaction__in=[t.pk for t in transactions])
                .select_related("account__person__home", "account__community").order_by("transaction_id", "pk")):
        found.setdefault(leg.transaction_id, []).append(leg)
    return found


def accounts(user, *, community=None, kind: str = "", q: str = "") -> QuerySet[Account]:
    qs = _community(accounts_visible_to(user), community)
    if kind:
        qs = qs.filter(kind=kind)
    qs = search(qs, q, ("person__name", "person__phone", "person__search_key"))
    return qs.select_related("community", "person__home").order_by("community__path", "kind", "-balance", "pk")


def history(account: Account) -> QuerySet[Leg]:
    """An account's legs, newest first, each with its transaction."""
    return (Leg.objects.filter(account=account).select_related("transaction__created_by")
            .order_by("-transaction__created_at", "-transaction_id"))


def my_accounts(user) -> list[Account]:
    person = own_person(user)
    if person is None:
        return []
    return list(Account.objects.filter(person=person, kind=AccountKind.RESIDENT).select_related("community")
                .order_by("community__path"))


def rules(user, *, community=None) -> QuerySet[PointsRule]:
    return _community(rules_visible_to(user), community).select_related("community", "set_by").order_by(
        "community__path", "-version")


def deeds(user, *, community=None, q: str = "") -> QuerySet[GoodDeed]:
    qs = search(_community(deeds_visible_to(user), community), q, ("person__name", "reason"))
    return qs.select_related("community", "person__home", "awarded_by").order_by("-awarded_at", "-pk")


def items(user, *, community=None, active: str = "", q: str = "") -> QuerySet[Item]:
    qs = search(_community(items_visible_to(user), community), q, ("name", "donor__name"))
    if active == "1":
        qs = qs.filter(active=True)
    elif active == "0":
        qs = qs.filter(active=False)
    return qs.select_related("community", "donor").order_by("community__path", "-active", "price", "pk")


def shop(community: RegionNode) -> QuerySet[Item]:
    return Item.objects.filter(community=community, active=True).select_related("donor").order_by("price", "pk")


# `?handout=1` of the redemption list: the redemptions waiting to be handed out by the user (their community's).
HANDOUT_CHOICES = (("1", _("待我发放")),)


def to_hand_out(user) -> QuerySet[Redemption]:
    """Requested redemptions of the communities whose points the user runs: the items to hand out."""
    return redemptions_visible_to(user).filter(run_by(user), status=RedemptionStatus.REQUESTED)


def redemptions(user, *, community=None, status: str = "", item=None, q: str = "",
                handout: str = "") -> QuerySet[Redemption]:
    """`handout`: "1" the redemptions waiting to be handed out by the user; anything else is ignored."""
    rows = to_hand_out(user) if handout == "1" else redemptions_visible_to(user)
    qs = search(_community(rows, community), q, ("item__name", "resident__name"))
    if status:
        qs = qs.filter(status=status)
    if item is not None:
        qs = qs.filter(item=item)
    return qs.select_related("community", "item", "resident__home", "picked_up_by").order_by("-requested_at", "-pk")


def my_redemptions(user) -> QuerySet[Redemption]:
    person = own_person(user)
    if person is None:
        return Redemption.objects.none()
    return (Redemption.objects.filter(resident=person).select_related("item", "community")
            .order_by("-requested_at", "-pk"))


def residents_in(communities, text: str) -> list[Person]:
    """Residents of `communities` found by their mobile number (exact) or name (exact): a few, so staff can tell
    namesakes apart."""
    paths = list(communities.values_list("path", flat=True))
    text = (text or "").strip()[:50]
    if not paths or not text:
        return []
    digits = re.sub(r"\D", "", text)
    qs = Person.objects.filter(reduce(or_, [Q(home__path__startswith=p) for p in paths]))
    qs = qs.filter(phone=digits) if len(digits) == 11 else qs.filter(name=text)
    return list(qs.select_related("home").order_by("pk")[:5])


# --- figures (docs/figures.md, "Points") -----------------------------------------------------------------------

def figures(*, path: str, year: int | None = None) -> dict[str, int]:
    """Points issued: the net points that left the community pools of the node's subtree (hours credits and good
    deeds, less reversals and downward adjustments) = −(sum of the pool accounts' legs). Points spent: the net
    points that reached the supermarkets (redemptions less cancellation refunds) = sum of the supermarket legs.
    By the transaction's date (Beijing time) when a year is given."""
    legs = Leg.objects.filter(transaction__community__path__startswith=path)
    if year is not None:
        legs = legs.filter(transaction__created_at__year=year)
    sums = legs.aggregate(pool=Sum("amount", filter=Q(account__kind=AccountKind.POOL)),
                          shop=Sum("amount", filter=Q(account__kind=AccountKind.SUPERMARKET)))
    return {"issued": -(sums["pool"] or 0), "spent": sums["shop"] or 0}


# --- the public board: thanks to the donors of the supermarket -------------------------------------------------------

def donors(community: RegionNode) -> list[dict]:
    """Units and merchants who gave items to the community's supermarket: name, the items, and how many were
    exchanged. Organisations only: no resident appears."""
    rows = (Item.objects.filter(community=community, donor__isnull=False).select_related("donor")
            .annotate(exchanged=Sum("redemptions__quantity",
                                    filter=~Q(redemptions__status=RedemptionStatus.CANCELLED)))
            .order_by("donor__name", "name"))
    found: dict[int, dict] = {}
    for item in rows:
        entry = found.setdefault(item.donor_id, {"name": item.donor.name, "items": [], "exchanged": 0})
        entry["items"].append(item.name)
        entry["exchanged"] += item.exchanged or 0
    return list(found.values())

