"""Gongzhi settings. Every value that differs between machines comes from an environment variable;
docs/configuration.md lists them all."""

from __future__ import annotations

import ipaddress
import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor as WhiteNoiseCompressor

PACKAGE_DIR = Path(__file__).resolve().parent
# The checkout (the package is installed in editable mode from src/); GONGZHI_HOME overrides.
BASE_DIR = Path(os.environ.get("GONGZHI_HOME", PACKAGE_DIR.parents[1])).resolve()
# Created where it is needed (`gongzhi migrate` for SQLite, `gongzhi serve`, uploads), never at import.
VAR_DIR = Path(os.environ.get("GONGZHI_VAR_DIR", BASE_DIR / "var")).resolve()


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


# "production" refuses to start without a secret key; anything else is a development or test machine.
GONGZHI_ENV = os.environ.get("GONGZHI_ENV", "development").strip().lower()
SECRET_KEY_FILE = Path(os.environ.get("GONGZHI_SECRET_KEY_FILE", VAR_DIR / "secret_key"))


def _secret_key() -> tuple[str, bool]:
    """(key, ephemeral). GONGZHI_SECRET_KEY, else the key file `gongzhi serve` writes on a development machine.
    Nothing is generated into a file here: without either, production refuses to start, and a development
    process (tests, migrate, demo) gets a throw-away key that signs nothing lasting. The WSGI entry point
    (gongzhi/wsgi.py) refuses such a key too, so no server ever runs on one."""
    given = os.environ.get("GONGZHI_SECRET_KEY", "").strip()
    if given:
        return given, False
    if SECRET_KEY_FILE.is_file():
        return SECRET_KEY_FILE.read_text().strip(), False
    if GONGZHI_ENV == "production":
        raise ImproperlyConfigured("GONGZHI_SECRET_KEY is not set (GONGZHI_ENV=production): refusing to start.")
    return secrets.token_urlsafe(50), True


SECRET_KEY, SECRET_KEY_EPHEMERAL = _secret_key()
DEBUG = env_bool("GONGZHI_DEBUG", False)
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("GONGZHI_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("GONGZHI_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",  # serves Swagger UI from its own static files, not a CDN
    "django_tasks",
    "django_tasks_db",
    # Foundation, lowest first: an app may import only from apps listed above it.
    "gongzhi.core",
    # `gongzhi scheduler`: enqueues the periodic work every app registers (ADR 0021).
    "gongzhi.scheduler",
    # /metrics and the checks behind /healthz: reads the task queue and the scheduler's runs (docs/deployment.md).
    "gongzhi.ops",
    "gongzhi.chronicle",
    # `gongzhi backup` / `gongzhi restore`: the database, the media files and a manifest checked on restore.
    "gongzhi.backups",
    "gongzhi.worktime",
    "gongzhi.regions",
    "gongzhi.organisations",
    "gongzhi.accounts",
    "gongzhi.notifications",
    "gongzhi.party",
    "gongzhi.people",
    # xlsx import/export of the registries above; its workbook formats serve the capabilities' ledgers too.
    "gongzhi.exchange",
    # Capabilities.
    "gongzhi.lists",
    "gongzhi.contracts",
    "gongzhi.evaluation",
    "gongzhi.matching",
    "gongzhi.orders",
    "gongzhi.wishes",
    "gongzhi.cases",
    "gongzhi.disputes",
    "gongzhi.rates",
    "gongzhi.volunteering",
    "gongzhi.points",
    "gongzhi.recognition",
    "gongzhi.talent",
    "gongzhi.partners",
    "gongzhi.spaces",
    "gongzhi.meetings",
    "gongzhi.proposals",
    "gongzhi.stewards",
    "gongzhi.elections",
    "gongzhi.servicepoints",
    "gongzhi.open311",
    "gongzhi.reports",
    # Open data reads what the boards of the apps above show.
    "gongzhi.opendata",
    # The district / city dashboard (数据大屏) reads every app's figures and the league table.
    "gongzhi.dashboards",
    # The two shells (workbench dashboard, resident home) and the public board gather what every app above
    # publishes, so they sit on top, in gongzhi.portal.
    "gongzhi.portal",
    # The demo loads every capability, so it comes last.
    "gongzhi.demo",
]

