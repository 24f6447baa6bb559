"""Workbooks (xlsx) for the community's staff, in the house style of gongzhi.rates.exports (a red header row,
frozen under the header; a text starting with "=" stays text): the volunteers' confirmed hours by kind and team
for a year, and the certificates issued. ID numbers and phones are masked as the user's role requires."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="B71C1C")
TITLE_FONT = Font(bold=True, size=13)


def _sheet(workbook: Workbook, title: str, heading: str, columns: list[tuple[str, int]], rows) -> None:
    sheet = workbook.active
    sheet.title = title
    sheet.cell(row=1, column=1, value=heading).font = TITLE_FONT
    for c, (name, width) in enumerate(columns, start=1):
        cell = sheet.cell(row=2, column=c, value=name)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        sheet.column_dimensions[cell.column_letter].width = width
    sheet.freeze_panes = "B3"
    for r, values in enumerate(rows, start=3):
        for c, value in enumerate(values, start=1):
            cell = sheet.cell(row=r, column=c, value=value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"


def _save(workbook: Workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def volunteers_workbook(rows: list[dict], *, year: int | None) -> bytes:
    """rows: {name, id_number, phone, service, duty, honour, total, times, teams} as the list page presents them."""
    workbook = Workbook()
    columns = [(_("姓名"), 10), (_("身份证号"), 22), (_("手机号"), 14), (_("活动服务（小时）"), 12),
               (_("值班服务（小时）"), 12), (_("荣誉时长（小时）"), 12), (_("合计（小时）"), 11), (_("服务次数"), 9),
               (_("按队伍"), 40)]
    label = _("%(y)d 年度") % {"y": year} if year else _("全部年度")
    _sheet(workbook, _("志愿者时长"), _("志愿服务时长（已确认）· %(p)s") % {"p": label}, columns,
           ([r["name"], r["id_number"], r["phone"], float(r["service"]), float(r["duty"]), float(r["honour"]),
             float(r["total"]), r["times"], "；".join(f"{t['team'] or _('未归队')} {t['hours']}" for t in r["teams"])]
            for r in rows))
    notes = workbook.create_sheet(_("口径说明"))
    notes.cell(row=1, column=1, value=_("只计已确认的时长；荣誉时长为组织方按规定登记的时长，单列；按服务日期计入年度。"))
    notes.column_dimensions["A"].width = 100
    return _save(workbook)


def certificates_workbook(certificates, *, holder_id) -> bytes:
    workbook = Workbook()
    columns = [(_("证明编号"), 22), (_("姓名"), 10), (_("身份证号"), 22), (_("出具社区"), 20), (_("服务起始"), 12),
               (_("服务截止"), 12), (_("时长（小时）"), 11), (_("出具时间"), 17), (_("出具人"), 14), (_("状态"), 8),
               (_("作废原因"), 30)]
    _sheet(workbook, _("时长证明"), _("志愿服务时长证明出具登记"), columns, (
        [c.number, c.holder_name, holder_id(c), c.community_name, c.period_start.isoformat(),
         c.period_end.isoformat(), float(c.hours_total), timezone.localtime(c.issued_at).strftime("%Y-%m-%d %H:%M"),
         str(c.issued_by) if c.issued_by else "", _("已作废") if c.revoked else _("有效"), c.revoked_reason]
        for c in certificates))
    return _save(workbook)
