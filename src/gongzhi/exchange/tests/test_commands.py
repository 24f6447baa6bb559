import io

import pytest
from django.core.management import CommandError, call_command, execute_from_command_line

from gongzhi.exchange.tests.workbooks import ORG_HEADER, REGION_HEADER, org_row, read, region_row, xlsx
from gongzhi.organisations.models import Organisation
from gongzhi.regions.models import RegionNode


@pytest.fixture
def workbook(tmp_path):
    def write(header, rows, name="data.xlsx"):
        path = tmp_path / name
        path.write_bytes(xlsx(header, rows))
        return str(path)

    return write


def test_import_xlsx_imports_a_good_file(world, workbook):
    path = workbook(REGION_HEADER, [region_row("命令小区", "小区", "桂林市/象山区/象山街道/五美社区"),
                                    region_row("1栋", "楼栋", "桂林市/象山区/象山街道/五美社区/命令小区")])
    out = io.StringIO()
    call_command("import_xlsx", "regions", path, "--as", "district_staff", stdout=out)
    assert "已导入 2 行" in out.getvalue()
    assert RegionNode.objects.get(name="1栋", parent__name="命令小区").kind == "building"


def test_import_xlsx_prints_every_error_and_exits_2(world, workbook):
    path = workbook(ORG_HEADER, [org_row("命令单位"), org_row("", kind="医院")])
    err = io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("import_xlsx", "organisations", path, "--as", "wumei_staff", stderr=err)
    assert failure.value.returncode == 2
    assert err.getvalue().splitlines() == [
        "第3行 [单位名称] 不能为空",
        "第3行 [单位类别] 无法识别“医院”，可填：机关、事业单位、国有企业、非公企业、社会组织、商户",
    ]
    assert not Organisation.objects.filter(name="命令单位").exists()


def test_import_xlsx_exits_2_on_a_file_that_is_not_xlsx(world, tmp_path, capsys):
    path = tmp_path / "units.xlsx"
    path.write_text("not a workbook")
    with pytest.raises(SystemExit) as exit_:
        execute_from_command_line(["gongzhi", "import_xlsx", "organisations", str(path), "--as", "wumei_staff"])
    assert exit_.value.code == 2
    assert "[—] 文件不是有效的 Excel 工作簿" in capsys.readouterr().err


def test_it_requires_an_importing_user(world, workbook):
    path = workbook(ORG_HEADER, [org_row("命令单位")])
    with pytest.raises(CommandError, match="无权导入"):
        call_command("import_xlsx", "organisations", path, "--as", "hospital_liaison")
    with pytest.raises(CommandError, match="不存在或已停用"):
        call_command("import_xlsx", "organisations", path, "--as", "nobody")


def test_export_xlsx_writes_what_the_user_may_see(world, tmp_path):
    out = tmp_path / "people.xlsx"
    stdout = io.StringIO()
    call_command("export_xlsx", "people", str(out), "--as", "street_staff", stdout=stdout)
    rows = read(out.read_bytes())
    assert "已导出 4 行" in stdout.getvalue()
    assert "138****5678" in [r[3] for r in rows[1:]]


def test_it_requires_an_exporting_user(world, tmp_path):
    with pytest.raises(CommandError, match="无权导出"):
        call_command("export_xlsx", "regions", str(tmp_path / "r.xlsx"), "--as", "hospital_liaison")
