"""Frozen documents are served only when their file still hashes to what was recorded when they were frozen.

A signed contract's PDF, a published annual report, the evidence of a fulfilment, a case's photos, a wish's
completion photo: each row keeps the sha256 of its file, taken when the file was written, and the file is never
written again. Files live on storage shared by every server (a network folder or a bucket, docs/deployment.md), where
a mistaken restore, a disk fault or a person with access to the share could change one. So every download reads the
file once, hashing it as it goes into a spooled temporary file (in memory up to SPOOL_IN_MEMORY, on disk beyond), and
serves those very bytes only if the hash is the recorded one: the file cannot change between the check and the
answer. On a mismatch nothing of the file is sent: the visitor gets an error page saying the document was withheld,
the log an error naming the document's kind and id (never a person), and `/metrics` counts it
(`gongzhi_frozen_document_mismatch_total{kind=…}`, ADR 0024). No database query is added: the hash is on the row the
view has already read."""

from __future__ import annotations

import hashlib
import logging
import tempfile
import threading
from typing import IO, Any

from django.core.files import File
from django.http import FileResponse, HttpResponse

logger = logging.getLogger("gongzhi.frozen")

# The kinds of frozen document checked on read: the label values of the /metrics counter (all shown, zeros too).
KINDS = ("contract", "evidence", "publication", "annual_report", "case_photo", "wish_photo", "certificate")
CHUNK = 64 * 1024
SPOOL_IN_MEMORY = 8 * 1024 * 1024  # a photo or a contract's PDF stays in memory; a large report goes to a temp file


class FrozenDocumentAltered(Exception):
    """The stored file of a frozen document no longer hashes to the sha256 recorded when it was frozen."""

    def __init__(self, kind: str, document_id: object) -> None:
        super().__init__(f"{kind} {document_id}")
        self.kind, self.document_id = kind, document_id


class MismatchCounter:
    """Mismatches seen by this process, per kind of document (a bounded label set: the kinds named in the code)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: dict[str, int] = {}

    def count(self, kind: str) -> None:
        assert kind in KINDS, kind
        with self._lock:
            self._counts[kind] = self._counts.get(kind, 0) + 1

    def counts(self) -> dict[str, int]:
        with self._lock:
            return {kind: self._counts.get(kind, 0) for kind in KINDS}

    def reset(self) -> None:
        with self._lock:
            self._counts.clear()


MISMATCHES = MismatchCounter()


def refuse(kind: str, document_id: object, *, found: str | None = None) -> FrozenDocumentAltered:
    """Log and count a frozen document that does not match its recorded hash; returns the exception to raise."""
    MISMATCHES.count(kind)
    logger.error("frozen document %s %s: what is stored no longer hashes to the sha256 recorded when it was frozen "
                 "(found %s); not served. Restore it from a backup (gongzhi restore checks every file's hash).",
                 kind, document_id, f"{found[:16]}…" if found else "no readable file")
    return FrozenDocumentAltered(kind, document_id)


def read_checked(field_file: File, expected_sha256: str, *, kind: str, document_id: object) -> IO[bytes]:
    """The file's bytes, positioned at the start, once they were read in full and hashed to `expected_sha256`;
    FrozenDocumentAltered (logged and counted) otherwise, also when the file is missing or unreadable."""
    spool: Any = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)  # noqa: SIM115 (FileResponse closes it)
    digest = hashlib.sha256()
    try:
        with field_file.open("rb") as source:
            while chunk := source.read(CHUNK):
                digest.update(chunk)
                spool.write(chunk)
    except (OSError, ValueError):  # missing or unreadable (ValueError: a File that cannot be reopened)
        spool.close()
        raise refuse(kind, document_id) from None
    found = digest.hexdigest()
    if not expected_sha256 or found != expected_sha256.lower():
        spool.close()
        raise refuse(kind, document_id, found=found)
    spool.seek(0)
    return spool


def checked_file_response(request, field_file: File, expected_sha256: str, *, kind: str, document_id: object,
                          **response_kwargs: Any) -> HttpResponse:
    """A FileResponse of the frozen document's file if it still matches its recorded hash, else the error page."""
    try:
        content = read_checked(field_file, expected_sha256, kind=kind, document_id=document_id)
    except FrozenDocumentAltered:
        return altered_page(request)
    return FileResponse(content, **response_kwargs)


def altered_page(request) -> HttpResponse:
    from gongzhi.core.errors import frozen_document_altered

    return frozen_document_altered(request)
