"""Content-Security-Policy on every page, HTTPS settings from the environment, settings that neither
generate a secret key nor create directories on import, and gunicorn's masked access log."""

import io
import os
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

PACKAGE = Path(__file__).resolve().parents[2]


def test_a_page_carries_a_strict_policy_with_a_fresh_nonce(db, client):
    first, second = client.get("/accounts/login/"), client.get("/accounts/login/")
    policy = first["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    assert nonce not in second["Content-Security-Policy"]


def test_an_inline_style_the_pages_keep_carries_the_nonce(world, client_for):
    response = client_for(world.district_staff).get("/workbench/evaluation/new/")
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    assert f'<style nonce="{nonce}">' in response.content.decode()


def test_no_template_has_inline_handlers_or_unnonced_scripts():
    """The policy refuses onclick=… and bare <script> blocks: behaviour lives in static/gongzhi/behaviours.js."""
    offenders = []
    for template in PACKAGE.rglob("templates/**/*.html"):
        if "/pdf/" in str(template):
            continue  # typeset by WeasyPrint, never served to a browser
        text = template.read_text()
        if re.search(r"\son[a-z]+\s*=\s*[\"']", text):
            offenders.append(f"{template}: inline event handler")
        for tag in re.findall(r"<(?:script|style)\b[^>]*>", text):
            if "src=" not in tag and "nonce=" not in tag and "application/json" not in tag:
                offenders.append(f"{template}: {tag}")
    assert offenders == []


def _settings_in_subprocess(env: dict, code: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("GONGZHI_")}
    return subprocess.run([sys.executable, "-c", "import gongzhi.settings as s\n" + code],
                          env={**clean, **env}, capture_output=True, text=True, timeout=60)


def test_https_switches_on_hsts_redirect_and_secure_cookies(tmp_path):
    done = _settings_in_subprocess({"GONGZHI_HTTPS": "1", "GONGZHI_SECRET_KEY": "k" * 50,
                                    "GONGZHI_VAR_DIR": str(tmp_path / "var")},
                                   "print(s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE,"
                                   " s.CSRF_COOKIE_SECURE, s.SECURE_PROXY_SSL_HEADER)")
    assert done.stdout.split(" ", 4) == ["31536000", "True", "True", "True", "('HTTP_X_FORWARDED_PROTO', 'https')\n"]
    plain = _settings_in_subprocess({"GONGZHI_VAR_DIR": str(tmp_path / "var")},
                                    "print(hasattr(s, 'SECURE_HSTS_SECONDS'), s.SESSION_COOKIE_SECURE)")
    assert plain.stdout.strip() == "False False"


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    done = _settings_in_subprocess({"GONGZHI_ENV": "production", "GONGZHI_VAR_DIR": str(tmp_path / "var")}, "")
    assert done.returncode != 0 and "GONGZHI_SECRET_KEY is not set" in done.stderr


def test_importing_settings_creates_no_directory_and_writes_no_key(tmp_path):
    var = tmp_path / "var"
    done = _settings_in_subprocess({"GONGZHI_VAR_DIR": str(var)}, "print(s.SECRET_KEY_EPHEMERAL)")
    assert done.stdout.strip() == "True" and not var.exists()


def test_a_server_never_runs_on_a_throw_away_key(tmp_path):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("GONGZHI_")}
    done = subprocess.run([sys.executable, "-c", "import gongzhi.wsgi"], capture_output=True, text=True, timeout=60,
                          env={**clean, "GONGZHI_VAR_DIR": str(tmp_path / "var")})
    assert done.returncode != 0 and "GONGZHI_SECRET_KEY is not set" in done.stderr


