"""Who sees and does what in the contract lifecycle.

- Street staff (and district staff, administrators) convene negotiation meetings and draft contracts for the
  communities of their street; community staff draft and sign for their community's party committee.
- A unit liaison sees the contracts their unit is party to, agrees for the unit, and records its fulfilment.
- Community staff record fulfilment for any commitment of their community and publish the board.
Rows out of scope are 404."""

from __future__ import annotations

from django.db.models import Q

from gongzhi.contracts.models import Commitment, Contract, Fulfilment, Meeting, Publication
from gongzhi.core.scope import get_visible

ORGANISERS = ("street_staff", "district_staff")
COMMUNITY_SIDE = ("community_staff", "street_staff", "district_staff")


def contracts_visible_to(user):
    scope = user.scope
    return Contract.objects.filter(scope.in_regions("community__path")
                                   | Q(parties__organisation_id__in=scope.organisation_ids)).distinct()


def get_contract_for_user(user, pk) -> Contract:
    return get_visible(contracts_visible_to(user).select_related("community", "community_party"), pk)


def commitments_visible_to(user):
    return Commitment.objects.filter(contract__in=contracts_visible_to(user))


def get_commitment_for_user(user, pk) -> Commitment:
    return get_visible(commitments_visible_to(user).select_related("contract__community"), pk)


def meetings_visible_to(user):
    scope = user.scope
    return Meeting.objects.filter(scope.in_regions("community__path")
                                  | Q(units__id__in=scope.organisation_ids)).distinct()


def get_meeting_for_user(user, pk) -> Meeting:
    return get_visible(meetings_visible_to(user).select_related("community", "street"), pk)


def fulfilments_visible_to(user):
    return Fulfilment.objects.filter(commitment__contract__in=contracts_visible_to(user))


def publications_visible_to(user):
    return Publication.objects.filter(user.scope.in_regions("community__path"))


def _has(user, roles, path) -> bool:
    return user.scope.everything or any(user.has_role_at(r, path) for r in roles)


def may_convene(user, community) -> bool:
    return _has(user, ORGANISERS, community.path)


def may_draft(user, community) -> bool:
    return _has(user, COMMUNITY_SIDE, community.path)


def may_sign(user, contract) -> bool:
    """The community party organisation signs: its community staff, or the street that convened."""
    return _has(user, COMMUNITY_SIDE, contract.community.path)


def may_agree_for(user, contract, organisation) -> bool:
    return organisation.pk in user.scope.organisation_ids or _has(user, ORGANISERS, contract.community.path)


def may_record_fulfilment(user, commitment, organisation=None) -> bool:
    if _has(user, ("community_staff",), commitment.contract.community.path) or user.scope.everything:
        return True
    if organisation is not None:
        return organisation.pk in user.scope.organisation_ids
    return bool(set(commitment.undertakers.values_list("pk", flat=True)) & set(user.scope.organisation_ids))


def may_publish(user, community) -> bool:
    return _has(user, ("community_staff", "street_staff"), community.path)


def may_appoint_officer(user, contract) -> bool:
    """The district organisation department appoints the liaison officer who pushes a unit's fulfilment."""
    return _has(user, ("district_staff",), contract.community.path)


def officer_candidates(contract):
    """District staff whose district covers the contract's community."""
    from gongzhi.accounts.models import RoleAssignment, User
    from gongzhi.core.scope import ancestor_paths

    ids = RoleAssignment.objects.filter(role="district_staff", active=True,
                                        region__path__in=ancestor_paths(contract.community.path)) \
        .values_list("user_id", flat=True)
    return User.objects.filter(pk__in=ids, is_active=True).order_by("display_name", "username")


def may_see_any_report(user) -> bool:
    """Whether the 统计报表 page has a region for this user (staff of a region; a unit's liaison has none)."""
    return user.scope.is_region_staff
