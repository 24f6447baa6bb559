"""The contract lifecycle 商约 · 签约 · 履约: negotiation meetings, contracts (《城市基层党建共建契约书》) between
a community party organisation and unit party organisations, their commitments (承诺事项, service projects)
with milestones and targets, fulfilment records with evidence, reminders, and the public board's frozen
publications (年初公示 and quarterly progress reports)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongzhi.core import limits
from gongzhi.lists.models import Need, Resource
from gongzhi.organisations.models import Organisation
from gongzhi.party.models import PartyOrganisation
from gongzhi.regions.models import RegionNode


class MeetingStatus(models.TextChoices):
    CONVENED = "convened", _("已召集")
    HELD = "held", _("已召开")


class Meeting(models.Model):
    """商谈会: the street party working committee convenes the community and units to agree the content."""

    street = models.ForeignKey(RegionNode, on_delete=models.PROTECT, related_name="+", verbose_name=_("街道"))
    community = models.ForeignKey(RegionNode, on_delete=models.PROTECT, related_name="meetings",
                                  verbose_name=_("社区"))
    title = models.CharField(_("会议名称"), max_length=120)
    starts_at = models.DateTimeField(_("时间"))
    place = models.CharField(_("地点"), max_length=120)
    units = models.ManyToManyField(Organisation, related_name="meetings", verbose_name=_("参会单位"))
    attendees = models.TextField(_("参会人员"), blank=True, help_text=_("社区与单位参会人员，每行一人"), max_length=limits.NOTE)
    needs = models.ManyToManyField(Need, related_name="meetings", blank=True, verbose_name=_("议题：需求"))
    resources = models.ManyToManyField(Resource, related_name="meetings", blank=True, verbose_name=_("议题：资源"))
    agenda = models.TextField(_("议程"), blank=True, max_length=limits.DESCRIPTION)
    notes = models.TextField(_("讨论纪要"), blank=True, max_length=limits.MINUTES)
    status = models.CharField(_("状态"), max_length=16, choices=MeetingStatus.choices, default=MeetingStatus.CONVENED)
    convened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("商谈会")
        verbose_name_plural = _("商谈会")
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return self.title

    def chronicle_region_path(self) -> str:
        return self.community.path


class ContractStatus(models.TextChoices):
    DRAFT = "draft", _("草案")
    SIGNED = "signed", _("已签订")
    SUPERSEDED = "superseded", _("已由新版本替代")


class Area(models.TextChoices):
    PARTY_EDUCATION = "party_education", _("党员发展教育")
    STANDARDISATION = "standardisation", _("党组织规范化建设")
    GOVERNANCE = "governance", _("基层治理服务")


class Contract(models.Model):
    """One contract binds the community party organisation and one or more unit party organisations for a term.
    Signing freezes it: a change is a new version (`previous` points to the version it amends)."""

    number = models.CharField(_("契约编号"), max_length=40, unique=True)
    title = models.CharField(_("名称"), max_length=120)
    community = models.ForeignKey(RegionNode, on_delete=models.PROTECT, related_name="contracts",
                                  verbose_name=_("社区"))
    community_party = models.ForeignKey(PartyOrganisation, on_delete=models.PROTECT, related_name="contracts",
                                        verbose_name=_("社区党组织"))
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="contracts",
                                verbose_name=_("商谈会"))
    year = models.PositiveSmallIntegerField(_("年度"))
    term_start = models.DateField(_("起始日期"))
    term_end = models.DateField(_("截止日期"))
    status = models.CharField(_("状态"), max_length=16, choices=ContractStatus.choices, default=ContractStatus.DRAFT)
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    previous = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="next_version", verbose_name=_("上一版本"))
    amendment_reason = models.CharField(_("修订原因"), max_length=300, blank=True)
    signed_at = models.DateTimeField(_("签订时间"), null=True, blank=True)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+")
    document = models.FileField(_("契约书"), upload_to="contracts/", blank=True)
    document_sha256 = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("共建契约")
        verbose_name_plural = _("共建契约")
        ordering = ["-year", "number"]
        constraints = [
            models.CheckConstraint(name="contract_term_in_order", condition=Q(term_end__gte=models.F("term_start"))),
            models.CheckConstraint(name="signed_contract_has_document",
                                   condition=~Q(status="signed") | ~Q(document_sha256="")),
        ]

    def __str__(self) -> str:
        return f"{self.title}（第{self.version}版）" if self.version > 1 else self.title

    def chronicle_region_path(self) -> str:
        return self.community.path


class Party(models.Model):
    """A unit party organisation bound by the contract, with who agreed for it at the negotiation meeting."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="parties")
    party_organisation = models.ForeignKey(PartyOrganisation, on_delete=models.PROTECT, related_name="+",
                                           verbose_name=_("单位党组织"))
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="contract_parties",
                                     verbose_name=_("单位"))
    representative = models.CharField(_("签约代表"), max_length=50, blank=True)
    agreed_at = models.DateTimeField(_("商定时间"), null=True, blank=True)
    liaison_officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="+", verbose_name=_("城区联络员"),
                                        help_text=_("城区党委组织部为该单位选派的契约化共建联络员"))

    class Meta:
        verbose_name = _("签约单位")
        verbose_name_plural = _("签约单位")
        constraints = [models.UniqueConstraint(fields=["contract", "organisation"], name="contract_party_unique")]

    def __str__(self) -> str:
        return str(self.organisation)


