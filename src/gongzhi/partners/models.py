"""Community partners (社区合伙人): an organisation (a registered unit or a new one) applies to a community as
事业合伙 / 公益合伙 / 社企合伙; community staff review it; an approved partner has an agreement (what it gives, what
it gets: space, publicity) and appears on the community's board."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongzhi.core import limits
from gongzhi.lists.models import Beneficiary
from gongzhi.organisations.models import Organisation
from gongzhi.regions.models import RegionNode


class PartnerKind(models.TextChoices):
    INSTITUTIONAL = "institutional", _("事业合伙")
    PUBLIC_GOOD = "public_good", _("公益合伙")
    SOCIAL_ENTERPRISE = "social_enterprise", _("社企合伙")


class PartnerStatus(models.TextChoices):
    APPLIED = "applied", _("待审核")
    APPROVED = "approved", _("已入伙")
    REJECTED = "rejected", _("未通过")
    ENDED = "ended", _("已退出")


# A partnership that is pending or in force: one per organisation and community.
LIVE_STATUSES = (PartnerStatus.APPLIED, PartnerStatus.APPROVED)


class Partner(models.Model):
    """One organisation's partnership with one community, from its application to its end."""

    community = models.ForeignKey(RegionNode, on_delete=models.PROTECT, related_name="partners",
                                  verbose_name=_("社区"))
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="partnerships",
                                     verbose_name=_("合伙单位"))
    kind = models.CharField(_("合伙类型"), max_length=32, choices=PartnerKind.choices)
    status = models.CharField(_("状态"), max_length=16, choices=PartnerStatus.choices, default=PartnerStatus.APPLIED)
    gives = models.TextField(_("合伙人提供"), max_length=limits.NOTE,
                             help_text=_("合伙人向社区提供的服务或资源，如：每周一次免费课程"))
    gets = models.TextField(_("社区提供"), blank=True, max_length=limits.NOTE,
                            help_text=_("社区向合伙人提供的空间、宣传等"))
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    applied_at = models.DateTimeField(_("申请时间"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    decision_note = models.CharField(_("审核意见"), max_length=300, blank=True)
    agreement_start = models.DateField(_("协议起始"), null=True, blank=True)
    agreement_end = models.DateField(_("协议截止"), null=True, blank=True)
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+")
    ended_at = models.DateTimeField(_("退出时间"), null=True, blank=True)
    end_note = models.CharField(_("退出原因"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("社区合伙人")
        verbose_name_plural = _("社区合伙人")
        ordering = ["community__path", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["community", "organisation"], condition=Q(status__in=LIVE_STATUSES),
                                    name="partner_live_once_per_community"),
            models.CheckConstraint(name="partner_agreement_in_order",
                                   condition=Q(agreement_end__isnull=True) | Q(agreement_start__isnull=True)
                                   | Q(agreement_end__gte=models.F("agreement_start"))),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}（{self.get_kind_display()}）"

    def chronicle_region_path(self) -> str:
        return self.community.path


class MerchantAlliance(models.Model):
    """商家联盟: merchants of a street or community who publish offers to residents (e.g. elderly discounts)."""

    region = models.ForeignKey(RegionNode, on_delete=models.PROTECT, related_name="merchant_alliances",
                               verbose_name=_("所在区划"), help_text=_("街道或社区"))
    name = models.CharField(_("联盟名称"), max_length=120)
    founded_on = models.DateField(_("成立日期"))
    description = models.TextField(_("简介"), blank=True, max_length=limits.DESCRIPTION)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("商家联盟")
        verbose_name_plural = _("商家联盟")
        ordering = ["region__path", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="alliance_name_unique_in_region")]

    def __str__(self) -> str:
        return self.name

    def chronicle_region_path(self) -> str:
        return self.region.path


class AllianceMember(models.Model):
    alliance = models.ForeignKey(MerchantAlliance, on_delete=models.PROTECT, related_name="members")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="alliance_memberships",
                                     verbose_name=_("商户"))
    joined_on = models.DateField(_("加入日期"))
    left_on = models.DateField(_("退出日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("联盟成员")
        verbose_name_plural = _("联盟成员")
        ordering = ["alliance", "joined_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "organisation"], condition=Q(left_on__isnull=True),
                                    name="alliance_member_current_once"),
            models.CheckConstraint(name="alliance_member_dates_in_order",
                                   condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on"))),
        ]

    def __str__(self) -> str:
        return f"{self.alliance} · {self.organisation}"


class OfferAudience(models.TextChoices):
    ALL = "all", _("全体居民")
    ELDERLY = "elderly", _("老年人")
    DISABLED = "disabled", _("残疾人")
    HARDSHIP = "hardship", _("困难群众")
    VOLUNTEERS = "volunteers", _("志愿者")


class OfferStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    WITHDRAWN = "withdrawn", _("已撤下")


class Offer(models.Model):
    """A merchant's offer to residents (e.g. 老年人就餐正常价优惠2元): published, it appears in the service-points
    directory next to the merchant's service point."""

    member = models.ForeignKey(AllianceMember, on_delete=models.PROTECT, related_name="offers")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="offers",
                                     verbose_name=_("商户"))
    title = models.CharField(_("优惠名称"), max_length=120)
    description = models.TextField(_("优惠内容"), max_length=limits.NOTE)
    audience = models.CharField(_("面向人群"), max_length=16, choices=OfferAudience.choices, default=OfferAudience.ALL)
    valid_from = models.DateField(_("起始日期"))
    valid_until = models.DateField(_("截止日期"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=OfferStatus.choices, default=OfferStatus.DRAFT)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("商家优惠")
        verbose_name_plural = _("商家优惠")
        ordering = ["-valid_from", "pk"]
        constraints = [
            models.CheckConstraint(name="offer_dates_in_order",
                                   condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from"))),
        ]

    def __str__(self) -> str:
        return self.title

    def chronicle_region_path(self) -> str:
        return self.member.alliance.region.path


class ProjectStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已公开")
    CLOSED = "closed", _("已结项")


class PartnerProject(models.Model):
    """合伙人项目清单: a standing service project a partner runs for its community (title, content, beneficiaries,
    period). Written by the partner's liaison or community staff as a draft; community staff publish it to the
    board, and close it when it ends."""

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="projects",
                                verbose_name=_("社区合伙人"))
    title = models.CharField(_("项目名称"), max_length=120)
    content = models.TextField(_("服务内容"), max_length=limits.NOTE)
    beneficiaries = models.CharField(_("服务对象"), max_length=32, choices=Beneficiary.choices,
                                     default=Beneficiary.ALL_RESIDENTS)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=ProjectStatus.choices, default=ProjectStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("合伙人项目")
        verbose_name_plural = _("合伙人项目清单")
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(name="partner_project_period_in_order",
                                   condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on"))),
        ]

    def __str__(self) -> str:
        return self.title

    def chronicle_region_path(self) -> str:
        return self.partner.community.path
