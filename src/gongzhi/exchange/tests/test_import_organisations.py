import pytest
from django.core.exceptions import PermissionDenied

from gongzhi.chronicle.models import Entry
from gongzhi.exchange import services
from gongzhi.exchange.services import import_workbook
from gongzhi.exchange.tests.workbooks import ORG_HEADER, org_row, upload, xlsx
from gongzhi.organisations.models import Organisation

WUMEI = "桂林市/象山区/象山街道/五美社区"


def run(actor, rows, header=ORG_HEADER):
    return import_workbook(actor=actor, kind="organisations", file=upload(xlsx(header, rows)))


def problems(result):
    return [(e.row, e.column, e.reason) for e in result.errors]


def test_a_good_file_imports_every_row_with_its_chronicle_entries(world):
    before = Entry.objects.count()
    result = run(world.wumei_staff, [
        org_row("桂林市第十八中学", short="十八中", partner="事业合伙", dept="桂林市卫生健康委员会", address="五美路18号",
                contact="李明", title="党办主任", phone="13800138000"),
        org_row("五美便民超市", kind="商户", code="450304001001", place="", contact="王五"),
        org_row("象山社工服务中心", kind="社会组织", partner="公益合伙", place="五美社区/五美小区"),  # from the scope's top
    ])
    assert result.ok and result.created == 3
    school = Organisation.objects.get(name="桂林市第十八中学")
    assert (school.short_name, school.kind, school.partner_type, school.home, school.address) == (
        "十八中", "public_institution", "institutional", world.wumei, "五美路18号")
    assert school.supervising_department == world.health_commission
    assert [(c.name, c.title, c.phone) for c in school.contacts.all()] == [("李明", "党办主任", "13800138000")]
    assert Organisation.objects.get(name="五美便民超市").home == world.wumei
    assert Organisation.objects.get(name="象山社工服务中心").home == world.wumei_estate
    new = Entry.objects.filter(seq__gt=before)
    assert new.filter(action="organisation.created").count() == 3
    assert new.filter(action="organisation.contact_added").count() == 2
    batch = new.get(action="exchange.imported")
    assert (batch.subject_type, batch.subject_id, batch.data) == ("exchange.import", "organisations",
                                                                  {"kind": "organisations", "rows": 3})
    assert batch.actor == world.wumei_staff
    assert new.order_by("-seq").first() == batch  # the batch entry closes the import


def test_several_bad_rows_import_nothing_and_each_is_reported(world):
    count = Organisation.objects.count()
    result = run(world.wumei_staff, [
        org_row("好单位一"),                                    # row 2: fine
        org_row("", kind="事业单位"),                            # row 3: no name
        org_row("好单位二"),                                    # row 4: fine
        org_row("坏类别单位", kind="医院"),                      # row 5: unknown kind
        [None] * len(ORG_HEADER),                              # row 6: empty, skipped
        org_row("坏电话单位", contact="李四", phone="12345"),   # row 7: bad phone
        org_row("没区划单位", place=""),                         # row 8: no region
        org_row("坏合伙单位", partner="合伙"),                   # row 9: unknown partner type
    ])
    assert not result.ok and result.created == 0
    assert Organisation.objects.count() == count
    assert [(row, column) for row, column, _reason in problems(result)] == [
        (3, "单位名称"), (5, "单位类别"), (7, "联系人电话"), (8, "所在区划"), (9, "合伙人类型")]
    reasons = {(r, c): reason for r, c, reason in problems(result)}
    assert reasons[(3, "单位名称")] == "不能为空"
    assert "无法识别“医院”" in reasons[(5, "单位类别")] and "事业单位" in reasons[(5, "单位类别")]
    assert "手机号格式不正确" in reasons[(7, "联系人电话")]
    assert not Entry.objects.filter(action="exchange.imported").exists()


def test_rows_outside_the_importers_scope_are_rejected_like_unknown_regions(world):
    result = run(world.wumei_staff, [
        org_row("南门单位", place="桂林市/象山区/象山街道/南门社区"),  # exists, not in scope
        org_row("虚构单位", place="桂林市/象山区/象山街道/不存在社区"),  # does not exist
        org_row("南门代码单位", code="450304001002", place=""),           # by code, not in scope
    ])
    assert problems(result) == [
        (2, "所在区划", "区划“桂林市/象山区/象山街道/南门社区”不存在或不在您的管辖范围内"),
        (3, "所在区划", "区划“桂林市/象山区/象山街道/不存在社区”不存在或不在您的管辖范围内"),
        (4, "所在区划代码", "区划“450304001002”不存在或不在您的管辖范围内"),
    ]
    assert not Organisation.objects.filter(name__in=["南门单位", "虚构单位", "南门代码单位"]).exists()


