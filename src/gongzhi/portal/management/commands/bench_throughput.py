"""`gongzhi bench_throughput --url http://127.0.0.1:8000`: drive a RUNNING server (`gongzhi serve` on the demo
database, started by you) with Debian's `wrk` over the public board, the resident's service menu, the dispatch
board, Open311 and `/healthz`, in interleaved rounds, and print each page's requests/s, p50/p99 latency and its ratio
to `/healthz` in the same run — and, when the server runs on this machine, the CPU time its workers spent per
request and the ratio by it (on a machine shared with other work it moves far less than requests/s). It starts
nothing itself; it signs in the demo accounts by writing sessions where the server reads them (run it with the
server's settings, GONGZHI_VAR_DIR and DATABASE_URL). `make bench-deps` installs wrk.

`--memory 10000` measures memory instead: the resident set size (RSS) of each gunicorn worker after a warm-up, then
after 10,000 requests of the same mix (the five pages in turn, 4 connections), and the change in %. The workers are
the children of the gunicorn master: `--server-pid` names it (`gongzhi serve` becomes the master, so its pid is the
one a shell's `$!` gives), else the command finds the processes listening on the URL's port in /proc (Linux, the
same machine and user) and takes the children of the one whose parent does not listen.

A benchmark, not a test: it prints figures for the README's performance section."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import threading
import time
import urllib.parse
import urllib.request
from importlib import import_module
from pathlib import Path

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
COUNT = re.compile(r"^\s+(\d+) requests in", re.M)


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
        parser.add_argument("--memory", type=int, default=0, metavar="N",
                            help="measure the workers' RSS before and after N requests of the mix instead")
        parser.add_argument("--warmup", type=int, default=500, help="requests of the mix before the first RSS")
        parser.add_argument("--server-pid", type=int, default=0, help="the gunicorn master (else found by port)")

    def handle(self, *args, **o):
        wrk = shutil.which("wrk")
        if wrk is None and not o["memory"]:
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
        if o["memory"]:
            self.memory(base, pages, cookies, requests=o["memory"], warmup=o["warmup"],
                        connections=o["connections"], master=o["server_pid"])
            return
        # the workers' own CPU time per request, when the server runs on this machine: on a machine shared with
        # other work it moves far less than requests/s, which follow whatever else the cores are doing
        try:
            workers = worker_pids(o["server_pid"] or master_pid(urllib.parse.urlsplit(base).port or 80))
        except CommandError:
            workers = []
        results: dict[str, list[tuple[float, float, float, float]]] = {label: [] for label, _, _ in pages}
        for _round in range(o["rounds"]):
            for label, account, path in pages:
                cmd = [wrk, f"-t{o['threads']}", f"-c{o['connections']}", f"-d{o['seconds']}s", "--latency"]
                if account:
                    cmd += ["-H", f"Cookie: {cookies[account]}"]
                cpu = cpu_seconds(workers)
                out = subprocess.run([*cmd, base + path], capture_output=True, text=True, check=True).stdout
                cpu = cpu_seconds(workers) - cpu
                if STATUS.search(out):
                    raise CommandError(f"{path}: {STATUS.search(out).group(1)} responses were not 2xx/3xx")
                latency = {m.group(1): _ms(m.group(2), m.group(3)) for m in LATENCY.finditer(out)}
                count = int(COUNT.search(out).group(1))
                results[label].append((float(RATE.search(out).group(1)), latency["50"], latency["99"],
                                       1000 * cpu / max(count, 1)))
        health = sum(r[0] for r in results["healthz"]) / len(results["healthz"])
        health_cpu = sum(r[3] for r in results["healthz"]) / len(results["healthz"])
        header = f"{'page':<24}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'× healthz':>11}"
        self.stdout.write(header + (f"{'CPU ms/req':>12}{'× by CPU':>10}" if workers else ""))
        for label, _account, _path in pages:
            runs = results[label]
            rate = sum(r[0] for r in runs) / len(runs)
            p50 = sum(r[1] for r in runs) / len(runs)
            p99 = max(r[2] for r in runs)
            cpu = sum(r[3] for r in runs) / len(runs)
            line = f"{label:<24}{rate:>9.1f}{p50:>9.1f}{p99:>9.1f}{rate / health:>11.2f}"
            self.stdout.write(line + (f"{cpu:>12.2f}{health_cpu / cpu if cpu else 0:>10.2f}" if workers else ""))
        self.stdout.write(f"({o['rounds']} interleaved rounds of {o['seconds']} s, {o['connections']} connections; "
                          f"rates and p50 averaged, p99 the worst round"
                          + ("; CPU: the gunicorn workers' user+system time per request" if workers else "") + ")")

    def memory(self, base, pages, cookies, *, requests, warmup, connections, master):
        port = urllib.parse.urlsplit(base).port or 80
        workers = worker_pids(master or master_pid(port))
        if not workers:
            raise CommandError(f"no gunicorn workers found for port {port}: give --server-pid")
        mix = [(base + path, cookies.get(account, "")) for _label, account, path in pages]
        drive(mix, warmup, connections)
        before = {pid: rss_kib(pid) for pid in workers}
        started = time.monotonic()
        drive(mix, requests, connections)
        seconds = time.monotonic() - started
        after = {pid: rss_kib(pid) for pid in workers}
        if worker_pids(master or master_pid(port)) != workers:
            self.stdout.write("warning: the workers changed during the run (a worker restarted)")
        self.stdout.write(f"{'worker':<10}{'RSS before MiB':>16}{'RSS after MiB':>15}{'change':>9}")
        for pid in workers:
            self.stdout.write(f"{pid:<10}{before[pid] / 1024:>16.1f}{after[pid] / 1024:>15.1f}"
                              f"{(after[pid] - before[pid]) / before[pid]:>+9.1%}")
        total_before, total_after = sum(before.values()), sum(after.values())
        self.stdout.write(f"{'all':<10}{total_before / 1024:>16.1f}{total_after / 1024:>15.1f}"
                          f"{(total_after - total_before) / total_before:>+9.1%}")
        self.stdout.write(f"({requests} requests of the mix of {len(mix)} pages in {seconds:.0f} s, {connections} "
                          f"connections, after {warmup} requests of warm-up)")


def drive(mix: list[tuple[str, str]], count: int, connections: int) -> None:
    """`count` GET requests, the pages of `mix` in turn, over `connections` threads; every answer must be 200."""
    lock = threading.Lock()
    state = {"next": 0, "failed": ""}

    def work() -> None:
        while True:
            with lock:
                index = state["next"]
                if index >= count or state["failed"]:
                    return
                state["next"] = index + 1
            url, cookie = mix[index % len(mix)]
            try:
                with urllib.request.urlopen(urllib.request.Request(url, headers={"Cookie": cookie}),
                                            timeout=60) as response:
                    response.read()
            except Exception as error:  # an HTTP error or a refused connection ends the run
                with lock:
                    state["failed"] = f"{url}: {error}"
                return

    threads = [threading.Thread(target=work) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if state["failed"]:
        raise CommandError(state["failed"])


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU time the processes have used so far (/proc/<pid>/stat, fields 14 and 15)."""
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise CommandError(f"no RSS for process {pid}")


