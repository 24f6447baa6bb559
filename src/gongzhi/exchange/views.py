"""The import and export page of the staff workbench. Views parse the request, call one service or
selector, and render; a kind the user may not use answers 404."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from gongzhi.core.views import workbench_required
from gongzhi.exchange.formats import FORMATS, KINDS, XLSX_CONTENT_TYPE, RowError
from gongzhi.exchange.forms import ImportForm
from gongzhi.exchange.permissions import may_export, may_import
from gongzhi.exchange.selectors import Download, export_workbook, template_download
from gongzhi.exchange.services import import_workbook


def _sections(user, *, failed: str = "", errors=(), filename: str = "") -> list[dict]:
    sections = []
    for kind in KINDS:
        importable, exportable = may_import(user, kind), may_export(user, kind)
        if importable or exportable:
            sections.append({
                "kind": kind, "format": FORMATS[kind], "may_import": importable, "may_export": exportable,
                "form": ImportForm(auto_id=f"id_{kind}_%s"),
                "errors": errors if kind == failed else (), "filename": filename if kind == failed else "",
            })
    return sections


def _attachment(download: Download) -> HttpResponse:
    response = HttpResponse(download.content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (f'attachment; filename="{download.ascii_filename}"; '
                                       f"filename*=UTF-8''{quote(download.filename)}")
    response["Cache-Control"] = "private, no-store"  # exports hold personal data
    return response


def _kind_or_404(kind: str, allowed) -> str:
    if kind not in FORMATS or not allowed(kind):
        raise Http404
    return kind


@login_required
@workbench_required
@require_GET
def index(request):
    return render(request, "exchange/index.html", {"sections": _sections(request.user)})


@login_required
@require_GET
def template(request, kind: str):
    kind = _kind_or_404(kind, lambda k: may_import(request.user, k))
    return _attachment(template_download(user=request.user, kind=kind))


@login_required
@require_GET
def export(request, kind: str):
    kind = _kind_or_404(kind, lambda k: may_export(request.user, k))
    return _attachment(export_workbook(user=request.user, kind=kind))


@login_required
@require_POST
def import_file(request, kind: str):
    kind = _kind_or_404(kind, lambda k: may_import(request.user, k))
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        errors = tuple(RowError(None, "", message) for message in form.errors["file"])
        return render(request, "exchange/index.html", {"sections": _sections(request.user, failed=kind, errors=errors)})
    upload = form.cleaned_data["file"]
    result = import_workbook(actor=request.user, kind=kind, file=upload, filename=upload.name)
    if not result.ok:
        return render(request, "exchange/index.html", {
            "sections": _sections(request.user, failed=kind, errors=result.errors, filename=upload.name),
        })
    messages.success(request, _("导入成功：已导入 %(count)s 条%(kind)s记录") % {"count": result.created,
                                                                        "kind": FORMATS[kind].label})
    return redirect("exchange:index")
