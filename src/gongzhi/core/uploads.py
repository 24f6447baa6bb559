"""Checking an uploaded file by its content, not its name: photos of cases and wishes, contract evidence, annual
reports.

The first bytes only say what a file claims to be (a text file that begins with `%PDF-` was once accepted as
evidence). So every accepted file is opened for real before it is kept: a PDF is parsed with pypdf and must
have at least one page; an image is decoded in full with Pillow, and refused if it has more pixels than any
phone photo (a decompression bomb: a few kilobytes that unpack into gigabytes)."""

from __future__ import annotations

import io
import logging
import warnings

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

JPEG_PNG = {b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png"}
JPEG_PNG_PDF = {**JPEG_PNG, b"%PDF-": "application/pdf"}
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_IMAGE_PIXELS = 50_000_000  # a 200-megapixel phone is not what residents carry; 50 MP is generous
MAX_PDF_PAGES = 500

_PIL_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG"}


def is_real_pdf(data: bytes) -> bool:
    """True when pypdf reads `data` as a PDF with at least one page (and at most MAX_PDF_PAGES)."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # a forged file is refused, not logged as a warning
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            pages = len(reader.pages)
            if not 1 <= pages <= MAX_PDF_PAGES:
                return False
            reader.pages[0].mediabox  # noqa: B018 - the first page must be readable, not only counted
    except (PyPdfError, ValueError, TypeError, KeyError, AttributeError, IndexError, RecursionError, OSError,
            AssertionError, ZeroDivisionError):
        return False
    return True


def is_real_image(data: bytes, kind: str) -> bool:
    """True when Pillow decodes `data` in full as the format its first bytes claim (`kind`), within
    MAX_IMAGE_PIXELS."""
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[_PIL_FORMATS[kind]]) as image:
                width, height = image.size
                if width < 1 or height < 1 or width * height > MAX_IMAGE_PIXELS:
                    return False
                image.verify()  # checks the structure (PNG chunk CRCs); the image cannot be used after it
            with Image.open(io.BytesIO(data), formats=[_PIL_FORMATS[kind]]) as image:
                image.load()  # decodes every pixel: a truncated or corrupted body fails here
    except (Image.DecompressionBombError, Image.DecompressionBombWarning, OSError, SyntaxError, ValueError,
            TypeError, IndexError, KeyError, EOFError, MemoryError):
        return False
    return True


def opens_as(data: bytes, kind: str) -> bool:
    """True when the content really is `kind` (a content type of JPEG_PNG_PDF), not only its first bytes."""
    if kind == "application/pdf":
        return is_real_pdf(data)
    return is_real_image(data, kind)


def read_checked(upload, *, field: str, types: dict[bytes, str], not_allowed: str, default_name: str,
                 max_bytes: int = MAX_UPLOAD_BYTES) -> tuple[str, str, bytes]:
    """(name, content type, bytes) of one upload whose first bytes match one of `types`, which opens as that
    type (see `opens_as`) and whose size is at most `max_bytes` (5 MB); otherwise a ValidationError on `field`
    naming the file (`not_allowed` has `%(name)s`)."""
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
    if not opens_as(data, kind):
        raise ValidationError({field: _("“%(name)s”打不开：文件已损坏，或并不是它看起来的那种文件。请换一个文件。")
                               % {"name": name}})
    return name, kind, data
