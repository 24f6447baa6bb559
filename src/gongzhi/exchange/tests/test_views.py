from urllib.parse import quote

import pytest
from django.db import IntegrityError
from django.urls import reverse

from gongzhi.core import clock
from gongzhi.exchange import services
from gongzhi.exchange.tests.workbooks import (
    ORG_HEADER,
    PEOPLE_HEADER,
    org_row,
    person_row,
    read,
    upload,
    xlsx,
)
from gongzhi.organisations.models import Organisation
from gongzhi.people.models import Person

INDEX = reverse("exchange:index")


def url(name, kind):
    return reverse(f"exchange:{name}", args=[kind])


# --- the page -----------------------------------------------------------------------------------------
def test_the_page_shows_three_sections_to_an_administrator(world, client_for):
    response = client_for(world.admin).get(INDEX)
    assert response.status_code == 200
    html = response.content.decode()
    for kind, label in (("organisations", "驻区单位"), ("people", "人员"), ("regions", "区划节点")):
        assert f'data-testid="section-{kind}"' in html and label in html
        assert url("template", kind) in html and url("export", kind) in html and url("import", kind) in html


def test_community_staff_see_no_region_upload(world, client_for):
    html = client_for(world.wumei_staff).get(INDEX).content.decode()
    assert url("import", "organisations") in html and url("import", "people") in html
    assert url("export", "regions") in html and url("import", "regions") not in html


def test_a_liaison_sees_exports_only(world, client_for):
    html = client_for(world.liaison).get(INDEX).content.decode()
    assert url("export", "organisations") in html and url("export", "people") in html
    assert "exchange/regions" not in html and "/import/" not in html and "/template/" not in html


def test_it_requires_login_for_the_page(client):
    response = client.get(INDEX)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_it_requires_a_workbench_role_for_the_page(world, client_for):
    response = client_for(world.resident).get(INDEX)
    assert response.status_code == 302 and response["Location"] == reverse("core:resident_home")


# --- import -------------------------------------------------------------------------------------------
def test_a_good_upload_imports_and_reports_the_count(world, client_for):
    content = xlsx(ORG_HEADER, [org_row("网页导入单位一"), org_row("网页导入单位二", kind="商户")])
    response = client_for(world.wumei_staff).post(url("import", "organisations"), {"file": upload(content)},
                                                  follow=True)
    assert response.redirect_chain == [(INDEX, 302)]
    assert "导入成功：已导入 2 条驻区单位记录" in response.content.decode()
    assert Organisation.objects.filter(name__startswith="网页导入单位").count() == 2


def test_a_bad_upload_shows_every_error_and_imports_nothing(world, client_for):
    content = xlsx(PEOPLE_HEADER, [person_row("好人"), person_row("坏电话", phone="123"), person_row("")])
    response = client_for(world.wumei_staff).post(url("import", "people"), {"file": upload(content, "居民.xlsx")})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="import-errors"' in html and "居民.xlsx" in html
    assert "第3行" in html and "手机号格式不正确" in html and "第4行" in html and "不能为空" in html
    assert "发现 2 处错误" in html
    assert not Person.objects.filter(name="好人").exists()


def test_a_file_that_is_not_xlsx_gets_a_clear_error(world, client_for):
    response = client_for(world.wumei_staff).post(url("import", "organisations"),
                                                  {"file": upload(b"%PDF-1.4 not a workbook", "单位.xlsx")})
    assert response.status_code == 200
    html = response.content.decode()
    assert "不是有效的 Excel 工作簿" in html and "整个文件" in html


def test_no_file_gets_a_clear_error(world, client_for):
    response = client_for(world.wumei_staff).post(url("import", "organisations"), {})
    assert response.status_code == 200 and "请选择要导入的 .xlsx 文件" in response.content.decode()


