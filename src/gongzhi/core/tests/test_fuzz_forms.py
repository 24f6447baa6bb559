"""Fuzz every HTML form of the two shells: walk the URL patterns, open each page as several roles, find its POST
forms and its filter selects, and send junk — integers above 2^63−1, negative numbers, dates in the year 519, NUL
bytes, 100,000-character strings, choices that are not offered, a `next` that is no page. No answer may be a 500.

Bounded for CI: each field gets GONGZHI_FUZZ_EXAMPLES + 1 junk values (default 1 → 2: a huge integer and one of the
others in turn); set GONGZHI_FUZZ_EXAMPLES=10 for every junk value in every field. Each request runs in a savepoint
that is rolled back (a PostgreSQL DataError must not poison the test's transaction, and pages stay as they were)."""

from __future__ import annotations

import itertools
import logging
import os
import re
import traceback
from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

EXAMPLES = int(os.environ.get("GONGZHI_FUZZ_EXAMPLES", "1"))
HUGE = str(2**63)
JUNK = (HUGE, "-1", "0519-06-01", "1229-01-01T10:00", "a\x00b", "x" * 100_000, "not-a-choice", "99999999999", "",
        "2**64", "１２３")
BAD_NEXT = ("foo", "orders:pool", "//evil.example/", "http://[", "/\x00", "javascript:alert(1)")
PLAUSIBLE = {"text": "测试内容", "textarea": "测试内容：楼道灯坏了，请尽快维修", "number": "1", "date": "2026-06-01",
             "datetime-local": "2026-06-01T10:00", "time": "10:00", "tel": "13800000000", "email": "a@example.com",
             "select": ""}
SKIPPED = re.compile(r"^/(admin|api|open311|static|media|i18n|accounts/logout|healthz)")
ROLES = ("admin", "resident")


