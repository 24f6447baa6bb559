"""`gongzhi bench_throughput --url http://127.0.0.1:8000`: drive a RUNNING server (`gongzhi serve` on the demo
database, started by you) with Debian's `wrk` over the public board, the resident's service menu, the dispatch
board, Open311 and `/healthz`, in interleaved rounds, and print each page's requests/s, p50/p99 latency and its ratio
to `/healthz` in the same run. It starts nothing itself; it signs in the demo accounts by writing sessions into the
database the server uses (run it with the server's settings, GONGZHI_VAR_DIR and DATABASE_URL). `make bench-deps` installs wrk.

A benchmark, not a test: it prints figures for the README's performance section."""

from __future__ import annotations

import re
import shutil
import subprocess
import urllib.request
from importlib import import_module

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.core.management.base import BaseCommand, CommandError

from gongzhi.accounts.models import User
from gongzhi.regions.models import RegionNode

# (label, account or "" for anonymous, path); {wumei} is 五美社区's id
PAGES = [
    ("healthz", "", "/healthz"),
    ("public board", "", "/board/{wumei}/"),
    ("resident menu", "wangxiuying", "/m/orders/menu/"),
    ("dispatch board", "wumei", "/workbench/orders/"),
    ("Open311 requests.json", "", "/open311/v2/requests.json"),
]
LATENCY = re.compile(r"^\s+(50|99)(?:\.000)?%\s+([\d.]+)(us|ms|s)\s*$", re.M)
RATE = re.compile(r"^Requests/sec:\s+([\d.]+)", re.M)
STATUS = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def session_cookie(username: str) -> str:
    """A signed-in session for a demo account, written where the server reads sessions (the database, and the shared
    cache when settings use one)."""
    user = User.objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"no account {username!r}: load the demo first (gongzhi demo)")
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


class Command(BaseCommand):
    help = "Requests/s and latency of the public and resident pages against /healthz, on a running server (wrk)."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000", help="the running server")
        parser.add_argument("--seconds", type=int, default=10, help="length of one wrk run per page")
        parser.add_argument("--connections", type=int, default=4)
        parser.add_argument("--threads", type=int, default=2)
        parser.add_argument("--rounds", type=int, default=2, help="interleaved rounds over all pages")

    def handle(self, *args, **o):
        wrk = shutil.which("wrk")
        if wrk is None:
            raise CommandError("wrk is not installed: run `make bench-deps` (Debian's wrk)")
        wumei = RegionNode.objects.filter(kind="community", name="五美社区").first()
        if wumei is None:
            raise CommandError("五美社区 is not in this database: load the demo first (gongzhi demo)")
        base = o["url"].rstrip("/")
        cookies = {a: session_cookie(a) for a in {p[1] for p in PAGES if p[1]}}
        pages = [(label, account, path.format(wumei=wumei.pk)) for label, account, path in PAGES]
        for _label, account, path in pages:  # every page answers 200 before it is measured
            request = urllib.request.Request(base + path, headers={"Cookie": cookies.get(account, "")})
            with urllib.request.urlopen(request, timeout=30) as response:
                if response.status != 200:
                    raise CommandError(f"{path} answered {response.status}")
        results: dict[str, list[tuple[float, float, float]]] = {label: [] for label, _, _ in pages}
        for _round in range(o["rounds"]):
            for label, account, path in pages:
                cmd = [wrk, f"-t{o['threads']}", f"-c{o['connections']}", f"-d{o['seconds']}s", "--latency"]
                if account:
                    cmd += ["-H", f"Cookie: {cookies[account]}"]
                out = subprocess.run([*cmd, base + path], capture_output=True, text=True, check=True).stdout
                if STATUS.search(out):
                    raise CommandError(f"{path}: {STATUS.search(out).group(1)} responses were not 2xx/3xx")
                latency = {m.group(1): _ms(m.group(2), m.group(3)) for m in LATENCY.finditer(out)}
                results[label].append((float(RATE.search(out).group(1)), latency["50"], latency["99"]))
        health = sum(r[0] for r in results["healthz"]) / len(results["healthz"])
        self.stdout.write(f"{'page':<24}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'× healthz':>11}")
        for label, _account, _path in pages:
            runs = results[label]
            rate = sum(r[0] for r in runs) / len(runs)
            p50 = sum(r[1] for r in runs) / len(runs)
            p99 = max(r[2] for r in runs)
            self.stdout.write(f"{label:<24}{rate:>9.1f}{p50:>9.1f}{p99:>9.1f}{rate / health:>11.2f}")
        self.stdout.write(f"({o['rounds']} interleaved rounds of {o['seconds']} s, {o['connections']} connections; "
                          f"rates and p50 averaged, p99 the worst round)")
