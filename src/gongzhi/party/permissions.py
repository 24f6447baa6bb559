"""Which party organisations a user may see: those placed in their region subtrees, and their own unit's."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from gongzhi.party.models import PartyOrganisation


def party_organisations_visible_to(user):
    scope = user.scope
    return PartyOrganisation.objects.filter(scope.in_regions("region__path")
                                            | Q(organisation_id__in=scope.organisation_ids))


def get_party_organisation_for_user(user, pk) -> PartyOrganisation:
    try:
        return party_organisations_visible_to(user).get(pk=pk)
    except (PartyOrganisation.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
