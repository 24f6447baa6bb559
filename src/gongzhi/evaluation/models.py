"""评约: the district's yearly assessment scheme (weighted indicators, grade thresholds), each unit's
assessment through four ordered stages — unit self-assessment (with the annual report filed to the street and
the supervising department: 双报告) → community review → street overall assessment → district re-check — and
the outcomes: grades, commendations, reminder notices."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongzhi.contracts.models import Commitment
from gongzhi.core import limits
from gongzhi.organisations.models import Organisation
from gongzhi.regions.models import RegionNode


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("优秀")
    GOOD = "good", _("良好")
    PASS = "pass", _("合格")
    POOR = "poor", _("较差")


class Scheme(models.Model):
    """考评方案: set by the district for one year."""

    district = models.ForeignKey(RegionNode, on_delete=models.PROTECT, related_name="schemes",
                                 verbose_name=_("城区"))
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("方案名称"), max_length=120)
    excellent_from = models.DecimalField(_("优秀分数线"), max_digits=5, decimal_places=2, default=90)
    good_from = models.DecimalField(_("良好分数线"), max_digits=5, decimal_places=2, default=80)
    pass_from = models.DecimalField(_("合格分数线"), max_digits=5, decimal_places=2, default=60)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    outcomes_published_at = models.DateTimeField(_("结果公布时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("考评方案")
        verbose_name_plural = _("考评方案")
        constraints = [
            models.UniqueConstraint(fields=["district", "year"], name="one_scheme_per_district_year"),
            models.CheckConstraint(name="grade_thresholds_in_order",
                                   condition=Q(excellent_from__gt=models.F("good_from"),
                                               good_from__gt=models.F("pass_from"), pass_from__gt=0)),
        ]

    def __str__(self) -> str:
        return self.title

    def chronicle_region_path(self) -> str:
        return self.district.path

    def grade_for(self, score) -> str:
        if score >= self.excellent_from:
            return Grade.EXCELLENT
        if score >= self.good_from:
            return Grade.GOOD
        if score >= self.pass_from:
            return Grade.PASS
        return Grade.POOR


class IndicatorSource(models.TextChoices):
    MANUAL = "manual", _("评分")
    FULFILMENT_RATE = "fulfilment_rate", _("履约完成率")
    PERSON_TIMES = "person_times", _("服务人次达成率")
    TIMELINESS = "timeliness", _("按期完成率")


class Indicator(models.Model):
    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("指标"), max_length=60)
    source = models.CharField(_("预填来源"), max_length=32, choices=IndicatorSource.choices,
                              default=IndicatorSource.MANUAL)
    weight = models.DecimalField(_("权重（%）"), max_digits=5, decimal_places=2)
    description = models.CharField(_("评分说明"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("考评指标")
        verbose_name_plural = _("考评指标")
        ordering = ["scheme", "order", "pk"]
        constraints = [models.CheckConstraint(name="indicator_weight_positive", condition=Q(weight__gt=0))]

    def __str__(self) -> str:
        return self.name


class Stage(models.TextChoices):
    """The four stages, in the only order they may happen."""

    SELF = "self", _("单位自评")
    COMMUNITY = "community", _("社区评议")
    STREET = "street", _("街道总评")
    DISTRICT = "district", _("城区复核")


STAGE_ORDER = [Stage.SELF, Stage.COMMUNITY, Stage.STREET, Stage.DISTRICT]


class Assessment(models.Model):
    """One unit's assessment for one year. `stage` is the last stage completed ('' before the self-assessment)."""

    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="assessments")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="assessments",
                                     verbose_name=_("单位"))
    community = models.ForeignKey(RegionNode, on_delete=models.PROTECT, related_name="+", verbose_name=_("社区"))
    stage = models.CharField(_("已完成环节"), max_length=16, choices=Stage.choices, blank=True)
    annual_report = models.FileField(_("年度自评报告"), upload_to="evaluation/reports/", blank=True)
    report_filed_to_street_at = models.DateTimeField(_("报街道党工委备案"), null=True, blank=True)
    report_filed_to_supervisor_at = models.DateTimeField(_("报主管部门备案"), null=True, blank=True)
    final_score = models.DecimalField(_("最终得分"), max_digits=6, decimal_places=2, null=True, blank=True)
    grade = models.CharField(_("等次"), max_length=16, choices=Grade.choices, blank=True)

    class Meta:
        verbose_name = _("单位考评")
        verbose_name_plural = _("单位考评")
        ordering = ["scheme", "community__path", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "organisation"], name="one_assessment_per_unit_year"),
            models.CheckConstraint(name="final_has_grade",
                                   condition=~Q(stage="district") | (Q(final_score__isnull=False) & ~Q(grade=""))),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.scheme.year}"

    def chronicle_region_path(self) -> str:
        return self.community.path


class StageResult(models.Model):
    """One stage of one assessment: who, when, the total, the comment (and for the district, why it adjusted)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="results")
    stage = models.CharField(max_length=16, choices=Stage.choices)
    total = models.DecimalField(max_digits=6, decimal_places=2)
    comment = models.TextField(_("意见"), blank=True, max_length=limits.NOTE)
    adjustment_reason = models.TextField(_("调整理由"), blank=True, max_length=limits.NOTE)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        verbose_name = _("考评环节")
        verbose_name_plural = _("考评环节")
        ordering = ["assessment", "at"]
        constraints = [models.UniqueConstraint(fields=["assessment", "stage"], name="one_result_per_stage")]

    def __str__(self) -> str:
        return f"{self.assessment} {self.get_stage_display()}"


class Score(models.Model):
    result = models.ForeignKey(StageResult, on_delete=models.CASCADE, related_name="scores")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(max_digits=5, decimal_places=2)  # 0–100 for the indicator, weighted in the total

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["result", "indicator"], name="one_score_per_indicator"),
            models.CheckConstraint(name="score_range", condition=Q(score__gte=0, score__lte=100)),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.score}"


class CommendationKind(models.TextChoices):
    ADVANCED_UNIT = "advanced_unit", _("共建工作先进单位")
    ADVANCED_INDIVIDUAL = "advanced_individual", _("先进个人")
    INFLUENTIAL_PROJECT = "influential_project", _("影响力项目")


class Commendation(models.Model):
    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="commendations")
    kind = models.CharField(_("类别"), max_length=32, choices=CommendationKind.choices)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="commendations", verbose_name=_("单位"))
    individual = models.CharField(_("个人"), max_length=50, blank=True)
    commitment = models.ForeignKey(Commitment, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="commendations", verbose_name=_("项目"))
    citation = models.CharField(_("事迹"), max_length=300, blank=True)
    awarded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    awarded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("表彰")
        verbose_name_plural = _("表彰")
        ordering = ["kind", "pk"]
        constraints = [
            models.CheckConstraint(name="commendation_has_its_subject", condition=(
                Q(kind="advanced_unit", organisation__isnull=False)
                | (Q(kind="advanced_individual") & ~Q(individual=""))
                | Q(kind="influential_project", commitment__isnull=False))),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.organisation or self.individual or self.commitment}"


class Notice(models.Model):
    """督促提醒: issued to a unit graded 较差."""

    assessment = models.OneToOneField(Assessment, on_delete=models.CASCADE, related_name="notice")
    text = models.TextField(max_length=limits.NOTE)
    issued_at = models.DateTimeField()
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("督促提醒")
        verbose_name_plural = _("督促提醒")

    def __str__(self) -> str:
        return f"{self.assessment}"
