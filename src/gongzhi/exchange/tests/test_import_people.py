import pytest
from django.db import IntegrityError

from gongzhi.chronicle.models import Entry
from gongzhi.exchange import services
from gongzhi.exchange.services import import_workbook
from gongzhi.exchange.tests.workbooks import PEOPLE_HEADER, person_row, upload, valid_id, xlsx
from gongzhi.people.models import Person

B1 = "桂林市/象山区/象山街道/五美社区/五美小区/1栋"


def run(actor, rows):
    return import_workbook(actor=actor, kind="people", file=upload(xlsx(PEOPLE_HEADER, rows)))


def where(result):
    return [(e.row, e.column) for e in result.errors]


def test_a_good_file_registers_every_person_with_a_chronicle_entry(world):
    before = Entry.objects.count()
    id_a = valid_id("45030419700101001")
    result = run(world.wumei_staff, [
        person_row("黄丽", gender="女", year=1970, phone="13900001111", id_number=id_a),
        person_row("蒋军", gender="男", year="1965", phone=13900002222, home="五美社区/文化里/2栋"),
        person_row("秦芳", home="450304001001"),  # the community itself, by code
    ])
    assert result.ok and result.created == 3
    huang = Person.objects.get(name="黄丽")
    assert (huang.gender, huang.birth_year, huang.phone, huang.id_number, huang.home) == (
        "female", 1970, "13900001111", id_a, world.wumei_b1)
    assert Person.objects.get(name="蒋军").phone == "13900002222"  # a number cell works for a phone
    assert Person.objects.get(name="秦芳").home == world.wumei
    new = Entry.objects.filter(seq__gt=before)
    assert new.filter(action="person.registered").count() == 3
    batch = new.get(action="exchange.imported")
    assert batch.data == {"kind": "people", "rows": 3}
    assert "黄丽" not in str(batch.data) and "13900001111" not in str(list(new.values_list("data", flat=True)))


def test_several_bad_rows_import_nothing_and_each_is_reported(world):
    count = Person.objects.count()
    result = run(world.wumei_staff, [
        person_row("好人甲"),                                        # 2 fine
        person_row("坏电话", phone="1381234"),                        # 3
        person_row("坏身份证", id_number="450304195803120022"),       # 4 wrong check character
        person_row("坏性别", gender="未知"),                          # 5
        person_row("坏年份", year="五八年"),                          # 6
        person_row(""),                                               # 7 no name
        person_row("没住址", home=""),                                # 8
        person_row("街道住址", home="桂林市/象山区/象山街道"),        # 9 out of scope for community staff
        person_row("打码", phone="138****5678", id_number="4503**********0021"),  # 10
    ])
    assert not result.ok and Person.objects.count() == count
    assert where(result) == [(3, "手机号"), (4, "身份证号"), (5, "性别"), (6, "出生年份"), (7, "姓名"), (8, "居住地"),
                             (9, "居住地"), (10, "手机号"), (10, "身份证号")]
    reasons = {(e.row, e.column): e.reason for e in result.errors}
    assert reasons[(4, "身份证号")] == "身份证号无效（18位，校验位不符）"
    assert reasons[(9, "居住地")] == "区划“桂林市/象山区/象山街道”不存在或不在您的管辖范围内"


def test_a_home_must_be_a_community_or_below(world):
    result = run(world.street_staff, [person_row("住在街道", home="桂林市/象山区/象山街道")])
    assert [(e.row, e.column, e.reason) for e in result.errors] == [(2, "居住地", "居住地须为社区、小区、楼栋或单元")]


def test_an_id_number_typed_as_a_number_gets_a_hint(world):
    result = run(world.wumei_staff, [person_row("数字身份证", id_number=450304195803120000)])
    assert [(e.row, e.column, e.reason) for e in result.errors] == [
        (2, "身份证号", "身份证号须以文本格式填写（数字格式会丢失末位数字）")]


def test_nanmen_staff_cannot_place_people_in_wumei(world):
    result = run(world.nanmen_staff, [person_row("越界", home=B1), person_row("本地", home="南门社区/南门花园/1栋")])
    assert where(result) == [(2, "居住地")]
    assert not Person.objects.filter(name="本地").exists()


def test_duplicates_within_the_file_and_against_the_database_are_row_errors(world):
    id_a = valid_id("45030419800202002")
    result = run(world.wumei_staff, [
        person_row("甲", id_number=id_a),
        person_row("乙", id_number=id_a.lower()),                          # same ID as row 2
        person_row("王秀英复本", id_number="450304195803120021"),           # registered already
        person_row("丙", phone="13900003333"),
        person_row("丙", phone="13900003333"),                              # same name, home, phone as row 5
        person_row("王秀英", phone="13812345678"),                          # same as the registered person
    ])
    assert [(e.row, e.column, e.reason) for e in result.errors] == [
        (3, "身份证号", "与第2行的身份证号重复"),
        (4, "身份证号", "该身份证号已登记"),
        (6, "姓名", "与第5行重复（姓名、居住地、手机号都相同）"),
        (7, "姓名", "该居住地已登记同名且手机号相同的人员"),
    ]


def test_a_database_error_midway_rolls_back_the_rows_already_written(world, monkeypatch):
    real, calls = services.register_person, []

    def failing(**kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise IntegrityError("boom 450304195803120021")
        return real(**kwargs)

    monkeypatch.setattr(services, "register_person", failing)
    result = run(world.wumei_staff, [person_row("一号"), person_row("二号"), person_row("三号")])
    assert [(e.row, e.column) for e in result.errors] == [(4, "")]
    assert "450304195803120021" not in result.errors[0].reason
    assert not Person.objects.filter(name__in=["一号", "二号", "三号"]).exists()


@pytest.mark.parametrize("persona", ["liaison", "resident", "wumei_grid_worker"])
def test_it_requires_an_importing_role(world, persona):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        run(getattr(world, persona), [person_row("越权")])


def test_a_non_importing_role_elsewhere_does_not_widen_the_import_scope(world):
    from gongzhi.accounts.services import assign_role, create_user

    both = create_user(actor=world.admin, username="wumei_and_nanmen_grid", password="x-pass-123")
    assign_role(actor=world.admin, user=both, role="community_staff", region=world.wumei)
    assign_role(actor=world.admin, user=both, role="grid_worker", region=world.nanmen)
    result = run(both, [person_row("南门居民", home="桂林市/象山区/象山街道/南门社区/南门花园/1栋"), person_row("五美居民")])
    assert [(e.row, e.column, e.reason) for e in result.errors] == [
        (2, "居住地", "区划“桂林市/象山区/象山街道/南门社区/南门花园/1栋”不存在或不在您的管辖范围内")]
