"""Who may do what in recognition: one named helper per rule.

- A volunteer's record: the staff whose region covers the person's home or who may see the person otherwise
  (`people.permissions.people_visible_to`), and the person herself. Everybody else: 404.
- Certificates: issued and revoked by the issuing community's staff; seen and downloaded by the staff in scope of
  the issuing community or of the holder's home, and by the holder. Everybody else: 404.
- Honours: a community's or street's staff open selections, nominate, record the committee's decision and
  publish; a resident nominates on her phone for the selections of her home community (and its street); a team's
  captain nominates for the team. Public outputs show masked names, a family's masked name, a building as
  neighbourhood + building — never a room, a floor or a phone number."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from gongzhi.core.scope import ancestor_paths, get_visible
from gongzhi.people.models import Person, VolunteerTeam
from gongzhi.people.permissions import people_visible_to, shown_id_number, shown_phone
from gongzhi.recognition.models import (
    Certificate,
    CertificateRequest,
    HonourKind,
    HonourSelection,
    Nomination,
)
from gongzhi.regions.models import RegionKind, RegionNode

ISSUERS = ("community_staff",)
HONOUR_STAFF = ("community_staff", "street_staff")


def own_person(user) -> Person | None:
    return getattr(user, "person", None) if user.is_authenticated else None


def community_of(node: RegionNode) -> RegionNode | None:
    if node.kind == RegionKind.COMMUNITY:
        return node
    return node.ancestors().filter(kind=RegionKind.COMMUNITY).first()


# --- a volunteer's record ----------------------------------------------------------------------------------------

def record_people_visible_to(user) -> QuerySet[Person]:
    """People whose record the user may read: region staff see their subtrees (and the volunteers who served in
    their communities), everybody sees herself."""
    scope = user.scope
    condition = Q(pk__in=scope.person_ids)
    if scope.is_region_staff:
        condition |= Q(pk__in=people_visible_to(user).values("pk"))
        condition |= Q(pk__in=_served_in_scope(user))
    return Person.objects.filter(condition)


def _served_in_scope(user):
    from gongzhi.volunteering.models import HoursEntry

    return HoursEntry.objects.filter(user.scope.in_regions("community__path")).values("person_id")


def get_record_person_for_user(user, pk) -> Person:
    return get_visible(record_people_visible_to(user).select_related("home__parent"), pk)


def is_self(user, person: Person) -> bool:
    return person.pk in user.scope.person_ids


def sees_records_as_staff(user) -> bool:
    return user.scope.is_region_staff


# --- certificates --------------------------------------------------------------------------------------------------

def may_issue(user, community: RegionNode) -> bool:
    """The community's own staff issue its certificates (谁记录谁证明)."""
    return user.scope.everything or any(user.has_role_at(r, community.path) for r in ISSUERS)


def issuing_communities(user) -> QuerySet[RegionNode]:
    communities = RegionNode.objects.filter(kind=RegionKind.COMMUNITY)
    if user.scope.everything:
        return communities
    paths = [a.region.path for a in user.active_roles if a.role in ISSUERS and a.region is not None]
    if not paths:
        return communities.none()
    condition = Q(pk__in=[])
    for p in paths:
        condition |= Q(path__startswith=p)
    return communities.filter(condition)


def certificate_candidates(user, community: RegionNode) -> QuerySet[Person]:
    """The people a community's staff may certify: those they may see, and those who served in the community."""
    from gongzhi.volunteering.models import HoursEntry

    return Person.objects.filter(Q(pk__in=people_visible_to(user).values("pk"))
                                 | Q(pk__in=HoursEntry.objects.filter(community=community).values("person_id")))


def certificates_visible_to(user) -> QuerySet[Certificate]:
    scope = user.scope
    condition = Q(person_id__in=scope.person_ids)
    if scope.is_region_staff:
        condition |= scope.in_regions("community__path") | scope.in_regions("person__home__path")
    return Certificate.objects.filter(condition)


def get_certificate_for_user(user, pk, *, write: bool = False) -> Certificate:
    certificate = get_visible(certificates_visible_to(user).select_related("person__home", "community", "issued_by"),
                              pk)
    if write and not may_issue(user, certificate.community):
        raise Http404
    return certificate


def may_revoke(user, certificate: Certificate) -> bool:
    return not certificate.revoked and may_issue(user, certificate.community)


def requests_visible_to(user) -> QuerySet[CertificateRequest]:
    scope = user.scope
    condition = Q(person_id__in=scope.person_ids)
    if scope.is_region_staff:
        condition |= scope.in_regions("community__path")
    return CertificateRequest.objects.filter(condition)


def get_request_for_user(user, pk, *, write: bool = False) -> CertificateRequest:
    request = get_visible(requests_visible_to(user).select_related("person__home", "community"), pk)
    if write and not may_issue(user, request.community):
        raise Http404
    return request


def may_request(user, person: Person) -> bool:
    return is_self(user, person)


