"""The party organisation tree and the community's "big party committee" (大党委).

Community party committee 社区党委 → neighbourhood branch 小区党支部 → building party group 楼栋党小组;
the party organisations of resident units sit in their units and join a community's big party committee
as member units."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongzhi.organisations.models import Organisation
from gongzhi.regions.models import RegionKind, RegionNode


class PartyOrgKind(models.TextChoices):
    STREET_WORKING_COMMITTEE = "street_committee", _("街道党工委")
    COMMUNITY_COMMITTEE = "community_committee", _("社区党委")
    NEIGHBOURHOOD_BRANCH = "neighbourhood_branch", _("小区党支部")
    BUILDING_GROUP = "building_group", _("楼栋党小组")
    UNIT_COMMITTEE = "unit_committee", _("单位党委")
    UNIT_BRANCH = "unit_branch", _("单位党支部")


# Where each kind sits in the region tree, and which kind may be its parent.
KIND_REGION = {
    PartyOrgKind.STREET_WORKING_COMMITTEE: RegionKind.STREET,
    PartyOrgKind.COMMUNITY_COMMITTEE: RegionKind.COMMUNITY,
    PartyOrgKind.NEIGHBOURHOOD_BRANCH: RegionKind.NEIGHBOURHOOD,
    PartyOrgKind.BUILDING_GROUP: RegionKind.BUILDING,
}
KIND_PARENT: dict[PartyOrgKind, set[PartyOrgKind | None]] = {
    PartyOrgKind.STREET_WORKING_COMMITTEE: {None},
    PartyOrgKind.COMMUNITY_COMMITTEE: {PartyOrgKind.STREET_WORKING_COMMITTEE, None},
    PartyOrgKind.NEIGHBOURHOOD_BRANCH: {PartyOrgKind.COMMUNITY_COMMITTEE},
    PartyOrgKind.BUILDING_GROUP: {PartyOrgKind.NEIGHBOURHOOD_BRANCH},
    PartyOrgKind.UNIT_COMMITTEE: {None},
    PartyOrgKind.UNIT_BRANCH: {PartyOrgKind.UNIT_COMMITTEE, None},
}
UNIT_KINDS = {PartyOrgKind.UNIT_COMMITTEE, PartyOrgKind.UNIT_BRANCH}


class PartyOrganisation(models.Model):
    name = models.CharField(_("名称"), max_length=120, unique=True)
    kind = models.CharField(_("类别"), max_length=32, choices=PartyOrgKind.choices)
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="children", verbose_name=_("上级党组织"))
    region = models.ForeignKey(RegionNode, on_delete=models.PROTECT, related_name="party_organisations",
                               verbose_name=_("所在区划"))
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="party_organisations", verbose_name=_("所在单位"))
    secretary = models.CharField(_("书记"), max_length=50, blank=True)
    founded_on = models.DateField(_("成立日期"), null=True, blank=True)
    search_key = models.CharField(max_length=500, blank=True, editable=False)

    class Meta:
        verbose_name = _("党组织")
        verbose_name_plural = _("党组织")
        ordering = ["region__path", "kind", "name"]
        constraints = [
            models.CheckConstraint(
                name="unit_party_org_has_unit",
                condition=(models.Q(kind__in=sorted(k.value for k in UNIT_KINDS), organisation__isnull=False)
                           | (~models.Q(kind__in=sorted(k.value for k in UNIT_KINDS)) & models.Q(organisation__isnull=True))),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def chronicle_region_path(self) -> str:
        return self.region.path


class BigCommitteeMembership(models.Model):
    """A unit party organisation that sits on a community's big party committee (大党委成员单位)."""

    committee = models.ForeignKey(PartyOrganisation, on_delete=models.CASCADE, related_name="member_units",
                                  limit_choices_to={"kind": PartyOrgKind.COMMUNITY_COMMITTEE},
                                  verbose_name=_("社区大党委"))
    member = models.ForeignKey(PartyOrganisation, on_delete=models.PROTECT, related_name="big_committees",
                               verbose_name=_("成员单位党组织"))
    joined_on = models.DateField(_("加入日期"))
    representative = models.CharField(_("兼职委员"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("大党委成员单位")
        verbose_name_plural = _("大党委成员单位")
        ordering = ["committee", "joined_on"]
        constraints = [models.UniqueConstraint(fields=["committee", "member"], name="big_committee_member_unique")]

    def __str__(self) -> str:
        return f"{self.committee} ← {self.member}"
