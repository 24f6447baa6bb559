"""Who sees which in-service party members (在职党员) and who may decide what about their reporting.

- The member herself: her own registration, applications and hours on the phone (never the quarterly card,
  which is the unit's document).
- The unit's liaison: the in-service members whose work unit she speaks for — their registrations in every
  community, their hours against the target and their quarterly service cards.
- Community, street and district staff: the in-service members registered with (or living in) the communities
  of their subtree; community staff decide (confirm or return) the applications to their community.
- District staff set their district's yearly target.
Grid workers, receivers, other units' liaisons, residents and outsiders see none of it: 404, never 403."""

from __future__ import annotations

from django.db.models import Q

from gongzhi.core.scope import get_visible
from gongzhi.people.models import PartyMember
from gongzhi.regions.models import RegionKind, RegionNode
from gongzhi.volunteering.models import InServiceReport

# The staff who follow in-service members of their area (the community registers them; street and district
# look over the communities' shoulders); grid workers do not.
FOLLOWING_ROLES = ("community_staff", "street_staff", "district_staff")


def following_scope(user):
    """The region subtrees where the user follows in-service members (everything for administrators)."""
    return user.scope_for(*FOLLOWING_ROLES)


def members_in_charge(user):
    """In-service party members the user follows as staff in scope or as the liaison of their unit: the one
    place the workbench list, member pages, cards, the API and exports start from."""
    if not user.is_authenticated:
        return PartyMember.objects.none()
    staff = following_scope(user)
    condition = (staff.in_regions("registered_community__path") | staff.in_regions("person__home__path")
                 | Q(work_unit_id__in=user.scope.organisation_ids))
    return PartyMember.objects.filter(Q(in_service=True) & condition)


def get_member_for_user(user, pk) -> PartyMember:
    """404 alike for "does not exist" and "not yours"."""
    return get_visible(members_in_charge(user).select_related("person__home", "work_unit", "registered_community",
                                                              "party_organisation"), pk)


def own_member(user) -> PartyMember | None:
    """The user's own in-service party member record (through the person linked to her account)."""
    if not user.is_authenticated:
        return None
    person = getattr(user, "person", None)
    if person is None:
        return None
    return (PartyMember.objects.filter(person=person, in_service=True)
            .select_related("person__home", "work_unit", "registered_community").first())


def is_member_self(user, member: PartyMember) -> bool:
    return member.person_id in user.scope.person_ids


def may_apply(user, member: PartyMember) -> bool:
    """Only the member herself applies to report (on her phone)."""
    return user.is_authenticated and is_member_self(user, member)


def may_decide(user, community: RegionNode) -> bool:
    """Confirming or returning an application: the staff of the community applied to."""
    return user.scope.everything or user.has_role_at("community_staff", community.path)


def decides_reports(user) -> bool:
    """Community staff somewhere (or an administrator): decides registrations (报到) somewhere. No query."""
    return user.is_authenticated and (user.scope.everything or any(
        a.role == "community_staff" and a.region for a in user.active_roles))


def reports_to_decide(user):
    """Applications the user may decide: those to the communities where she is community staff."""
    if user.scope.everything:
        return InServiceReport.objects.all()
    paths = sorted({a.region.path for a in user.active_roles if a.role == "community_staff" and a.region})
    if not paths:
        return InServiceReport.objects.none()
    condition = Q(pk__in=[])
    for p in paths:
        condition |= Q(community__path__startswith=p)
    return InServiceReport.objects.filter(condition)


def get_report_for_decision(user, pk) -> InServiceReport:
    return get_visible(reports_to_decide(user).select_related("community", "member__person__home",
                                                              "member__work_unit"), pk)


def may_set_target(user, district: RegionNode) -> bool:
    """The district's staff (or administrators) set its yearly target."""
    return district.kind == RegionKind.DISTRICT and (user.scope.everything
                                                     or user.has_role_at("district_staff", district.path))


def target_districts(user):
    """Districts whose target the user may set."""
    qs = RegionNode.objects.filter(kind=RegionKind.DISTRICT).order_by("path")
    if user.scope.everything:
        return qs
    paths = sorted({a.region.path for a in user.active_roles if a.role == "district_staff" and a.region})
    if not paths:
        return qs.none()
    condition = Q(pk__in=[])
    for p in paths:
        condition |= Q(path__startswith=p)
    return qs.filter(condition)


def follows_members(user) -> bool:
    """The workbench's 在职党员 pages are for following staff and unit liaisons."""
    return bool(user.scope.everything or following_scope(user).region_paths or user.scope.organisation_ids)