class Commitment(models.Model):
    """承诺事项: a service project with content, beneficiaries, duties and rights, liaisons, steps, deadline and
    assessment targets; undertaken by one unit or several."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="commitments")
    area = models.CharField(_("共建领域"), max_length=32, choices=Area.choices)
    title = models.CharField(_("项目名称"), max_length=120)
    content = models.TextField(_("服务内容"), max_length=limits.DESCRIPTION)
    beneficiaries = models.JSONField(_("受益人群"), default=list, blank=True)
    unit_duties = models.TextField(_("单位职责"), blank=True, max_length=limits.NOTE)
    community_duties = models.TextField(_("社区职责"), blank=True, max_length=limits.NOTE)
    rights = models.TextField(_("权利"), blank=True, max_length=limits.NOTE)
    unit_liaison = models.CharField(_("单位联络人"), max_length=50, blank=True)
    community_liaison = models.CharField(_("社区联络人"), max_length=50, blank=True)
    deadline = models.DateField(_("完成时限"))
    target_services = models.PositiveIntegerField(_("目标服务次数"), default=0)
    target_person_times = models.PositiveIntegerField(_("目标服务人次"), default=0)
    target_note = models.CharField(_("考核指标"), max_length=200, blank=True,
                                   help_text=_("如：每年走访55户困难群众不少于2次"))
    undertakers = models.ManyToManyField(Organisation, related_name="commitments", verbose_name=_("承办单位"))
    needs = models.ManyToManyField(Need, related_name="commitments", blank=True, verbose_name=_("回应需求"))
    resources = models.ManyToManyField(Resource, related_name="commitments", blank=True, verbose_name=_("使用资源"))
    order = models.PositiveSmallIntegerField(default=0)
    previous = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                 help_text="the same commitment in the version this contract amends")

    class Meta:
        verbose_name = _("承诺事项")
        verbose_name_plural = _("承诺事项")
        ordering = ["contract", "order", "pk"]
        constraints = [
            models.CheckConstraint(name="commitment_targets_bounded",
                                   condition=Q(target_services__lte=limits.TARGET_SERVICES.high,
                                               target_person_times__lte=limits.TARGET_PERSON_TIMES.high)),
        ]

    def __str__(self) -> str:
        return self.title

    def chronicle_region_path(self) -> str:
        return self.contract.community.path

    @property
    def beneficiary_labels(self) -> list[str]:
        from gongzhi.lists.models import Beneficiary

        names = dict(Beneficiary.choices)
        return [str(names.get(code, code)) for code in self.beneficiaries]


class Milestone(models.Model):
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("实施步骤"), max_length=120)
    due_on = models.DateField(_("计划完成"))
    done_on = models.DateField(_("实际完成"), null=True, blank=True)

    class Meta:
        verbose_name = _("实施步骤")
        verbose_name_plural = _("实施步骤")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title


class Fulfilment(models.Model):
    """履约记录: one service delivered under a commitment."""

    commitment = models.ForeignKey(Commitment, on_delete=models.PROTECT, related_name="fulfilments")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="fulfilments", verbose_name=_("承办单位"))
    date = models.DateField(_("服务日期"))
    content = models.TextField(_("服务内容"), max_length=limits.NOTE)
    person_times = models.PositiveIntegerField(_("服务人次"))
    volunteer_hours = models.DecimalField(_("志愿服务时长（小时）"), max_digits=8, decimal_places=1, default=0)
    unusual_reason = models.CharField(_("数字超出常见范围的原因"), max_length=limits.UNUSUAL_REASON_LENGTH, blank=True,
                                      help_text=_("人次或时长远超常见范围时，登记人确认无误并说明的原因"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("履约记录")
        verbose_name_plural = _("履约记录")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["date"], name="fulfilment_date")]
        constraints = [  # the hard bounds of core.limits; the service says so in words before the database has to
            models.CheckConstraint(name="fulfilment_person_times_bounded",
                                   condition=Q(person_times__lte=limits.PERSON_TIMES.high)),
            models.CheckConstraint(name="fulfilment_hours_bounded",
                                   condition=Q(volunteer_hours__gte=limits.VOLUNTEER_HOURS.low,
                                               volunteer_hours__lte=limits.VOLUNTEER_HOURS.high)),
            models.CheckConstraint(name="fulfilment_hours_per_person_time",
                                   condition=Q(volunteer_hours__lte=limits.HOURS_PER_PERSON_TIME.high)
                                   | Q(volunteer_hours__lte=models.F("person_times") * limits.HOURS_PER_PERSON_TIME.high)),
            models.CheckConstraint(name="fulfilment_not_before_platform", condition=Q(date__gte=limits.PLATFORM_START)),
        ]

    def __str__(self) -> str:
        return f"{self.commitment} {self.date}"

    def chronicle_region_path(self) -> str:
        return self.commitment.contract.community.path


class Evidence(models.Model):
    fulfilment = models.ForeignKey(Fulfilment, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to="evidence/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=80)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("履约佐证")
        verbose_name_plural = _("履约佐证")

    def __str__(self) -> str:
        return self.original_name


class ReminderKind(models.TextChoices):
    APPROACHING = "approaching", _("即将到期")
    OVERDUE = "overdue", _("已逾期")


class Reminder(models.Model):
    """One reminder per commitment and kind: the sweep may run any number of times, a reminder is sent once."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=16, choices=ReminderKind.choices)
    created_at = models.DateTimeField()
    recipients = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="contract_reminders")
    message = models.CharField(max_length=300)

    class Meta:
        verbose_name = _("履约提醒")
        verbose_name_plural = _("履约提醒")
        constraints = [models.UniqueConstraint(fields=["commitment", "kind"], name="reminder_once")]

    def __str__(self) -> str:
        return self.message