def person_facts(user, person: Person) -> dict:
    """Who the record or certificate is about, as the user's role may see it (page, API and export alike)."""
    return {"id": person.pk, "name": person.name, "id_number": shown_id_number(user, person),
            "phone": shown_phone(user, person)}


# --- public names ----------------------------------------------------------------------------------------------------

def mask_name(name: str) -> str:
    """王秀英 -> 王**, 刘洋 -> 刘*: the surname and one star per other character (public pages)."""
    name = (name or "").strip()
    if not name:
        return ""
    return name[0] + "*" * max(len(name) - 1, 1)


def building_label(building: RegionNode | None) -> str:
    """五美小区 1栋: the neighbourhood and the building, never an entrance, a floor or a room."""
    if building is None:
        return ""
    parent = building.parent
    return f"{parent.name} {building.name}" if parent is not None and parent.kind == RegionKind.NEIGHBOURHOOD \
        else building.name


def public_nominee(nomination: Nomination) -> str:
    """What public outputs (the board, the API's public list) say of a nominee."""
    kind = nomination.selection.kind
    if kind == HonourKind.BUILDING:
        return building_label(nomination.building) or mask_name(nomination.nominee_name)
    name = nomination.person.name if nomination.person is not None else nomination.nominee_name
    if kind == HonourKind.FAMILY:
        return f"{mask_name(name)}家庭"
    return mask_name(name)


def public_certificate(certificate: Certificate) -> dict:
    """What the public verification page and API say of a genuine certificate: no personal data beyond the
    masked name."""
    return {"number": certificate.number, "name": mask_name(certificate.holder_name),
            "hours": certificate.hours_total, "community": certificate.community_name,
            "period_start": certificate.period_start, "period_end": certificate.period_end,
            "issued_on": _local_date(certificate.issued_at),
            "revoked": certificate.revoked}


def _local_date(moment):
    from django.utils import timezone

    return timezone.localtime(moment).date()


# --- honours ---------------------------------------------------------------------------------------------------------

def may_run_selection_at(user, node: RegionNode) -> bool:
    """A community's staff run its selections, a street's staff the street's."""
    if user.scope.everything:
        return True
    role = "community_staff" if node.kind == RegionKind.COMMUNITY else "street_staff"
    return node.kind in (RegionKind.COMMUNITY, RegionKind.STREET) and user.has_role_at(role, node.path)


def selection_nodes(user) -> QuerySet[RegionNode]:
    nodes = RegionNode.objects.filter(kind__in=[RegionKind.COMMUNITY, RegionKind.STREET])
    if user.scope.everything:
        return nodes
    condition = Q(pk__in=[])
    for a in user.active_roles:
        if a.region is None:
            continue
        if a.role == "community_staff":
            condition |= Q(path__startswith=a.region.path, kind=RegionKind.COMMUNITY)
        elif a.role == "street_staff":
            condition |= Q(path__startswith=a.region.path)
    return nodes.filter(condition)


def resident_selection_paths(user) -> list[str]:
    """The community of the user's home and the nodes above it (her street)."""
    person = own_person(user)
    if person is None:
        return []
    return ancestor_paths(person.home.path)


def selections_visible_to(user) -> QuerySet[HonourSelection]:
    scope = user.scope
    condition = scope.in_regions("node__path") if scope.is_region_staff else Q(pk__in=[])
    paths = resident_selection_paths(user)
    if paths:
        condition |= Q(node__path__in=paths)
    return HonourSelection.objects.filter(condition)


def get_selection_for_user(user, pk, *, write: bool = False) -> HonourSelection:
    selection = get_visible(selections_visible_to(user).select_related("node__parent", "created_by", "decided_by"), pk)
    if write and not may_run_selection_at(user, selection.node):
        raise Http404
    return selection


def is_team_captain(user, team: VolunteerTeam) -> bool:
    """A team's captain (when teams have one) nominates in the team's name."""
    captain_id = getattr(team, "captain_id", None)
    person = own_person(user)
    return captain_id is not None and person is not None and captain_id == person.pk


def nominating_teams(user, selection: HonourSelection) -> list[VolunteerTeam]:
    if not hasattr(VolunteerTeam, "captain"):
        return []
    person = own_person(user)
    if person is None:
        return []
    filters = {"captain": person, "community__path__startswith": selection.node.path}  # once teams have captains
    return list(VolunteerTeam.objects.filter(**filters))


def may_nominate_as_staff(user, selection: HonourSelection) -> bool:
    return may_run_selection_at(user, selection.node)


def may_nominate_as_resident(user, selection: HonourSelection) -> bool:
    return selection.node.path in resident_selection_paths(user)


def sees_nominations_in_full(user, selection: HonourSelection) -> bool:
    """Names in full, reasons and who nominated: the selection's staff. A resident sees her own nominations and,
    once published, the public list."""
    return user.scope.covers(selection.node.path)
