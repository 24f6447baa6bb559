"""Reading need and resource lists from CSV (UTF-8 with or without BOM, or GB18030 as Chinese Excel
exports it — detected automatically) or .xlsx. Errors name the row (as a spreadsheet shows it: the header
is row 1) and the column."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path

from gongzhi.matching.engine import Need, Resource

NEED_COLUMNS = (("id", "text"), ("category", "community"))
RESOURCE_COLUMNS = (("id", "text"), ("org", "category", "community", "capacity"))


class TableError(ValueError):
    def __init__(self, path: str | Path, message: str, *, row: int | None = None, column: str | None = None):
        self.row, self.column = row, column
        where = []
        if row is not None:
            where.append(f"第 {row} 行")
        if column is not None:
            where.append(f"“{column}”列")
        super().__init__(f"{Path(path).name}：{'，'.join(where)}{'：' if where else ''}{message}")


def decode(data: bytes) -> str:
    """UTF-8 (a BOM is dropped), else GB18030 (a superset of GBK/GB2312, what Chinese Excel writes)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def _csv_rows(path: Path) -> Iterable[list[str]]:
    try:
        text = decode(path.read_bytes())
    except UnicodeDecodeError:
        raise TableError(path, "无法识别文件编码（应为 UTF-8 或 GB18030）") from None
    return csv.reader(io.StringIO(text, newline=""))


def _xlsx_rows(path: Path) -> Iterable[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise TableError(path, f"不是有效的 .xlsx 文件（{exc.__class__.__name__}）") from None
    try:
        sheet = workbook.worksheets[0]
        for values in sheet.iter_rows(values_only=True):
            yield ["" if v is None else (str(int(v)) if isinstance(v, float) and v.is_integer() else str(v))
                   for v in values]
    finally:
        workbook.close()


def read_rows(path: str | Path, required: tuple[str, ...], optional: tuple[str, ...]
              ) -> list[tuple[int, dict[str, str]]]:
    """(spreadsheet row number, {column: stripped value}) for each non-empty data row."""
    path = Path(path)
    if not path.is_file():
        raise TableError(path, "文件不存在")
    rows = _xlsx_rows(path) if path.suffix.lower() in {".xlsx", ".xlsm"} else _csv_rows(path)
    iterator = iter(rows)
    try:
        header = [h.strip().lower() for h in next(iterator)]
    except StopIteration:
        raise TableError(path, "文件为空，缺少表头", row=1) from None
    except csv.Error as exc:
        raise TableError(path, f"CSV 格式错误：{exc}", row=1) from None
    for column in required:
        if column not in header:
            raise TableError(path, "缺少必需的列（表头应包含 " + ",".join(required) + "）", row=1, column=column)
    positions = {c: header.index(c) for c in (*required, *optional) if c in header}
    result = []
    number = 1
    try:
        for cells in iterator:
            number += 1
            if not any(c.strip() for c in cells):
                continue
            result.append((number, {c: (cells[i].strip() if i < len(cells) else "") for c, i in positions.items()}))
    except csv.Error as exc:
        raise TableError(path, f"CSV 格式错误：{exc}", row=number + 1) from None
    return result


def _check_ids(path, rows):
    seen: dict[str, int] = {}
    for number, row in rows:
        if not row["id"]:
            raise TableError(path, "编号不能为空", row=number, column="id")
        if row["id"] in seen:
            raise TableError(path, f"编号“{row['id']}”与第 {seen[row['id']]} 行重复", row=number, column="id")
        seen[row["id"]] = number
        if not row["text"]:
            raise TableError(path, "内容不能为空", row=number, column="text")


def read_needs(path: str | Path) -> list[Need]:
    rows = read_rows(path, *NEED_COLUMNS)
    _check_ids(path, rows)
    return [Need(r["id"], r["text"], r.get("category", ""), r.get("community", "")) for _n, r in rows]


def read_resources(path: str | Path) -> list[Resource]:
    rows = read_rows(path, *RESOURCE_COLUMNS)
    _check_ids(path, rows)
    resources = []
    for number, r in rows:
        capacity = None
        if r.get("capacity"):
            try:
                capacity = int(r["capacity"])
            except ValueError:
                capacity = -1
            if capacity < 0:
                raise TableError(path, f"名额“{r['capacity']}”应为不小于 0 的整数（不限可留空）",
                                 row=number, column="capacity")
        resources.append(Resource(r["id"], r["text"], r.get("org", ""), r.get("category", ""),
                                  r.get("community", ""), capacity))
    return resources
