"""A signed contract's PDF and a fulfilment's evidence are served only while their stored file still hashes to the
sha256 recorded when they were frozen (core.frozen, ADR 0024): intact → the file; altered → a 500 page saying the
document was withheld, an error logged with its id, /metrics counting it; the check adds no query."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongzhi.contracts import services
from gongzhi.contracts.tests.conftest import build_lifecycle
from gongzhi.core import clock, frozen
from gongzhi.core.frozen import MISMATCHES
from gongzhi.testing import files

APRIL = dt.datetime(2026, 4, 2, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def signed(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # the shared media folder of this test
    MISMATCHES.reset()
    yield build_lifecycle(world)
    MISMATCHES.reset()


def _tamper(name: str) -> None:
    with open(default_storage.path(name), "r+b") as f:  # what a person with access to the share could do
        f.seek(-8, 2)
        f.write(b"ALTERED!")


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_an_intact_signed_contract_is_served_with_no_extra_query(signed, client_for, monkeypatch):
    contract, client = signed.contract, client_for(signed.world.liaison)
    url = reverse("contracts:document", args=[contract.pk])
    client.get(url)  # the session's first request warms what it warms
    with CaptureQueriesContext(connection) as checked:
        response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    with default_storage.open(contract.document.name, "rb") as stored:
        assert _body(response) == stored.read()
    monkeypatch.setattr(frozen, "read_checked", lambda field_file, *a, **k: field_file.open("rb"))
    with CaptureQueriesContext(connection) as unchecked:
        assert client.get(url).status_code == 200
    assert len(checked) == len(unchecked)
    assert MISMATCHES.counts()["contract"] == 0


def test_an_altered_signed_contract_is_withheld(signed, client_for, caplog, client, settings):
    contract = signed.contract
    _tamper(contract.document.name)
    with caplog.at_level(logging.ERROR, logger="gongzhi.frozen"):
        response = client_for(signed.world.liaison).get(reverse("contracts:document", args=[contract.pk]))
    assert response.status_code == 500
    page = response.content.decode()
    assert "文件校验未通过" in page and "%PDF" not in page
    assert next(r.getMessage() for r in caplog.records if r.name == "gongzhi.frozen").startswith(
        f"frozen document contract {contract.pk}:")
    assert MISMATCHES.counts()["contract"] == 1
    settings.GONGZHI_METRICS_TOKEN = "t"
    metrics = client.get("/metrics", HTTP_AUTHORIZATION="Bearer t").content.decode()
    assert 'gongzhi_frozen_document_mismatch_total{kind="contract"} 1' in metrics


def test_altered_evidence_is_withheld_and_intact_evidence_served(signed):
    from django.test import Client

    w = signed.world
    with clock.frozen(APRIL):
        fulfilment = services.record_fulfilment(
            actor=w.liaison, commitment=signed.clinic, date=dt.date(2026, 3, 20), content="第一季度义诊",
            person_times=120, volunteer_hours=24,
            evidence=[SimpleUploadedFile("义诊现场.jpg", files.jpeg(), content_type="image/jpeg")])
    evidence = fulfilment.evidence.get()
    client = Client()
    client.force_login(w.wumei_staff)
    url = reverse("contracts:evidence", args=[evidence.pk])
    assert client.get(url).status_code == 200
    _tamper(evidence.file.name)
    assert client.get(url).status_code == 500
    assert MISMATCHES.counts()["evidence"] == 1


def test_a_board_publication_pdf_is_served_only_while_it_matches_its_hash(signed, client_for, client):
    import hashlib
    from importlib import import_module

    from django.apps import apps

    from gongzhi.contracts.models import Publication

    w = signed.world
    with clock.frozen(APRIL):
        publication = services.publish(actor=w.wumei_staff, community=w.wumei, year=2026, period=0)
    with publication.document.open("rb") as stored:
        assert publication.document_sha256 == hashlib.sha256(stored.read()).hexdigest()
    url = reverse("board:publication_pdf", args=[publication.pk])
    assert _body(client.get(url)).startswith(b"%PDF")

    _tamper(publication.document.name)
    refused = client.get(url)  # the public board, no login
    assert refused.status_code == 500 and "文件校验未通过" in refused.content.decode()
    assert MISMATCHES.counts()["publication"] == 1

    # a publication made before the hash was recorded: the migration hashes its file as it is then
    migration = import_module("gongzhi.contracts.migrations.0006_publication_document_sha256")
    Publication.objects.filter(pk=publication.pk).update(document_sha256="")
    migration.record_document_hashes(apps, None)
    assert client.get(url).status_code == 200  # the altered bytes are now what was recorded: the best evidence left
    default_storage.delete(publication.document.name)
    Publication.objects.filter(pk=publication.pk).update(document_sha256="")
    migration.record_document_hashes(apps, None)
    assert Publication.objects.get(pk=publication.pk).document_sha256 == ""  # no file: left blank, withheld
    assert client.get(url).status_code == 500
