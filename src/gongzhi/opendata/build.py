"""Building the open data: every dataset's rows at one moment, kept as one cached bundle (rebuilt on the first request
after any change recorded in the chronicle, or after five minutes), and its files — CSV in UTF-8 with a BOM so that
Excel opens the Chinese correctly, JSON with the data dictionary, and a zip of all."""

from __future__ import annotations

import csv
import io
import json
import zipfile

from django.utils import timezone, translation

from gongzhi.chronicle.versions import cached
from gongzhi.opendata.datasets import BY_KEY, DATASETS, LICENCE, Dataset

BOM = "\ufeff"


def bundle() -> dict:
    """{"built_at": iso time, "rows": {key: [row, …]}} — the same moment for every dataset."""

    def build() -> str:
        with translation.override("zh-hans"):
            rows = {d.key: list(d.rows()) for d in DATASETS}
        return json.dumps({"built_at": timezone.localtime().isoformat(timespec="seconds"), "rows": rows},
                          ensure_ascii=False)

    return json.loads(cached("opendata", "", build))


def dictionary(dataset: Dataset) -> list[dict]:
    return [{"column": c.name, "meaning": str(c.label), "unit": str(c.unit), "definition": str(c.definition)}
            for c in dataset.columns]


def as_csv(dataset: Dataset, rows: list[dict]) -> str:
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([str(c.label) for c in dataset.columns])
    for row in rows:
        writer.writerow([row.get(c.name, "") for c in dataset.columns])
    return out.getvalue()


def dictionary_csv(dataset: Dataset) -> str:
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["字段", "含义", "单位", "定义"])
    for d in dictionary(dataset):
        writer.writerow([d["column"], d["meaning"], d["unit"], d["definition"]])
    return out.getvalue()


def as_json(dataset: Dataset, rows: list[dict], built_at: str) -> str:
    return json.dumps({"dataset": dataset.key, "title": str(dataset.title), "description": str(dataset.description),
                       "licence": str(LICENCE), "built_at": built_at, "dictionary": dictionary(dataset),
                       "rows": rows}, ensure_ascii=False, indent=1)


def as_zip(data: dict) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for d in DATASETS:
            rows = data["rows"][d.key]
            z.writestr(f"{d.key}.csv", as_csv(d, rows).encode("utf-8"))
            z.writestr(f"{d.key}.json", as_json(d, rows, data["built_at"]).encode("utf-8"))
            z.writestr(f"{d.key}.dictionary.csv", dictionary_csv(d).encode("utf-8"))
        readme = [f"共治平台开放数据  生成时间 {data['built_at']}", str(LICENCE), ""]
        readme += [f"{d.key}: {d.title}（{len(data['rows'][d.key])} 行）— {d.description}" for d in DATASETS]
        z.writestr("README.txt", ("\r\n".join(readme) + "\r\n").encode("utf-8"))
    return out.getvalue()


def dataset_or_none(key: str) -> Dataset | None:
    return BY_KEY.get(key)
