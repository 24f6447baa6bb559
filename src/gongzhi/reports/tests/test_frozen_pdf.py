"""An annual report's PDF is served (workbench and public board) only while it still hashes to the sha256 recorded
when it was built (core.frozen, ADR 0024)."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage

from gongzhi.core import clock
from gongzhi.core.frozen import MISMATCHES
from gongzhi.reports import services
from gongzhi.reports.tests.test_reports import LATE_2026, year_of_work  # noqa: F401 (fixture)


@pytest.fixture
def published(world, year_of_work, settings, tmp_path):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path
    MISMATCHES.reset()
    with clock.frozen(LATE_2026):
        report = services.request_report(actor=world.street_staff, node=world.xiangshan_street, year=2026)
        report = services.build_report(report_id=report.pk)
        report = services.publish_report(actor=world.street_staff, report=report)
    yield report
    MISMATCHES.reset()


def test_an_altered_report_is_withheld_on_the_board_and_the_workbench(world, published, client, client_for):
    public_url, workbench_url = f"/board/reports/{published.pk}.pdf", f"/workbench/reports/{published.pk}/pdf/"
    intact = client.get(public_url)
    assert intact.status_code == 200 and b"".join(intact.streaming_content).startswith(b"%PDF")
    with open(default_storage.path(published.pdf.name), "ab") as f:
        f.write(b"%% appended")
    refused = client.get(public_url)
    assert refused.status_code == 500 and "文件校验未通过" in refused.content.decode()
    assert client_for(world.street_staff).get(workbench_url).status_code == 500
    assert MISMATCHES.counts()["annual_report"] == 2
