"""Which party organisations a user may see: those placed in their region subtrees, and their own unit's."""

from __future__ import annotations

from django.db.models import Q

from gongzhi.core.scope import get_visible
from gongzhi.party.models import PartyOrganisation


def party_organisations_visible_to(user):
    scope = user.scope
    return PartyOrganisation.objects.filter(scope.in_regions("region__path")
                                            | Q(organisation_id__in=scope.organisation_ids))


def get_party_organisation_for_user(user, pk) -> PartyOrganisation:
    return get_visible(party_organisations_visible_to(user), pk)
