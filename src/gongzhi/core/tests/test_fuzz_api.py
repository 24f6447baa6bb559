"""Fuzz every operation of /api/v1/openapi.json with schemathesis (valid and invalid input drawn from the schema),
plus fixed junk (integers above 2^63−1, negative and zero ids, year 519, NUL bytes, 100k strings) in every
parameter, logged in as several roles: no request may answer 500. In CI each parameter gets 2^63 and one other junk
value in turn; GONGZHI_FUZZ_EXAMPLES > 1 gives every parameter every junk value.

Bounded for CI: GONGZHI_FUZZ_EXAMPLES (default 1) examples per operation, mode and role. A long run:
`GONGZHI_FUZZ_EXAMPLES=200 pytest src/gongzhi/core/tests/test_fuzz_api.py`. Every request runs in a savepoint
that is rolled back, so examples do not see each other's writes and a database error (PostgreSQL's DataError)
does not poison the test's transaction."""

from __future__ import annotations

import itertools
import json
import logging
import os
import traceback

import pytest
import schemathesis
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

EXAMPLES = int(os.environ.get("GONGZHI_FUZZ_EXAMPLES", "1"))
HUGE = 2**63
JUNK_INTEGERS = (HUGE, -HUGE - 1, -1, 0)
JUNK_STRINGS = (str(HUGE), "0519-01-01", "a\x00b", "x" * 100_000)

ROLES = ("admin", "resident") if EXAMPLES > 1 else ("admin",)  # generated input: the long run adds the resident


