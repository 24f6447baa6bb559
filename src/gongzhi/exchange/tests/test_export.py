import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongzhi.exchange.selectors import export_workbook
from gongzhi.exchange.services import import_workbook
from gongzhi.exchange.tests.workbooks import fresh_community, read, upload
from gongzhi.organisations.models import Organisation
from gongzhi.organisations.services import add_contact, create_organisation
from gongzhi.people.services import register_person
from gongzhi.regions.services import create_node


def rows_for(user, kind):
    return read(export_workbook(user=user, kind=kind).content)


def column(rows, name):
    i = rows[0].index(name)
    return [r[i] for r in rows[1:]]


def test_people_export_respects_scope(world):
    names = column(rows_for(world.nanmen_staff, "people"), "姓名")
    assert "王秀英" not in names and "陈芳" not in names
    assert set(names) == {"张伟", "李建国"}
    assert "王秀英" in column(rows_for(world.wumei_staff, "people"), "姓名")


def test_people_export_masks_numbers_as_the_pages_do(world):
    street = rows_for(world.street_staff, "people")
    wang = dict(zip(street[0], street[column(street, "姓名").index("王秀英") + 1], strict=True))
    assert wang["手机号"] == "138****5678" and wang["身份证号"] == "4503**********0021"
    community = rows_for(world.wumei_staff, "people")
    wang = dict(zip(community[0], community[column(community, "姓名").index("王秀英") + 1], strict=True))
    assert wang["手机号"] == "13812345678" and wang["身份证号"] == "450304195803120021"
    assert wang["居住地"] == "桂林市/象山区/象山街道/五美社区/五美小区/1栋" and wang["性别"] == "女"


def test_organisation_export_masks_contact_phones_outside_personal_data_scope(world):
    street = rows_for(world.street_staff, "organisations")
    assert set(column(street, "单位名称")) == {"桂林市中医医院", "桂林市崇善小学"}
    assert column(street, "联系人电话")[column(street, "单位名称").index("桂林市中医医院")] == "138****1234"
    own = rows_for(world.wumei_staff, "organisations")
    assert column(own, "联系人电话") == ["13877301234"] and column(own, "单位类别") == ["事业单位"]
    assert column(own, "所在区划代码") == ["450304001001"]
    liaison = rows_for(world.liaison, "organisations")  # a liaison sees and exports their own unit
    assert column(liaison, "单位名称") == ["桂林市中医医院"] and column(liaison, "联系人电话") == ["13877301234"]


def test_region_export_is_the_visible_subtree_and_for_staff_only(world):
    rows = rows_for(world.wumei_staff, "regions")
    assert rows[0] == ["名称", "层级", "上级", "区划代码"]
    assert rows[1] == ["五美社区", "社区", "桂林市/象山区/象山街道", "450304001001"]
    assert "南门社区" not in column(rows, "名称")
    for user in (world.liaison, world.receiver, world.resident):
        with pytest.raises(PermissionDenied):
            export_workbook(user=user, kind="regions")


def test_the_filename_names_the_kind_and_the_day(world):
    from gongzhi.core import clock

    download = export_workbook(user=world.admin, kind="organisations")
    day = f"{clock.today():%Y%m%d}"
    assert (download.filename, download.ascii_filename) == (f"驻区单位-{day}.xlsx", f"organisations-{day}.xlsx")


# --- query counts: constant in the number of rows ----------------------------------------------------
def _grow(world, kind, n):
    community, staff = fresh_community(world, name=f"测试社区{n}", code=f"4503040019{n:02d}")
    estate = create_node(actor=world.admin, parent=community, kind="neighbourhood", name="测试小区")
    for i in range(n):
        if kind == "organisations":
            org = create_organisation(actor=world.admin, name=f"测试单位{n}-{i}", kind="merchant", home=community,
                                      supervising_department=world.health_commission)
            add_contact(actor=world.admin, organisation=org, name=f"联系人{i}", phone=f"139{n:04d}{i:04d}")
        elif kind == "people":
            register_person(actor=world.admin, name=f"居民{i}", home=estate, phone=f"139{n:04d}{i:04d}")
        else:
            create_node(actor=world.admin, parent=estate, kind="building", name=f"{i}栋")
    return staff


@pytest.mark.parametrize("kind", ["organisations", "people", "regions"])
def test_export_query_count_does_not_grow_with_rows(world, kind):
    counts = []
    for n in (3, 30):
        staff = get_user_model().objects.get(pk=_grow(world, kind, n).pk)  # a fresh user: nothing cached
        with CaptureQueriesContext(connection) as queries:
            download = export_workbook(user=staff, kind=kind)
        assert download.rows >= n
        counts.append(len(queries))
    assert counts[0] == counts[1]


# --- export → import round trip ---------------------------------------------------------------------
def _three_units(world):
    community, staff = fresh_community(world)
    for i, kind in enumerate(("merchant", "social_organisation", "public_institution")):
        org = create_organisation(actor=world.admin, name=f"往返单位{i}", short_name=f"往返{i}", kind=kind,
                                  partner_type="public_good" if i else "", home=community, address=f"新村路{i}号",
                                  supervising_department=world.health_commission if i == 2 else None)
        add_contact(actor=world.admin, organisation=org, name=f"联系人{i}", title="主任", phone=f"1390773000{i}")
    return community, staff


def _snapshot(community):
    return sorted(
        (o.name, o.short_name, o.kind, o.partner_type, o.home_id, o.supervising_department_id, o.address,
         tuple((c.name, c.title, c.phone) for c in o.contacts.all()))
        for o in Organisation.objects.filter(home=community))


def test_an_organisation_export_imports_again_into_an_emptied_scope(world):
    community, staff = _three_units(world)
    before = _snapshot(community)
    exported = export_workbook(user=staff, kind="organisations")
    assert exported.rows == 3
    Organisation.objects.filter(home=community).delete()  # the scope is empty again
    result = import_workbook(actor=staff, kind="organisations", file=upload(exported.content, exported.filename))
    assert result.ok and result.created == 3
    assert _snapshot(community) == before


def test_reimporting_an_export_reports_every_duplicate(world):
    _community, staff = _three_units(world)
    exported = export_workbook(user=staff, kind="organisations")
    result = import_workbook(actor=staff, kind="organisations", file=upload(exported.content, exported.filename))
    assert [(e.row, e.column, e.reason) for e in result.errors] == [
        (2, "单位名称", "单位“往返单位0”已存在"),
        (3, "单位名称", "单位“往返单位1”已存在"),
        (4, "单位名称", "单位“往返单位2”已存在"),
    ]


def test_a_masked_export_cannot_be_imported_as_if_it_were_complete(world):
    _community, _staff = _three_units(world)
    exported = export_workbook(user=world.street_staff, kind="organisations")
    result = import_workbook(actor=world.street_staff, kind="organisations",
                             file=upload(exported.content, exported.filename))
    assert "号码已打码，无法导入；请填写完整号码或留空" in {e.reason for e in result.errors}