def test_a_database_error_is_reported_not_a_500(world, client_for, monkeypatch):
    def broken(**kwargs):
        raise IntegrityError("broken")

    monkeypatch.setattr(services, "create_organisation", broken)
    content = xlsx(ORG_HEADER, [org_row("出错单位")])
    response = client_for(world.wumei_staff).post(url("import", "organisations"), {"file": upload(content)})
    assert response.status_code == 200 and "已全部回滚" in response.content.decode()


def test_it_requires_login_to_import(world, client):
    response = client.post(url("import", "organisations"), {"file": upload(xlsx(ORG_HEADER, [org_row("匿名")]))})
    assert response.status_code == 302
    assert not Organisation.objects.filter(name="匿名").exists()


@pytest.mark.parametrize(("persona", "kind"), [
    ("resident", "organisations"), ("liaison", "organisations"), ("receiver", "people"),
    ("wumei_grid_worker", "people"), ("outsider", "people"),
    ("wumei_staff", "regions"), ("street_staff", "regions"),
])
def test_it_requires_an_importing_role_and_answers_404(world, client_for, persona, kind):
    content = xlsx(ORG_HEADER, [org_row("越权单位")])
    response = client_for(getattr(world, persona)).post(url("import", kind), {"file": upload(content)})
    assert response.status_code == 404


def test_it_requires_post_to_import(world, client_for):
    assert client_for(world.wumei_staff).get(url("import", "organisations")).status_code == 405


def test_an_unknown_kind_is_404(world, client_for):
    client = client_for(world.admin)
    assert client.get(url("export", "contracts")).status_code == 404
    assert client.post(url("import", "contracts")).status_code == 404


# --- export -------------------------------------------------------------------------------------------
def test_export_downloads_the_visible_rows_with_an_rfc5987_filename(world, client_for):
    response = client_for(world.nanmen_staff).get(url("export", "people"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    day = f"{clock.today():%Y%m%d}"
    assert response["Content-Disposition"] == (
        f"attachment; filename=\"people-{day}.xlsx\"; filename*=UTF-8''{quote(f'人员-{day}.xlsx')}")
    assert "no-store" in response["Cache-Control"]
    names = [row[0] for row in read(response.content)[1:]]
    assert "王秀英" not in names and "张伟" in names


def test_export_organisations_filename(world, client_for):
    response = client_for(world.street_staff).get(url("export", "organisations"))
    assert quote("驻区单位-") in response["Content-Disposition"]
    assert "138****1234" in [row[10] for row in read(response.content)[1:]]


def test_it_requires_login_to_export(client):
    response = client.get(url("export", "people"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize(("persona", "kind"), [
    ("resident", "people"), ("outsider", "organisations"), ("volunteer", "people"),
    ("liaison", "regions"), ("receiver", "regions"),
])
def test_it_requires_a_role_that_may_export(world, client_for, persona, kind):
    assert client_for(getattr(world, persona)).get(url("export", kind)).status_code == 404


def test_export_query_count_is_the_same_through_the_page(world, client_for, django_assert_max_num_queries):
    client = client_for(world.admin)
    client.get(url("export", "people"))
    with django_assert_max_num_queries(12):
        client.get(url("export", "people"))


# --- template -----------------------------------------------------------------------------------------
def test_the_template_downloads_with_header_and_example(world, client_for):
    response = client_for(world.wumei_staff).get(url("template", "people"))
    assert response.status_code == 200
    assert quote("人员-导入模板.xlsx") in response["Content-Disposition"]
    rows = read(response.content)
    assert rows[0] == PEOPLE_HEADER and len(rows) == 2


def test_it_requires_login_for_the_template(client):
    assert client.get(url("template", "organisations")).status_code == 302


def test_it_requires_an_importing_role_for_the_template(world, client_for):
    assert client_for(world.liaison).get(url("template", "organisations")).status_code == 404
    assert client_for(world.wumei_staff).get(url("template", "regions")).status_code == 404
    assert client_for(world.district_staff).get(url("template", "regions")).status_code == 200
