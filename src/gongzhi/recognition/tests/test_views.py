"""Pages: the volunteer's record for staff in scope and for herself (same figures as the API), issuing from the
page (bad input is a form error and writes nothing), the PDF (masked ID, the verification URL, Chinese text), the
scope of the download (404 for others), the public verification page, the exports."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from gongzhi.recognition import services
from gongzhi.recognition.models import Certificate
from gongzhi.recognition.tests.conftest import VOLUNTEER_ID

pytestmark = pytest.mark.django_db


def issue(world, served):
    return services.issue_certificate(actor=world.wumei_staff, person=served["person"], community=world.wumei,
                                      period_start=dt.date(2025, 1, 1), period_end=dt.date(2026, 11, 30))


def test_record_page_and_api_show_the_same_figures(world, served, client_for):
    pk = served["person"].pk
    for user, page_url, api_url in [
        (world.wumei_staff, f"/workbench/recognition/people/{pk}/", f"/api/v1/recognition/people/{pk}/record"),
        (world.volunteer, "/m/recognition/", "/api/v1/recognition/me/record"),
    ]:
        c = client_for(user)
        page = c.get(page_url)
        assert page.status_code == 200
        html = page.content.decode()
        data = c.get(api_url).json()
        assert data["total"] == "11.0" and "11.0" in html
        assert [k["hours"] for k in data["kinds"]] == ["7.0", "2.5", "1.5"]
        assert "荣誉时长" in html and "1.5" in html
        assert [y["total"] for y in data["by_year"]] == ["8.0", "3.0"]


def test_record_is_404_out_of_scope(world, served, client_for):
    pk = served["person"].pk
    for user in (world.nanmen_staff, world.resident, world.outsider):
        assert client_for(user).get(f"/api/v1/recognition/people/{pk}/record").status_code == 404
    assert client_for(world.nanmen_staff).get(f"/workbench/recognition/people/{pk}/").status_code == 404


def test_staff_issue_from_the_page(world, served, client_for):
    c = client_for(world.wumei_staff)
    pk = served["person"].pk
    form = c.get(f"/workbench/recognition/certificates/new/?person={pk}")
    assert form.status_code == 200
    for bad in [{"period_start": "2026-11-30", "period_end": "2026-01-01"},
                {"period_start": "abc", "period_end": "2026-01-01"},
                {"person": "999999", "period_start": "2026-01-01", "period_end": "2026-11-30"},
                {"person": "abc", "period_start": "2026-01-01", "period_end": "2026-11-30"},
                {"person": world.cuizhu_person.pk, "period_start": "2026-01-01", "period_end": "2026-11-30"},
                {"period_start": "2026-11-20", "period_end": "2026-11-30"}]:
        data = {"person": pk, "community": world.wumei.pk, "content": "", **bad}
        response = c.post("/workbench/recognition/certificates/new/", data)
        assert response.status_code == 200, bad
        assert "errorlist" in response.content.decode(), bad
    assert not Certificate.objects.exists()
    response = c.post("/workbench/recognition/certificates/new/", {
        "person": pk, "community": world.wumei.pk, "period_start": "2026-01-01", "period_end": "2026-11-30"})
    certificate = Certificate.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/certificates/{certificate.pk}/")
    assert client_for(world.nanmen_staff).post("/workbench/recognition/certificates/new/", {
        "person": pk, "community": world.wumei.pk, "period_start": "2026-01-01",
        "period_end": "2026-11-30"}).status_code in (200, 404)
    assert Certificate.objects.count() == 1


def test_pdf_carries_the_masked_id_and_the_verification_address(world, served, client_for):
    certificate = issue(world, served)
    response = client_for(world.volunteer).get(f"/recognition/certificates/{certificate.pk}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    compact = text.replace(" ", "").replace("\n", "")
    assert "志愿服务时长证明" in compact and "刘洋" in compact and "4503**********0035" in compact
    assert VOLUNTEER_ID not in compact
    assert certificate.number in compact and "11.0" in compact and "象山街道五美社区" in compact
    assert f"/verify/certificates/{certificate.number}/?h={certificate.hash_prefix}" in compact


def test_download_scope(world, served, client_for):
    certificate = issue(world, served)
    url = f"/recognition/certificates/{certificate.pk}/pdf/"
    assert client_for(world.wumei_staff).get(url).status_code == 200
    for user in (world.nanmen_staff, world.resident, world.liaison, world.outsider):
        assert client_for(user).get(url).status_code == 404, user
        assert client_for(user).get(f"/api/v1/recognition/certificates/{certificate.pk}").status_code == 404
    assert client_for(world.nanmen_staff).get(f"/workbench/recognition/certificates/{certificate.pk}/").status_code == 404


def test_public_verification_page(world, served, client):
    certificate = issue(world, served)
    ok = client.get(f"/verify/certificates/{certificate.number}/?h={certificate.hash_prefix}")
    html = ok.content.decode()
    assert ok.status_code == 200 and "证明真实有效" in html and "刘*" in html and "11.0" in html
    assert "刘洋" not in html and "0035" not in html and "15077303333" not in html
    for url in (f"/verify/certificates/{certificate.number}/?h=0123456789abcdef",
                f"/verify/certificates/{certificate.number}/",
                f"/verify/certificates/GZ-ZYFW-2026-000999/?h={certificate.hash_prefix}"):
        bad = client.get(url)
        assert bad.status_code == 404 and "不是真实证明" in bad.content.decode()
    services.revoke_certificate(actor=world.wumei_staff, certificate=certificate, reason="出具有误")
    revoked = client.get(f"/verify/certificates/{certificate.number}/?h={certificate.hash_prefix}")
    assert revoked.status_code == 200 and "该证明已作废" in revoked.content.decode()
    api = client.get(f"/api/v1/recognition/verify/{certificate.number}?h={certificate.hash_prefix}").json()
    assert api["genuine"] and api["revoked"] and api["name"] == "刘*"
    assert client.get(f"/api/v1/recognition/verify/{certificate.number}?h=ffff0000ffff0000").status_code == 404


def test_exports_mask_by_role(world, served, client_for):
    issue(world, served)
    for user, shown in ((world.wumei_staff, VOLUNTEER_ID), (world.street_staff, "4503**********0035")):
        response = client_for(user).get("/workbench/recognition/volunteers.xlsx?year=2026")
        sheet = load_workbook(io.BytesIO(response.content)).active
        row = [c.value for c in sheet[3]]
        assert row[0] == "刘洋" and row[1] == shown and row[3:7] == [4.0, 2.5, 1.5, 8.0]
        assert "学雷锋志愿服务队" in row[8]
    response = client_for(world.wumei_staff).get("/workbench/recognition/certificates.xlsx")
    row = [c.value for c in load_workbook(io.BytesIO(response.content)).active[3]]
    assert row[0] == "GZ-ZYFW-2026-000001" and row[2] == "4503**********0035"
    assert client_for(world.nanmen_staff).get("/workbench/recognition/volunteers.xlsx").status_code == 200
    nanmen = load_workbook(io.BytesIO(client_for(world.nanmen_staff).get(
        "/workbench/recognition/volunteers.xlsx").content)).active
    assert nanmen.max_row == 2  # nobody served in 南门


def test_the_volunteer_requests_on_the_phone(world, served, client_for):
    c = client_for(world.volunteer)
    assert c.get("/m/recognition/request/").status_code == 200
    bad = c.post("/m/recognition/request/", {"community": world.wumei.pk, "period_start": "2026-11-30",
                                             "period_end": "2026-01-01"})
    assert bad.status_code == 400
    ok = c.post("/m/recognition/request/", {"community": world.wumei.pk, "period_start": "2026-01-01",
                                            "period_end": "2026-11-30", "purpose": "单位评优"})
    assert ok.status_code == 302
    staff = client_for(world.wumei_staff)
    assert "单位评优" in staff.get("/workbench/recognition/requests/").content.decode()


def test_volunteers_page_and_api_mask_alike(world, served, client_for):
    for user, id_number in ((world.wumei_staff, VOLUNTEER_ID), (world.street_staff, "4503**********0035")):
        c = client_for(user)
        html = c.get("/workbench/recognition/?year=2026").content.decode()
        [row] = c.get("/api/v1/recognition/volunteers?year=2026").json()
        assert row["id_number"] == id_number and id_number in html
        assert row["phone"] in html and row["total"] == "8.0"
        assert (VOLUNTEER_ID in html) == (id_number == VOLUNTEER_ID)
