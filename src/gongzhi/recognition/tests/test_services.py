"""Certificates: issue freezes and hashes the confirmed hours of the period; the hash verifies; tampering, a wrong
number or hash fails; revoking shows revoked; bad input changes nothing; numbers are unique and sequential."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongzhi.chronicle.models import Entry
from gongzhi.recognition import services
from gongzhi.recognition.models import Certificate, CertificateRequest
from gongzhi.recognition.selectors import record

pytestmark = pytest.mark.django_db


def issue(world, served, start=dt.date(2026, 1, 1), end=dt.date(2026, 11, 30), **kwargs):
    return services.issue_certificate(actor=world.wumei_staff, person=served["person"], community=world.wumei,
                                      period_start=start, period_end=end, **kwargs)


def test_record_counts_only_confirmed_hours_by_year_kind_and_team(world, served):
    r = record(served["person"])
    assert r["total"] == Decimal("11.0")
    assert {k["kind"]: k["hours"] for k in r["kinds"]} == {"service": Decimal("7.0"), "duty": Decimal("2.5"),
                                                           "honour": Decimal("1.5")}
    assert [(y["year"], y["total"]) for y in r["by_year"]] == [(2026, Decimal("8.0")), (2025, Decimal("3.0"))]
    assert {t["team"]: t["hours"] for t in r["by_team"]} == {"学雷锋志愿服务队": Decimal("8.5"),
                                                             "红袖标安全卫士队": Decimal("2.5")}
    assert [a["title"] for a in r["activities"]] == ["重阳节敬老义诊"]


def test_issue_freezes_the_period_and_hashes_the_content(world, served):
    c = issue(world, served)
    assert c.number == "GZ-ZYFW-2026-000001"
    assert c.hours_total == Decimal("8.0")
    assert c.holder_id_masked == "4503**********0035"
    assert c.community_name == "象山街道五美社区"
    kinds = {k["kind"]: k["hours"] for k in c.breakdown["kinds"]}
    assert kinds == {"service": "4.0", "duty": "2.5", "honour": "1.5"}
    assert "重阳节敬老义诊" in c.content
    assert len(c.content_hash) == 64 and c.content_hash == services.content_hash(c)
    assert Entry.objects.filter(action="certificate.issued", subject_id=str(c.pk)).exists()
    assert issue(world, served).number == "GZ-ZYFW-2026-000002"


def test_hash_verifies_and_tampering_fails(world, served):
    c = issue(world, served)
    assert services.verify(c.number, c.hash_prefix) == c
    assert services.verify(c.number, c.content_hash.upper()) == c
    assert services.verify(c.number, "0" * 16) is None  # wrong hash
    assert services.verify("GZ-ZYFW-2026-999999", c.hash_prefix) is None  # wrong number
    assert services.verify(c.number, c.hash_prefix[:4]) is None  # too short to mean anything
    assert services.verify(c.number, "zz" * 8) is None
    Certificate.objects.filter(pk=c.pk).update(hours_total=Decimal("80.0"))  # altered in the database
    assert services.verify(c.number, c.hash_prefix) is None


def test_revoked_certificate_verifies_as_revoked(world, served):
    c = issue(world, served)
    services.revoke_certificate(actor=world.wumei_staff, certificate=c, reason="时段填写错误")
    found = services.verify(c.number, c.hash_prefix)
    assert found is not None and found.revoked
    with pytest.raises(ValidationError):
        services.revoke_certificate(actor=world.wumei_staff, certificate=c, reason="再次作废")
    assert Entry.objects.filter(action="certificate.revoked").count() == 1


@pytest.mark.parametrize("start,end", [
    (dt.date(2026, 11, 30), dt.date(2026, 1, 1)),  # end before start
    (dt.date(2026, 1, 1), dt.date(2027, 1, 1)),  # in the future
    (dt.date(2019, 1, 1), dt.date(2026, 1, 1)),  # before the platform
    (dt.date(2026, 11, 20), dt.date(2026, 11, 30)),  # no confirmed hours in the period
    ("2026-01-01", "letters"),
])
def test_bad_period_changes_nothing(world, served, start, end):
    with pytest.raises(ValidationError):
        issue(world, served, start=start, end=end)
    assert not Certificate.objects.exists()
    assert not Entry.objects.filter(action="certificate.issued").exists()


def test_only_the_communitys_staff_issue(world, served):
    for actor in (world.nanmen_staff, world.volunteer, world.wumei_grid_worker, world.liaison):
        with pytest.raises(PermissionDenied):
            services.issue_certificate(actor=actor, person=served["person"], community=world.wumei,
                                       period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 11, 30))
    assert not Certificate.objects.exists()


def test_a_request_is_issued_once_or_declined(world, served):
    req = services.request_certificate(actor=world.volunteer, community=world.wumei,
                                       period_start=dt.date(2025, 1, 1), period_end=dt.date(2026, 11, 30),
                                       purpose="单位评优")
    with pytest.raises(ValidationError):  # one pending request per community
        services.request_certificate(actor=world.volunteer, community=world.wumei,
                                     period_start=dt.date(2025, 1, 1), period_end=dt.date(2026, 11, 30))
    c = issue(world, served, start=req.period_start, end=req.period_end, request=req)
    req.refresh_from_db()
    assert req.status == "issued" and req.certificate == c and c.hours_total == Decimal("11.0")
    with pytest.raises(ValidationError):
        services.decline_request(actor=world.wumei_staff, request=req, reason="重复")
    with pytest.raises(ValidationError):  # no hours in 南门社区
        services.request_certificate(actor=world.volunteer, community=world.nanmen,
                                     period_start=dt.date(2025, 1, 1), period_end=dt.date(2026, 11, 30))
    assert CertificateRequest.objects.count() == 1
