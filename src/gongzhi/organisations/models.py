"""Resident units (驻区单位), their contacts, and the functional departments (职能部门) that receive whistles
or supervise units."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongzhi.core import limits
from gongzhi.regions.models import RegionNode


class DepartmentKind(models.TextChoices):
    JUDICIAL_OFFICE = "judicial_office", _("司法所")
    POLICE_STATION = "police_station", _("派出所")
    HOUSING = "housing", _("住建局")
    MARKET_REGULATION = "market_regulation", _("市场监管局")
    LEGAL_ADVISER = "legal_adviser", _("法律顾问")
    HEALTH = "health", _("卫生健康委员会")
    EDUCATION = "education", _("教育局")
    CULTURE = "culture", _("文化广电和旅游局")
    CIVIL_AFFAIRS = "civil_affairs", _("民政局")
    STATE_ASSETS = "state_assets", _("国有资产监督管理委员会")
    URBAN_MANAGEMENT = "urban_management", _("城市管理局")
    ORGANISATION_DEPT = "organisation_dept", _("党委组织部")
    OTHER = "other", _("其他部门")


class Department(models.Model):
    name = models.CharField(_("部门名称"), max_length=100, unique=True)
    kind = models.CharField(_("类别"), max_length=32, choices=DepartmentKind.choices)
    home = models.ForeignKey(RegionNode, on_delete=models.PROTECT, related_name="departments",
                             verbose_name=_("所属区划"))
    phone = models.CharField(_("值班电话"), max_length=32, blank=True)
    search_key = models.CharField(max_length=500, blank=True, editable=False)

    class Meta:
        verbose_name = _("职能部门")
        verbose_name_plural = _("职能部门")
        ordering = ["home__path", "name"]

    def __str__(self) -> str:
        return self.name

    def chronicle_region_path(self) -> str:
        return self.home.path


class OrganisationKind(models.TextChoices):
    AGENCY = "agency", _("机关")
    PUBLIC_INSTITUTION = "public_institution", _("事业单位")
    STATE_ENTERPRISE = "state_enterprise", _("国有企业")
    PRIVATE_ENTERPRISE = "private_enterprise", _("非公企业")
    SOCIAL_ORGANISATION = "social_organisation", _("社会组织")
    MERCHANT = "merchant", _("商户")


class PartnerType(models.TextChoices):
    NONE = "", _("—")
    INSTITUTIONAL = "institutional", _("事业合伙")
    PUBLIC_GOOD = "public_good", _("公益合伙")
    SOCIAL_ENTERPRISE = "social_enterprise", _("社企合伙")


class Organisation(models.Model):
    name = models.CharField(_("单位名称"), max_length=120, unique=True)
    short_name = models.CharField(_("简称"), max_length=40, blank=True)
    kind = models.CharField(_("单位类别"), max_length=32, choices=OrganisationKind.choices)
    partner_type = models.CharField(_("合伙人类型"), max_length=32, choices=PartnerType.choices, blank=True)
    home = models.ForeignKey(RegionNode, on_delete=models.PROTECT, related_name="organisations",
                             verbose_name=_("所在区划"))
    supervising_department = models.ForeignKey(Department, on_delete=models.PROTECT, null=True, blank=True,
                                               related_name="supervised_units", verbose_name=_("主管部门"))
    address = models.CharField(_("地址"), max_length=200, blank=True)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    description = models.TextField(_("简介"), blank=True, max_length=limits.DESCRIPTION)
    search_key = models.CharField(max_length=500, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("驻区单位")
        verbose_name_plural = _("驻区单位")
        ordering = ["home__path", "name"]
        indexes = [models.Index(fields=["kind"], name="organisation_kind")]

    def __str__(self) -> str:
        return self.name

    def chronicle_region_path(self) -> str:
        return self.home.path


class Contact(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="contacts",
                                     verbose_name=_("单位"))
    name = models.CharField(_("姓名"), max_length=50)
    title = models.CharField(_("职务"), max_length=50, blank=True)
    phone = models.CharField(_("电话"), max_length=32, blank=True)
    is_liaison = models.BooleanField(_("共建联络员"), default=False)

    class Meta:
        verbose_name = _("联系人")
        verbose_name_plural = _("联系人")
        ordering = ["organisation", "-is_liaison", "name"]

    def __str__(self) -> str:
        return f"{self.name}（{self.organisation}）"
