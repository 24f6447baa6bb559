"""Every write to party organisations and the big party committee."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gongzhi.chronicle.services import record
from gongzhi.core.pinyin import search_key
from gongzhi.party.models import (
    KIND_PARENT,
    KIND_REGION,
    UNIT_KINDS,
    BigCommitteeMembership,
    PartyOrganisation,
    PartyOrgKind,
)


@transaction.atomic
def create_party_organisation(*, actor, name: str, kind: str, region, parent=None, organisation=None,
                              secretary: str = "", founded_on: dt.date | None = None) -> PartyOrganisation:
    kind = PartyOrgKind(kind)
    if (parent.kind if parent else None) not in KIND_PARENT[kind]:
        raise ValidationError(_("“%(kind)s”不能隶属于“%(parent)s”") % {
            "kind": kind.label, "parent": parent.name if parent else _("无上级")})
    if kind in KIND_REGION and region.kind != KIND_REGION[kind]:
        raise ValidationError(_("“%(kind)s”应设在%(level)s一级") % {"kind": kind.label, "level": KIND_REGION[kind].label})
    if kind in UNIT_KINDS and organisation is None:
        raise ValidationError(_("单位党组织必须指定所在单位"))
    if parent is not None and kind in KIND_REGION and not region.path.startswith(parent.region.path):
        raise ValidationError(_("党组织所在区划必须在上级党组织的区划之内"))
    org = PartyOrganisation(name=name.strip(), kind=kind, region=region, parent=parent,
                            organisation=organisation if kind in UNIT_KINDS else None, secretary=secretary,
                            founded_on=founded_on, search_key=search_key(name))
    org.full_clean(exclude=["search_key"])
    org.save()
    record(org, "party_org.created", actor, {"name": org.name, "kind": kind.value,
                                             "parent": parent.pk if parent else None})
    return org


@transaction.atomic
def join_big_committee(*, actor, committee: PartyOrganisation, member: PartyOrganisation, joined_on: dt.date,
                       representative: str = "") -> BigCommitteeMembership:
    if committee.kind != PartyOrgKind.COMMUNITY_COMMITTEE:
        raise ValidationError(_("只有社区党委可以组建大党委"))
    if member.kind not in UNIT_KINDS:
        raise ValidationError(_("大党委成员须为驻区单位党组织"))
    if BigCommitteeMembership.objects.filter(committee=committee, member=member).exists():
        raise ValidationError(_("%(m)s 已是 %(c)s 的成员单位") % {"m": member, "c": committee})
    membership = BigCommitteeMembership.objects.create(committee=committee, member=member, joined_on=joined_on,
                                                       representative=representative)
    record(committee, "party_org.big_committee_joined", actor, {"member": member.name})
    return membership
