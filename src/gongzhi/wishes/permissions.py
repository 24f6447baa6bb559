"""Which wishes a user sees, who may claim them, and who may change what.

- Staff (grid workers, community, street and district staff) see every wish of the communities in their region
  subtrees; system administrators see everything.
- A unit liaison sees the wishes on the walls of the communities where their unit is placed, and every wish
  their unit claimed.
- A resident sees her own wishes (through her person record); in-service party members, volunteers and
  residents see the walls of their communities and the wishes they claimed.
- The public wish wall needs no login and shows public data only (`selectors.wall`).

Who may claim a wish of community C: the liaison of a unit placed in C (for the unit), an in-service party
member who registered (报到) with C, a volunteer living in C. Out of scope is 404, never 403."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from gongzhi.core.scope import ancestor_paths, get_visible
from gongzhi.lists.permissions import claimant_units, home_community, own_unit_communities, speaks_for
from gongzhi.organisations.models import Organisation
from gongzhi.people.models import PartyMember
from gongzhi.people.permissions import FULL_TEXT, TextAccess, shown_text, text_access_at
from gongzhi.regions.models import RegionKind, RegionNode
from gongzhi.wishes.models import PUBLIC_STATUSES, ClaimKind, Wish, WishClaim

# Staff who post a wish on a resident's behalf (window, grid visit, phone call) and may confirm its fulfilment
# for a resident who has no phone; reviewing, releasing claims and deadlines are the community staff's.
POSTERS = ("community_staff", "grid_worker")


# --- who somebody is, for wishes -----------------------------------------------------------------------------

def community_of(node: RegionNode) -> RegionNode | None:
    """The community a home (building, neighbourhood …) lies in."""
    if node.kind == RegionKind.COMMUNITY:
        return node
    return node.ancestors().filter(kind=RegionKind.COMMUNITY).first()


def own_person(user):
    return getattr(user, "person", None) if user.is_authenticated else None


def claimant_member(user) -> PartyMember | None:
    """The user's in-service party member record, when they have registered with a community (remembered on the
    request's user object)."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_wishes_member"):
        person = own_person(user)
        user._wishes_member = (PartyMember.objects.filter(person=person, in_service=True,
                                                          registered_community__isnull=False)
                               .select_related("work_unit").first() if person is not None else None)
    return user._wishes_member


def volunteer_communities(user) -> set[str]:
    """Paths of the communities where the user volunteers: their volunteer role's home, or their own home when
    their person record is a registered volunteer."""
    homes = [a.region.path for a in user.active_roles if a.role == "volunteer" and a.region]
    person = own_person(user)
    if person is not None and hasattr(person, "volunteer"):
        homes.append(person.home.path)
    return {a for p in homes for a in ancestor_paths(p)}


def _community_staff(user, community: RegionNode) -> bool:
    return user.scope.everything or user.has_role_at("community_staff", community.path)


# --- rows a user sees ----------------------------------------------------------------------------------------

def _public_in(communities) -> Q:
    return Q(status__in=PUBLIC_STATUSES, community__in=communities)


def wishes_visible_to(user):
    scope = user.scope
    condition = scope.in_regions("community__path")
    if scope.organisation_ids:
        condition |= (Q(pk__in=WishClaim.objects.filter(organisation_id__in=scope.organisation_ids).values("wish_id"))
                      | _public_in(own_unit_communities(user)))
    if scope.person_ids:
        condition |= Q(resident_id__in=scope.person_ids)
    walls = set()
    home = home_community(user)
    if home is not None:
        walls.add(home.pk)
    member = claimant_member(user)
    if member is not None and member.registered_community_id is not None:
        walls.add(member.registered_community_id)
    if walls:
        condition |= _public_in(sorted(walls))
    if user.is_authenticated:
        condition |= Q(pk__in=WishClaim.objects.filter(claimed_by_id=user.pk).values("wish_id"))
    return Wish.objects.filter(condition)


def get_wish_for_user(user, pk, *, write: bool = False) -> Wish:
    """404 both for "does not exist" and "not yours"; with write=True also for "yours to read only" (staff
    actions: review, wording, deadline, release)."""
    wish = get_visible(wishes_visible_to(user).select_related("community__parent", "resident__home", "posted_by"), pk)
    if write and not may_review(user, wish):
        raise Http404
    return wish


# --- who may change what ---------------------------------------------------------------------------------------

def may_post_for(user, community: RegionNode) -> bool:
    """Community staff and grid workers post wishes on behalf of the residents of their community."""
    return user.scope.everything or any(user.has_role_at(r, community.path) for r in POSTERS)