MIDDLEWARE = [
    # First, so every log line of a request carries its id, and the timing covers the whole stack (/metrics).
    "gongzhi.core.logformat.RequestIdMiddleware",
    "gongzhi.core.metrics.RequestMetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "gongzhi.core.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "gongzhi.core.middleware.SlidingSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "gongzhi.api.JsonErrorsMiddleware",
    "gongzhi.core.middleware.RejectNulMiddleware",
]

ROOT_URLCONF = "gongzhi.urls"
NINJA_PAGINATION_CLASS = "gongzhi.core.schemas.Pagination"  # bounded limit/offset: junk is a 422, not a 500
WSGI_APPLICATION = "gongzhi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "gongzhi.core.context_processors.navigation",
                "gongzhi.notifications.context_processors.bell",
            ],
        },
    },
]

# --- Database: SQLite under var/ by default, PostgreSQL (or any) through DATABASE_URL ---
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "gongzhi.sqlite3",
            "OPTIONS": {
                # WAL lets readers work while one writer writes; IMMEDIATE avoids lock upgrades mid-transaction.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    # Rules for a government system (docs/configuration.md): at least 10 characters, not like the user's
    # name, not a common password, not digits only.
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
     "OPTIONS": {"user_attributes": ["username", "display_name", "phone", "email"]}},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Every way in (the login page, /admin/login/, the API) authenticates through this backend, which throttles
# per account, per account and address, and per address (docs/adr/0009-login-throttling.md).
AUTHENTICATION_BACKENDS = ["gongzhi.accounts.backends.ThrottledModelBackend"]
# Failures of one account from one address within the window before that address may not try that account.
GONGZHI_LOGIN_MAX_FAILURES = int(os.environ.get("GONGZHI_LOGIN_MAX_FAILURES", "5"))
# Failures of one account from all addresses together before the account is locked for the window.
GONGZHI_LOGIN_ACCOUNT_MAX_FAILURES = int(os.environ.get("GONGZHI_LOGIN_ACCOUNT_MAX_FAILURES", "20"))
# Failures from one address (any usernames) before it may only log in to accounts that logged in from it before.
GONGZHI_LOGIN_ADDRESS_MAX_FAILURES = int(os.environ.get("GONGZHI_LOGIN_ADDRESS_MAX_FAILURES", "100"))
GONGZHI_LOGIN_WINDOW_MINUTES = int(os.environ.get("GONGZHI_LOGIN_WINDOW_MINUTES", "15"))
# Login attempts are kept this long (failures only a day), then `gongzhi prune_login_attempts` removes them.
GONGZHI_LOGIN_ATTEMPT_RETENTION_DAYS = int(os.environ.get("GONGZHI_LOGIN_ATTEMPT_RETENTION_DAYS", "30"))
# Reverse proxies (addresses or networks, comma-separated) whose X-Forwarded-For names the client.
GONGZHI_TRUSTED_PROXIES = [ipaddress.ip_network(p.strip(), strict=False)
                           for p in os.environ.get("GONGZHI_TRUSTED_PROXIES", "").split(",") if p.strip()]

# A sliding session: requests renew it (core.middleware.SlidingSessionMiddleware, at most once every 10 minutes, so
# a page view is not a database write), so a resident typing a long report slowly, or a grid worker between visits,
# stays logged in; 12 hours of inactivity end it.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = int(os.environ.get("GONGZHI_SESSION_HOURS", "12")) * 60 * 60
# A CSRF failure (an old tab, a token rotated by logging in elsewhere) keeps what the user typed.
CSRF_FAILURE_VIEW = "gongzhi.core.errors.csrf_failure"

