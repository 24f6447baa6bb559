"""A certificate's PDF is drawn only while its stored content still hashes to the hash recorded at issue (core.frozen):
a row changed behind the services' back is never printed, on the page or through the API."""

from __future__ import annotations

import datetime as dt

from gongzhi.core.frozen import MISMATCHES
from gongzhi.recognition import services
from gongzhi.recognition.models import Certificate


def test_an_altered_certificate_is_not_printed(world, served, client_for):
    MISMATCHES.reset()
    certificate = services.issue_certificate(actor=world.wumei_staff, person=served["person"], community=world.wumei,
                                             period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 11, 30))
    client = client_for(world.wumei_staff)
    page, api = f"/recognition/certificates/{certificate.pk}/pdf/", f"/api/v1/recognition/certificates/{certificate.pk}/pdf"
    assert client.get(page).status_code == 200
    Certificate.objects.filter(pk=certificate.pk).update(hours_total=certificate.hours_total + 100)
    refused = client.get(page)
    assert refused.status_code == 500 and "文件校验未通过" in refused.content.decode()
    assert client.get(api).status_code == 500
    assert MISMATCHES.counts()["certificate"] == 2
    MISMATCHES.reset()
