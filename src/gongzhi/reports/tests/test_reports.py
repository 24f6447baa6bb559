"""年度报告: the snapshot uses the figures report's selectors; the PDF of 象山街道 2026 renders its Chinese text and
its charts; only staff in scope make one, only the street publishes it; published, it is frozen and on the boards
below; no personal data in the snapshot or the PDF."""

import datetime as dt
import json
import subprocess

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from PIL import Image

from gongzhi.contracts import services as contracts
from gongzhi.contracts.selectors import figures
from gongzhi.contracts.tests.conftest import build_lifecycle
from gongzhi.core import clock
from gongzhi.core.privacy import find_personal_numbers
from gongzhi.people.models import Person
from gongzhi.reports import services
from gongzhi.reports.models import AnnualReport, ReportStatus

LATE_2026 = dt.datetime(2026, 12, 20, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def year_of_work(world):
    c = build_lifecycle(world)
    with clock.frozen(dt.datetime(2026, 5, 10, 9, 0, tzinfo=dt.UTC)):
        contracts.record_fulfilment(actor=world.wumei_staff, commitment=c.contract.commitments.first(),
                                    date=dt.date(2026, 5, 9), content="社区义诊", person_times=86,
                                    organisation=world.hospital)
    return c


@pytest.fixture
def built(world, year_of_work):
    with clock.frozen(LATE_2026):
        report = services.request_report(actor=world.street_staff, node=world.xiangshan_street, year=2026)
        return services.build_report(report_id=report.pk)


def test_the_snapshot_uses_the_figures_reports_numbers(world, built):
    f = figures(path=world.xiangshan_street.path, year=2026)
    headline = {h["label"]: h["value"] for h in built.snapshot["headline"]}
    assert headline["签订共建契约"] == f.contracts == 1
    assert headline["服务群众"] == f.person_times == 86
    assert built.snapshot["monthly_person_times"][4] == 86  # May
    assert built.status == ReportStatus.READY and len(built.sha256) == 64


def test_the_pdf_renders_chinese_text_and_charts(world, built, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(built.pdf.read())
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    text = "".join(text.split())  # the title's letter spacing reads back as spaces
    assert "象山街道2026年度" in text and "城市基层党建共建共治工作报告" in text
    assert "受理群众诉求" in text and "450304001001-2026-001" in text and "5月" in text
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(path), str(tmp_path / "page")], check=True)
    reds = 0
    for png in sorted(tmp_path.glob("page*.png")):
        image = Image.open(png).convert("RGB")
        reds += sum(n for n, (r, g, b) in image.getcolors(maxcolors=1 << 24) if r > 150 and g < 80 and b < 80)
    assert reds > 50  # the red bars of the charts (and the headings' red rule) are drawn


def test_no_personal_data_in_the_snapshot_or_the_pdf(world, built, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(built.pdf.read())
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    data = json.dumps(built.snapshot, ensure_ascii=False)
    names = [n for n in Person.objects.values_list("name", flat=True) if len(n) >= 2] + ["周丽华", "黄敏", "莫晓琳"]
    for body in (text, data):
        assert find_personal_numbers(body) == []
        assert not [n for n in names if n in body]


def test_only_staff_in_scope_make_reports(world, year_of_work):
    with pytest.raises(PermissionDenied):
        services.request_report(actor=world.wumei_staff, node=world.xiangshan_street, year=2026)
    with pytest.raises(PermissionDenied):
        services.request_report(actor=world.liaison, node=world.wumei, year=2026)
    with pytest.raises(ValidationError):
        services.request_report(actor=world.street_staff, node=world.xiangshan_street, year=clock.today().year + 1)
    assert not AnnualReport.objects.exists()


def test_pages_are_scoped(world, built, client_for):
    assert client_for(world.street_staff).get(f"/workbench/reports/{built.pk}/").status_code == 200
    assert client_for(world.wumei_staff).get(f"/workbench/reports/{built.pk}/").status_code == 404
    assert client_for(world.nanmen_staff).get(f"/workbench/reports/{built.pk}/pdf/").status_code == 404
    page = client_for(world.street_staff).get(f"/workbench/reports/{built.pk}/").content.decode()
    assert "受理群众诉求" in page and "<svg" in page


def test_published_reports_are_frozen_and_on_the_boards_below(world, built, client_for, client):
    assert client.get(f"/board/reports/{built.pk}.pdf").status_code == 404  # not yet published
    with pytest.raises(PermissionDenied):
        services.publish_report(actor=world.wumei_staff, report=built)
    with clock.frozen(LATE_2026):
        services.publish_report(actor=world.street_staff, report=built)
    built.refresh_from_db()
    assert built.status == ReportStatus.PUBLISHED
    with pytest.raises(ValidationError):
        services.request_report(actor=world.street_staff, node=world.xiangshan_street, year=2026)
    with pytest.raises(ValidationError):
        built.save()
    response = client.get(f"/board/reports/{built.pk}.pdf")
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    board = client.get(f"/board/{world.wumei.pk}/").content.decode()
    assert f"/board/reports/{built.pk}.pdf" in board
    assert f"/board/reports/{built.pk}.pdf" not in client.get(f"/board/{world.cuizhu.pk}/").content.decode()


def test_the_request_form_refuses_a_node_out_of_scope(world, client_for):
    response = client_for(world.wumei_staff).post("/workbench/reports/", {"node": world.xiangshan_street.pk,
                                                                          "year": 2026})
    assert response.status_code == 200 and not AnnualReport.objects.exists()