class Publication(models.Model):
    """A frozen page of the public board: period 0 is the start-of-year publication (契约、资源清单、需求清单),
    1–4 the quarterly progress reports. Its snapshot never changes after publication."""

    community = models.ForeignKey(RegionNode, on_delete=models.PROTECT, related_name="publications")
    year = models.PositiveSmallIntegerField(_("年度"))
    period = models.PositiveSmallIntegerField(_("期次"), help_text=_("0 为年初公示，1–4 为季度"))
    title = models.CharField(_("标题"), max_length=120)
    snapshot = models.JSONField()
    sha256 = models.CharField(max_length=64)  # of the canonical snapshot
    document = models.FileField(upload_to="board/", blank=True)
    # of the PDF's bytes, checked on every download (core.frozen); blank only for a publication made before it was
    # recorded whose file was gone when the migration backfilled it — such a file is withheld, never trusted
    document_sha256 = models.CharField(max_length=64, blank=True, default="")
    published_at = models.DateTimeField(_("公布时间"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("公开栏公示")
        verbose_name_plural = _("公开栏公示")
        ordering = ["-year", "-period"]
        constraints = [
            models.UniqueConstraint(fields=["community", "year", "period"], name="publication_once"),
            models.CheckConstraint(name="publication_period_range", condition=Q(period__lte=4)),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError("a published board page never changes")
        super().save(*args, **kwargs)

    def chronicle_region_path(self) -> str:
        return self.community.path
