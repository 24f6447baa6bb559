"""core.frozen: a frozen document's file is read once, hashed, and handed out only when the hash is the recorded one;
otherwise it is refused, logged with the document's kind and id, and counted for /metrics."""

from __future__ import annotations

import hashlib
import logging

import pytest
from django.core.files import File

from gongzhi.core.frozen import MISMATCHES, FrozenDocumentAltered, read_checked


@pytest.fixture(autouse=True)
def _counts():
    MISMATCHES.reset()
    yield
    MISMATCHES.reset()


def _file(tmp_path, data: bytes) -> File:
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    return File(open(path, "rb"), name=str(path))


def test_an_intact_file_is_handed_out_whole(tmp_path):
    data = b"%PDF-1.7 " + bytes(range(256)) * 1000
    content = read_checked(_file(tmp_path, data), hashlib.sha256(data).hexdigest(), kind="contract", document_id=7)
    assert content.read() == data
    assert MISMATCHES.counts()["contract"] == 0


@pytest.mark.parametrize("recorded", [hashlib.sha256(b"the signed text").hexdigest(), ""])
def test_an_altered_file_is_refused_logged_and_counted(tmp_path, caplog, recorded):
    with caplog.at_level(logging.ERROR, logger="gongzhi.frozen"), pytest.raises(FrozenDocumentAltered):
        read_checked(_file(tmp_path, b"the altered text"), recorded, kind="contract", document_id=7)
    assert MISMATCHES.counts() == {"contract": 1, "evidence": 0, "publication": 0, "annual_report": 0, "case_photo": 0,
                                   "wish_photo": 0, "certificate": 0}
    [record] = caplog.records
    assert record.levelno == logging.ERROR and "contract 7" in record.getMessage()


def test_a_missing_file_is_refused_too(tmp_path):
    missing = File(None, name=str(tmp_path / "gone.pdf"))
    with pytest.raises(FrozenDocumentAltered):
        read_checked(missing, "0" * 64, kind="evidence", document_id=3)
    assert MISMATCHES.counts()["evidence"] == 1
