"""Who may do what in points: one named helper per rule.

- Region staff (community, street, district staff, grid workers) see the ledger, the accounts, the rules, the
  items and the redemptions of the communities in their subtrees; administrators see everything.
- Community staff of a community (and administrators) run its points: set rules, award good deeds, stock the
  supermarket, confirm pick-ups, cancel redemptions, adjust by hand.
- A resident sees her own accounts, their legs and her redemptions, and the shop of the communities where she
  lives or holds an account; she redeems and cancels her own requests.
- Out of scope is 404, never 403. Names are shown to region staff in scope; phones as `people.permissions.shown_phone`
  decides; the public board shows donors (organisations) only."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from gongzhi.core.scope import get_visible, holds_somewhere
from gongzhi.lists.permissions import communities_where, home_community
from gongzhi.people.models import Person
from gongzhi.people.permissions import shown_phone
from gongzhi.points.models import (
    Account,
    GoodDeed,
    Item,
    PointsRule,
    Redemption,
    RedemptionStatus,
    Transaction,
)
from gongzhi.regions.models import RegionNode

RUNNERS = ("community_staff",)  # who runs a community's points
VIEWERS = ("grid_worker", "community_staff", "street_staff", "district_staff")


# --- who somebody is ------------------------------------------------------------------------------------------

def own_person(user) -> Person | None:
    return getattr(user, "person", None) if user.is_authenticated else None


def sees_points_as_staff(user) -> bool:
    """Region staff and administrators use the workbench's points pages."""
    return user.is_authenticated and user.scope.is_region_staff


def may_run_points(user, community: RegionNode) -> bool:
    """Rules, good deeds, items, pick-ups, cancellations and adjustments of a community: its community staff."""
    return user.is_authenticated and (user.scope.everything
                                      or any(user.has_role_at(r, community.path) for r in RUNNERS))


def communities_run_by(user):
    return communities_where(user, RUNNERS)


def runs_some_points(user) -> bool:
    """Community staff somewhere (or an administrator): hands out redemptions somewhere. No query."""
    return holds_somewhere(user, RUNNERS)


def run_by(user) -> Q:
    """Rows of the communities whose points the user runs: `may_run_points` as a query condition."""
    return user.scope_for(*RUNNERS).in_regions("community__path")


def communities_seen_by(user):
    return communities_where(user, VIEWERS)


def shop_communities(user) -> list[RegionNode]:
    """The supermarkets a resident may shop in: her home community and the communities where she holds points."""
    found: dict[int, RegionNode] = {}
    home = home_community(user)
    if home is not None:
        found[home.pk] = home
    person = own_person(user)
    if person is not None:
        for account in Account.objects.filter(person=person).select_related("community"):
            found.setdefault(account.community_id, account.community)
    return sorted(found.values(), key=lambda n: n.path)


# --- rows a user sees ---------------------------------------------------------------------------------------------

def _in_scope(user, field: str = "community__path") -> Q:
    return user.scope.in_regions(field)


def accounts_visible_to(user) -> QuerySet[Account]:
    return Account.objects.filter(_in_scope(user) | Q(person_id__in=user.scope.person_ids))


def transactions_visible_to(user) -> QuerySet[Transaction]:
    return Transaction.objects.filter(_in_scope(user))


def rules_visible_to(user) -> QuerySet[PointsRule]:
    return PointsRule.objects.filter(_in_scope(user))


def deeds_visible_to(user) -> QuerySet[GoodDeed]:
    return GoodDeed.objects.filter(_in_scope(user) | Q(person_id__in=user.scope.person_ids))


def items_visible_to(user) -> QuerySet[Item]:
    """Staff: the items of their communities; a resident: the active items of the shops she may use."""
    shops = [c.pk for c in shop_communities(user)] if user.is_authenticated else []
    return Item.objects.filter(_in_scope(user) | Q(community_id__in=shops, active=True))


def redemptions_visible_to(user) -> QuerySet[Redemption]:
    return Redemption.objects.filter(_in_scope(user) | Q(resident_id__in=user.scope.person_ids))


def get_account_for_user(user, pk) -> Account:
    return get_visible(accounts_visible_to(user).select_related("community", "person__home"), pk)


def get_item_for_user(user, pk, *, write: bool = False) -> Item:
    """404 for "does not exist" and "not yours"; with write=True also for "yours to look at only"."""
    item = get_visible(items_visible_to(user).select_related("community", "donor"), pk)
    if write and not may_run_points(user, item.community):
        raise Http404
    return item


def get_redemption_for_user(user, pk) -> Redemption:
    return get_visible(redemptions_visible_to(user).select_related("community", "item", "resident__home"), pk)


def get_transaction_for_user(user, pk) -> Transaction:
    return get_visible(transactions_visible_to(user).select_related("community", "created_by"), pk)


# --- who may change what ----------------------------------------------------------------------------------------

def is_owner(user, redemption: Redemption) -> bool:
    return redemption.resident_id in user.scope.person_ids


def may_redeem_in(user, community: RegionNode) -> bool:
    """A resident with a person record shops in her home community or where she holds points."""
    return own_person(user) is not None and community.pk in {c.pk for c in shop_communities(user)}


def may_cancel(user, redemption: Redemption) -> bool:
    """The resident cancels her own request before pick-up; community staff may cancel it for her."""
    return redemption.status == RedemptionStatus.REQUESTED and (is_owner(user, redemption)
                                                                or may_run_points(user, redemption.community))


def may_confirm_pickup(user, redemption: Redemption) -> bool:
    return redemption.status == RedemptionStatus.REQUESTED and may_run_points(user, redemption.community)


# --- what each viewer sees of a resident --------------------------------------------------------------------------

def masked_name(name: str) -> str:
    """王秀英 → 王*英, 张伟 → 张*."""
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


@dataclass(frozen=True)
class ResidentShown:
    name: str
    phone: str


def shown_resident(user, person: Person | None) -> ResidentShown | None:
    """The same on pages and in the API: staff whose region covers the resident's home (and she herself) read her
    name; others in scope (a street officer looking at a community's ledger …) a masked one; phones as
    `shown_phone` decides."""
    if person is None:
        return None
    full = user.scope.covers(person.home.path) or person.pk in user.scope.person_ids
    return ResidentShown(name=person.name if full else masked_name(person.name), phone=shown_phone(user, person))
