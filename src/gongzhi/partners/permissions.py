"""社区合伙人: who sees which rows and who may change what — one named helper per rule.

- Region staff (community, street, district staff, grid workers) see the partnerships, projects, alliances and
  offers of their subtrees; administrators see everything.
- A unit's liaison sees their own unit's partnerships and projects, the alliances their unit belongs to and its
  offers; they apply for their unit, write its projects and publish its offers.
- Community staff of a community review its applications (approve with an agreement, reject, end) and publish
  its partners' projects; they may also register an application for a unit (a new one or a registered one).
- Staff of the alliance's street or community (community, street, district staff) create it and manage its members.
- Published offers and approved partners are public information (the board, the offers page); everything else
  out of scope is 404, never 403."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from gongzhi.core.scope import get_visible, holds_somewhere
from gongzhi.lists.permissions import communities_where, own_unit_communities, own_units, unit_communities
from gongzhi.organisations.models import Organisation
from gongzhi.organisations.permissions import organisations_visible_to
from gongzhi.partners.models import (
    AllianceMember,
    MerchantAlliance,
    Offer,
    OfferStatus,
    Partner,
    PartnerProject,
    PartnerStatus,
    ProjectStatus,
)
from gongzhi.regions.models import RegionNode

REVIEWERS = ("community_staff",)
ALLIANCE_MANAGERS = ("community_staff", "street_staff", "district_staff")


# --- who somebody is ----------------------------------------------------------------------------------------------

def uses_partner_pages(user) -> bool:
    """Region staff, liaisons and administrators use the workbench's partner pages."""
    return user.is_authenticated and (user.scope.is_region_staff or bool(user.scope.organisation_ids))


def speaks_for(user, organisation: Organisation | None) -> bool:
    return organisation is not None and (user.scope.everything or organisation.pk in user.scope.organisation_ids)


def may_review_in(user, community: RegionNode) -> bool:
    """Applications of a community are reviewed by its community staff (and administrators)."""
    return user.is_authenticated and (user.scope.everything
                                      or any(user.has_role_at(r, community.path) for r in REVIEWERS))


def reviewed_communities(user):
    return communities_where(user, REVIEWERS)


def reviews_somewhere(user) -> bool:
    """Community staff somewhere (or an administrator): reviews applications and publishes projects. No query."""
    return holds_somewhere(user, REVIEWERS)


def reviewed_by(user, path_field: str = "community__path") -> Q:
    """Rows of the communities whose partners the user reviews: `may_review_in` as a query condition."""
    return user.scope_for(*REVIEWERS).in_regions(path_field)


def may_apply(user, *, community: RegionNode, organisation: Organisation | None) -> bool:
    """A liaison applies for their own unit to a community it serves; community staff register an application for
    any unit they see, or for a new one (organisation None)."""
    if may_review_in(user, community):
        return organisation is None or organisations_visible_to(user).filter(pk=organisation.pk).exists()
    return (organisation is not None and organisation.pk in user.scope.organisation_ids
            and unit_communities(organisation).filter(pk=community.pk).exists())


def application_units(user):
    """Units the user may apply for: their own (liaisons), the units they see (community staff)."""
    if reviewed_communities(user).exists():
        return organisations_visible_to(user).order_by("name")
    return own_units(user)


def application_communities(user):
    """Communities the user may apply to: where they review (staff), those their units serve (liaisons)."""
    reviewed = reviewed_communities(user)
    if reviewed.exists():
        return reviewed
    return own_unit_communities(user)


def may_decide(user, partner: Partner) -> bool:
    return may_review_in(user, partner.community)


def may_manage_alliance_at(user, region: RegionNode) -> bool:
    return user.is_authenticated and (user.scope.everything
                                      or any(user.has_role_at(r, region.path) for r in ALLIANCE_MANAGERS))


def may_manage_alliance(user, alliance: MerchantAlliance) -> bool:
    return may_manage_alliance_at(user, alliance.region)


def alliance_regions(user):
    """Streets and communities where the user may found an alliance."""
    qs = RegionNode.objects.filter(kind__in=["street", "community"]).order_by("path")
    return qs.filter(user.scope_for(*ALLIANCE_MANAGERS).in_regions("path"))


def may_write_offer(user, member: AllianceMember) -> bool:
    """A current member's liaison writes, publishes and withdraws its offers; so do the alliance's managers."""
    return member.left_on is None and (speaks_for(user, member.organisation)
                                       or may_manage_alliance(user, member.alliance))


def may_change_offer(user, offer: Offer) -> bool:
    return speaks_for(user, offer.organisation) or may_manage_alliance(user, offer.member.alliance)


def may_write_project(user, partner: Partner) -> bool:
    """The partner's liaison or its community's staff, while the partnership is in force."""
    return partner.status == PartnerStatus.APPROVED and (speaks_for(user, partner.organisation)
                                                         or may_decide(user, partner))


def may_publish_project(user, project: PartnerProject) -> bool:
    return may_decide(user, project.partner)


# --- rows a user sees ---------------------------------------------------------------------------------------------

def partners_visible_to(user) -> QuerySet[Partner]:
    scope = user.scope
    return Partner.objects.filter(scope.in_regions("community__path") | Q(organisation_id__in=scope.organisation_ids))


def projects_visible_to(user) -> QuerySet[PartnerProject]:
    scope = user.scope
    return PartnerProject.objects.filter(scope.in_regions("partner__community__path")
                                         | Q(partner__organisation_id__in=scope.organisation_ids))


def alliances_visible_to(user) -> QuerySet[MerchantAlliance]:
    """Staff see the alliances of their subtrees and of the streets above them; liaisons their unit's."""
    scope = user.scope
    members = AllianceMember.objects.filter(organisation_id__in=scope.organisation_ids).values("alliance_id")
    return MerchantAlliance.objects.filter(scope.in_regions_or_above("region__path") | Q(pk__in=members))


def offers_visible_to(user) -> QuerySet[Offer]:
    """Published offers are public; drafts and withdrawn ones are for the alliance's staff and the merchant."""
    scope = user.scope
    return Offer.objects.filter(Q(status=OfferStatus.PUBLISHED)
                                | scope.in_regions_or_above("member__alliance__region__path")
                                | Q(organisation_id__in=scope.organisation_ids))


def get_partner_for_user(user, pk, *, write: bool = False) -> Partner:
    """404 for "does not exist" and "not yours"; with write=True also for "yours to look at only"."""
    partner = get_visible(partners_visible_to(user).select_related("community", "organisation", "applied_by",
                                                                    "decided_by", "ended_by"), pk)
    if write and not may_decide(user, partner):
        raise Http404
    return partner


def get_project_for_user(user, pk) -> PartnerProject:
    return get_visible(projects_visible_to(user).select_related("partner__community", "partner__organisation"), pk)


def get_alliance_for_user(user, pk, *, write: bool = False) -> MerchantAlliance:
    alliance = get_visible(alliances_visible_to(user).select_related("region"), pk)
    if write and not may_manage_alliance(user, alliance):
        raise Http404
    return alliance


def get_member_for_user(user, pk) -> AllianceMember:
    member = get_visible(AllianceMember.objects.filter(alliance__in=alliances_visible_to(user))
                         .select_related("alliance__region", "organisation"), pk)
    return member


def get_offer_for_user(user, pk) -> Offer:
    return get_visible(offers_visible_to(user).select_related("member__alliance__region", "organisation"), pk)


def public_projects(community) -> QuerySet[PartnerProject]:
    return PartnerProject.objects.filter(partner__community=community, status=ProjectStatus.PUBLISHED)
