"""Read queries of 社区合伙人: lists with filters (a fixed number of queries whatever the number of rows), the
board's partner list and project list, and the figures (docs/figures.md, "Partners")."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from gongzhi.core.listing import as_id, search
from gongzhi.partners.models import (
    AllianceMember,
    MerchantAlliance,
    Offer,
    OfferStatus,
    Partner,
    PartnerKind,
    PartnerProject,
    PartnerStatus,
    ProjectStatus,
)
from gongzhi.partners.permissions import (
    alliances_visible_to,
    offers_visible_to,
    partners_visible_to,
    projects_visible_to,
    reviewed_by,
)

CST = ZoneInfo("Asia/Shanghai")


def _by_id(qs, field: str, value) -> QuerySet:
    if value in (None, ""):
        return qs
    pk = as_id(value)
    return qs.filter(**{field: pk}) if pk is not None else qs.none()


# `?review=1` of the partner list and the project list: what waits for the user as the community's reviewer.
REVIEW_CHOICES = (("1", _("待我审核")),)
PUBLISH_CHOICES = (("1", _("待我公开")),)


def to_review(user) -> QuerySet[Partner]:
    """Applications waiting for review in the communities whose partners the user reviews."""
    return partners_visible_to(user).filter(reviewed_by(user), status=PartnerStatus.APPLIED)


def to_publish(user) -> QuerySet[PartnerProject]:
    """Draft projects of partners in force, in the communities the user reviews: the user may publish them
    (社区审核后公开)."""
    return projects_visible_to(user).filter(reviewed_by(user, "partner__community__path"), status=ProjectStatus.DRAFT,
                                            partner__status=PartnerStatus.APPROVED)


def partners(user, *, community=None, kind: str = "", status: str = "", q: str = "",
             review: str = "") -> QuerySet[Partner]:
    """`review`: "1" the applications waiting for the user's review; anything else is ignored."""
    qs = _by_id(to_review(user) if review == "1" else partners_visible_to(user), "community_id", community)
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    qs = search(qs, q, ("organisation__name", "organisation__search_key", "gives"))
    return qs.select_related("community", "organisation").order_by("status", "-applied_at", "pk")


def projects(user, *, partner=None, status: str = "", q: str = "", review: str = "") -> QuerySet[PartnerProject]:
    """`review`: "1" the drafts waiting for the user to publish them; anything else is ignored."""
    qs = _by_id(to_publish(user) if review == "1" else projects_visible_to(user), "partner_id", partner)
    if status:
        qs = qs.filter(status=status)
    qs = search(qs, q, ("title", "content", "partner__organisation__name"))
    return qs.select_related("partner__community", "partner__organisation").order_by("-starts_on", "-pk")


def alliances(user) -> QuerySet[MerchantAlliance]:
    return (alliances_visible_to(user).select_related("region")
            .annotate(current_members=Count("members", filter=Q(members__left_on__isnull=True), distinct=True),
                      published_offers=Count("members__offers", filter=Q(members__offers__status=OfferStatus.PUBLISHED),
                                             distinct=True))
            .order_by("region__path", "name"))


def members_of(alliance: MerchantAlliance) -> QuerySet[AllianceMember]:
    return (AllianceMember.objects.filter(alliance=alliance).select_related("organisation")
            .annotate(published_offers=Count("offers", filter=Q(offers__status=OfferStatus.PUBLISHED)))
            .order_by("left_on", "joined_on", "pk"))


def offers(user, *, alliance=None, audience: str = "", status: str = "", q: str = "") -> QuerySet[Offer]:
    qs = _by_id(offers_visible_to(user), "member__alliance_id", alliance)
    if audience:
        qs = qs.filter(audience=audience)
    if status:
        qs = qs.filter(status=status)
    qs = search(qs, q, ("title", "description", "organisation__name", "organisation__search_key"))
    return qs.select_related("organisation", "member__alliance__region").order_by("-valid_from", "-pk")


# --- the public board ---------------------------------------------------------------------------------------------

def board_partners(community) -> list[dict]:
    """Approved partners of a community grouped by kind: organisation names and what they give, nothing personal."""
    rows = (Partner.objects.filter(community=community, status=PartnerStatus.APPROVED)
            .select_related("organisation").order_by("organisation__name"))
    groups: dict[str, list[Partner]] = {k: [] for k in PartnerKind.values}
    for p in rows:
        groups[p.kind].append(p)
    return [{"kind": k, "label": PartnerKind(k).label, "partners": groups[k]} for k in PartnerKind.values]


def board_projects(community) -> QuerySet[PartnerProject]:
    return (PartnerProject.objects.filter(partner__community=community, status=ProjectStatus.PUBLISHED)
            .select_related("partner__organisation").order_by("-starts_on", "pk"))


# --- figures ----------------------------------------------------------------------------------------------------------

def _year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    return dt.datetime(year, 1, 1, tzinfo=CST), dt.datetime(year + 1, 1, 1, tzinfo=CST)


def figures(*, path: str, year: int | None = None) -> dict[str, int]:
    """Partners in force by kind and published offers, for the subtree at `path` (docs/figures.md, "Partners").

    Without a year: partnerships approved and not ended now; offers published now. With a year: partnerships in
    force at some time in that year (approved before its end, not ended before its start), offers first published
    in that year and not yet withdrawn."""
    qs = Partner.objects.filter(community__path__startswith=path)
    if year is None:
        qs = qs.filter(status=PartnerStatus.APPROVED)
    else:
        start, end = _year_bounds(year)
        qs = qs.filter(status__in=[PartnerStatus.APPROVED, PartnerStatus.ENDED], decided_at__lt=end).filter(
            Q(ended_at__isnull=True) | Q(ended_at__gte=start))
    counts = dict(qs.values_list("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    offers_qs = Offer.objects.filter(status=OfferStatus.PUBLISHED, organisation__home__path__startswith=path)
    if year is not None:
        start, end = _year_bounds(year)
        offers_qs = offers_qs.filter(published_at__gte=start, published_at__lt=end)
    out = {k: counts.get(k, 0) for k in PartnerKind.values}
    out["offers"] = offers_qs.count()
    return out


def current_offers_near(community, *, audience: str = "", today: dt.date) -> QuerySet[Offer]:
    """Published offers in force today of the alliances a resident's community belongs to (its own and its street's,
    district's …): what the resident's phone page lists."""
    from gongzhi.core.scope import ancestor_paths

    qs = Offer.objects.filter(status=OfferStatus.PUBLISHED, valid_from__lte=today,
                              member__alliance__region__path__in=ancestor_paths(community.path)).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=today))
    if audience:
        qs = qs.filter(audience=audience)
    return qs.select_related("organisation").order_by("audience", "organisation__name", "pk")