def _parent(pid: int) -> int:
    # /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces and parentheses
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def _pids() -> list[int]:
    return [int(name) for name in os.listdir("/proc") if name.isdigit()]


def worker_pids(master: int) -> list[int]:
    """The children of the gunicorn master, in pid order."""
    children = []
    for pid in _pids():
        try:
            if _parent(pid) == master:
                children.append(pid)
        except (OSError, IndexError, ValueError):
            continue  # gone meanwhile
    return sorted(children)


def master_pid(port: int) -> int:
    """The process listening on `port` whose parent does not listen on it: gunicorn's master (its workers inherit
    the listening socket)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:  # 0A: LISTEN
                inodes.add(fields[9])
    listening = set()
    for pid in _pids():
        try:
            for fd in os.listdir(f"/proc/{pid}/fd"):
                target = os.readlink(f"/proc/{pid}/fd/{fd}")
                if target.startswith("socket:[") and target[8:-1] in inodes:
                    listening.add(pid)
                    break
        except OSError:
            continue  # another user's process, or gone meanwhile
    masters = [pid for pid in listening if _parent(pid) not in listening]
    if len(masters) != 1:
        raise CommandError(f"cannot tell gunicorn's master on port {port} (found {sorted(listening)}): "
                           "give --server-pid")
    return masters[0]
