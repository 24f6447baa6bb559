"""Checking an uploaded file by its content, not its name: photos of cases and wishes, contract evidence."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

JPEG_PNG = {b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png"}
JPEG_PNG_PDF = {**JPEG_PNG, b"%PDF-": "application/pdf"}
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


def read_checked(upload, *, field: str, types: dict[bytes, str], not_allowed: str, default_name: str,
                 max_bytes: int = MAX_UPLOAD_BYTES) -> tuple[str, str, bytes]:
    """(name, content type, bytes) of one upload whose first bytes match one of `types` and whose size is at most
    `max_bytes` (5 MB); otherwise a ValidationError on `field` naming the file (`not_allowed` has `%(name)s`)."""
    name = getattr(upload, "name", default_name)
    too_big = _("“%(name)s”超过 5 MB") % {"name": name}
    if getattr(upload, "size", 0) > max_bytes:
        raise ValidationError({field: too_big})
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValidationError({field: too_big})
    kind = next((t for magic, t in types.items() if data.startswith(magic)), None)
    if kind is None:
        raise ValidationError({field: not_allowed % {"name": name}})
    return name, kind, data
