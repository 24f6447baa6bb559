"""Log lines: GONGZHI_LOG_FORMAT=json gives one JSON object per line, masked like the plain ones, with the request id."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
from types import SimpleNamespace

from gongzhi.core.logformat import (
    JsonFormatter,
    PlainFormatter,
    RequestIdMiddleware,
    forget_request_id,
    request_id,
)
from gongzhi.core.privacy import MaskPersonalDataFilter


def handler_like_the_settings(formatter: logging.Formatter) -> tuple[logging.Logger, io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(MaskPersonalDataFilter())
    handler.setFormatter(formatter)
    logger = logging.getLogger("gongzhi.tests.logformat")
    logger.handlers[:] = [handler]
    logger.propagate = False
    return logger, stream


def test_a_phone_number_comes_out_masked_in_json():
    logger, stream = handler_like_the_settings(JsonFormatter())
    logger.warning("居民 %s 来电反映楼道灯坏了", "13812345678")
    lines = stream.getvalue().splitlines()
    assert len(lines) == 1
    line = json.loads(lines[0])
    assert line["message"] == "居民 138****5678 来电反映楼道灯坏了"
    assert line["level"] == "WARNING" and line["logger"] == "gongzhi.tests.logformat"
    assert line["time"][:2] == "20" and "request_id" not in line
    assert "13812345678" not in stream.getvalue()


def test_tracebacks_are_masked_too():
    for formatter in (JsonFormatter(), PlainFormatter()):
        logger, stream = handler_like_the_settings(formatter)
        try:
            raise ValueError("duplicate key (phone)=(13812345678), id 450302199001010021")
        except ValueError:
            logger.exception("导入失败")
        text = stream.getvalue()
        assert "13812345678" not in text and "450302199001010021" not in text
        assert "138****5678" in text


def test_the_request_id_is_on_the_lines_of_its_request():
    logger, stream = handler_like_the_settings(JsonFormatter())
    token = request_id.set("abc123def456")
    try:
        logger.info("hello")
    finally:
        request_id.reset(token)
    assert json.loads(stream.getvalue())["request_id"] == "abc123def456"


def test_the_middleware_keeps_a_proxy_s_id_and_replaces_junk():
    seen = []

    def view(request):
        seen.append(request_id.get())
        return {}

    middleware = RequestIdMiddleware(view)
    response = middleware(SimpleNamespace(headers={"X-Request-ID": "0f1e2d3c4b5a69788796a5b4c3d2e1f0"}))
    assert seen[-1] == response["X-Request-ID"] == "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
    response = middleware(SimpleNamespace(headers={"X-Request-ID": "13812345678 <script>"}))
    assert seen[-1] == response["X-Request-ID"] and len(seen[-1]) == 32 and "13812345678" not in seen[-1]
    forget_request_id()


def test_django_s_own_line_about_a_response_carries_its_request_id(client, db):
    """"Not Found: …" is logged after the middleware chain returned, before the response is closed."""
    logger, stream = handler_like_the_settings(JsonFormatter())
    django_request = logging.getLogger("django.request")
    django_request.addHandler(logger.handlers[0])
    try:
        response = client.get("/no/such/page/13812345678/", HTTP_X_REQUEST_ID="feedc0ffee0123456789")
    finally:
        django_request.removeHandler(logger.handlers[0])
    assert response.status_code == 404 and response["X-Request-ID"] == "feedc0ffee0123456789"
    line = json.loads(stream.getvalue().splitlines()[-1])
    assert line["request_id"] == "feedc0ffee0123456789" and line["message"].startswith("Not Found")
    assert "13812345678" not in stream.getvalue()
    assert request_id.get() is None  # forgotten once the response was closed


def test_responses_carry_a_request_id(client, db):
    assert len(client.get("/healthz")["X-Request-ID"]) == 32


def test_the_setting_switches_django_s_console_handler_to_json(tmp_path):
    """The real settings in a fresh process: GONGZHI_LOG_FORMAT=json, a log line with a phone number on stderr."""
    script = ("import django, logging; django.setup(); "
              "logging.getLogger('gongzhi.cases').warning('来电 %s', '+86 138 1234 5678')")
    env = {**os.environ, "GONGZHI_LOG_FORMAT": "json", "DJANGO_SETTINGS_MODULE": "gongzhi.settings",
           "GONGZHI_VAR_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    line = json.loads(done.stderr.strip().splitlines()[-1])
    assert line["logger"] == "gongzhi.cases" and "1234" not in line["message"] and "5678" in line["message"]


def test_an_unknown_log_format_is_refused():
    env = {**os.environ, "GONGZHI_LOG_FORMAT": "jsno", "DJANGO_SETTINGS_MODULE": "gongzhi.settings"}
    done = subprocess.run([sys.executable, "-c", "import django; django.setup()"], capture_output=True, text=True,
                          timeout=120, env=env)
    assert done.returncode != 0 and "GONGZHI_LOG_FORMAT must be plain or json" in done.stderr


def test_gunicorn_s_logs_are_json_too(monkeypatch):
    from gunicorn.config import Config

    from gongzhi.core.management.commands.serve import ACCESS_LOG_FORMAT, LOGGER_CLASS

    monkeypatch.setenv("GONGZHI_LOG_FORMAT", "json")
    cfg = Config()
    cfg.set("accesslog", "-")
    cfg.set("access_log_format", ACCESS_LOG_FORMAT)
    cfg.set("logger_class", LOGGER_CLASS)
    logger = cfg.logger_class(cfg)
    stream = io.StringIO()
    for handler in logger.error_log.handlers:
        handler.setStream(stream)
    logger.error("worker could not reach 13812345678")
    line = json.loads(stream.getvalue())
    assert line["logger"] == "gunicorn.error" and line["message"] == "worker could not reach 138****5678"
