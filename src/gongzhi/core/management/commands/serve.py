"""`gongzhi serve`: apply migrations, collect static files if they changed, then serve with gunicorn (DEBUG off).

With GONGZHI_SERVERS above 1 (several app servers share the database) it applies no migration: it refuses to start
while any is unapplied, and the operator runs `gongzhi migrate` once per release (docs/deployment.md). Servers that
each migrated on start would race one another, and a server of the old code restarting would not know it must wait.

On a development machine without GONGZHI_SECRET_KEY it writes a key into var/secret_key once and says so
(settings never generate one; with GONGZHI_ENV=production they refuse to start without a key).

Static files are collected only when the sources changed since the last collection (core/staticcollect.py), so a
restart does not hash and compress 1,200 files again; `--no-collectstatic` skips even the check, for deployments
that collect once per release (docs/deployment.md)."""

import os
import secrets
import shutil
import sys
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from gongzhi.core import staticcollect

ACCESS_LOG_FORMAT = '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
LOGGER_CLASS = "gongzhi.core.gunicorn_logging.MaskingLogger"


def unapplied_migrations() -> list[str]:
    """`app.migration` names the database still lacks, in the order `migrate` would apply them."""
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def gunicorn_argv(gunicorn: str, *, host: str, port: int, workers: int) -> list[str]:
    return [gunicorn, "gongzhi.wsgi:application", "--bind", f"{host}:{port}", "--workers", str(workers),
            # The access log leaves out query strings (a search may carry a phone number), and its lines pass
            # through the masking filter like every other log (a phone number may sit in a path).
            "--access-logfile", "-", "--access-logformat", ACCESS_LOG_FORMAT, "--logger-class", LOGGER_CLASS,
            "--forwarded-allow-ips", os.environ.get("GONGZHI_FORWARDED_ALLOW_IPS", "127.0.0.1")]


class Command(BaseCommand):
    help = "Apply migrations and serve Gongzhi with the production server (gunicorn, DEBUG off)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=int(os.environ.get("GONGZHI_WORKERS", "2")))
        parser.add_argument("--check", action="store_true", help="prepare everything, print the command, do not serve")
        parser.add_argument("--no-collectstatic", action="store_true", dest="no_collectstatic",
                            help="do not collect static files (collected once per release by `gongzhi static`)")

    def ensure_secret_key(self) -> None:
        """A development machine gets a key file, written once, explicitly; production brings its own key."""
        if os.environ.get("GONGZHI_SECRET_KEY", "").strip():
            return
        path = Path(settings.SECRET_KEY_FILE)
        if path.is_file():
            return
        if settings.GONGZHI_ENV == "production":
            raise CommandError("GONGZHI_SECRET_KEY is not set (GONGZHI_ENV=production)")
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as key_file:
            key_file.write(secrets.token_urlsafe(50))
        self.stdout.write(f"No GONGZHI_SECRET_KEY: wrote a development secret key to {path} "
                          "(set GONGZHI_SECRET_KEY in production, see docs/configuration.md)")

    def handle(self, *args, host, port, workers, check, no_collectstatic=False, **options):
        Path(settings.VAR_DIR).mkdir(parents=True, exist_ok=True)
        self.ensure_secret_key()
        servers = settings.GONGZHI_SERVERS
        if servers > 1:
            missing = unapplied_migrations()
            if missing:
                shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
                raise CommandError(
                    f"{len(missing)} migration(s) not applied: {shown}. With GONGZHI_SERVERS={servers} "
                    "`gongzhi serve` does not migrate: run `gongzhi migrate` once, then start the servers "
                    "(docs/deployment.md).")
        else:
            call_command("migrate", interactive=False, verbosity=0)
        if not no_collectstatic:
            staticcollect.collect_if_changed()
        gunicorn = Path(sys.executable).with_name("gunicorn")
        if not gunicorn.exists():
            found = shutil.which("gunicorn")
            if not found:
                raise CommandError("gunicorn is not installed: run `make install`")
            gunicorn = Path(found)
        argv = gunicorn_argv(str(gunicorn), host=host, port=port, workers=workers)
        env = {**os.environ, "GONGZHI_DEBUG": "0", "DJANGO_SETTINGS_MODULE": "gongzhi.settings"}
        self.stdout.write(f"Gongzhi serving on http://{host}:{port}/ with {workers} workers")
        if check:
            self.stdout.write(" ".join(argv))
            return
        sys.stdout.flush()
        os.execve(str(gunicorn), argv, env)
