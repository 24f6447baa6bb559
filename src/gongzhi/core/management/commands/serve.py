"""`gongzhi serve`: apply migrations, collect static files, then serve with gunicorn (DEBUG off)."""

import os
import shutil
import sys
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Apply migrations and serve Gongzhi with the production server (gunicorn, DEBUG off)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=int(os.environ.get("GONGZHI_WORKERS", "2")))
        parser.add_argument("--check", action="store_true", help="prepare everything, print the command, do not serve")

    def handle(self, *args, host, port, workers, check, **options):
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        gunicorn = Path(sys.executable).with_name("gunicorn")
        if not gunicorn.exists():
            found = shutil.which("gunicorn")
            if not found:
                raise CommandError("gunicorn is not installed: run `make install`")
            gunicorn = Path(found)
        argv = [str(gunicorn), "gongzhi.wsgi:application", "--bind", f"{host}:{port}", "--workers", str(workers),
                # The access log leaves out query strings: a search may carry a phone number.
                "--access-logfile", "-", "--access-logformat", '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms',
                "--forwarded-allow-ips", os.environ.get("GONGZHI_FORWARDED_ALLOW_IPS", "127.0.0.1")]
        env = {**os.environ, "GONGZHI_DEBUG": "0", "DJANGO_SETTINGS_MODULE": "gongzhi.settings"}
        self.stdout.write(f"Gongzhi serving on http://{host}:{port}/ with {workers} workers")
        if check:
            self.stdout.write(" ".join(argv))
            return
        sys.stdout.flush()
        os.execve(str(gunicorn), argv, env)