def test_street_staff_import_anywhere_in_their_street(world):
    result = run(world.street_staff, [org_row("南门书店", kind="商户", place="象山街道/南门社区"),
                                      org_row("五美书店", kind="商户", place=WUMEI)])
    assert result.ok and result.created == 2
    assert Organisation.objects.get(name="南门书店").home == world.nanmen


def test_duplicates_within_the_file_and_against_the_database_are_row_errors(world):
    result = run(world.wumei_staff, [
        org_row("新单位"),
        org_row("桂林市中医医院"),  # already registered
        org_row("新单位"),          # repeats row 2
    ])
    assert problems(result) == [
        (3, "单位名称", "单位“桂林市中医医院”已存在"),
        (4, "单位名称", "与第2行的单位名称重复"),
    ]


def test_code_and_path_must_agree_and_departments_must_be_known(world):
    result = run(world.wumei_staff, [
        org_row("甲单位", code="450304001001", place="桂林市/象山区/象山街道/五美社区/文化里"),
        org_row("乙单位", dept="不存在的部门"),
        org_row("丙单位", title="主任"),  # a contact title without a contact name
        org_row("丁单位", contact="赵六", phone="138****8000"),  # a masked number from an export
    ])
    assert problems(result) == [
        (2, "所在区划代码", "所在区划代码与所在区划指向不同的区划"),
        (3, "主管部门", "职能部门“不存在的部门”不存在或不在您的可见范围内"),
        (4, "联系人", "填写了联系人职务或电话时，联系人姓名不能为空"),
        (5, "联系人电话", "号码已打码，无法导入；请填写完整号码或留空"),
    ]


def test_too_long_cells_are_reported_with_the_models_own_rule(world):
    result = run(world.wumei_staff, [org_row("长" * 121, short="简" * 41)])
    assert [(r, c) for r, c, _reason in problems(result)] == [(2, "单位名称"), (2, "简称")]


def test_a_header_with_only_the_region_code_column_is_enough(world):
    header = [c for c in ORG_HEADER if c != "所在区划"]
    row = org_row("只有代码单位", code="450304001001")
    del row[ORG_HEADER.index("所在区划")]
    assert run(world.wumei_staff, [row], header=header).created == 1


def test_a_database_error_midway_rolls_everything_back(world, monkeypatch):
    real, calls = services.create_organisation, []

    def clashing(**kwargs):
        calls.append(kwargs["name"])
        if len(calls) == 2:  # a real unique-constraint violation raised by the database itself
            Organisation.objects.create(name="第一家", kind="merchant", home=world.wumei)
        return real(**kwargs)

    monkeypatch.setattr(services, "create_organisation", clashing)
    result = run(world.wumei_staff, [org_row("第一家"), org_row("第二家"), org_row("第三家")])
    assert not result.ok
    assert [(e.row, e.column) for e in result.errors] == [(3, "")]
    assert "已全部回滚" in result.errors[0].reason and "unique" not in result.errors[0].reason.lower()
    # The connection is still usable and nothing of the batch remains.
    assert not Organisation.objects.filter(name__in=["第一家", "第二家", "第三家"]).exists()
    assert not Entry.objects.filter(action="exchange.imported").exists()
    assert run(world.wumei_staff, [org_row("第一家")]).created == 1


def test_it_requires_an_importing_role(world):
    for user in (world.liaison, world.resident, world.wumei_grid_worker, world.receiver):
        with pytest.raises(PermissionDenied):
            run(user, [org_row("越权单位")])
    assert not Organisation.objects.filter(name="越权单位").exists()


def test_a_refusal_by_a_domain_service_midway_is_reported_and_rolled_back(world, monkeypatch):
    real, calls = services.create_organisation, []

    def refusing(**kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise PermissionDenied
        return real(**kwargs)

    monkeypatch.setattr(services, "create_organisation", refusing)
    result = run(world.wumei_staff, [org_row("甲一"), org_row("甲二")])
    assert [(e.row, e.reason) for e in result.errors] == [(3, "您无权在该区划导入数据。已全部回滚，未导入任何数据")]
    assert not Organisation.objects.filter(name="甲一").exists()
