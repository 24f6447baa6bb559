"""Problems with the file as a whole, and the downloadable templates."""

import io
import zipfile

import pytest

from gongzhi.exchange import formats
from gongzhi.exchange.formats import FORMATS, write_workbook
from gongzhi.exchange.selectors import template_download
from gongzhi.exchange.services import import_workbook
from gongzhi.exchange.tests.workbooks import ORG_HEADER, PEOPLE_HEADER, org_row, read, upload, xlsx
from gongzhi.organisations.models import Organisation


def errors_for(actor, content, name="data.xlsx", kind="organisations"):
    result = import_workbook(actor=actor, kind=kind, file=upload(content, name))
    assert not result.ok and result.created == 0
    return [(e.row, e.column, e.reason) for e in result.errors]


def test_a_file_that_is_not_xlsx_is_refused_clearly(world):
    [(row, column, reason)] = errors_for(world.wumei_staff, "单位名称,单位类别\n某单位,商户\n".encode(), "data.xlsx")
    assert (row, column) == (None, "")
    assert "不是有效的 Excel 工作簿" in reason


def test_a_corrupt_zip_is_refused_clearly(world):
    content = xlsx(ORG_HEADER, [org_row("某单位")])
    [(_row, _column, reason)] = errors_for(world.wumei_staff, content[: len(content) // 2])
    assert "不是有效的 Excel 工作簿" in reason


def test_a_zip_that_is_not_a_workbook_is_refused_clearly(world):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "不是工作簿")
    [(_row, _column, reason)] = errors_for(world.wumei_staff, out.getvalue())
    assert "不是有效的 Excel 工作簿" in reason


def test_a_file_with_another_extension_is_refused(world):
    [(_row, _column, reason)] = errors_for(world.wumei_staff, xlsx(ORG_HEADER, [org_row("某单位")]), "单位.xls")
    assert reason == "只支持 .xlsx 格式的文件，收到的是“单位.xls”"


def test_an_oversized_file_is_refused_before_it_is_read(world, settings):
    settings.GONGZHI_IMPORT_MAX_BYTES = 1024
    [(_row, _column, reason)] = errors_for(world.wumei_staff, xlsx(ORG_HEADER, [org_row("某单位")]))
    assert reason == "文件过大：上限为 1 KB"
    assert not Organisation.objects.filter(name="某单位").exists()


def test_a_header_without_required_columns_is_refused(world):
    header = ["单位名称", "简称", "地址", "备注"]
    assert errors_for(world.wumei_staff, xlsx(header, [["某单位", "", "", ""]])) == [
        (1, "备注", "无法识别的列名（驻区单位可用的列：" + "、".join(ORG_HEADER) + "）"),
        (1, "单位类别", "缺少必填列"),
        (1, "所在区划", "缺少列：“所在区划代码”或“所在区划”至少需要一列"),
    ]


def test_a_people_file_in_the_organisations_form_is_refused_by_its_header(world):
    problems = errors_for(world.wumei_staff, xlsx(PEOPLE_HEADER, [["李明", "", "", "", "", "五美社区"]]))
    assert {(r, c) for r, c, _ in problems} >= {(1, "单位名称"), (1, "单位类别"), (1, "姓名")}


def test_an_empty_sheet_or_a_header_alone_is_refused(world):
    assert errors_for(world.wumei_staff, xlsx([], [])) == [(1, "", "第1行应为表头（列名），但这一行是空的")]
    assert errors_for(world.wumei_staff, xlsx(ORG_HEADER, [])) == [
        (None, "", "文件中没有数据行（第1行为表头，数据从第2行开始）")]


def test_too_many_rows_are_refused(world, monkeypatch):
    monkeypatch.setattr(formats, "MAX_ROWS", 2)
    problems = errors_for(world.wumei_staff, xlsx(ORG_HEADER, [org_row(f"单位{i}") for i in range(3)]))
    assert problems == [(4, "", "数据超过 2 行，请拆分后分批导入")]


def test_required_marks_and_spaces_in_the_header_are_tolerated(world):
    header = [f" {c}* " if c in ("单位名称", "单位类别") else c for c in ORG_HEADER]
    result = import_workbook(actor=world.wumei_staff, kind="organisations",
                             file=upload(xlsx(header, [org_row(" 带空格的单位\u200b ")])))
    assert result.ok
    assert Organisation.objects.filter(name="带空格的单位").exists()


@pytest.mark.parametrize("kind", list(FORMATS))
def test_the_template_has_the_header_and_one_example_row(world, kind):
    download = template_download(user=world.admin, kind=kind)
    rows = read(download.content)
    assert rows[0] == list(FORMATS[kind].names)
    assert len(rows) == 2 and any(rows[1])
    assert download.filename == f"{FORMATS[kind].title}-导入模板.xlsx"


def test_a_written_cell_that_starts_with_equals_stays_text():
    content = write_workbook(FORMATS["regions"], [["=HYPERLINK(\"http://x\")", "小区/院落", "", ""]])
    assert read(content)[1][0] == "=HYPERLINK(\"http://x\")"
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet
