"""How Gongzhi's log lines look: plain text by default, one JSON object per line with `GONGZHI_LOG_FORMAT=json`
(for a log shipper), and the request id that ties a request's lines together.

Both formatters scrub phone and ID numbers from tracebacks too: `MaskPersonalDataFilter` (core.privacy) cleans the
message, but an exception's text (a database error naming a duplicate key, say) is formatted later, here.

Loaded by gunicorn's logger class (core.gunicorn_logging) before Django is set up, so it imports nothing from Django."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import uuid
from contextvars import ContextVar

from gongzhi.core.privacy import scrub

# The id of the request this thread (or task) is serving, for the log lines it writes; None outside a request.
request_id: ContextVar[str | None] = ContextVar("gongzhi_request_id", default=None)

REQUEST_ID_HEADER = "X-Request-ID"
# What we accept from the proxy (nginx's $request_id is 32 hex digits); anything else is replaced, never logged.
_GOOD_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")


class PlainFormatter(logging.Formatter):
    """`time LEVEL logger message`, tracebacks scrubbed."""

    def formatException(self, ei) -> str:
        return scrub(super().formatException(ei))

    def formatStack(self, stack_info: str) -> str:
        return scrub(super().formatStack(stack_info))


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (ISO 8601 with offset), level, logger, message, request_id (when serving a
    request), exception (a scrubbed traceback, when there is one). Chinese stays readable (no \\u escapes)."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).astimezone().isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        current = request_id.get()
        if current:
            line["request_id"] = current
        if record.exc_info:
            line["exception"] = scrub(self.formatException(record.exc_info))
        elif record.exc_text:
            line["exception"] = scrub(record.exc_text)
        if record.stack_info:
            line["stack"] = scrub(self.formatStack(record.stack_info))
        return json.dumps(line, ensure_ascii=False, default=str)


class RequestIdMiddleware:
    """Takes the proxy's `X-Request-ID` (nginx: `proxy_set_header X-Request-ID $request_id`) or makes one, keeps it
    for the log lines written while the request is served, and answers it in the response's `X-Request-ID`, so a
    resident's complaint ("it failed at 10:02") and nginx's, gunicorn's and Django's lines can be matched.

    The id is forgotten when the response is closed (`request_finished`), not when this middleware returns: Django
    logs a 4xx/5xx response ("Not Found: …") after the middleware chain, and that line belongs to the request too."""

    def __init__(self, get_response):
        # Imported here: gunicorn loads this module before Django is set up.
        from django.core.signals import request_finished

        request_finished.connect(forget_request_id, dispatch_uid="gongzhi.core.logformat.forget_request_id")
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get(REQUEST_ID_HEADER, "")
        current = given if _GOOD_REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
        request_id.set(current)
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = current
        return response


def forget_request_id(**kwargs) -> None:
    request_id.set(None)
