"""年度报告: one report per region node and year, in the style of a government work report — headline figures with
last year's, monthly charts, the contracts with their fulfilment, evaluation outcomes and commendations, the three
rates, highlights — made only of aggregates and public wording (no personal data). The figures are kept as a JSON
snapshot; the PDF is rendered from it in the background and stored with its SHA-256. Until it is published it may be
rebuilt; a published report is frozen (the model refuses changes) and shown on the boards of the communities below."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongzhi.regions.models import RegionNode


class ReportStatus(models.TextChoices):
    PENDING = "pending", _("生成中")
    READY = "ready", _("已生成")
    FAILED = "failed", _("生成失败")
    PUBLISHED = "published", _("已发布")


class AnnualReport(models.Model):
    node = models.ForeignKey(RegionNode, on_delete=models.PROTECT, related_name="annual_reports",
                             verbose_name=_("地区"))
    year = models.PositiveSmallIntegerField(_("年度"))
    status = models.CharField(_("状态"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.PENDING)
    snapshot = models.JSONField(default=dict, blank=True)
    pdf = models.FileField(upload_to="reports/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    error = models.CharField(max_length=300, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    built_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("年度报告")
        verbose_name_plural = _("年度报告")
        constraints = [
            models.UniqueConstraint(fields=["node", "year"], name="annual_report_once_per_node_year"),
            models.CheckConstraint(condition=Q(year__gte=2000) & Q(year__lte=2100), name="annual_report_year_range"),
            models.CheckConstraint(condition=~Q(status="published") | (Q(published_at__isnull=False) & ~Q(sha256="")),
                                   name="annual_report_published_is_built"),
        ]

    def __str__(self) -> str:
        return f"{self.node.name} {self.year}"

    def save(self, *args, **kwargs):
        if self.pk and type(self).objects.filter(pk=self.pk, status=ReportStatus.PUBLISHED).exists():
            raise ValidationError(_("已发布的年度报告不能修改"))
        super().save(*args, **kwargs)

    def chronicle_region_path(self) -> str:
        return self.node.path


class FiguresSnapshot(models.Model):
    """Every registered figure of one region node for one year, as it stood when the nightly `figures_snapshot` job
    ran (one row per node, year and day). Pages that would be slow to compute live at district scale (the
    dashboards) read the latest row and say when it was taken; the live figures report stays the source of truth."""

    node = models.ForeignKey(RegionNode, on_delete=models.CASCADE, related_name="figure_snapshots")
    year = models.PositiveSmallIntegerField()
    day = models.DateField()
    taken_at = models.DateTimeField()
    values = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("数据快照")
        verbose_name_plural = _("数据快照")
        constraints = [models.UniqueConstraint(fields=["node", "year", "day"], name="figures_snapshot_once_a_day")]
        indexes = [models.Index(fields=["node", "year", "-day"], name="figures_snapshot_latest")]

    def __str__(self) -> str:
        return f"{self.node_id} {self.year} {self.day}"
