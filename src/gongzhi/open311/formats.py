"""The two wire formats of GeoReport v2 and its error format.

Responses are plain Python values (dicts, lists, strings, numbers, booleans, None) written once and serialised
twice: JSON as is (application/json; charset=utf-8), XML by the spec's programmatic mapping (the Spark
convention): a dict is an element per key, a list is one child element per item named after its container
(`services` → `service`, `service_requests` → `request` …), None an empty element, booleans `true`/`false`.
XML is built with ElementTree, so text is always escaped, and characters XML 1.0 cannot carry are dropped."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone

FORMATS = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
MIME_TYPES = ["text/xml", "application/json"]

# A list held by an element of this name repeats children of that name.
ITEM_TAGS = {
    "services": "service",
    "service_requests": "request",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
    "errors": "error",
}

# Characters XML 1.0 cannot carry (C0 controls other than tab/newline/return, surrogates, U+FFFE/U+FFFF).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class Open311Error(Exception):
    """An error answered in the spec's format: HTTP `status` and one or more human-readable descriptions."""

    def __init__(self, status: int, *descriptions: str, headers: dict[str, str] | None = None):
        super().__init__(*descriptions)
        self.status = status
        self.descriptions = [str(d) for d in descriptions] or [""]
        self.headers = headers or {}


def w3c(value: dt.datetime | None) -> str | None:
    """ISO 8601 (W3C profile) in China Standard Time with its offset: 2026-11-21T09:30:00+08:00."""
    if value is None:
        return None
    return timezone.localtime(value).replace(microsecond=0).isoformat()


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return w3c(value) or ""
    return _NOT_XML.sub("", str(value))


def _fill(element: ET.Element, value) -> None:
    if isinstance(value, dict):
        for key, child in value.items():
            _fill(ET.SubElement(element, key), child)
    elif isinstance(value, list | tuple):
        tag = ITEM_TAGS[element.tag]
        for child in value:
            _fill(ET.SubElement(element, tag), child)
    else:
        element.text = _text(value)


def to_xml(root: str, value) -> bytes:
    element = ET.Element(root)
    _fill(element, value)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(element, encoding="unicode").encode()


def _json_default(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.datetime):
        return w3c(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def to_json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, default=_json_default).encode()


def respond(fmt: str, root: str, value, *, status: int = 200, headers: dict[str, str] | None = None) -> HttpResponse:
    """`value` in `fmt`; `root` names the XML root element (JSON has no root: the value itself)."""
    body = to_xml(root, value) if fmt == "xml" else to_json(value)
    response = HttpResponse(body, status=status, content_type=FORMATS[fmt])
    for name, header in (headers or {}).items():
        response[name] = header
    return response


def error_response(fmt: str, error: Open311Error) -> HttpResponse:
    """The spec's error format: [{"code": 400, "description": "…"}] / <errors><error><code>…"""
    items = [{"code": error.status, "description": d} for d in error.descriptions]
    return respond(fmt if fmt in FORMATS else "json", "errors", items, status=error.status, headers=error.headers)
