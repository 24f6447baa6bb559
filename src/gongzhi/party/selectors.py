"""Read queries over the party organisation tree."""

from __future__ import annotations

from dataclasses import dataclass

from gongzhi.party.models import PartyOrganisation, PartyOrgKind
from gongzhi.regions.models import RegionKind, RegionNode


@dataclass(frozen=True)
class Coverage:
    covered: int
    total: int

    @property
    def rate(self) -> float | None:
        return round(self.covered / self.total, 4) if self.total else None


def coverage(node: RegionNode) -> Coverage:
    """Party organisation coverage (覆盖率): neighbourhoods in the subtree that have a party organisation
    (a neighbourhood branch placed there, or a building group inside) ÷ all neighbourhoods in the subtree."""
    neighbourhood_paths = set(RegionNode.objects.filter(path__startswith=node.path, kind=RegionKind.NEIGHBOURHOOD)
                              .values_list("path", flat=True))
    if not neighbourhood_paths:
        return Coverage(0, 0)
    # Every neighbourhood path has the same length (one depth); a covering organisation's path starts with it.
    length = len(next(iter(neighbourhood_paths)))
    covering = PartyOrganisation.objects.filter(
        region__path__startswith=node.path,
        kind__in=[PartyOrgKind.NEIGHBOURHOOD_BRANCH, PartyOrgKind.BUILDING_GROUP],
    ).order_by().values_list("region__path", flat=True)
    covered = {p[:length] for p in covering} & neighbourhood_paths
    return Coverage(len(covered), len(neighbourhood_paths))


def community_committee(community: RegionNode) -> PartyOrganisation | None:
    return (PartyOrganisation.objects.filter(region=community, kind=PartyOrgKind.COMMUNITY_COMMITTEE)
            .first())


def big_committee_members(committee: PartyOrganisation):
    return committee.member_units.select_related("member__organisation").order_by("joined_on", "member__name")
