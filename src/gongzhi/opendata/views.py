"""`/open-data/`: the datasets with their dictionaries, row counts, licence and build time; each as CSV or JSON;
a zip of all. Public, no login, nothing that is not already on the public boards."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from gongzhi.opendata import build
from gongzhi.opendata.datasets import DATASETS, LICENCE


@require_GET
def index(request):
    data = build.bundle()
    rows = [{"dataset": d, "count": len(data["rows"][d.key]), "dictionary": build.dictionary(d)} for d in DATASETS]
    return render(request, "opendata/index.html", {"datasets": rows, "built_at": data["built_at"][:19].replace("T", " "),
                                                   "licence": LICENCE})


@require_GET
def download(request, key: str, fmt: str):
    dataset = build.dataset_or_none(key)
    if dataset is None:
        raise Http404
    data = build.bundle()
    rows = data["rows"][key]
    if fmt == "csv":
        response = HttpResponse(build.as_csv(dataset, rows), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(build.as_json(dataset, rows, data["built_at"]),
                                content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="gongzhi-{key}.{fmt}"'
    return response


@require_GET
def archive(request):
    response = HttpResponse(build.as_zip(build.bundle()), content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="gongzhi-open-data.zip"'
    return response
