"""Annual reports on the workbench (list, request, the report as a page, PDF, publish, rebuild) and the published
PDF on the public board."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongzhi.core.forms import add_service_errors
from gongzhi.core.frozen import checked_file_response
from gongzhi.core.views import workbench_required
from gongzhi.reports import services
from gongzhi.reports.documents import charts
from gongzhi.reports.forms import RequestForm
from gongzhi.reports.models import AnnualReport, ReportStatus
from gongzhi.reports.permissions import (
    get_report_for_user,
    may_publish,
    may_use_reports,
    nodes_for,
    reports_visible_to,
)


@workbench_required
def report_list(request):
    if not may_use_reports(request.user):
        raise Http404
    form = RequestForm(request.POST or None, nodes=nodes_for(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            report = services.request_report(actor=request.user, **form.cleaned_data)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("已开始生成年度报告，稍候刷新即可查看"))
            return redirect("reports:detail", report.pk)
    reports = reports_visible_to(request.user).select_related("node").order_by("-year", "node__path")[:100]
    return render(request, "reports/list.html", {"form": form, "reports": reports})


@workbench_required
def detail(request, pk):
    report = get_report_for_user(request.user, pk)
    context = {"report": report, "s": report.snapshot, "may_publish": may_publish(request.user, report)}
    if report.snapshot:
        context.update(charts(report.snapshot))
    return render(request, "reports/detail.html", context)


@workbench_required
def pdf(request, pk):
    report = get_report_for_user(request.user, pk)
    if not report.pdf:
        raise Http404
    return _report_pdf(request, report)


@workbench_required
@require_POST
def publish(request, pk):
    report = get_report_for_user(request.user, pk)
    try:
        services.publish_report(actor=request.user, report=report)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, _("年度报告已发布到公开栏"))
    return redirect("reports:detail", report.pk)


@workbench_required
@require_POST
def rebuild(request, pk):
    report = get_report_for_user(request.user, pk)
    try:
        services.request_report(actor=request.user, node=report.node, year=report.year)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, _("已开始重新生成年度报告"))
    return redirect("reports:detail", report.pk)


def public_pdf(request, pk):
    report = get_object_or_404(AnnualReport.objects.select_related("node"), pk=pk, status=ReportStatus.PUBLISHED)
    return _report_pdf(request, report)


def _report_pdf(request, report: AnnualReport):
    """The stored PDF, served only while it still hashes to the sha256 recorded when it was built (core.frozen)."""
    return checked_file_response(request, report.pdf, report.sha256, kind="annual_report", document_id=report.pk,
                                 content_type="application/pdf", filename=f"{report.node.name}{report.year}年度报告.pdf")
