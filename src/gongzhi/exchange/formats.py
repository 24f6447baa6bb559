"""The xlsx file formats of the three exchangeable kinds, and reading and writing workbooks.

One list of columns per kind serves the import, the export and the downloadable template, so an export
can be imported again. Column names and enumeration labels are the file format: they stay Chinese
whatever the interface language. Reading turns a workbook into rows of stripped text cells numbered as
Excel shows them; anything wrong with the file as a whole (type, size, header) raises `FileRejected`."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill

from gongzhi.organisations.models import OrganisationKind, PartnerType
from gongzhi.people.models import Gender
from gongzhi.regions.models import RegionKind

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_ROWS = 5000  # data rows per file: one import is one transaction, keep it reviewable
MAX_UNPACKED_RATIO = 50  # a workbook may unpack to at most 50 × the upload limit (zip bombs)
ZIP_MAGIC = b"PK\x03\x04"
INVISIBLE = "\u200b\ufeff"  # zero-width space and BOM, which survive copy-and-paste from web pages


@dataclass(frozen=True)
class RowError:
    """One problem: the row as Excel numbers it (None for the file as a whole), the column, the reason."""

    row: int | None
    column: str
    reason: str

    def __str__(self) -> str:
        where = _("第%(row)s行") % {"row": self.row} if self.row is not None else _("文件")
        return f"{where} [{self.column or '—'}] {self.reason}"


class FileRejected(Exception):
    def __init__(self, errors: list[RowError]):
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors


@dataclass(frozen=True)
class Column:
    name: str
    required: bool = False
    note: Promise | str = ""
    example: str | int = ""
    text: bool = False  # written as a text cell so Excel keeps long digit strings and leading zeros
    width: int = 16


@dataclass(frozen=True)
class Format:
    kind: str
    title: str  # the file and sheet name, Chinese whatever the interface language
    label: Promise  # the same, for the interface
    columns: tuple[Column, ...]
    one_of: tuple[str, ...] = ()  # the header must contain at least one of these columns

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    def position(self, column: str) -> int:
        return self.names.index(column) if column in self.names else -1


REGION_NOTE = gettext_lazy("从市开始、以“/”分隔的名称路径（也可从您管辖的最高层级开始），或区划代码")

ORGANISATIONS = Format(
    kind="organisations", title="驻区单位", label=gettext_lazy("驻区单位"),
    columns=(
        Column("单位名称", required=True, note=gettext_lazy("全库唯一"), example="桂林市第十八中学", width=28),
        Column("简称", example="十八中"),
        Column("单位类别", required=True, note=gettext_lazy("机关、事业单位、国有企业、非公企业、社会组织、商户"),
               example="事业单位"),
        Column("合伙人类型", note=gettext_lazy("事业合伙、公益合伙、社企合伙，或留空"), example="事业合伙"),
        Column("所在区划代码", note=gettext_lazy("与“所在区划”至少填写一项"), example="450304001001", text=True),
        Column("所在区划", note=REGION_NOTE, example="桂林市/象山区/象山街道/五美社区", width=36),
        Column("主管部门", note=gettext_lazy("已登记的职能部门全称，可留空"), example="桂林市卫生健康委员会", width=24),
        Column("地址", example="五美路18号", width=28),
        Column("联系人", example="李明"),
        Column("联系人职务", example="党办主任"),
        Column("联系人电话", note=gettext_lazy("11位手机号或带区号的座机号"), example="13800138000", text=True),
    ),
    one_of=("所在区划代码", "所在区划"),
)

PEOPLE = Format(
    kind="people", title="人员", label=gettext_lazy("人员"),
    columns=(
        Column("姓名", required=True, example="李明"),
        Column("性别", note=gettext_lazy("男或女，可留空"), example="男", width=8),
        Column("出生年份", note=gettext_lazy("四位数字"), example=1975, width=10),
        Column("手机号", note=gettext_lazy("11位手机号或带区号的座机号"), example="13800138000", text=True),
        Column("身份证号", note=gettext_lazy("18位，请以文本格式填写"), example="", text=True, width=22),
        Column("居住地", required=True, note=REGION_NOTE, example="桂林市/象山区/象山街道/五美社区/五美小区/1栋",
               width=44),
    ),
)

REGIONS = Format(
    kind="regions", title="区划节点", label=gettext_lazy("区划节点"),
    columns=(
        Column("名称", required=True, note=gettext_lazy("同一上级下唯一，不能含“/”"), example="幸福小区", width=20),
        Column("层级", required=True, note=gettext_lazy("市、区、街道、社区、小区/院落、楼栋、单元"), example="小区/院落"),
        Column("上级", note=gettext_lazy("上级的名称路径或区划代码；可以是本文件中前面某一行"),
               example="桂林市/象山区/象山街道/五美社区", width=36),
        Column("区划代码", note=gettext_lazy("可留空；填写时全库唯一"), example="", text=True, width=18),
    ),
)

FORMATS: dict[str, Format] = {f.kind: f for f in (ORGANISATIONS, PEOPLE, REGIONS)}
KINDS = tuple(FORMATS)


# --- enumeration labels -------------------------------------------------------------------------------
def _labels(choices: type[models.TextChoices]) -> dict[str, str]:
    with translation.override("zh-hans"):
        return {str(label): value for value, label in choices.choices if value}


def choice_labels(choices: type[models.TextChoices]) -> dict[str, str]:
    """Label (and stored value, and common aliases) -> stored value, for reading a cell."""
    mapping = {**_labels(choices), **{v: v for v in choices.values if v}}
    mapping.update(ALIASES.get(choices, {}))
    return mapping


def primary_labels(choices: type[models.TextChoices]) -> list[str]:
    return list(_labels(choices))


def label_for(choices: type[models.TextChoices], value: str) -> str:
    """Stored value -> the label written to a file ('' stays '')."""
    if not value:
        return ""
    with translation.override("zh-hans"):
        return str(choices(value).label)


ALIASES: dict[type[models.TextChoices], dict[str, str]] = {
    OrganisationKind: {"国企": OrganisationKind.STATE_ENTERPRISE, "民营企业": OrganisationKind.PRIVATE_ENTERPRISE},
    PartnerType: {"无": PartnerType.NONE, "—": PartnerType.NONE, "-": PartnerType.NONE},
    Gender: {"男性": Gender.MALE, "女性": Gender.FEMALE},
    RegionKind: {"城区": RegionKind.DISTRICT, "县": RegionKind.DISTRICT, "小区": RegionKind.NEIGHBOURHOOD,
                 "院落": RegionKind.NEIGHBOURHOOD, "楼": RegionKind.BUILDING},
}


# --- reading ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SheetRow:
    number: int  # as Excel shows it: the header is row 1
    values: dict[str, str]
    numeric: frozenset[str]  # columns whose cell held a number rather than text

    def get(self, column: str) -> str:
        return self.values.get(column, "")


def _cell_text(value) -> tuple[str, bool]:
    """A cell as stripped text, and whether it was a number."""
    if value is None:
        return "", False
    if isinstance(value, bool):
        return ("是" if value else "否"), False
    if isinstance(value, int):
        return str(value), True
    if isinstance(value, float):
        return (str(int(value)) if value.is_integer() else repr(value)), True
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat(), False
    return str(value).strip().strip(INVISIBLE).strip(), False


def _header_name(value) -> str:
    text, _numeric = _cell_text(value)
    return text.rstrip("*＊").strip()


def read_limited(file, *, filename: str = "") -> bytes:
    """Read an uploaded file, refusing it when it is larger than GONGZHI_IMPORT_MAX_BYTES."""
    limit = settings.GONGZHI_IMPORT_MAX_BYTES
    shown = f"{limit / 1024 / 1024:g} MB" if limit >= 1024 * 1024 else f"{limit / 1024:g} KB"
    too_big = FileRejected([RowError(None, "", _("文件过大：上限为 %(size)s") % {"size": shown})])
    size = getattr(file, "size", None)
    if size is not None and size > limit:
        raise too_big
    if hasattr(file, "seek"):
        file.seek(0)
    content = file.read(limit + 1)
    if len(content) > limit:
        raise too_big
    return content


def read_rows(content: bytes, fmt: Format, *, filename: str = "") -> list[SheetRow]:
    """The data rows of the first sheet, keyed by column name. Entirely empty rows are skipped but keep
    their place in the numbering."""
    not_xlsx = _("文件不是有效的 Excel 工作簿（.xlsx）。请在 Excel 或 WPS 中“另存为”.xlsx 格式后再上传")
    if filename and not filename.lower().endswith(".xlsx"):
        raise FileRejected([RowError(None, "", _("只支持 .xlsx 格式的文件，收到的是“%(name)s”") % {"name": filename})])
    if not content:
        raise FileRejected([RowError(None, "", _("文件是空的"))])
    if not content.startswith(ZIP_MAGIC):
        raise FileRejected([RowError(None, "", not_xlsx)])
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise FileRejected([RowError(None, "", not_xlsx)]) from None
    if unpacked > MAX_UNPACKED_RATIO * settings.GONGZHI_IMPORT_MAX_BYTES:
        raise FileRejected([RowError(None, "", _("文件解压后过大，请拆分后分批导入"))])
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors for damaged or foreign zip files
        raise FileRejected([RowError(None, "", not_xlsx)]) from None
    try:
        if not workbook.worksheets:
            raise FileRejected([RowError(None, "", not_xlsx)])
        return _rows_of(workbook.worksheets[0], fmt)
    finally:
        workbook.close()


def _rows_of(sheet, fmt: Format) -> list[SheetRow]:
    cells = sheet.iter_rows(values_only=True)
    header_cells = next(cells, None)
    header = [_header_name(v) for v in header_cells or ()]
    if not any(header):
        raise FileRejected([RowError(1, "", _("第1行应为表头（列名），但这一行是空的"))])
    _check_header(header, fmt)
    positions = [(i, name) for i, name in enumerate(header) if name]
    rows: list[SheetRow] = []
    for number, values in enumerate(cells, start=2):
        texts, numeric = {}, set()
        for i, name in positions:
            text, is_number = _cell_text(values[i] if i < len(values) else None)
            texts[name] = text
            if is_number:
                numeric.add(name)
        if not any(texts.values()):
            continue
        if len(rows) >= MAX_ROWS:
            raise FileRejected([RowError(number, "", _("数据超过 %(n)s 行，请拆分后分批导入") % {"n": MAX_ROWS})])
        rows.append(SheetRow(number, texts, frozenset(numeric)))
    if not rows:
        raise FileRejected([RowError(None, "", _("文件中没有数据行（第1行为表头，数据从第2行开始）"))])
    return rows


def _check_header(header: list[str], fmt: Format) -> None:
    errors, seen = [], set()
    for name in header:
        if not name:
            continue
        if name in seen:
            errors.append(RowError(1, name, _("列名重复")))
        elif name not in fmt.names:
            errors.append(RowError(1, name, _("无法识别的列名（%(kind)s可用的列：%(names)s）")
                                   % {"kind": fmt.label, "names": "、".join(fmt.names)}))
        seen.add(name)
    for name in fmt.required:
        if name not in seen:
            errors.append(RowError(1, name, _("缺少必填列")))
    if fmt.one_of and not seen.intersection(fmt.one_of):
        errors.append(RowError(1, fmt.one_of[-1], _("缺少列：“%(names)s”至少需要一列") % {"names": "”或“".join(fmt.one_of)}))
    if errors:
        raise FileRejected(errors)


# --- writing ------------------------------------------------------------------------------------------
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="B71C1C")
EXAMPLE_FONT = Font(italic=True, color="52606D")


def _put(sheet, row: int, col: int, value, *, text: bool = False):
    cell = sheet.cell(row=row, column=col)
    if value is None or value == "":
        cell.value = None
    else:
        cell.value = value
        if isinstance(value, str) and value.startswith("="):
            cell.data_type = "s"  # a name starting with "=" stays text, never a formula
    if text:
        cell.number_format = "@"
    return cell


def _sheet(workbook: Workbook, fmt: Format):
    sheet = workbook.active
    sheet.title = fmt.title
    for col, column in enumerate(fmt.columns, start=1):
        cell = _put(sheet, 1, col, column.name)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        sheet.column_dimensions[cell.column_letter].width = column.width
    sheet.freeze_panes = "A2"
    return sheet


def _save(workbook: Workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def write_workbook(fmt: Format, rows: Iterable[Sequence]) -> bytes:
    workbook = Workbook()
    sheet = _sheet(workbook, fmt)
    for r, values in enumerate(rows, start=2):
        for col, (column, value) in enumerate(zip(fmt.columns, values, strict=True), start=1):
            _put(sheet, r, col, value, text=column.text)
    return _save(workbook)


def template_workbook(fmt: Format) -> bytes:
    """The header, one example row, and a second sheet that explains each column."""
    workbook = Workbook()
    sheet = _sheet(workbook, fmt)
    for col, column in enumerate(fmt.columns, start=1):
        _put(sheet, 2, col, column.example, text=column.text).font = EXAMPLE_FONT
    guide = workbook.create_sheet(_("填写说明"))
    lines = [
        _("第1行为表头，请勿修改列名；第2行为示例，导入前请删除或改写。"),
        _("带“必填”的列不能为空。手机号、身份证号、区划代码请以文本格式填写。"),
        _("导入前会检查每一行：只要有一行有错误，整个文件都不会导入，并列出所有错误的行号、列和原因。"),
        "",
    ]
    for r, line in enumerate(lines, start=1):
        _put(guide, r, 1, line)
    head = len(lines) + 1
    for col, title in enumerate((_("列名"), _("是否必填"), _("说明")), start=1):
        cell = _put(guide, head, col, title)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    for r, column in enumerate(fmt.columns, start=head + 1):
        _put(guide, r, 1, column.name)
        _put(guide, r, 2, _("必填") if column.required else _("选填"))
        _put(guide, r, 3, str(column.note)).alignment = Alignment(wrap_text=True)
    guide.column_dimensions["A"].width, guide.column_dimensions["B"].width = 16, 10
    guide.column_dimensions["C"].width = 70
    return _save(workbook)
