"""空间使用平台: who sees which rows and who may change what (one named helper per rule).

- Region staff (community, street, district staff, grid workers) see the venues, applications, bookings and
  commitments of the communities in their subtrees; administrators see everything.
- Community staff of a community (and administrators) run its venues: create and change them, set opening hours,
  add closures, approve or reject applications, cancel any booking, record fulfilment.
- Applicants: a unit liaison for the approved partners of their unit, a volunteer team's captain and current
  members for the team, a resident for herself. They see the active venues of the communities they may apply in
  (and which slots are taken, never by whom), their own applications, and cancel them; a partner's liaison records
  the fulfilment of its commitments.
- Out of scope is 404, never 403."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from gongzhi.core.scope import NO_ROWS, get_visible, holds_somewhere
from gongzhi.lists.permissions import communities_where, home_community
from gongzhi.partners.models import Partner, PartnerStatus
from gongzhi.people.models import Person, TeamMembership, VolunteerTeam
from gongzhi.regions.models import RegionNode
from gongzhi.spaces.models import Application, Booking, ExchangeCommitment, Venue

RUNNERS = ("community_staff",)
VIEWERS = ("grid_worker", "community_staff", "street_staff", "district_staff")


# --- who somebody is ----------------------------------------------------------------------------------------------

def own_person(user) -> Person | None:
    return getattr(user, "person", None) if user.is_authenticated else None


def sees_spaces_as_staff(user) -> bool:
    return user.is_authenticated and user.scope.is_region_staff


def may_run_spaces(user, community: RegionNode) -> bool:
    """Venues, hours, closures and decisions of a community: its community staff (and administrators)."""
    return user.is_authenticated and (user.scope.everything
                                      or any(user.has_role_at(r, community.path) for r in RUNNERS))


def communities_run_by(user):
    return communities_where(user, RUNNERS)


def runs_some_spaces(user) -> bool:
    """Community staff somewhere (or an administrator): the one who decides applications somewhere. No query."""
    return holds_somewhere(user, RUNNERS)


def run_by(user, path_field: str = "venue__community__path") -> Q:
    """Rows of the communities whose venues the user runs: `may_run_spaces` as a query condition."""
    return user.scope_for(*RUNNERS).in_regions(path_field)


def communities_seen_by(user):
    return communities_where(user, VIEWERS)


def own_partners(user) -> QuerySet[Partner]:
    """Approved partnerships of the units the user speaks for."""
    if not user.is_authenticated or not user.scope.organisation_ids:
        return Partner.objects.none()
    return Partner.objects.filter(organisation_id__in=user.scope.organisation_ids, status=PartnerStatus.APPROVED)


def own_teams(user) -> QuerySet[VolunteerTeam]:
    """Teams the user captains or currently belongs to."""
    person = own_person(user)
    if person is None:
        return VolunteerTeam.objects.none()
    members = TeamMembership.objects.current().filter(volunteer__person=person).values("team_id")
    return VolunteerTeam.objects.filter(Q(captain__person=person) | Q(pk__in=members)).distinct()


def applicant_community_ids(user) -> set[int]:
    """Communities where the user may apply for a slot in their own right (not as staff)."""
    found: set[int] = set(own_partners(user).values_list("community_id", flat=True))
    found |= set(own_teams(user).values_list("community_id", flat=True))
    home = home_community(user) if user.is_authenticated else None
    if home is not None and own_person(user) is not None:
        found.add(home.pk)
    return found


def speaks_for(user, application: Application) -> bool:
    """The applicant's side: the partner's liaison, the team's captain or member, the resident herself."""
    if application.partner is not None:
        return application.partner.organisation_id in user.scope.organisation_ids
    if application.team_id is not None:
        return own_teams(user).filter(pk=application.team_id).exists()
    return application.person_id in user.scope.person_ids


def may_apply_as(user, venue: Venue, applicant) -> bool:
    """Staff of the venue's community apply for anybody; others only for themselves, their team or their unit."""
    if may_run_spaces(user, venue.community):
        return True
    if isinstance(applicant, Partner):
        return applicant.organisation_id in user.scope.organisation_ids
    if isinstance(applicant, VolunteerTeam):
        return own_teams(user).filter(pk=applicant.pk).exists()
    if isinstance(applicant, Person):
        return applicant.pk in user.scope.person_ids
    return False


def may_decide(user, application: Application) -> bool:
    return may_run_spaces(user, application.venue.community)


def may_cancel(user, application: Application) -> bool:
    return may_run_spaces(user, application.venue.community) or speaks_for(user, application)


def may_record_fulfilment(user, commitment: ExchangeCommitment) -> bool:
    return may_run_spaces(user, commitment.community) or commitment.partner.organisation_id in user.scope.organisation_ids


# --- rows a user sees ---------------------------------------------------------------------------------------------