# --- HTTPS (GONGZHI_HTTPS=1 behind TLS): HSTS, redirect to https, Secure cookies, the proxy's scheme header ---
GONGZHI_HTTPS = env_bool("GONGZHI_HTTPS", False)
SESSION_COOKIE_SECURE = GONGZHI_HTTPS or env_bool("GONGZHI_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Load balancers and Prometheus ask each app server directly, over the private network, in plain HTTP: the health
# check and /metrics are not redirected to https (docs/deployment.md).
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^metrics$"]
if GONGZHI_HTTPS:
    SECURE_HSTS_SECONDS = int(os.environ.get("GONGZHI_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("GONGZHI_HSTS_INCLUDE_SUBDOMAINS", False)
    SECURE_HSTS_PRELOAD = False
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Language and time: Simplified Chinese first, English second; China Standard Time ---
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = os.environ.get("GONGZHI_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# WhiteNoise's own list plus source maps (5 MB of the API docs' bundles, read only by a developer's browser tools):
# compressing them with Brotli took a third of a first collectstatic.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*WhiteNoiseCompressor.SKIP_COMPRESS_EXTENSIONS, "map"]
# Uploaded evidence and photos, generated PDFs: every app server and worker must see the same files, so in production
# this is a shared folder (NFS, CephFS …) mounted on each of them, or object storage (docs/deployment.md, "Files").
MEDIA_ROOT = Path(os.environ.get("GONGZHI_MEDIA_ROOT", VAR_DIR / "media")).resolve()
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
GONGZHI_IMPORT_MAX_BYTES = int(os.environ.get("GONGZHI_IMPORT_MAX_BYTES", str(10 * 1024 * 1024)))

# --- Open311 GeoReport v2 (/open311/v2/): unset values fall back to the defaults in gongzhi.open311 ---
if os.environ.get("GONGZHI_OPEN311_JURISDICTION"):
    GONGZHI_OPEN311_JURISDICTION = os.environ["GONGZHI_OPEN311_JURISDICTION"]
if os.environ.get("GONGZHI_OPEN311_URL"):
    GONGZHI_OPEN311_URL = os.environ["GONGZHI_OPEN311_URL"]
if os.environ.get("GONGZHI_OPEN311_CONTACT"):
    GONGZHI_OPEN311_CONTACT = os.environ["GONGZHI_OPEN311_CONTACT"]
if os.environ.get("GONGZHI_OPEN311_KEY_SERVICE"):
    GONGZHI_OPEN311_KEY_SERVICE = os.environ["GONGZHI_OPEN311_KEY_SERVICE"]
if os.environ.get("GONGZHI_OPEN311_POSTS_PER_MINUTE"):
    GONGZHI_OPEN311_POSTS_PER_MINUTE = int(os.environ["GONGZHI_OPEN311_POSTS_PER_MINUTE"])

# --- Background work: Django's task interface, ORM-backed by default (no extra server) ---
# --- Notifications: e-mail through Django's mail backend (written to var/outbox/mail unless configured), SMS and
# WeChat through the backends named here (docs/notifications.md); links in messages start with GONGZHI_SITE_URL.
EMAIL_BACKEND = os.environ.get("GONGZHI_EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = VAR_DIR / "outbox" / "mail"
EMAIL_HOST = os.environ.get("GONGZHI_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("GONGZHI_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("GONGZHI_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("GONGZHI_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("GONGZHI_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("GONGZHI_EMAIL_FROM", "共治 <noreply@localhost>")
# Set in production: certificates print it under their QR code (unset, they print the address they were asked on).
GONGZHI_PUBLIC_URL = os.environ.get("GONGZHI_SITE_URL", "").strip()
GONGZHI_SITE_URL = GONGZHI_PUBLIC_URL or "http://127.0.0.1:8000"
GONGZHI_NOTIFY_BACKENDS = {
    "sms": os.environ.get("GONGZHI_SMS_BACKEND", "gongzhi.notifications.backends.FileBackend"),
    "wechat": os.environ.get("GONGZHI_WECHAT_BACKEND", "gongzhi.notifications.backends.FileBackend"),
}

# GONGZHI_TASKS_BACKEND: "database" (django-tasks-db, `gongzhi db_worker`) or "rq" (Redis through django-tasks-rq,
# `gongzhi rqworker`; ADR 0024). A dotted backend path is still accepted, as this variable once took one.
GONGZHI_TASKS_BACKEND = os.environ.get("GONGZHI_TASKS_BACKEND", "database").strip() or "database"
TASK_BACKENDS = {"database": "django_tasks_db.DatabaseBackend", "rq": "django_tasks_rq.RQBackend"}
if GONGZHI_TASKS_BACKEND not in TASK_BACKENDS and "." not in GONGZHI_TASKS_BACKEND:
    raise ImproperlyConfigured(f"GONGZHI_TASKS_BACKEND must be database or rq, not {GONGZHI_TASKS_BACKEND!r}")
TASKS = {"default": {"BACKEND": TASK_BACKENDS.get(GONGZHI_TASKS_BACKEND, GONGZHI_TASKS_BACKEND)}}
if TASKS["default"]["BACKEND"] == TASK_BACKENDS["rq"]:
    # The queue's Redis must keep what it is given (maxmemory-policy noeviction): a cache that evicts would lose
    # tasks. So it may be another Redis than the cache's; by default the same server as GONGZHI_REDIS_URL.
    GONGZHI_RQ_URL = os.environ.get("GONGZHI_RQ_URL", "").strip() or os.environ.get("GONGZHI_REDIS_URL", "").strip()
    if not GONGZHI_RQ_URL:
        raise ImproperlyConfigured("GONGZHI_TASKS_BACKEND=rq needs GONGZHI_RQ_URL or GONGZHI_REDIS_URL (redis://…)")
    INSTALLED_APPS.insert(INSTALLED_APPS.index("django_tasks_db") + 1, "django_rq")
    TASKS["default"]["QUEUES"] = ["default"]
    # A task may run 30 minutes (the database backend's lost-task limit; the longest, an annual report's PDF or a
    # district's matching, take a minute or two); rq then stops it and marks it failed.
    RQ_QUEUES = {"default": {"URL": GONGZHI_RQ_URL, "DEFAULT_TIMEOUT": 30 * 60}}

# "default" holds what is keyed on versions read from the database (ADR 0019): per-process memory is correct for it.
# "shared" holds what a service forgets by key after a change (the signed-in sessions, a resident's unread count):
# it must be one store for every process that serves or changes them, so it is Redis when there is one, else files
# under var/cache when one machine serves (GONGZHI_SERVERS=1: its gunicorn workers, the task worker and commands
# share the directory), else nothing (docs/adr/0025-per-user-values-in-a-shared-cache.md).
GONGZHI_REDIS_URL = os.environ.get("GONGZHI_REDIS_URL", "").strip()
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
          "shared": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
if GONGZHI_REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": GONGZHI_REDIS_URL},
              "shared": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": GONGZHI_REDIS_URL,
                         "KEY_PREFIX": "shared"}}
elif int(os.environ.get("GONGZHI_SERVERS", "1")) == 1:
    CACHES["shared"] = {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                        "LOCATION": VAR_DIR / "cache", "OPTIONS": {"MAX_ENTRIES": 10000}}
# "local" holds fragments of the shells that depend only on the code, the settings and the language (static file
# addresses, links, translations): always this process's memory, so a new release never meets an old release's copy.
CACHES["local"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "local"}
GONGZHI_SHARED_CACHE = CACHES["shared"]["BACKEND"] != "django.core.cache.backends.dummy.DummyCache"
# Sessions are read on every signed-in request: from the shared cache when there is one (a logout in one worker
# deletes the entry every worker reads), else from the database.
if GONGZHI_SHARED_CACHE:
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    SESSION_CACHE_ALIAS = "shared"

# --- Logging: personal data (phone and ID numbers) is masked in every log record and traceback ---
# GONGZHI_LOG_FORMAT=json writes one JSON object per line (time, level, logger, message, request_id) for a log shipper.
GONGZHI_LOG_FORMAT = os.environ.get("GONGZHI_LOG_FORMAT", "plain").strip().lower()
if GONGZHI_LOG_FORMAT not in {"plain", "json"}:
    raise ImproperlyConfigured(f"GONGZHI_LOG_FORMAT must be plain or json, not {GONGZHI_LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_personal_data": {"()": "gongzhi.core.privacy.MaskPersonalDataFilter"}},
    "formatters": {
        "plain": {"()": "gongzhi.core.logformat.PlainFormatter", "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "gongzhi.core.logformat.JsonFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["mask_personal_data"],
                    "formatter": GONGZHI_LOG_FORMAT},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("GONGZHI_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# --- Operations (docs/deployment.md) ---
# How many app servers run `gongzhi serve` against this database. Above 1, `gongzhi serve` refuses to start while
# migrations are unapplied instead of applying them: the operator runs `gongzhi migrate` once per release.
GONGZHI_SERVERS = int(os.environ.get("GONGZHI_SERVERS", "1"))
# The bearer token /metrics asks for; unset, /metrics answers 404 to everyone.
GONGZHI_METRICS_TOKEN = os.environ.get("GONGZHI_METRICS_TOKEN", "").strip()

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
