"""Collect static files only when they changed since the last collection.

`gongzhi serve` used to run `collectstatic` on every start: with WhiteNoise's compressed manifest storage that
hashes and compresses (gzip and Brotli) every file of every app again, about 20 s on this project's 1,200 files,
each time a server restarts. A fingerprint of what the static-file finders list (each file's path, size and
modification time, plus the storage and compression settings) is written beside the collected files; when it is
unchanged and the manifest is there, there is nothing to collect.

A newcomer's `make run` collects while the demo loads (`gongzhi static`), so `serve` starts at once.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import get_finders
from django.core.management import call_command

FINGERPRINT_NAME = ".gongzhi-static-fingerprint"
IGNORE_PATTERNS = ["CVS", ".*", "*~"]  # collectstatic's defaults


def fingerprint() -> str:
    """A digest of every file collectstatic would collect, and of the settings that shape the result."""
    digest = hashlib.sha256()
    entries = []
    for finder in get_finders():
        for path, storage in finder.list(IGNORE_PATTERNS):
            prefix = getattr(storage, "prefix", None) or ""
            stat = Path(storage.path(path)).stat()
            entries.append(f"{prefix}/{path}\0{stat.st_size}\0{stat.st_mtime_ns}")
    digest.update(json.dumps({
        "storage": settings.STORAGES["staticfiles"],
        "skip_compress": sorted(getattr(settings, "WHITENOISE_SKIP_COMPRESS_EXTENSIONS", []) or []),
        "static_url": settings.STATIC_URL,
    }, sort_keys=True, default=str).encode())
    for entry in sorted(entries):
        digest.update(entry.encode())
    return digest.hexdigest()


def fingerprint_path() -> Path:
    return Path(settings.STATIC_ROOT) / FINGERPRINT_NAME


def is_current(current: str | None = None) -> bool:
    """True when the collected files (manifest included) match the sources as they are now (`current`: their
    fingerprint, when the caller computed it already)."""
    recorded = fingerprint_path()
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    needs_manifest = "Manifest" in settings.STORAGES["staticfiles"]["BACKEND"]
    if not recorded.is_file() or (needs_manifest and not manifest.is_file()):
        return False
    return recorded.read_text().strip() == (current if current is not None else fingerprint())


def collect_if_changed() -> bool:
    """Run collectstatic when the sources changed; True when it ran. The fingerprint recorded is the one taken
    before collecting: a source changed while collectstatic ran makes the next start collect again."""
    current = fingerprint()
    if is_current(current):
        return False
    fingerprint_path().unlink(missing_ok=True)  # a collection that fails half-way leaves no stale fingerprint
    call_command("collectstatic", interactive=False, verbosity=0)
    path = fingerprint_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(current + "\n")
    temporary.replace(path)
    return True
