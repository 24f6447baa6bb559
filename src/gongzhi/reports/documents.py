"""The annual report's PDF, rendered with WeasyPrint from the snapshot (charts drawn as inline SVG on the server)."""

from __future__ import annotations

from django.utils.safestring import mark_safe

from gongzhi.contracts.documents import render_pdf
from gongzhi.reports.figures import bar_svg


def charts(data: dict) -> dict:
    return {"cases_chart": mark_safe(bar_svg(data["monthly_cases"], colour="#b71c1c")),
            "people_chart": mark_safe(bar_svg(data["monthly_person_times"], colour="#c9a227"))}


def report_pdf(report, data: dict) -> bytes:
    return render_pdf("reports/pdf/report.html", {"report": report, "s": data, **charts(data)})
