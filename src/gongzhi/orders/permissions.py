"""Who sees which menu items and orders, who may do what with them, and who a provider is.

- Staff (grid workers, community, street and district staff) see the menu and orders of the communities in
  their region subtrees; system administrators see everything. Only community staff of the order's community
  (and administrators) manage the menu, dispatch, confirm on a resident's behalf and follow up low ratings;
  grid workers and community staff order on behalf of a resident of their community.
- A provider user serves as a provider (`providers_for`): a unit liaison for their units, a volunteer for the
  volunteer teams they belong to (through their person record), an in-service party member for themself once
  registered (报到) with a community. They see the orders of their providers and the open pool of the
  communities their providers serve.
- A resident sees her own orders (and those placed for her) and her community's active menu.

Out of scope is 404, never 403: `get_*_for_user` answers Http404 for "missing" and "not yours" alike."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Q
from django.http import Http404

from gongzhi.chronicle.versions import Versions, cached
from gongzhi.core.privacy import mask_phone
from gongzhi.core.scope import NO_ROWS, ancestor_paths, get_visible
from gongzhi.lists.permissions import unit_communities
from gongzhi.orders.models import MenuItem, Order, OrderStatus, ProviderKind
from gongzhi.organisations.models import Organisation
from gongzhi.people.models import PartyMember, Person, VolunteerTeam
from gongzhi.people.permissions import TextAccess, my_team_ids
from gongzhi.regions.models import RegionKind, RegionNode

ORDER_FOR_OTHERS_ROLES = ("community_staff", "grid_worker")


# --- providers ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Providers:
    """The providers a user serves as, and the communities those providers serve."""

    organisation_ids: frozenset[int] = frozenset()
    team_ids: frozenset[int] = frozenset()
    member_ids: frozenset[int] = frozenset()
    community_ids: frozenset[int] = frozenset()
    choices: tuple[tuple[str, int, str, frozenset[int]], ...] = field(default=())  # (kind, id, name, communities)

    def __bool__(self) -> bool:
        return bool(self.organisation_ids or self.team_ids or self.member_ids)

    def condition(self, prefix: str = "") -> Q:
        """Rows (orders or menu items, or through `prefix` e.g. 'menu_item__') served by one of these providers."""
        parts = []
        if self.organisation_ids:
            parts.append(Q(**{f"{prefix}organisation_id__in": self.organisation_ids}))
        if self.team_ids:
            parts.append(Q(**{f"{prefix}team_id__in": self.team_ids}))
        if self.member_ids:
            parts.append(Q(**{f"{prefix}party_member_id__in": self.member_ids}))
        return reduce(or_, parts) if parts else NO_ROWS

    def includes(self, kind: str, pk: int | None) -> bool:
        by_kind: dict[str, frozenset[int]] = {ProviderKind.ORGANISATION: self.organisation_ids,
                                              ProviderKind.TEAM: self.team_ids,
                                              ProviderKind.PARTY_MEMBER: self.member_ids}
        ids = by_kind.get(kind, frozenset())
        return pk is not None and pk in ids

    def serves(self, obj) -> bool:
        """`obj` (an order or a menu item) is served by one of these providers."""
        return self.includes(*obj.provider_key)

    def in_community(self, community_id: int) -> list[tuple[str, int, str]]:
        """The providers that serve the community: (kind, id, name)."""
        return [(kind, pk, name) for kind, pk, name, communities in self.choices if community_id in communities]


NO_PROVIDERS = Providers()


def providers_for(user) -> Providers:
    """A unit liaison speaks for their units; a volunteer for the teams they belong to; an in-service party
    member registered with a community for themself. Computed once per request's user object."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return NO_PROVIDERS
    cached = getattr(user, "_orders_providers", None)
    if cached is not None:
        return cached
    choices = []
    for org in Organisation.objects.filter(pk__in=user.scope.organisation_ids).select_related("home").order_by("name"):
        communities = frozenset(unit_communities(org).values_list("pk", flat=True))
        choices.append((ProviderKind.ORGANISATION.value, org.pk, org.name, communities))
    for team in VolunteerTeam.objects.filter(pk__in=my_team_ids(user)).order_by("name"):  # current memberships
        choices.append((ProviderKind.TEAM.value, team.pk, team.name, frozenset({team.community_id})))
    for member in PartyMember.objects.filter(person__user=user, in_service=True,
                                             registered_community__isnull=False).select_related("person"):
        choices.append((ProviderKind.PARTY_MEMBER.value, member.pk, f"{ProviderKind.PARTY_MEMBER.label}·{member.person.name}",
                        frozenset({member.registered_community_id})))

    def ids(kind):
        return frozenset(pk for k, pk, _n, _c in choices if k == kind)

    result = Providers(organisation_ids=ids(ProviderKind.ORGANISATION), team_ids=ids(ProviderKind.TEAM),
                       member_ids=ids(ProviderKind.PARTY_MEMBER),
                       community_ids=frozenset(c for *_rest, cs in choices for c in cs), choices=tuple(choices))
    user._orders_providers = result
    return result


