"""The signed contract and the board's publications render Chinese text correctly: the PDF's text is
extracted and compared, and a page is turned into an image."""

import datetime as dt
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from gongzhi.contracts import services
from gongzhi.core import clock


def _text(field_file) -> str:
    field_file.open("rb")
    try:
        return "".join(page.extract_text() for page in PdfReader(field_file).pages)
    finally:
        field_file.close()


def test_the_signed_contract_pdf_reads_back_in_chinese(lifecycle):
    text = _text(lifecycle.contract.document).replace(" ", "").replace("\n", "")
    for expected in ("《城市基层党建共建契约书》", "五美社区党委", "桂林市中医医院党委", "大型义诊进社区",
                     "四点半课堂", "党员发展教育", "单位自评、社区评议、街道总评、城区复核", "2026年12月15日"):
        assert expected in text, expected


def test_a_quarterly_report_pdf_reads_back_in_chinese(lifecycle):
    w = lifecycle.world
    with clock.frozen(dt.datetime(2026, 4, 3, tzinfo=dt.UTC)):
        services.record_fulfilment(actor=w.liaison, commitment=lifecycle.clinic, date=dt.date(2026, 3, 20),
                                   content="义诊", person_times=120)
        report = services.publish(actor=w.wumei_staff, community=w.wumei, year=2026, period=1)
    text = _text(report.document).replace(" ", "").replace("\n", "")
    assert "五美社区2026年第1季度契约履约情况" in text
    assert "大型义诊进社区" in text and "120人次" in text


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils is installed by `make test`")
def test_the_contract_renders_to_an_image_with_ink_on_it(lifecycle, tmp_path):
    pdf = tmp_path / "contract.pdf"
    lifecycle.contract.document.open("rb")
    pdf.write_bytes(lifecycle.contract.document.read())
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
                   check=True)
    png = next(tmp_path.glob("page*.png")).read_bytes()
    assert png.startswith(b"\x89PNG") and len(png) > 5_000  # a blank page compresses to far less
