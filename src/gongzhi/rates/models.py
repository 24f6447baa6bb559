"""三率考评: the weights of the composite score per region node, and the review of unsatisfied ratings
(不满意评价复核). The rates themselves are never stored: they are queries over recorded facts (cases,
whistles, ratings, reviews) — see docs/rates.md and `gongzhi.rates.selectors`."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _

from gongzhi.cases.models import Case
from gongzhi.core import limits
from gongzhi.regions.models import RegionNode

DEFAULT_WEIGHTS = (30, 35, 35)  # response, resolution, satisfaction (per cent)


class RateWeights(models.Model):
    """The weights of the composite score for a region node's subtree. The nearest ancestor (or the node
    itself) with weights wins; without any, 30% response, 35% resolution, 35% satisfaction."""

    region = models.OneToOneField(RegionNode, on_delete=models.PROTECT, related_name="rate_weights",
                                  verbose_name=_("适用区划"))
    response = models.PositiveSmallIntegerField(_("响应率权重（%）"))
    resolution = models.PositiveSmallIntegerField(_("解决率权重（%）"))
    satisfaction = models.PositiveSmallIntegerField(_("满意率权重（%）"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("设置人"))
    updated_at = models.DateTimeField(_("设置时间"))

    class Meta:
        verbose_name = _("综合得分权重")
        verbose_name_plural = _("综合得分权重")
        ordering = ["region__path"]
        constraints = [
            models.CheckConstraint(condition=Q(response__lte=100, resolution__lte=100, satisfaction__lte=100),
                                   name="rate_weights_each_at_most_100"),
            models.CheckConstraint(condition=Exact(F("response") + F("resolution") + F("satisfaction"), 100),
                                   name="rate_weights_sum_100"),
        ]

    def __str__(self) -> str:
        return f"{self.region.name} {self.response}/{self.resolution}/{self.satisfaction}"

    def chronicle_region_path(self) -> str:
        return self.region.path

    @property
    def triple(self) -> tuple[int, int, int]:
        return (self.response, self.resolution, self.satisfaction)


class ReviewStatus(models.TextChoices):
    PENDING = "pending", _("待复核")
    EXCLUDED = "excluded", _("已剔除")
    KEPT = "kept", _("维持评价")


class ExclusionGround(models.TextChoices):
    """Why an unsatisfied rating leaves the satisfaction rate (the two grounds the issue names)."""

    UNREASONABLE = "unreasonable", _("诉求不合理")
    DUTY_DONE = "duty_done", _("承办单位已履职尽责")


class RatingReview(models.Model):
    """An unsatisfied rating sent for review by the community (or the street), decided by street or district
    staff: excluded from the satisfaction rate on a recorded ground, or kept. One open review per case, and
    a rating is excluded at most once (database constraints)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="rating_reviews",
                             verbose_name=_("案件"))
    status = models.CharField(_("状态"), max_length=16, choices=ReviewStatus.choices, default=ReviewStatus.PENDING)
    reason = models.TextField(_("申请复核理由"), max_length=limits.NOTE)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("申请人"))
    requested_at = models.DateTimeField(_("申请时间"))
    ground = models.CharField(_("剔除依据"), max_length=16, choices=ExclusionGround.choices, blank=True)
    decision_note = models.TextField(_("复核意见"), blank=True, max_length=limits.NOTE)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("复核人"))
    decided_at = models.DateTimeField(_("复核时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("不满意评价复核")
        verbose_name_plural = _("不满意评价复核")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["case"], condition=Q(status="pending"),
                                    name="rating_review_one_open_per_case"),
            models.UniqueConstraint(fields=["case"], condition=Q(status="excluded"),
                                    name="rating_review_excluded_once"),
            models.CheckConstraint(
                condition=(Q(status="pending", decided_at__isnull=True, decided_by__isnull=True, ground="")
                           | Q(status="kept", decided_at__isnull=False, decided_by__isnull=False, ground="")
                           | (Q(status="excluded", decided_at__isnull=False, decided_by__isnull=False)
                              & ~Q(ground="") & ~Q(decision_note=""))),
                name="rating_review_decision_shape"),
            models.CheckConstraint(condition=~Q(reason=""), name="rating_review_reason_required"),
        ]

    def __str__(self) -> str:
        return f"{self.case.number} · {self.get_status_display()}"

    def chronicle_region_path(self) -> str:
        return self.case.community.path
