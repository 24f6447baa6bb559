"""Figures: certificates issued (not revoked) and honours awarded (selected in published selections), per node and
year, on the dashboard's and the board's tiles."""

import datetime as dt

import pytest

from gongzhi.core.registry import compute_stats
from gongzhi.recognition import services

pytestmark = pytest.mark.django_db


def _figures(node, year=None):
    return {s["key"]: s["value"] for s in compute_stats(node, year) if s["key"] in ("certificates_issued",
                                                                                  "honours_awarded")}


def test_certificates_and_honours_per_node_and_year(world, served):
    issue = lambda: services.issue_certificate(  # noqa: E731
        actor=world.wumei_staff, person=served["person"], community=world.wumei,
        period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 11, 30))
    issue()
    services.revoke_certificate(actor=world.wumei_staff, certificate=issue(), reason="重复出具")
    s = services.open_selection(actor=world.wumei_staff, node=world.wumei, year=2026, kind="volunteer")
    n = services.nominate(actor=world.wumei_staff, selection=s, person=served["person"], reason="热心")
    services.decide_selection(actor=world.wumei_staff, selection=s, committee="黄敏", decided_on=dt.date(2026, 11, 30),
                              decisions={n.pk: ("selected", "公认")})
    assert _figures(world.wumei, 2026) == {"certificates_issued": 1, "honours_awarded": 0}  # not yet published
    services.publish_selection(actor=world.wumei_staff, selection=s)
    assert _figures(world.wumei, 2026) == {"certificates_issued": 1, "honours_awarded": 1}
    assert _figures(world.xiangshan) == {"certificates_issued": 1, "honours_awarded": 1}
    assert _figures(world.wumei, 2025) == {"certificates_issued": 0, "honours_awarded": 0}
    assert _figures(world.nanmen, 2026) == {"certificates_issued": 0, "honours_awarded": 0}


def test_staff_issue_from_a_request(world, served, client_for):
    req = services.request_certificate(actor=world.volunteer, community=world.wumei,
                                       period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 11, 30))
    c = client_for(world.wumei_staff)
    form = c.get(f"/workbench/recognition/certificates/new/?request={req.pk}")
    assert form.status_code == 200 and 'value="2026-01-01"' in form.content.decode()
    assert client_for(world.nanmen_staff).get(
        f"/workbench/recognition/certificates/new/?request={req.pk}").status_code == 404
    done = c.post("/workbench/recognition/certificates/new/", {
        "person": served["person"].pk, "community": world.wumei.pk, "period_start": "2026-01-01",
        "period_end": "2026-11-30", "request": req.pk})
    assert done.status_code == 302
    req.refresh_from_db()
    assert req.status == "issued" and req.certificate.hours_total == 8
    pdf = client_for(world.volunteer).get(f"/recognition/certificates/{req.certificate.pk}/pdf/")
    assert pdf.status_code == 200
    revoke = c.post(f"/workbench/recognition/certificates/{req.certificate.pk}/revoke/", {"reason": "出具有误"})
    assert revoke.status_code == 302
    assert "已作废" in client_for(world.volunteer).get("/m/recognition/").content.decode()
