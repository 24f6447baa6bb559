"""Annual reports: requested by staff for a node in their scope and a year, built in the background (the snapshot
of figures, then the PDF with its SHA-256), rebuilt on request until published; published by the staff of the node's
own level, after which it is frozen and shown on the boards below. Every step is chronicled."""

from __future__ import annotations

import hashlib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from gongzhi.chronicle.services import record
from gongzhi.core import clock
from gongzhi.core.checks import require
from gongzhi.core.privacy import scrub
from gongzhi.reports.models import AnnualReport, ReportStatus
from gongzhi.reports.permissions import may_publish, nodes_for


@transaction.atomic
def request_report(*, actor, node, year: int) -> AnnualReport:
    require(actor is not None and nodes_for(actor).filter(pk=node.pk).exists())
    this_year = clock.today().year
    if not (2000 <= year <= this_year):
        raise ValidationError({"year": _("年度须在 2000 年至 %(y)s 年之间") % {"y": this_year}})
    report = AnnualReport.objects.select_for_update().filter(node=node, year=year).first()
    if report is not None and report.status == ReportStatus.PUBLISHED:
        raise ValidationError(_("%(node)s %(year)s 年度报告已发布，不能重新生成") % {"node": node.name, "year": year})
    now = clock.now()
    if report is None:
        report = AnnualReport.objects.create(node=node, year=year, requested_by=actor, requested_at=now)
    else:
        report.status, report.requested_by, report.requested_at, report.error = ReportStatus.PENDING, actor, now, ""
        report.save(update_fields=["status", "requested_by", "requested_at", "error"])
    record(report, "annual_report.requested", actor, {"node": node.pk, "year": year})
    transaction.on_commit(lambda: _enqueue(report.pk))
    return report


def _enqueue(pk: int) -> None:
    from gongzhi.reports.tasks import build_annual_report

    build_annual_report.enqueue(pk)


def build_report(*, report_id: int) -> AnnualReport:
    """Compute the snapshot and render the PDF (outside any lock: it takes seconds), then store both at once unless
    the report was published meanwhile."""
    from gongzhi.reports.documents import report_pdf
    from gongzhi.reports.figures import snapshot

    report = AnnualReport.objects.select_related("node").get(pk=report_id)
    if report.status == ReportStatus.PUBLISHED:
        return report
    try:
        data = snapshot(report.node, report.year)
        pdf = report_pdf(report, data)
    except Exception as error:  # the report says it failed and may be requested again
        AnnualReport.objects.filter(pk=report.pk).exclude(status=ReportStatus.PUBLISHED).update(
            status=ReportStatus.FAILED, error=scrub(f"{type(error).__name__}: {error}")[:300])
        raise
    digest = hashlib.sha256(pdf).hexdigest()
    with transaction.atomic():
        report = AnnualReport.objects.select_for_update().get(pk=report.pk)
        if report.status == ReportStatus.PUBLISHED:
            return report
        report.snapshot, report.sha256, report.built_at = data, digest, clock.now()
        report.status = ReportStatus.READY
        report.pdf.save(f"{report.node.code or report.node.pk}-{report.year}-{digest[:12]}.pdf", ContentFile(pdf),
                        save=False)
        report.save()
        record(report, "annual_report.built", None, {"sha256": digest})
    return report


@transaction.atomic
def publish_report(*, actor, report: AnnualReport) -> AnnualReport:
    require(actor is not None and may_publish(actor, report))
    report = AnnualReport.objects.select_for_update().select_related("node").get(pk=report.pk)
    if report.status != ReportStatus.READY:
        raise ValidationError(_("只有已生成的年度报告可以发布（当前：%(s)s）") % {"s": report.get_status_display()})
    report.status, report.published_by, report.published_at = ReportStatus.PUBLISHED, actor, clock.now()
    AnnualReport.objects.filter(pk=report.pk).update(status=report.status, published_by=actor,
                                                      published_at=report.published_at)
    record(report, "annual_report.published", actor, {"sha256": report.sha256})
    return report