class _Forms(HTMLParser):
    """The POST forms of a page (action, fields with a plausible value and the choices offered) and the names of
    its GET filter fields."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self.filters: set[str] = set()
        self._form: dict | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            if (a.get("method") or "get").lower() == "post":
                self._form = {"action": a.get("action") or "", "fields": {}, "choices": {},
                              "multipart": "multipart" in (a.get("enctype") or "")}
                self.forms.append(self._form)
            else:
                self._form = None
            return
        name = a.get("name")
        if tag in ("input", "select", "textarea") and name:
            if self._form is None:
                self.filters.add(name)
                self._select = None
                return
            kind = (a.get("type") or "text").lower()
            if kind in ("file", "submit", "button", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                self._form["fields"].setdefault(name, None)
                return
            self._form["fields"].setdefault(name, a.get("value") or PLAUSIBLE.get(kind if tag == "input" else tag, ""))
            if tag == "select":
                self._select = name
        if (tag == "option" and self._select and self._form is not None
                and self._form["fields"].get(self._select) in ("", None) and a.get("value")):
                self._form["fields"][self._select] = a["value"]

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        if tag == "select":
            self._select = None


def _page_paths() -> list[str]:
    """Every page the URL patterns name, with 1 for each id (most personas' objects have small ids)."""
    paths = []

    def walk(patterns, prefix):
        for p in patterns:
            route = prefix + str(p.pattern)
            if isinstance(p, URLResolver):
                walk(p.url_patterns, route)
            elif isinstance(p, URLPattern):
                path = re.sub(r"<(?:int:)?\w+>", "1", route)
                path = re.sub(r"<(?:str|slug):\w+>", "x", path)
                path = re.sub(r"<path:\w+>", "x", path)
                if "<" not in path and "(" not in path and "^" not in path:
                    paths.append("/" + path)

    walk(get_resolver().url_patterns, "")
    return sorted({p for p in paths if not SKIPPED.match(p)})


class _LastError(logging.Handler):
    def __init__(self):
        super().__init__(logging.ERROR)
        self.last = ""

    def emit(self, record):
        if record.exc_info:
            self.last = _describe(record.exc_info[1])


def _describe(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    where = next((f"{f.filename.split('gongzhi/')[-1]}:{f.lineno}" for f in reversed(frames)
                  if "/gongzhi/" in f.filename and "/tests/" not in f.filename), "")
    return f"{type(exc).__name__}: {str(exc)[:120]} at {where}"


def _send(client: Client, method: str, path: str, data=None):
    savepoint = transaction.savepoint()
    try:
        if method == "get":
            return client.get(path, data)
        return client.post(path, data)
    finally:
        transaction.savepoint_rollback(savepoint)


@pytest.fixture
def last_error():
    handler = _LastError()
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    previous = logger.level
    logger.setLevel(logging.ERROR)
    yield handler
    logger.setLevel(previous)
    logger.removeHandler(handler)


def _junk_for(index: int) -> list[str]:
    others = JUNK[1:]
    if len(others) <= EXAMPLES:
        return list(JUNK)
    return [HUGE] + [others[(index + k) % len(others)] for k in range(EXAMPLES)]


@pytest.mark.parametrize("role", ROLES)
def test_no_form_or_filter_answers_500_to_junk(world, client_for, role, last_error):
    client = client_for(getattr(world, role))
    failures, forms_seen = [], 0
    counter = itertools.count()

    def probe(method, path, data, what):
        try:
            response = _send(client, method, path, data)
        except Exception as exc:
            failures.append(f"{method.upper()} {path} {what}: {_describe(exc)}")
            return
        if response.status_code >= 500:
            failures.append(f"{method.upper()} {path} {what}: {response.status_code} {last_error.last}")

    for path in _page_paths():
        try:
            page = _send(client, "get", path)
        except Exception as exc:
            failures.append(f"GET {path}: {_describe(exc)}")
            continue
        if page.status_code != 200 or "html" not in page.get("Content-Type", ""):
            continue
        parser = _Forms()
        parser.feed(page.content.decode(errors="replace"))
        for name in sorted(parser.filters - {"q", "page"}):
            for value in _junk_for(next(counter)):
                probe("get", path, {name: value}, f"?{name}={value[:30]!r}")
        for form in parser.forms:
            if form["multipart"]:
                continue
            action = form["action"] or path
            target = urlsplit(action)
            if target.netloc or SKIPPED.match(target.path or path) or "logout" in action or "i18n" in action:
                continue
            forms_seen += 1
            fields = {k: v for k, v in form["fields"].items() if k != "csrfmiddlewaretoken"}
            plausible = {k: v for k, v in fields.items() if v is not None}
            post_path = target.path or path
            if target.query:
                post_path += "?" + target.query
            for name in sorted(set(fields) | {"next"}):
                values = _junk_for(next(counter)) if name != "next" else BAD_NEXT[: EXAMPLES + 1]
                for value in values:
                    probe("post", post_path, {**plausible, name: value}, f"{name}={value[:30]!r}")
    unique = sorted(set(failures))
    assert not unique, f"{len(unique)} requests answered 500:\n" + "\n".join(unique[:80])
    assert forms_seen >= (2 if role == "resident" else 10)


def test_the_walk_covers_the_pages():
    paths = _page_paths()
    assert "/workbench/" in paths or any(p.startswith("/workbench/") for p in paths)
    assert len(paths) > 80


def test_junk_in_a_get_query_string(world, client_for, last_error):
    """Filters read straight from the query string (ids of categories, communities, years): every page gets them
    all at once, each 2^63 (one request a page; the form walk above sends each filter it finds on its own)."""
    client = client_for(world.wumei_staff)
    failures = []
    query = urlencode(dict.fromkeys(("category", "community", "year", "status", "page", "region", "unit"), HUGE))
    for path in _page_paths():
        try:
            response = _send(client, "get", f"{path}?{query}")
        except Exception as exc:
            failures.append(f"GET {path}?…=HUGE: {_describe(exc)}")
            continue
        if response.status_code >= 500:
            failures.append(f"GET {path}?…=HUGE: {last_error.last}")
    assert not failures, "\n".join(sorted(set(failures))[:80])
