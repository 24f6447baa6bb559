import pytest
from django.core.exceptions import PermissionDenied

from gongzhi.chronicle.models import Entry
from gongzhi.exchange.services import import_workbook
from gongzhi.exchange.tests.workbooks import REGION_HEADER, region_row, upload, xlsx
from gongzhi.regions.models import RegionNode

WUMEI = "桂林市/象山区/象山街道/五美社区"


def run(actor, rows):
    return import_workbook(actor=actor, kind="regions", file=upload(xlsx(REGION_HEADER, rows)))


def problems(result):
    return [(e.row, e.column, e.reason) for e in result.errors]


def test_rows_can_hang_under_nodes_created_by_earlier_rows(world):
    before = Entry.objects.count()
    result = run(world.district_staff, [
        region_row("幸福小区", "小区", WUMEI, code="XF-01"),
        region_row("1栋", "楼栋", f"{WUMEI}/幸福小区"),            # by path, through row 2
        region_row("1单元", "单元", f"{WUMEI}/幸福小区/1栋"),       # two levels of new nodes
        region_row("2栋", "楼栋", "XF-01"),                        # by the code of row 2
        region_row("3栋", "楼栋", "五美社区/幸福小区"),              # relative path, no: district staff's top is 象山区
        region_row("光明社区", "社区", "象山区/象山街道"),           # relative to the district staff's scope
    ])
    assert problems(result) == [(6, "上级", "上级区划“五美社区/幸福小区”不存在或不在您的管辖范围内（本文件中的上级须写在前面的行）")]

    result = run(world.district_staff, [
        region_row("幸福小区", "小区", WUMEI, code="XF-01"),
        region_row("1栋", "楼栋", f"{WUMEI}/幸福小区"),
        region_row("1单元", "单元", f"{WUMEI}/幸福小区/1栋"),
        region_row("2栋", "楼栋", "XF-01"),
        region_row("光明社区", "社区", "象山区/象山街道"),
    ])
    assert result.ok and result.created == 5
    estate = RegionNode.objects.get(code="XF-01")
    assert (estate.parent, estate.kind) == (world.wumei, "neighbourhood")
    b1 = RegionNode.objects.get(parent=estate, name="1栋")
    assert RegionNode.objects.get(parent=b1, name="1单元").kind == "entrance"
    assert RegionNode.objects.get(parent=estate, name="2栋").path.startswith(estate.path)
    assert RegionNode.objects.get(name="光明社区").parent == world.xiangshan_street
    new = Entry.objects.filter(seq__gt=before)
    assert new.filter(action="region.created").count() == 5
    assert new.get(action="exchange.imported").data == {"kind": "regions", "rows": 5}


def test_bad_rows_import_nothing_and_each_is_reported(world):
    count = RegionNode.objects.count()
    result = run(world.district_staff, [
        region_row("好小区", "小区", WUMEI),                            # 2 fine
        region_row("错层级", "楼栋", WUMEI),                            # 3 building directly under a community
        region_row("未知层级", "片区", WUMEI),                          # 4
        region_row("五美小区", "小区", WUMEI),                          # 5 exists already
        region_row("好小区", "小区", WUMEI),                            # 6 repeats row 2
        region_row("秀峰新区", "街道", "桂林市/秀峰区"),                # 7 another district
        region_row("代码重复", "小区", WUMEI, code="450304001002"),     # 8 code in use
        region_row("a/b", "小区", WUMEI),                               # 9 slash in a name
        region_row("", "小区", WUMEI),                                  # 10 no name
        region_row("无上级", "小区", ""),                               # 11 top level needs an administrator
    ])
    assert RegionNode.objects.count() == count
    assert [(r, c) for r, c, _ in problems(result)] == [
        (3, "层级"), (4, "层级"), (5, "名称"), (6, "名称"), (7, "上级"), (8, "区划代码"), (9, "名称"), (10, "名称"),
        (11, "上级")]
    reasons = {(r, c): reason for r, c, reason in problems(result)}
    assert reasons[(3, "层级")] == "“楼栋”不能设在“五美社区”之下"
    assert reasons[(5, "名称")] == "同一上级下已有名为“五美小区”的节点"
    assert reasons[(6, "名称")] == "与第2行重复（同一上级下名称相同）"
    assert reasons[(7, "上级")].startswith("上级区划“桂林市/秀峰区”不存在或不在您的管辖范围内")
    assert reasons[(8, "区划代码")] == "区划代码“450304001002”已被使用"


def test_a_child_of_a_bad_row_points_at_that_row(world):
    result = run(world.district_staff, [
        region_row("错小区", "楼栋", WUMEI),               # 2: wrong level
        region_row("1单元", "单元", f"{WUMEI}/错小区"),    # 3: its child
    ])
    assert problems(result) == [(2, "层级", "“楼栋”不能设在“五美社区”之下"),
                                (3, "上级", "上级是第2行，该行有错误，请先改正")]


def test_administrators_may_create_top_level_nodes(world):
    result = run(world.admin, [region_row("柳州市", "市", "", code="450200"), region_row("城中区", "区", "柳州市")])
    assert result.ok
    assert RegionNode.objects.get(name="城中区").parent == RegionNode.objects.get(code="450200")


def test_it_requires_district_staff_or_an_administrator(world):
    for user in (world.wumei_staff, world.street_staff, world.liaison):
        with pytest.raises(PermissionDenied):
            run(user, [region_row("越权小区", "小区", WUMEI)])
