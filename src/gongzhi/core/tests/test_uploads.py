"""Uploads are opened for real before they are kept: a text file that merely begins with `%PDF-` was accepted as
contract evidence. Each accepted type (PDF, JPEG, PNG) is forged here in the ways a magic-bytes check misses."""

import io
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from gongzhi.core import uploads
from gongzhi.core.uploads import JPEG_PNG_PDF, read_checked
from gongzhi.testing import files


def _check(data: bytes, name: str = "佐证"):
    return read_checked(SimpleUploadedFile(name, data), field="evidence", types=JPEG_PNG_PDF, default_name="file",
                        not_allowed="“%(name)s”不是 JPG、PNG 或 PDF 文件")


def _png_header_claiming(width: int, height: int) -> bytes:
    """A valid PNG signature and IHDR chunk announcing width × height, followed by one tiny IDAT: a bomb's shape."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return len(body).to_bytes(4, "big") + kind + body + zlib.crc32(kind + body).to_bytes(4, "big")

    ihdr = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 2, 0, 0, 0])
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + \
        chunk(b"IEND", b"")


def _truncated(data: bytes) -> bytes:
    return data[: len(data) * 2 // 3]


def _corrupted_png() -> bytes:
    data = bytearray(files.png((64, 64)))
    data[40] ^= 0xFF  # inside IDAT: the chunk's CRC no longer matches
    return bytes(data)


FORGED = {
    "text that begins with %PDF-": b"%PDF-1.4\nthis is only text pretending to be a PDF\n",
    "a PDF skeleton without pages": b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
    "half a PDF": _truncated(files.pdf())[:60],
    "text that begins like a JPEG": b"\xff\xd8\xff\xe0" + b"0" * 200,
    "a truncated JPEG": _truncated(files.jpeg((64, 64))),
    "text that begins like a PNG": b"\x89PNG\r\n\x1a\n" + b"0" * 100,
    "a PNG with a broken chunk": _corrupted_png(),
    "a truncated PNG": _truncated(files.png((64, 64))),
    "a PNG bomb of 100,000 × 100,000 pixels": _png_header_claiming(100_000, 100_000),
}


@pytest.mark.parametrize("data", FORGED.values(), ids=FORGED.keys())
def test_a_forged_file_is_refused_with_a_plain_message(data):
    with pytest.raises(ValidationError) as refused:
        _check(data, "义诊现场")
    message = refused.value.message_dict["evidence"][0]
    assert "义诊现场" in message and "打不开" in message


@pytest.mark.parametrize(("data", "kind"), [(files.pdf(), "application/pdf"), (files.jpeg(), "image/jpeg"),
                                            (files.png(), "image/png")])
def test_a_real_file_of_each_type_is_accepted(data, kind):
    assert _check(data) == ("佐证", kind, data)


def test_an_image_above_the_pixel_bound_is_refused(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_IMAGE_PIXELS", 63)
    with pytest.raises(ValidationError):
        _check(files.png((8, 8)))


def test_a_real_photo_from_a_phone_sized_camera_is_accepted():
    out = io.BytesIO()
    Image.new("RGB", (4000, 3000), (10, 10, 10)).save(out, format="JPEG", quality=20)
    assert _check(out.getvalue())[1] == "image/jpeg"


def test_a_png_named_like_a_jpeg_is_judged_by_its_content():
    assert _check(files.png(), "photo.jpg")[1] == "image/png"


def test_the_annual_self_assessment_report_is_parsed_too():
    from gongzhi.evaluation.services import check_annual_report

    with pytest.raises(ValidationError):
        check_annual_report(SimpleUploadedFile("自评报告.pdf", FORGED["text that begins with %PDF-"]))
    assert check_annual_report(SimpleUploadedFile("自评报告.pdf", files.pdf())) == ("pdf", files.pdf())