def _client(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get("/api/v1/me")  # a session cookie
    client.cookies["csrftoken"] = "f" * 32
    return client


def _send(client: Client, method: str, path: str, query=None, body=None, media_type=None):
    """One request inside a savepoint that is always rolled back."""
    kwargs = {"QUERY_STRING": "", "HTTP_X_CSRFTOKEN": "f" * 32}
    if query:
        from urllib.parse import urlencode

        kwargs["QUERY_STRING"] = urlencode(query, doseq=True)
    data = None
    content_type = "application/octet-stream"
    if body is not None:
        if media_type and "form" in media_type and isinstance(body, dict):
            from urllib.parse import urlencode

            data = urlencode(body, doseq=True)
            content_type = "application/x-www-form-urlencoded"
        elif isinstance(body, bytes):  # negative mode: a body that is not JSON at all
            data, content_type = body, media_type or "application/json"
        else:
            data = json.dumps(body)
            content_type = "application/json"
    savepoint = transaction.savepoint()
    try:
        call = getattr(client, method.lower())
        if method.upper() in ("GET", "HEAD"):
            return call(path, **kwargs)
        return call(path, data=data or "", content_type=content_type, **kwargs)
    finally:
        transaction.savepoint_rollback(savepoint)


class _LastError(logging.Handler):
    """Keeps the exception behind the last 500 (the API answers it without a traceback)."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.last = ""

    def emit(self, record):
        if record.exc_info:
            exc = record.exc_info[1]
            frames = traceback.extract_tb(record.exc_info[2])
            where = next((f"{f.filename.split('gongzhi/')[-1]}:{f.lineno}" for f in reversed(frames)
                          if "/gongzhi/" in f.filename), "")
            self.last = f"{type(exc).__name__}: {str(exc)[:150]} at {where}"


@pytest.fixture
def last_error():
    handler = _LastError()
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    previous = logger.level
    logger.setLevel(logging.ERROR)  # the thousands of expected 4xx warnings are noise here
    yield handler
    logger.setLevel(previous)
    logger.removeHandler(handler)


def _report(failures: list[str]) -> str:
    unique = sorted(set(failures))
    return f"{len(unique)} requests answered 500:\n" + "\n".join(unique[:60])


@pytest.fixture
def api_schema(world, client):
    return schemathesis.openapi.from_dict(client.get("/api/v1/openapi.json").json())


def _operations(api_schema):
    return [result.ok() for result in api_schema.get_all_operations()]


def test_the_schema_has_every_operation(api_schema):
    assert len(_operations(api_schema)) > 100


@pytest.mark.parametrize("role", ROLES)
def test_no_operation_answers_500_to_generated_input(world, api_schema, role, last_error):
    client = _client(getattr(world, role))
    failures = []
    for operation in _operations(api_schema):
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                strategy = operation.as_strategy(generation_mode=mode)
            except Exception:
                continue

            @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                      suppress_health_check=list(HealthCheck))
            @given(case=strategy)
            def probe(case):
                path = case.formatted_path
                try:
                    response = _send(client, case.method, path, case.query, None if isinstance(
                        case.body, schemathesis.core.NotSet) else case.body, case.media_type)
                except Exception as exc:
                    failures.append(f"{case.method} {path} {case.query} {case.body!r:.200}: {exc!r:.300}")
                    return
                if response.status_code >= 500:
                    failures.append(f"{case.method} {case.path} {case.query!r:.80} {case.body!r:.80}: "
                                    f"{last_error.last}")

            probe()
    assert not failures, _report(failures)


def _plausible(schema: dict, components: dict):
    """A value of the schema's type that passes validation, so the junk in one field reaches the code behind."""
    if "$ref" in schema:
        schema = components.get(schema["$ref"].rsplit("/", 1)[-1], {})
    for option in schema.get("anyOf", []):
        if option.get("type") != "null":
            return _plausible(option, components)
    if "enum" in schema:
        return schema["enum"][0]
    if "default" in schema and schema["default"] is not None:
        return schema["default"]
    kind, fmt = schema.get("type"), schema.get("format")
    if kind in ("integer", "number"):
        return max(1, schema.get("minimum", 1))
    if kind == "boolean":
        return False
    if kind == "array":
        return []
    if kind == "object":
        return {name: _plausible(prop, components) for name, prop in schema.get("properties", {}).items()}
    return {"date": "2026-06-01", "date-time": "2026-06-01T10:00:00+08:00", "time": "10:00"}.get(fmt, "测试")


def _junk_values(schema: dict, index: int):
    """The junk for one parameter: in CI the first (2^63) and one of the others in turn (`index` rotates them
    across parameters, so every value meets many parameters); with GONGZHI_FUZZ_EXAMPLES > 1 all of them."""
    kind = schema.get("type")
    values: tuple = JUNK_INTEGERS if kind in ("integer", "number", "array") else JUNK_STRINGS
    if EXAMPLES == 1:
        values = (values[0], values[1 + index % (len(values) - 1)])
    return [[value] for value in values] if kind == "array" else list(values)


@pytest.mark.parametrize("role", ("admin", "resident"))
def test_fixed_junk_in_every_parameter_is_never_a_500(world, client, role, last_error):
    """Each query and path parameter and each top-level body field in turn gets each junk value; the rest stay
    plausible (1), so the junk reaches the code behind the schema."""
    spec = client.get("/api/v1/openapi.json").json()
    components = spec.get("components", {}).get("schemas", {})
    user_client = _client(getattr(world, role))
    failures = []
    counter = itertools.count()
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            params = operation.get("parameters", [])
            path_values = {p["name"]: 1 for p in params if p["in"] == "path"}
            body_schema = (operation.get("requestBody", {}).get("content", {}))
            media_type, body_props = next(iter(body_schema.items()), (None, {}))
            if media_type:
                body_props = _plausible(body_props.get("schema", {}), components) or {}
                props_schema = body_props
                ref = body_schema[media_type].get("schema", {})
                props_schema = components.get(ref.get("$ref", "").rsplit("/", 1)[-1], ref).get("properties", {})
            else:
                props_schema = {}
            targets = [(p["in"], p["name"], p.get("schema", {})) for p in params if p["in"] in ("path", "query")]
            targets += [("body", name, prop) for name, prop in props_schema.items()]
            for where, name, schema in targets:
                for value in _junk_values(schema, next(counter)):
                    values = {**path_values, **({name: value} if where == "path" else {})}
                    url = path.format(**values)
                    query = {name: value} if where == "query" else None
                    body = None
                    if body_schema:
                        body = dict.fromkeys(body_props, 1) if "form" not in (media_type or "") else {}
                        if where == "body":
                            body[name] = value
                    try:
                        response = _send(user_client, method, url, query, body, media_type)
                    except Exception as exc:
                        failures.append(f"{method.upper()} {url} {where}:{name}={value!r:.40}: {exc!r:.300}")
                        continue
                    if response.status_code >= 500:
                        failures.append(f"{method.upper()} {path} {where}:{name}={value!r:.30}: {last_error.last}")
    assert not failures, _report(failures)