def venues_visible_to(user) -> QuerySet[Venue]:
    if not user.is_authenticated:
        return Venue.objects.none()
    applicant = applicant_community_ids(user)
    return Venue.objects.filter(user.scope.in_regions("community__path")
                                | (Q(community_id__in=applicant, active=True) if applicant else NO_ROWS))


def _applicant_rows(user, prefix: str = "") -> Q:
    condition = Q(**{f"{prefix}applied_by": user})
    if user.scope.organisation_ids:
        condition |= Q(**{f"{prefix}partner__organisation_id__in": user.scope.organisation_ids})
    if user.scope.person_ids:
        condition |= Q(**{f"{prefix}person_id__in": user.scope.person_ids})
    teams = list(own_teams(user).values_list("pk", flat=True))
    if teams:
        condition |= Q(**{f"{prefix}team_id__in": teams})
    return condition


def applications_visible_to(user) -> QuerySet[Application]:
    if not user.is_authenticated:
        return Application.objects.none()
    return Application.objects.filter(user.scope.in_regions("venue__community__path") | _applicant_rows(user))


def bookings_visible_to(user) -> QuerySet[Booking]:
    if not user.is_authenticated:
        return Booking.objects.none()
    return Booking.objects.filter(user.scope.in_regions("venue__community__path")
                                  | _applicant_rows(user, "application__"))


def commitments_visible_to(user) -> QuerySet[ExchangeCommitment]:
    if not user.is_authenticated:
        return ExchangeCommitment.objects.none()
    condition = user.scope.in_regions("community__path")
    if user.scope.organisation_ids:
        condition |= Q(partner__organisation_id__in=user.scope.organisation_ids)
    return ExchangeCommitment.objects.filter(condition)


def get_venue_for_user(user, pk, *, write: bool = False) -> Venue:
    venue = get_visible(venues_visible_to(user).select_related("community"), pk)
    if write and not may_run_spaces(user, venue.community):
        raise Http404
    return venue


def get_application_for_user(user, pk) -> Application:
    return get_visible(applications_visible_to(user).select_related(
        "venue__community", "partner__organisation", "team", "person__home", "applied_by", "decided_by"), pk)


def get_booking_for_user(user, pk) -> Booking:
    return get_visible(bookings_visible_to(user).select_related(
        "venue__community", "application__partner__organisation", "application__team",
        "application__person"), pk)


def get_commitment_for_user(user, pk) -> ExchangeCommitment:
    return get_visible(commitments_visible_to(user).select_related(
        "community", "partner__organisation", "application__venue"), pk)


# --- what a viewer sees of an applicant ---------------------------------------------------------------------------

def masked_name(name: str) -> str:
    if len(name) <= 1:
        return name
    return name[0] + "*" * (len(name) - 1) if len(name) == 2 else name[0] + "*" * (len(name) - 2) + name[-1]


def shown_applicant(user, application: Application) -> str:
    """A partner or team by name; a resident by her full name to staff covering her home and to herself, masked
    (王*英) to everybody else."""
    if application.partner is not None:
        return application.partner.organisation.name
    if application.team is not None:
        return application.team.name
    person = application.person
    if person is None:
        return ""
    if user.scope.covers(person.home.path) or person.pk in user.scope.person_ids:
        return person.name
    return masked_name(person.name)


def sees_details_of(user, application: Application) -> bool:
    """Who applied and for what: staff in scope and the applicant's side; other applicants see only "已占用"."""
    return user.scope.covers(application.venue.community.path) or speaks_for(user, application)


def applicants_for(user, venue: Venue) -> dict[str, object]:
    """Whom the user may apply for at this venue, keyed "partner:<id>", "team:<id>", "resident:<id>": staff of the
    community for every approved partner and team there; others for their unit's partnership, their teams and
    themselves (if they live in the community)."""
    found: dict[str, object] = {}
    runner = may_run_spaces(user, venue.community)
    partners = Partner.objects.filter(community=venue.community, status=PartnerStatus.APPROVED)
    if not runner:
        partners = partners.filter(organisation_id__in=user.scope.organisation_ids)
    for p in partners.select_related("organisation").order_by("organisation__name"):
        found[f"partner:{p.pk}"] = p
    teams = VolunteerTeam.objects.filter(community=venue.community)
    if not runner:
        teams = teams.filter(pk__in=own_teams(user).values("pk"))
    for team in teams.order_by("name"):
        found[f"team:{team.pk}"] = team
    person = own_person(user)
    if person is not None and person.home.path.startswith(venue.community.path):
        found[f"resident:{person.pk}"] = person
    return found


def applicant_label(applicant) -> str:
    from django.utils.translation import gettext as _

    if isinstance(applicant, Partner):
        return _("%(name)s（社区合伙人）") % {"name": applicant.organisation.name}
    if isinstance(applicant, VolunteerTeam):
        return _("%(name)s（志愿服务队）") % {"name": applicant.name}
    return _("%(name)s（本人）") % {"name": applicant.name}
