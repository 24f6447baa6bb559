"""Certificates of service hours (志愿服务时长证明) and honours (表彰: 最美志愿者, 文明家庭, 文明楼院).

A certificate freezes what it states at issue — the holder's name and masked ID number, the issuing community,
the period, the confirmed hours in total and by kind and team, the content of service — and a sha256 hash of that
canonical content. The public verification page compares the number and a prefix of the hash, so a forged or
altered certificate does not verify. A certificate is never edited or deleted; it may be revoked with a reason.

A community certifies the hours recorded in that community (谁记录谁证明, 《志愿服务记录与证明出具办法(试行)》).

An honour selection is one yearly award of one kind by a community or street: nominations (staff, a team, or a
resident from the phone, each with a reason), one committee decision recording every nomination as selected or
not with its reason, the committee members and the date, then publication on the public board."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongzhi.core import limits
from gongzhi.regions.models import RegionNode

NUMBER_PREFIX = "GZ-ZYFW"
HASH_PREFIX = 16  # hex characters of the content hash carried in the verification URL


class Certificate(models.Model):
    number = models.CharField(_("证明编号"), max_length=limits.CODE, unique=True)
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="service_certificates",
                               verbose_name=_("志愿者"))
    community = models.ForeignKey(RegionNode, on_delete=models.PROTECT, related_name="service_certificates",
                                  limit_choices_to={"kind": "community"}, verbose_name=_("出具社区"))
    period_start = models.DateField(_("服务起始日期"))
    period_end = models.DateField(_("服务截止日期"))
    holder_name = models.CharField(_("姓名"), max_length=limits.NAME)
    holder_id_masked = models.CharField(_("身份证号（隐去）"), max_length=limits.CODE, blank=True)
    community_name = models.CharField(_("出具社区名称"), max_length=limits.TITLE)
    hours_total = models.DecimalField(_("服务时长合计（小时）"), max_digits=8, decimal_places=1)
    breakdown = models.JSONField(_("时长构成"), default=dict)  # {"kinds": [...], "teams": [...], "activities": [...]}
    content = models.CharField(_("服务内容"), max_length=limits.NOTE, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("出具人"))
    issued_at = models.DateTimeField(_("出具时间"))
    content_hash = models.CharField(_("内容摘要（SHA-256）"), max_length=64)
    revoked = models.BooleanField(_("已作废"), default=False)
    revoked_reason = models.CharField(_("作废原因"), max_length=limits.SHORT_TEXT, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    revoked_at = models.DateTimeField(_("作废时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("志愿服务时长证明")
        verbose_name_plural = _("志愿服务时长证明")
        ordering = ["-issued_at", "-pk"]
        indexes = [models.Index(fields=["community", "issued_at"])]
        constraints = [
            models.CheckConstraint(name="certificate_period_ordered", condition=Q(period_end__gte=models.F("period_start"))),
            models.CheckConstraint(name="certificate_hours_positive", condition=Q(hours_total__gt=0)),
            models.CheckConstraint(name="certificate_revoked_has_reason",
                                   condition=Q(revoked=False) | ~Q(revoked_reason="")),
        ]

    def __str__(self) -> str:
        return self.number

    def chronicle_region_path(self) -> str:
        return self.community.path

    @property
    def hash_prefix(self) -> str:
        return self.content_hash[:HASH_PREFIX]


class CertificateSequence(models.Model):
    """The last certificate number given in a year (locked while a number is taken, so numbers never repeat)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("待出具")
    ISSUED = "issued", _("已出具")
    DECLINED = "declined", _("未出具")


