"""The league table as an xlsx workbook (openpyxl, the house style of gongzhi.exchange: a red header row with
white bold text, frozen under the header). Rates are numbers formatted as percentages, with their numerator and
denominator in the next column; an empty rate is an empty cell."""

from __future__ import annotations

import datetime as dt
import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from gongzhi.rates.periods import Period
from gongzhi.rates.selectors import Line, Rate

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="B71C1C")
TITLE_FONT = Font(bold=True, size=13)


def tab_label(tab: str) -> str:
    return {"departments": _("职能部门"), "communities": _("社区"), "streets": _("街道")}[tab]


def columns(tab: str) -> list[tuple[str, int]]:
    cols = [
        (_("排名"), 6), (_("名称"), 24), (_("上级区划") if tab != "departments" else _("所属区划"), 14),
        (_("吹哨数") if tab == "departments" else _("诉求数"), 9),
        (_("响应率"), 9), (_("按时响应/应响应"), 14),
        (_("解决率"), 9), (_("已解决/应解决"), 14),
        (_("满意率"), 9), (_("满意/参评"), 12), (_("剔除评价"), 9),
        (_("按时办结率"), 11), (_("按时办结/已解决"), 15),
        (_("平均响应时长（工作小时）"), 14), (_("平均办结时长（工作日）"), 14),
    ]
    if tab == "departments":
        cols.append((_("社区赋分均分"), 12))
    cols += [(_("综合得分"), 10), (_("权重（响应/解决/满意）"), 16)]
    return cols


def _rate_cells(rate: Rate) -> list:
    return [rate.value, str(rate) if rate.denominator else None]


def _round(value, digits=2):
    return None if value is None else round(value, digits)


def row(tab: str, line: Line) -> list:
    values = [line.rank, line.name, line.parent_name, line.received,
              *_rate_cells(line.response), *_rate_cells(line.resolution), *_rate_cells(line.satisfaction),
              line.ratings["excluded"], *_rate_cells(line.on_time),
              _round(line.avg_response_hours), _round(line.avg_resolution_days)]
    if tab == "departments":
        values.append(_round(line.avg_score, 1))
    values += [_round(line.composite), "/".join(str(w) for w in line.weights)]
    return values


PERCENT_COLUMNS = {5, 7, 9, 12}  # 1-based: 响应率, 解决率, 满意率, 按时办结率


def league_workbook(tab: str, period: Period, lines: list[Line], *, as_of: dt.datetime) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = tab_label(tab)
    cols = columns(tab)
    title = sheet.cell(row=1, column=1, value=_("三率考评排行榜 · %(tab)s · %(period)s") % {
        "tab": tab_label(tab), "period": period.label})
    title.font = TITLE_FONT
    for c, (name, width) in enumerate(cols, start=1):
        cell = sheet.cell(row=2, column=c, value=name)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        sheet.column_dimensions[cell.column_letter].width = width
    sheet.freeze_panes = "C3"
    for r, line in enumerate(lines, start=3):
        for c, value in enumerate(row(tab, line), start=1):
            cell = sheet.cell(row=r, column=c, value=value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # a name starting with "=" stays text, never a formula
            if c in PERCENT_COLUMNS and value is not None:
                cell.number_format = "0.0%"
    notes = workbook.create_sheet(_("口径说明"))
    for r, text in enumerate([
        _("响应率 = 按时响应 ÷ 应响应；解决率 = 已解决 ÷ 应解决；满意率 =（满意 + 基本满意）÷ 参评（已剔除的评价不计）。"),
        _("按时办结率 = 期限内办结 ÷ 已解决；平均时长按所属类别的工作日历计算工作时间。"),
        _("分母为 0 的比率为空，综合得分按其余比率的权重重新归一。"),
        _("统计时点：%(at)s；时段：%(p)s。完整口径见 docs/rates.md。") % {
            "at": timezone.localtime(as_of).strftime("%Y-%m-%d %H:%M"), "p": period.label},
    ], start=1):
        notes.cell(row=r, column=1, value=text)
    notes.column_dimensions["A"].width = 110
    return _save(workbook)


def _save(workbook: Workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