# --- where a user belongs -------------------------------------------------------------------------------------

def community_of(node: RegionNode) -> RegionNode | None:
    """The community a place (a resident's building, say) lies in."""
    if node.kind == RegionKind.COMMUNITY:
        return node
    return RegionNode.objects.filter(kind=RegionKind.COMMUNITY, path__in=ancestor_paths(node.path)).first()


def resident_person(user) -> Person | None:
    """The user's person record with her home node (one query, kept on the user for the request)."""
    if user is None or not user.is_authenticated:
        return None
    if "person" not in user._state.fields_cache:
        user._state.fields_cache["person"] = Person.objects.select_related("home").filter(user=user).first()
    return user._state.fields_cache["person"]


def home_versions(user) -> Versions | None:
    """The region versions along the resident's home (her building up to the city), read once per request: they key
    her community's cached pages (chronicle.versions) and which community her home lies in."""
    if not hasattr(user, "_orders_versions"):
        person = resident_person(user)
        user._orders_versions = Versions(person.home.path) if person is not None else None
    return user._orders_versions


def home_community(user) -> RegionNode | None:
    """The community whose menu a resident sees: where her person record lives, else her resident role."""
    if hasattr(user, "_orders_home"):
        return user._orders_home
    person = resident_person(user)
    if person is not None:
        # which community a home lies in changes only with a change recorded at the home or above it
        user._orders_home = cached("community_of", person.home.path, lambda: community_of(person.home),
                                   versions=home_versions(user))
        return user._orders_home
    paths = list(user.scope.home_paths)
    above = sorted({a for p in paths for a in ancestor_paths(p)})
    community = (RegionNode.objects.filter(kind=RegionKind.COMMUNITY, path__in=above).order_by("path").first()
                 if above else None)
    user._orders_home = community
    return community


def _home_community_ids(user) -> list[int]:
    community = home_community(user)
    return [community.pk] if community else []


def is_community_staff(user, community: RegionNode) -> bool:
    return user.scope.everything or user.has_role_at("community_staff", community.path)


def may_use_dispatch_board(user) -> bool:
    """派单调度 (the dispatch board, suggestions, batch dispatch) is region staff's; a unit's liaison takes orders
    in 接单大厅 instead."""
    return user.scope.is_region_staff


# --- rows a user sees -----------------------------------------------------------------------------------------

def menu_items_visible_to(user):
    """Staff: their subtrees; residents: their community's active items; providers: their own items and the
    active items of the communities they serve."""
    scope = user.scope
    condition = scope.in_regions("community__path")
    homes = _home_community_ids(user) if (scope.home_paths or resident_person(user)) else []
    if homes:
        condition |= Q(active=True, community_id__in=homes)
    providers = providers_for(user)
    if providers:
        condition |= providers.condition() | Q(active=True, community_id__in=providers.community_ids)
    return MenuItem.objects.filter(condition)


def pool_condition(providers: Providers, prefix: str = "", *, any_status: bool = False) -> Q:
    """The open pool a provider may pick from: open orders of the communities they serve, either described in
    free text or for one of their own menu items (`any_status`: such orders whatever became of them)."""
    if not providers:
        return NO_ROWS
    condition = (Q(**{f"{prefix}community_id__in": providers.community_ids})
                 & (Q(**{f"{prefix}menu_item__isnull": True}) | providers.condition(f"{prefix}menu_item__")))
    return condition if any_status else condition & Q(**{f"{prefix}status": OrderStatus.OPEN})


def orders_visible_to(user):
    scope = user.scope
    condition = scope.in_regions("community__path") | Q(placed_by_id=user.pk)
    person = resident_person(user)
    if person is not None:
        condition |= Q(resident_id=person.pk)
    providers = providers_for(user)
    if providers:
        condition |= providers.condition() | pool_condition(providers)
    return Order.objects.filter(condition)


def get_order_to_take(user, pk) -> Order:
    """An order the user may try to take: one they see, or one that was in their pool and has been taken by
    another provider since (so the loser of a race is told so rather than answered 404)."""
    condition = Q(pk__in=orders_visible_to(user).values("pk")) | pool_condition(providers_for(user), any_status=True)
    return get_visible(Order.objects.filter(condition).select_related("community", "menu_item"), pk)


def get_menu_item_for_user(user, pk, *, write: bool = False) -> MenuItem:
    item = get_visible(menu_items_visible_to(user).select_related(
        "community", "category", "organisation", "team", "party_member__person", "resource", "commitment"), pk)
    if write and not may_manage_menu(user, item.community):
        raise Http404
    return item