class CertificateRequest(models.Model):
    """A volunteer asks her community for a certificate from her phone; the community's staff issue it (or say
    why not)."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="certificate_requests",
                               verbose_name=_("志愿者"))
    community = models.ForeignKey(RegionNode, on_delete=models.PROTECT, related_name="certificate_requests",
                                  verbose_name=_("出具社区"))
    period_start = models.DateField(_("服务起始日期"))
    period_end = models.DateField(_("服务截止日期"))
    purpose = models.CharField(_("用途"), max_length=limits.SHORT_TEXT, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=RequestStatus.choices, default=RequestStatus.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("申请时间"))
    certificate = models.OneToOneField(Certificate, on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="request", verbose_name=_("证明"))
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    handled_at = models.DateTimeField(_("办理时间"), null=True, blank=True)
    reason = models.CharField(_("说明"), max_length=limits.SHORT_TEXT, blank=True)

    class Meta:
        verbose_name = _("证明申请")
        verbose_name_plural = _("证明申请")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(name="certificate_request_period_ordered",
                                   condition=Q(period_end__gte=models.F("period_start"))),
        ]

    def __str__(self) -> str:
        return f"{self.community} · {self.period_start}—{self.period_end}"

    def chronicle_region_path(self) -> str:
        return self.community.path


# --- honours -----------------------------------------------------------------------------------------------------

class HonourKind(models.TextChoices):
    VOLUNTEER = "volunteer", _("最美志愿者")
    FAMILY = "family", _("文明家庭")
    BUILDING = "building", _("文明楼院")


class SelectionStatus(models.TextChoices):
    NOMINATING = "nominating", _("推荐中")
    DECIDED = "decided", _("已评定")
    PUBLISHED = "published", _("已公布")


class HonourSelection(models.Model):
    node = models.ForeignKey(RegionNode, on_delete=models.PROTECT, related_name="honour_selections",
                             verbose_name=_("评选单位（社区或街道）"))
    year = models.PositiveSmallIntegerField(_("年度"))
    kind = models.CharField(_("类别"), max_length=16, choices=HonourKind.choices)
    status = models.CharField(_("状态"), max_length=16, choices=SelectionStatus.choices,
                              default=SelectionStatus.NOMINATING)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(_("发起时间"))
    committee = models.CharField(_("评审委员会成员"), max_length=limits.SHORT_TEXT, blank=True)
    decided_on = models.DateField(_("评定日期"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    published_at = models.DateTimeField(_("公布时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("表彰评选")
        verbose_name_plural = _("表彰评选")
        ordering = ["-year", "node__path", "kind"]
        constraints = [models.UniqueConstraint(fields=["node", "year", "kind"], name="honour_selection_once_a_year")]

    def __str__(self) -> str:
        return f"{self.node.name} {self.year}年度{self.get_kind_display()}"

    def chronicle_region_path(self) -> str:
        return self.node.path


class NominatedAs(models.TextChoices):
    STAFF = "staff", _("社区推荐")
    TEAM = "team", _("队伍推荐")
    RESIDENT = "resident", _("居民推荐")


class NominationStatus(models.TextChoices):
    PENDING = "pending", _("待评定")
    SELECTED = "selected", _("当选")
    NOT_SELECTED = "not_selected", _("未当选")


class Nomination(models.Model):
    selection = models.ForeignKey(HonourSelection, on_delete=models.PROTECT, related_name="nominations",
                                  verbose_name=_("评选"))
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="honour_nominations", verbose_name=_("被推荐人"))
    building = models.ForeignKey(RegionNode, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="honour_nominations", verbose_name=_("楼院"))
    nominee_name = models.CharField(_("被推荐人姓名"), max_length=limits.NAME, blank=True)
    reason = models.CharField(_("推荐理由"), max_length=limits.SHORT_TEXT)
    nominated_as = models.CharField(_("推荐方式"), max_length=16, choices=NominatedAs.choices)
    team = models.ForeignKey("people.VolunteerTeam", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+", verbose_name=_("推荐队伍"))
    nominated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    nominated_at = models.DateTimeField(_("推荐时间"))
    status = models.CharField(_("评定结果"), max_length=16, choices=NominationStatus.choices,
                              default=NominationStatus.PENDING)
    decision_reason = models.CharField(_("评定理由"), max_length=limits.SHORT_TEXT, blank=True)

    class Meta:
        verbose_name = _("表彰推荐")
        verbose_name_plural = _("表彰推荐")
        ordering = ["selection", "nominated_at", "pk"]
        constraints = [
            models.CheckConstraint(name="nomination_names_someone",
                                   condition=Q(person__isnull=False) | Q(building__isnull=False) | ~Q(nominee_name="")),
            models.UniqueConstraint(fields=["selection", "person"], condition=Q(person__isnull=False),
                                    name="nomination_person_once"),
            models.UniqueConstraint(fields=["selection", "building"], condition=Q(building__isnull=False),
                                    name="nomination_building_once"),
        ]

    def __str__(self) -> str:
        return f"{self.selection} · {self.pk}"

    def chronicle_region_path(self) -> str:
        return self.selection.node.path