def test_serve_writes_a_development_key_once_and_says_so(settings, tmp_path):
    from gongzhi.core.management.commands.serve import Command

    settings.SECRET_KEY_FILE = tmp_path / "var" / "secret_key"
    out = io.StringIO()
    command = Command(stdout=out)
    env = {k: v for k, v in os.environ.items() if k != "GONGZHI_SECRET_KEY"}
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(os, "environ", env)
        command.ensure_secret_key()
        key = settings.SECRET_KEY_FILE.read_text()
        command.ensure_secret_key()
    assert len(key) > 40 and settings.SECRET_KEY_FILE.read_text() == key
    assert oct(settings.SECRET_KEY_FILE.stat().st_mode)[-3:] == "600"
    assert out.getvalue().count("wrote a development secret key") == 1


def test_gunicorn_s_access_log_masks_phone_numbers_in_paths():
    """The real gunicorn Logger, configured the way `gongzhi serve` configures it."""
    from gunicorn.config import Config

    from gongzhi.core.management.commands.serve import ACCESS_LOG_FORMAT, gunicorn_argv

    argv = gunicorn_argv("gunicorn", host="127.0.0.1", port=8000, workers=1)
    cfg = Config()
    cfg.set("accesslog", "-")
    cfg.set("access_log_format", ACCESS_LOG_FORMAT)
    cfg.set("logger_class", argv[argv.index("--logger-class") + 1])
    logger = cfg.logger_class(cfg)
    stream = io.StringIO()
    for handler in logger.access_log.handlers:
        handler.setStream(stream)
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/workbench/people/13812345678/", "QUERY_STRING": "",
               "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1",
               "RAW_URI": "/workbench/people/13812345678/"}
    request = SimpleNamespace(headers=[], method="GET", path="/workbench/people/13812345678/", query="",
                              uri="/workbench/people/13812345678/", version=(1, 1))
    response = SimpleNamespace(status="200 OK", sent=10, headers=[], response_length=10)
    import datetime as dt

    logger.access(response, request, environ, dt.timedelta(milliseconds=5))
    line = stream.getvalue()
    assert "/workbench/people/138****5678/" in line and "13812345678" not in line


def test_serve_passes_the_masking_logger_to_gunicorn():
    from gongzhi.core.management.commands.serve import LOGGER_CLASS, gunicorn_argv

    argv = gunicorn_argv("gunicorn", host="127.0.0.1", port=8000, workers=1)
    assert argv[argv.index("--logger-class") + 1] == LOGGER_CLASS


def test_migrate_creates_the_folder_of_a_new_sqlite_database(tmp_path):
    """Settings no longer create var/ on import; `gongzhi migrate` (the first step of `make run`) does."""
    var = tmp_path / "var"
    clean = {k: v for k, v in os.environ.items() if not k.startswith("GONGZHI_") and k != "DATABASE_URL"}
    done = subprocess.run([sys.executable, "-m", "gongzhi.cli", "migrate", "--plan"], capture_output=True, text=True,
                          timeout=120, env={**clean, "GONGZHI_VAR_DIR": str(var)})
    assert done.returncode == 0, done.stderr[-2000:]
    assert (var / "gongzhi.sqlite3").exists()


def test_the_session_slides_so_a_slow_typist_stays_logged_in(settings, world, client_for):
    """Requests renew the session, at most once every ten minutes (not a database write per page view)."""
    import datetime as dt

    from django.contrib.sessions.models import Session

    from gongzhi.core.middleware import SlidingSessionMiddleware

    assert settings.SESSION_COOKIE_AGE >= 4 * 60 * 60
    assert SlidingSessionMiddleware.RENEW_EVERY <= 15 * 60
    client = client_for(world.wumei_staff)
    client.get("/workbench/")
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    first = Session.objects.get(session_key=key).expire_date
    client.get("/workbench/")
    assert Session.objects.get(session_key=key).expire_date == first  # no write within ten minutes
    session = client.session
    session[SlidingSessionMiddleware.KEY] = 0  # the last renewal long ago
    session.save()
    before = Session.objects.get(session_key=key).expire_date
    Session.objects.filter(session_key=key).update(expire_date=before - dt.timedelta(hours=3))
    client.get("/workbench/")
    assert Session.objects.get(session_key=key).expire_date > before - dt.timedelta(minutes=1)