def get_order_for_user(user, pk, *, write: bool = False) -> Order:
    """404 for "does not exist" and "not yours" alike; with write=True also for "yours to read only" (dispatch)."""
    order = get_visible(orders_visible_to(user).select_related(
        "community", "category", "resident__home__parent", "menu_item", "organisation", "team",
        "party_member__person", "placed_by"), pk)
    if write and not may_dispatch(user, order):
        raise Http404
    return order


# --- who may change what --------------------------------------------------------------------------------------

def may_manage_menu(user, community: RegionNode) -> bool:
    """Community staff build, publish and withdraw their community's menu and set its time limits."""
    return is_community_staff(user, community)


def may_order_for_others(user, community: RegionNode) -> bool:
    """Community staff and grid workers order on a resident's behalf (phone, visit, service window)."""
    return user.scope.everything or any(user.has_role_at(r, community.path) for r in ORDER_FOR_OTHERS_ROLES)


def may_dispatch(user, order: Order) -> bool:
    return is_community_staff(user, order.community)


def is_orderer(user, order: Order) -> bool:
    """The resident the order is for."""
    person = resident_person(user)
    return person is not None and person.pk == order.resident_id


def may_cancel(user, order: Order) -> bool:
    """The resident, whoever placed it for her, or the community's staff (she phoned to cancel)."""
    return (is_orderer(user, order) or (order.placed_by_id is not None and order.placed_by_id == user.pk)
            or is_community_staff(user, order.community))


def may_take(user, order: Order) -> bool:
    """A provider may take an order dispatched to them, or one from their open pool."""
    providers = providers_for(user)
    if not providers:
        return False
    if order.status == OrderStatus.DISPATCHED:
        return providers.serves(order)
    if order.status == OrderStatus.OPEN:
        if order.menu_item_id:
            return providers.serves(order.menu_item)
        return bool(providers.in_community(order.community_id))
    return False


def may_deliver(user, order: Order) -> bool:
    return providers_for(user).serves(order)


def may_confirm_for_resident(user, order: Order) -> bool:
    return is_community_staff(user, order.community)


def may_see_resident_phone(user, order: Order) -> bool:
    """Staff with phone rights in scope and the resident see the number; so does the provider serving her while
    the service is under way (they must reach her). Nobody else, and never before an order is taken."""
    person = order.resident
    if user.scope.may_see_phone(person.home.path, person_id=person.pk):
        return True
    return order.status in (OrderStatus.TAKEN, OrderStatus.DELIVERED) and providers_for(user).serves(order)


def resident_phone(user, order: Order) -> str:
    phone = order.resident.phone
    return phone if may_see_resident_phone(user, order) else mask_phone(phone)


def order_text_access(user, order: Order) -> TextAccess:
    """Numbers the resident typed into her order ("帮忙修水管 电话137…") follow her phone field: whole for
    staff with phone rights, herself, and the provider serving her once the order is taken; masked in the
    order hall for every volunteer and liaison before anyone took it. ID numbers as her ID number field."""
    scope = user.scope
    serving = order.status in (OrderStatus.TAKEN, OrderStatus.DELIVERED) and providers_for(user).serves(order)
    return TextAccess(phones=scope.may_see_phone(order.community.path, person_id=order.resident_id) or serving,
                      ids=scope.may_see_id_number(order.community.path, person_id=order.resident_id))


def resident_name(user, order: Order) -> str:
    """Providers looking at the open pool see a surname only (王**) until they take the order."""
    name = order.resident.name
    if user.scope.covers(order.community.path) or is_orderer(user, order) or may_see_resident_phone(user, order):
        return name
    return name[:1] + "*" * max(len(name) - 1, 1)


# --- choices offered on forms ---------------------------------------------------------------------------------

def communities_where(user, roles: tuple[str, ...]):
    """Communities covered by the user's assignments of `roles` (all communities for administrators)."""
    qs = RegionNode.objects.filter(kind=RegionKind.COMMUNITY).order_by("path")
    if user.scope.everything:
        return qs
    paths = sorted({a.region.path for a in user.active_roles if a.role in roles and a.region})
    if not paths:
        return qs.none()
    return qs.filter(reduce(or_, [Q(path__startswith=p) for p in paths]))


def staff_communities(user):
    return communities_where(user, ("community_staff",))


def residents_for(user, community: RegionNode):
    """The people a grid worker or community staffer may order for: residents of the community in their scope."""
    from gongzhi.people.permissions import people_visible_to

    if not may_order_for_others(user, community):
        return Person.objects.none()
    return people_visible_to(user).filter(home__path__startswith=community.path)