def may_review(user, wish: Wish) -> bool:
    """Reviewing, the public wording, deadlines and releasing overdue claims: the community's staff."""
    return _community_staff(user, wish.community)


def may_manage_policy(user, community: RegionNode) -> bool:
    return _community_staff(user, community)


def sees_wishes_as_staff(user) -> bool:
    """Region staff (and administrators) see who made a wish, its full story and its chronicle, and search by
    the resident's name; everybody else sees the reviewed public wording."""
    return user.scope.is_region_staff


def is_owner(user, wish: Wish) -> bool:
    """The resident whose wish it is (through the person record linked to her account)."""
    return wish.resident_id in user.scope.person_ids


def may_withdraw(user, wish: Wish) -> bool:
    return is_owner(user, wish) or may_post_for(user, wish.community)


def may_confirm(user, wish: Wish) -> bool:
    """The resident confirms on her phone; staff may confirm for her, giving a reason."""
    return is_owner(user, wish) or may_post_for(user, wish.community)


def is_claimant(user, claim: WishClaim | None) -> bool:
    """The user made the claim, or speaks for the unit that did."""
    if claim is None or not user.is_authenticated:
        return False
    return claim.claimed_by_id == user.pk or (claim.kind == ClaimKind.UNIT and speaks_for(user, claim.organisation))


def may_see_resident(user, wish: Wish, claim: WishClaim | None = None) -> bool:
    """Who the wish belongs to (name; the phone number then as `people.permissions.shown_phone` decides): the
    staff in scope, the resident herself, and the claimant who holds it (to arrange the hand-over)."""
    return user.scope.covers(wish.community.path) or is_owner(user, wish) or is_claimant(user, claim)


@dataclass(frozen=True)
class ClaimOption:
    """One capacity in which a user may claim a wish."""

    kind: str
    organisation: Organisation | None = None
    party_member: PartyMember | None = None

    @property
    def key(self) -> str:
        return f"unit:{self.organisation.pk}" if self.organisation is not None else self.kind

    @property
    def label(self) -> str:
        if self.organisation is not None:
            return _("以%(unit)s名义认领") % {"unit": self.organisation.name}
        if self.kind == ClaimKind.PARTY_MEMBER:
            return _("以在职党员身份认领")
        return _("以志愿者身份认领")


def claim_options(user, wish: Wish) -> list[ClaimOption]:
    """The capacities in which the user may claim `wish` (empty: they may not)."""
    if not user.is_authenticated:
        return []
    options = [ClaimOption(ClaimKind.UNIT, organisation=o) for o in claimant_units(user, wish)]
    member = claimant_member(user)
    if member is not None and member.registered_community_id == wish.community_id:
        options.append(ClaimOption(ClaimKind.PARTY_MEMBER, party_member=member))
    if wish.community.path in volunteer_communities(user):
        options.append(ClaimOption(ClaimKind.VOLUNTEER))
    return options


def may_claim_somewhere(user) -> bool:
    """Whether the user can claim wishes at all (party member, volunteer or liaison): for navigation."""
    return bool(user.scope.organisation_ids) or claimant_member(user) is not None or bool(volunteer_communities(user))


# --- what each viewer sees of a wish (the phone page, the workbench page and the API alike) ---------------------

def wish_text_access(user, wish: Wish) -> TextAccess:
    """Numbers typed into a wish follow the resident's phone and ID fields."""
    if is_owner(user, wish):
        return FULL_TEXT
    return text_access_at(user, wish.community.path, person_id=wish.resident_id)


@dataclass(frozen=True)
class WishView:
    """`own_words`: the resident's own wording and story (staff in scope, the resident). `notes`: the review
    reason and the notes of the timeline (staff confirming on her behalf, releasing a claim …) — staff in scope
    and the resident; a neighbour or a volunteer reading the wish sees the steps without the notes."""

    own_words: bool
    notes: bool
    text: TextAccess

    def text_of(self, value: str | None) -> str:
        return shown_text(value, self.text)

    def events(self, events) -> list[dict]:
        return [{"action": e.action, "label": e.label, "from_status": e.from_status, "to_status": e.to_status,
                 "at": e.at, "note": self.text_of(e.note) if self.notes else ""} for e in events]


def wish_view(user, wish: Wish) -> WishView:
    inside = user.scope.covers(wish.community.path) or is_owner(user, wish)
    return WishView(own_words=inside, notes=inside, text=wish_text_access(user, wish))
