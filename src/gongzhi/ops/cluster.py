"""The cluster check of issue 15 (docs/cluster-check.md): two app servers, two task workers and two schedulers on
one PostgreSQL, driven by residents, providers and staff across both servers at once, then checked; and the faults
(a worker killed mid-task, PostgreSQL restarted, an app server killed) with their observed figures.

This module is the harness only: processes, a private PostgreSQL cluster, an HTTP load generator on the standard
library, and the figures. It reads and writes no model: the seeding and the checks run in a process of their own
with the cluster's environment (`python -m gongzhi.testing.cluster_scenario`), so the harness needs no database
settings and `gongzhi.ops` imports no app. `gongzhi cluster_check` and the tests marked `cluster` call `run_check`.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from queue import Empty, Queue
from urllib.parse import urlsplit, urlunsplit

PG_BIN = Path("/usr/lib/postgresql/15/bin")  # Debian's PostgreSQL 15; `gongzhi cluster_check --pg-bin` for another
SCENARIO = "gongzhi.testing.cluster_scenario"
RESTART_SEC = 5.0  # deploy/systemd's RestartSec for workers and the scheduler


class ClusterError(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def gongzhi_argv(*args: str) -> list[str]:
    """The `gongzhi` command of this interpreter (and its PYTHONPATH: a worktree's code, not the installed one)."""
    return [sys.executable, "-m", "gongzhi.cli", *args]


# --- a private PostgreSQL cluster -----------------------------------------------------------------------------

class PrivatePostgres:
    """initdb + pg_ctl on a free port under `root`: a server of the check's own, that the faults may restart. Never
    the machine's server. PostgreSQL refuses to run as root, so as root it runs as the `postgres` user."""

    def __init__(self, root: Path, pg_bin: Path = PG_BIN):
        self.root = root
        self.bin = pg_bin
        self.data = root / "data"
        self.port = free_port()
        self.log = root / "postgres.log"

    def _run(self, *argv: str | Path, check: bool = True) -> subprocess.CompletedProcess:
        command = [str(a) for a in argv]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if check and done.returncode != 0:
            raise ClusterError(f"{Path(command[4 if command[0] == 'runuser' else 0]).name} failed:\n"
                               f"{done.stdout[-1500:]}{done.stderr[-1500:]}")
        return done

    def start(self) -> None:
        if not (self.bin / "initdb").exists():
            raise ClusterError(f"PostgreSQL's initdb not found in {self.bin} (gongzhi cluster_check --pg-bin DIR)")
        self.root.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:  # the postgres user must reach its folder through the (private) temporary one
            self.root.parent.chmod(0o711)
            shutil.chown(self.root, "postgres")
        self._run(self.bin / "initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8",
                  "--locale=C.UTF-8")
        self._pg_ctl("start")

    def _pg_ctl(self, action: str, *extra: str) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c max_connections=200"
        self._run(self.bin / "pg_ctl", "-D", self.data, "-o", options, "-l", self.log, "-w", "-t", "60", action,
                  *extra)

    def restart(self) -> None:
        self._pg_ctl("restart", "-m", "fast")

    def stop(self) -> None:
        if self.data.exists():
            self._run(self.bin / "pg_ctl", "-D", self.data, "stop", "-m", "immediate", check=False)

    def url(self, name: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


def _admin(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(with_database(url, "postgres"), autocommit=True) as conn:
        conn.execute(sql)


def create_database(url: str, name: str) -> str:
    _admin(url, f'CREATE DATABASE "{name}"')
    return with_database(url, name)


def drop_database(url: str, name: str) -> None:
    _admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def query(url: str, sql: str, params: tuple = ()) -> list[tuple]:
    """A read for the harness's polling, on a connection of its own (psycopg, not Django)."""
    import psycopg

    with psycopg.connect(url, autocommit=True, connect_timeout=5) as conn:
        return conn.execute(sql, params).fetchall()


# --- the processes ------------------------------------------------------------------------------------------

@dataclass
class Proc:
    name: str
    popen: subprocess.Popen
    log: Path
    port: int | None = None
    stopped: bool = False  # stopped on purpose: the supervisor leaves it down
    exited_at: float | None = None

    def alive(self) -> bool:
        return self.popen.poll() is None

    def kill9(self) -> None:
        """SIGKILL to the whole process group: a gunicorn master with its workers, as if the machine died."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, signal.SIGKILL)
        self.popen.wait(timeout=10)

    def stop(self, timeout: float = 20) -> None:
        self.stopped = True
        if not self.alive():
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, signal.SIGTERM)
        try:
            self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill9()


def serve_supports_no_collectstatic() -> bool:
    from gongzhi.core.management.commands.serve import Command

    return "--no-collectstatic" in Command().create_parser("gongzhi", "serve").format_help()


class Cluster:
    """Two (or more) app servers, task workers and schedulers on one database, started as subprocesses with their
    logs in `workdir/logs`; a context manager that stops them all (SIGTERM, then SIGKILL) however it is left."""

    def __init__(self, database_url: str, workdir: Path, *, servers: int = 2, workers: int = 2,
                 schedulers: int = 2, web_workers: int = 2):
        self.database_url = database_url
        self.workdir = workdir
        self.logs = workdir / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.n_servers, self.n_workers, self.n_schedulers = servers, workers, schedulers
        self.web_workers = web_workers
        self.procs: list[Proc] = []
        self.restarts: list[tuple[str, float]] = []  # (name of the process that exited, when it was restarted)
        self._supervising = threading.Event()
        self.env = {**os.environ, "DATABASE_URL": database_url, "GONGZHI_VAR_DIR": str(workdir / "var"),
                    "GONGZHI_SERVERS": str(servers), "GONGZHI_SECRET_KEY": secrets.token_urlsafe(50),
                    "GONGZHI_WORKERS": str(web_workers), "DJANGO_SETTINGS_MODULE": "gongzhi.settings",
                    "GONGZHI_LOG_LEVEL": "INFO", "PYTHONUNBUFFERED": "1"}
        for name in ("GONGZHI_REDIS_URL", "GONGZHI_REQUIRE_POSTGRES", "PYTEST_XDIST_WORKER",
                     "PYTEST_CURRENT_TEST"):
            self.env.pop(name, None)

    # one-off commands with the cluster's environment
    def run(self, argv: list[str], *, timeout: float = 600) -> str:
        done = subprocess.run(argv, env=self.env, capture_output=True, text=True, timeout=timeout)
        if done.returncode != 0:
            raise ClusterError(f"{' '.join(argv[2:5])} failed ({done.returncode}):\n{done.stderr[-3000:]}")
        return done.stdout

    def scenario(self, *args: str, timeout: float = 600) -> dict:
        out = self.run([sys.executable, "-m", SCENARIO, *args], timeout=timeout)
        for line in out.splitlines():
            if line.startswith("CLUSTER-JSON "):
                return json.loads(line.removeprefix("CLUSTER-JSON "))
        raise ClusterError(f"{args[0]} printed no result:\n{out[-2000:]}")

    def migrate(self) -> None:
        self.run(gongzhi_argv("migrate", "--noinput", "-v", "0"), timeout=900)

    def copy_schema(self, source_url: str, pg_bin: Path = PG_BIN) -> None:
        """The schema of a database migrated already (and its migration records), instead of migrating again: the
        tests use their own migrated test database (a minute of CPU saved). Rows of data migrations are not
        copied (another test may have flushed them): `seed --reseed` puts them back."""
        pg_dump, pg_restore = pg_bin / "pg_dump", pg_bin / "pg_restore"
        for dump_args in (["--schema-only"], ["--data-only", "--table=django_migrations"]):
            dump = subprocess.run([str(pg_dump), "-Fc", "--no-owner", "--no-privileges", *dump_args,
                                   f"--dbname={source_url}"], capture_output=True, timeout=300)
            if dump.returncode != 0:
                raise ClusterError(f"pg_dump failed: {dump.stderr.decode()[-2000:]}")
            restore = subprocess.run([str(pg_restore), "--no-owner", "--no-privileges",
                                      f"--dbname={self.database_url}"], input=dump.stdout, capture_output=True,
                                     timeout=300)
            if restore.returncode != 0:
                raise ClusterError(f"pg_restore failed: {restore.stderr.decode()[-2000:]}")

    # long-running processes
    def spawn(self, name: str, argv: list[str], *, port: int | None = None) -> Proc:
        log = self.logs / f"{name}.log"
        with open(log, "ab") as out:
            popen = subprocess.Popen(argv, env=self.env, stdout=out, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, start_new_session=True)
        proc = Proc(name, popen, log, port)
        self.procs.append(proc)
        return proc

    def start_server(self, index: int) -> Proc:
        port = free_port()
        if serve_supports_no_collectstatic():
            argv = gongzhi_argv("serve", "--host", "127.0.0.1", "--port", str(port), "--workers",
                                str(self.web_workers), "--no-collectstatic")
        else:
            # This serve collects static files at every start (a minute of CPU each on a 2-core machine): run the
            # gunicorn command it would exec, after its migration check (`migrate` ran once, above).
            from gongzhi.core.management.commands.serve import gunicorn_argv

            gunicorn = Path(sys.executable).with_name("gunicorn")
            argv = gunicorn_argv(str(gunicorn if gunicorn.exists() else shutil.which("gunicorn")),
                                 host="127.0.0.1", port=port, workers=self.web_workers)
            self.env["GONGZHI_DEBUG"] = "0"
        return self.spawn(f"server{index}", argv, port=port)

    def start_worker(self, name: str) -> Proc:
        return self.spawn(name, gongzhi_argv("db_worker", "--worker-id", name, "--interval", "0.2"))

    def start_scheduler(self, name: str) -> Proc:
        return self.spawn(name, gongzhi_argv("scheduler", "--tick", "2"))

    def supervise(self) -> None:
        """Restart a worker or scheduler that exited, RESTART_SEC later, as their systemd units do
        (deploy/systemd: Restart=always, RestartSec=5). App servers are not restarted: the faults measure the
        survivor. A restarted process gets a new name (worker1-r1), so its worker id tells the runs apart."""
        self._supervising.set()

        def loop() -> None:
            while self._supervising.is_set():
                now = time.monotonic()
                for proc in list(self.procs):
                    if proc.stopped or proc.alive() or not proc.name.startswith(("worker", "scheduler")):
                        continue
                    if proc.exited_at is None:
                        proc.exited_at = now
                    elif now - proc.exited_at >= RESTART_SEC:
                        self.procs.remove(proc)
                        base = proc.name.split("-r")[0]
                        name = f"{base}-r{sum(1 for n, _t in self.restarts if n.split('-r')[0] == base) + 1}"
                        (self.start_worker if base.startswith("worker") else self.start_scheduler)(name)
                        self.restarts.append((proc.name, now))
                time.sleep(0.25)

        threading.Thread(target=loop, daemon=True, name="supervisor").start()

    def start(self) -> None:
        for i in range(1, self.n_servers + 1):
            self.start_server(i)
        for i in range(1, self.n_workers + 1):
            self.start_worker(f"worker{i}")
        for i in range(1, self.n_schedulers + 1):
            self.start_scheduler(f"scheduler{i}")
        for server in self.servers():
            self.wait_healthy(server)
        self.supervise()

    def servers(self) -> list[Proc]:
        return [p for p in self.procs if p.name.startswith("server")]

    def workers(self) -> list[Proc]:
        return [p for p in self.procs if p.name.startswith("worker") and p.alive()]

    def wait_healthy(self, server: Proc, timeout: float = 180) -> float:
        start = time.monotonic()
        while time.monotonic() - start < timeout:
            if not server.alive():
                raise ClusterError(f"{server.name} exited:\n{server.log.read_text()[-3000:]}")
            with contextlib.suppress(OSError, http.client.HTTPException):
                conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    return time.monotonic() - start
            time.sleep(0.3)
        raise ClusterError(f"{server.name} did not answer /healthz within {timeout} s")

    def wait_queue_empty(self, timeout: float = 120) -> float:
        """Wait until no task waits and none runs on a live worker (a task whose worker died stays "running":
        that is fail_lost_tasks' business)."""
        start = time.monotonic()
        while time.monotonic() - start < timeout:
            with contextlib.suppress(Exception):
                live = [p.name for p in self.procs if p.name.startswith("worker") and p.alive()]
                rows = query(self.database_url, "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE "
                             "status = 'READY' OR (status = 'RUNNING' AND worker_ids->>-1 = ANY(%s))", (live,))
                if rows[0][0] == 0:
                    return time.monotonic() - start
            time.sleep(0.5)
        raise ClusterError(f"the task queue did not drain within {timeout} s")

    def lost_tasks(self) -> list[str]:
        """Tasks left running by a worker that is gone."""
        live = [p.name for p in self.procs if p.name.startswith("worker") and p.alive()]
        return [r[0] for r in query(self.database_url, "SELECT id::text FROM django_tasks_database_dbtaskresult "
                                    "WHERE status = 'RUNNING' AND NOT (worker_ids->>-1 = ANY(%s))", (live,))]

    def stop(self) -> None:
        self._supervising.clear()
        for proc in reversed(self.procs):
            proc.stop()

    def kill_all(self) -> None:
        self._supervising.clear()
        for proc in self.procs:
            if proc.alive():
                proc.kill9()

    def __enter__(self) -> Cluster:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.stop()
        else:
            self.kill_all()


# --- the load generator -------------------------------------------------------------------------------------

class Client:
    """One user's HTTP session (their session cookie and a CSRF token, as a browser holds them) against the app
    servers, on http.client. A request goes to the server chosen by the caller; when that server refuses the
    connection (nothing was sent) the client fails over to the next one, as a load balancer would."""

    def __init__(self, ports: list[int], session_key: str):
        self.ports = ports
        self.token = secrets.token_hex(16)  # 32 characters: a CSRF secret
        self.cookie = f"sessionid={session_key}; csrftoken={self.token}"
        self.conns: dict[int, http.client.HTTPConnection] = {}

    def _conn(self, port: int) -> http.client.HTTPConnection:
        if port not in self.conns:
            self.conns[port] = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        return self.conns[port]

    def call(self, method: str, path: str, body: dict | None = None, *, server: int = 0) -> tuple[int, dict | list | None, int]:
        """(status, JSON body, port); status 0 when no server could be reached or the connection broke."""
        headers = {"Cookie": self.cookie, "X-CSRFToken": self.token, "Accept": "application/json"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        order = self.ports[server % len(self.ports):] + self.ports[: server % len(self.ports)]
        for port in order:
            conn = self._conn(port)
            try:
                conn.request(method, path, body=data, headers=headers)
                response = conn.getresponse()
                raw = response.read()
            except ConnectionRefusedError:
                conn.close()
                self.conns.pop(port, None)
                continue  # nothing reached that server: the next one may take it
            except (OSError, http.client.HTTPException):
                conn.close()
                self.conns.pop(port, None)
                return 0, None, port  # it may or may not have been applied: never retried
            try:
                parsed = json.loads(raw) if raw else None
            except ValueError:
                parsed = None
            return response.status, parsed, port
        return 0, None, -1


@dataclass
class LoadRecord:
    """What the load generator saw: every 2xx's object id by kind, and every request's (time, kind, status)."""
    started_at: str = ""
    ok: dict[str, list[int]] = field(default_factory=lambda: {k: [] for k in (
        "order_placed", "scarce_placed", "order_taken", "case_reported", "whistle_blown", "whistle_reported")})
    counts: Counter = field(default_factory=Counter)
    timeline: list[tuple[float, str, int, int]] = field(default_factory=list)  # (monotonic, kind, status, port)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def note(self, kind: str, status: int, port: int) -> None:
        with self.lock:
            self.timeline.append((time.monotonic(), kind, status, port))
            self.counts["requests"] += 1
            if (status == 0 and port != -1) or status >= 500:
                # the connection broke, or the server failed (perhaps after its transaction committed, while
                # reading the object back for the answer): applied or not, the client cannot know
                self.counts[f"in_doubt_{kind}"] += 1
            if 200 <= status < 300:
                self.counts["2xx"] += 1
            elif 400 <= status < 500:
                self.counts["4xx"] += 1
            else:
                self.counts["errors"] += 1

    def keep(self, kind: str, pk: int) -> None:
        with self.lock:
            self.ok[kind].append(pk)

    def as_json(self, seed: dict, extra: dict | None = None) -> dict:
        return {"seed": seed, "started_at": self.started_at, "ok": self.ok, "counts": dict(self.counts),
                **(extra or {})}


def run_load(cluster: Cluster, seed: dict, record: LoadRecord, *, seconds: float,
             during: list[tuple[float, object]] | None = None) -> dict:
    """Residents order and report, two providers race for every order, staff whistle, the receiver reports, for
    `seconds`, spread over every server; `during` holds (at second, callable) faults to run meanwhile. Returns the
    figures of this stretch: requests, 2xx, expected refusals, errors, and when errors began and ended."""
    ports = [s.port for s in cluster.servers() if s.port]
    stop = threading.Event()
    placed: Queue[int] = Queue()
    cases_q: Queue[int] = Queue()
    whistles_q: Queue[int] = Queue()
    base = len(record.timeline)
    t0 = time.monotonic()

    def ok(status: int) -> bool:
        return 200 <= status < 300

    def resident(index: int, key: str) -> None:
        c = Client(ports, key)
        n = 0
        for item, kind in ((seed["scarce"], "scarce"), (seed["plenty"], "plenty")):
            status, body, port = c.call("POST", "/api/v1/orders", {"menu_item_id": item}, server=index + n)
            n += 1
            record.note(f"place_{kind}", status, port)
            if ok(status) and isinstance(body, dict):
                record.keep("order_placed", body["id"])
                if kind == "scarce":
                    record.keep("scarce_placed", body["id"])
                placed.put(body["id"])
            elif status == 400 and kind == "scarce":
                record.counts["sold_out"] += 1
        while not stop.is_set():
            n += 1
            if n % 4 == 0:
                status, body, port = c.call("POST", "/api/v1/cases", {
                    "category": seed["case_category"], "community_id": seed["community"], "title": f"楼道灯不亮{n}",
                    "description": "楼道灯坏了一周", "channel": "phone_app", "place_id": seed["place"]},
                    server=index + n)
                record.note("report_case", status, port)
                if ok(status) and isinstance(body, dict):
                    record.keep("case_reported", body["id"])
                    cases_q.put(body["id"])
            elif n % 4 == 1:
                status, body, port = c.call("GET", "/api/v1/orders/menu", server=index + n)
                record.note("menu", status, port)
            else:
                status, body, port = c.call("POST", "/api/v1/orders", {
                    "title": f"家里水管漏水{n}", "category": seed["order_category"], "description": "需要上门"},
                    server=index + n)
                record.note("place_help", status, port)
                if ok(status) and isinstance(body, dict):
                    record.keep("order_placed", body["id"])
                    placed.put(body["id"])
            time.sleep(0.05)

    def takers() -> None:
        a, b = (Client(ports, key) for key in seed["takers"][:2])
        with ThreadPoolExecutor(2) as pool:
            while not stop.is_set() or not placed.empty():
                try:
                    pk = placed.get(timeout=0.2)
                except Empty:
                    continue
                # the two providers take the same order at the same moment, each through another server
                futures = [pool.submit(c.call, "POST", f"/api/v1/orders/{pk}/take", {}, server=i)
                           for i, c in enumerate((a, b))]
                wins = 0
                for f in futures:
                    status, _body, port = f.result()
                    record.note("take", status, port)
                    if ok(status):
                        wins += 1
                        record.keep("order_taken", pk)
                    elif status == 400:
                        record.counts["take_refused"] += 1
                if wins > 1:
                    record.counts["take_won_twice"] += 1
                if stop.is_set() and time.monotonic() - t0 > seconds + 20:
                    break

    def staff() -> None:
        grid, boss = Client(ports, seed["grid"]), Client(ports, seed["staff"])
        n = 0
        while not stop.is_set() or not cases_q.empty():
            try:
                pk = cases_q.get(timeout=0.2)
            except Empty:
                continue
            n += 1
            status, _b, port = grid.call("POST", f"/api/v1/cases/{pk}/accept", {}, server=n)
            record.note("accept_case", status, port)
            if not ok(status):
                continue
            status, body, port = boss.call("POST", f"/api/v1/cases/{pk}/whistles", {
                "department_ids": [seed["department"]], "request": "请司法所到场"}, server=n + 1)
            record.note("whistle", status, port)
            if ok(status) and isinstance(body, list):
                for whistle in body:
                    record.keep("whistle_blown", whistle["id"])
                    whistles_q.put(whistle["id"])
            if stop.is_set() and time.monotonic() - t0 > seconds + 20:
                break

    def receiver() -> None:
        c = Client(ports, seed["receiver"])
        n = 0
        while not stop.is_set() or not whistles_q.empty():
            try:
                pk = whistles_q.get(timeout=0.2)
            except Empty:
                continue
            n += 1
            status, _b, port = c.call("POST", f"/api/v1/cases/whistles/{pk}/report", {"note": "已到场"}, server=n)
            record.note("report_whistle", status, port)
            if ok(status):
                record.keep("whistle_reported", pk)
            if stop.is_set() and time.monotonic() - t0 > seconds + 20:
                break

    threads = [threading.Thread(target=resident, args=(i, key), daemon=True)
               for i, key in enumerate(seed["residents"])]
    threads += [threading.Thread(target=f, daemon=True) for f in (takers, staff, receiver)]
    for t in threads:
        t.start()
    fault_results: list = []
    for at, action in sorted(during or [], key=lambda x: x[0]):
        delay = t0 + at - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        fault_results.append((time.monotonic(), action()))  # type: ignore[operator]
    remaining = t0 + seconds - time.monotonic()
    if remaining > 0:
        time.sleep(remaining)
    stop.set()
    for t in threads:
        t.join(timeout=60)
    stretch = record.timeline[base:]
    out = summarise(stretch, fault_at=fault_results[0][0] if fault_results else None, t0=t0)
    if fault_results:
        out["fault_s"] = round(fault_results[0][1], 2) if isinstance(fault_results[0][1], float) else None
    return out


def summarise(stretch: list[tuple[float, str, int, int]], *, fault_at: float | None, t0: float) -> dict:
    statuses = Counter(s for _t, _k, s, _p in stretch)
    errors = [(t, p) for t, _k, s, p in stretch if s == 0 or s >= 500]
    out = {"requests": len(stretch), "2xx": sum(n for s, n in statuses.items() if 200 <= s < 300),
           "4xx": sum(n for s, n in statuses.items() if 400 <= s < 500),
           "errors": len(errors), "seconds": round((stretch[-1][0] - t0) if stretch else 0, 1)}
    if fault_at is not None:
        after = [(t, s) for t, _k, s, _p in stretch if t >= fault_at]
        errs_after = [t for t, s in after if s == 0 or s >= 500]
        out["errors_after_fault"] = len(errs_after)
        # recovery: from the fault to the first 2xx after its last error (0 when no error followed it)
        if errs_after:
            last_err = max(errs_after)
            next_ok = min((t for t, s in after if 200 <= s < 300 and t > last_err), default=None)
            out["recovery_s"] = round((next_ok or last_err) - fault_at, 2)
        else:
            out["recovery_s"] = 0.0
        out["requests_after_fault"] = len(after)
        out["2xx_after_fault"] = sum(1 for _t, s in after if 200 <= s < 300)
    return out


# --- the check and the faults ---------------------------------------------------------------------------------

@dataclass
class Row:
    phase: str
    requests: int | str = "—"
    ok: int | str = "—"
    refused: int | str = "—"  # expected 4xx: sold out, race lost
    errors: int | str = "—"
    recovery_s: float | str = "—"
    duplicates: int | str = "—"
    lost: int | str = "—"
    passed: bool = True
    note: str = ""


def format_table(rows: list[Row]) -> str:
    head = ("phase", "requests", "2xx", "4xx", "errors", "recovery s", "duplicates", "lost", "result", "note")
    lines = [head] + [(r.phase, str(r.requests), str(r.ok), str(r.refused), str(r.errors), str(r.recovery_s),
                       str(r.duplicates), str(r.lost), "ok" if r.passed else "FAILED", r.note) for r in rows]
    widths = [max(len(line[i]) for line in lines) for i in range(len(head) - 1)]
    out = []
    for i, line in enumerate(lines):
        out.append(" | ".join(c.ljust(w) for c, w in zip(line[:-1], widths, strict=True)) + " | " + line[-1])
        if i == 0:
            out.append("-+-".join("-" * w for w in widths) + "-+-" + "-" * 4)
    return "\n".join(out)


def run_check(*, seconds: float = 30, faults: bool = True, server_url: str | None = None, residents: int = 20,
              fault_seconds: float | None = None, keep: bool = False, schema_from: str | None = None,
              web_workers: int = 2, probes: int = 40, pg_bin: Path = PG_BIN, say=print) -> tuple[list[Row], dict]:
    """Start a cluster, load it, check it, and (with `faults`) run the three faults. Without `server_url` (or with
    faults) everything runs on a private PostgreSQL cluster started here; with it, the ordinary check uses a fresh
    database on that server, created and dropped. Returns the rows of the figures table and the details."""
    workdir = Path(tempfile.mkdtemp(prefix="gongzhi-cluster-"))
    rows: list[Row] = []
    details: dict = {"workdir": str(workdir)}
    pg: PrivatePostgres | None = None
    name = f"gongzhi_cluster_{os.getpid()}_{secrets.token_hex(3)}"
    admin_url = server_url
    fault_seconds = fault_seconds or max(12.0, seconds / 2)
    started = time.monotonic()
    try:
        if faults or not server_url:
            pg = PrivatePostgres(workdir / "pg", pg_bin)
            pg.start()
            admin_url = pg.url()
            say(f"private PostgreSQL on 127.0.0.1:{pg.port} ({workdir / 'pg'})")
        assert admin_url is not None
        url = create_database(admin_url, name)
        cluster = Cluster(url, workdir, web_workers=web_workers)
        with cluster:
            t = time.monotonic()
            if schema_from:
                cluster.copy_schema(schema_from, pg_bin)
            else:
                cluster.migrate()
            details["migrate_s"] = round(time.monotonic() - t, 1)
            t = time.monotonic()
            seed = cluster.scenario("seed", "--residents", str(residents), *(["--reseed"] if schema_from else []))
            details["seed_s"] = round(time.monotonic() - t, 1)
            t = time.monotonic()
            cluster.start()
            details["start_s"] = round(time.monotonic() - t, 1)
            say(f"{'schema copied' if schema_from else 'migrated'} in {details['migrate_s']} s, seeded in {details['seed_s']} s, 2 servers + 2 workers + "
                f"2 schedulers healthy in {details['start_s']} s")
            record = LoadRecord(started_at=_db_now(url))
            extra: dict = {"expected_failed_tasks": [], "killed_keys": []}

            def verify(phase: str, load: dict, **fields) -> dict:
                cluster.wait_queue_empty()
                path = workdir / f"record-{phase}.json"
                path.write_text(json.dumps(record.as_json(seed, extra)))
                result = cluster.scenario("verify", "--record", str(path))
                f = result["figures"]
                note = fields.pop("note", "")
                if f.get("applied_in_doubt"):
                    note += (f"; {f['applied_in_doubt']} request(s) answered with an error or cut off were applied "
                             "nonetheless (the answer was lost, not the data)")
                rows.append(Row(phase, load.get("requests", "—"), load.get("2xx", "—"), load.get("4xx", "—"),
                                load.get("errors", "—"), fields.pop("recovery_s", "—"), f["duplicates"], f["lost"],
                                result["ok"] and fields.pop("passed", True), note))
                details[phase] = {"load": load, "verify": result}
                if not result["ok"]:
                    rows[-1].note += f"; PROBLEMS: {result['problems']}"
                    say(f"{phase}: FAILED: {result['problems']}")
                details[phase]["at_s"] = round(time.monotonic() - started, 1)
                return result

            # 1. the load across both servers, with the sweeps enqueued meanwhile by a second process
            sweeper = cluster.spawn("sweeper", [sys.executable, "-m", SCENARIO, "sweeper", "--seconds",
                                                str(seconds)])
            load = run_load(cluster, seed, record, seconds=seconds)
            sweeper.popen.wait(timeout=120)
            result = verify("load", load)
            f = result["figures"]
            rows[-1].note = (f"orders {f['orders_placed']} placed/{f['orders_taken']} taken, scarce "
                             f"{f['scarce_sold']}, escalations {f['order_escalations']}+{f['case_escalations']}, "
                             f"reminders {f['reminders']}, tasks {f['tasks']} by {f['tasks_by_worker']}, "
                             f"runs {f['scheduled_runs']}, chronicle {f['chronicle_entries']} ok")
            say(format_table(rows[-1:]))

            # 2. two workers, one queue: SKIP LOCKED proven by the rows
            rows.append(two_workers(cluster, count=probes))
            say(format_table(rows[-1:]))

            if faults:
                assert pg is not None
                rows.append(kill_worker(cluster, extra))  # the next phase's checks cover its aftermath too
                say(format_table(rows[-1:]))

                def restart_pg():
                    t = time.monotonic()
                    pg.restart()
                    return time.monotonic() - t

                before = len(cluster.restarts)
                load = run_load(cluster, seed, record, seconds=fault_seconds, during=[(fault_seconds / 3, restart_pg)])
                time.sleep(RESTART_SEC + 1)  # the supervisor's restarts, if any
                restarted = [n for n, _t in cluster.restarts[before:]]
                cluster.wait_queue_empty()
                lost = cluster.lost_tasks()
                if lost:  # a task whose worker exited with the connection: failed by fail_lost_tasks, never re-run
                    cluster.scenario("fail-lost")
                    extra["expected_failed_tasks"] += lost
                servers_down = [s.name for s in cluster.servers() if not s.alive()]
                verify("postgres restart", load, recovery_s=load.get("recovery_s", "—"),
                       note=f"restart took {load.get('fault_s')} s; {load.get('errors_after_fault')} errors after "
                            f"it; servers kept running{' except ' + str(servers_down) if servers_down else ''}; "
                            f"exited and restarted by the supervisor: {restarted or 'none'}; tasks left running "
                            f"by them, failed by fail_lost_tasks: {len(lost)}", passed=not servers_down)
                say(format_table(rows[-1:]))

                victim = cluster.servers()[-1]

                def kill_server():
                    victim.kill9()
                    return victim.name

                load = run_load(cluster, seed, record, seconds=fault_seconds, during=[(fault_seconds / 3, kill_server)])
                survivor = [s for s in cluster.servers() if s.alive()]
                rate = (load.get("2xx_after_fault", 0) + 0.0) / max(1, load.get("requests_after_fault", 1))
                verify("app server killed", load, recovery_s=load.get("recovery_s", "—"),
                       note=f"{victim.name} killed; {len(survivor)} left; after the kill "
                            f"{load.get('requests_after_fault')} requests, {load.get('errors_after_fault')} errors, "
                            f"{load.get('2xx_after_fault')} 2xx ({rate:.1%})", passed=bool(survivor))
                say(format_table(rows[-1:]))
        details["total_s"] = round(time.monotonic() - started, 1)
        return rows, details
    finally:
        if pg is not None:
            pg.stop()
        elif admin_url:
            with contextlib.suppress(Exception):
                drop_database(admin_url, name)
        if not keep and all(r.passed for r in rows):
            shutil.rmtree(workdir, ignore_errors=True)


def _db_now(url: str) -> str:
    return query(url, "SELECT now()")[0][0].isoformat()


def _probe_rows(cluster: Cluster, keys: list[str]) -> dict[str, Counter]:
    rows = query(cluster.database_url, "SELECT key, part FROM cluster_probe_effect WHERE key = ANY(%s)", (keys,))
    out: dict[str, Counter] = {}
    for key, part in rows:
        out.setdefault(key, Counter())[part] += 1
    return out


def two_workers(cluster: Cluster, *, count: int) -> Row:
    """Enqueue `count` short tasks while both workers wait: each runs once, and both workers take some."""
    prefix = f"skip-locked-{secrets.token_hex(3)}"
    t = time.monotonic()
    out = cluster.scenario("probe", "--count", str(count), "--seconds", "0.1", "--prefix", prefix)
    cluster.wait_queue_empty()
    elapsed = time.monotonic() - t
    rows = query(cluster.database_url, "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult "
                                       "WHERE id::text = ANY(%s)", (out["task_ids"],))
    by_worker = Counter(w for _s, ids in rows for w in ids)
    claims = Counter(len(ids) for _s, ids in rows)
    effects = _probe_rows(cluster, out["keys"])
    once = all(c["first"] == 1 and c["second"] == 1 for c in effects.values()) and len(effects) == count
    duplicates = sum(1 for c in effects.values() if c["first"] > 1 or c["second"] > 1) + sum(
        n for k, n in claims.items() if k > 1)
    passed = once and len(by_worker) >= 2 and set(claims) == {1} and all(s == "SUCCESSFUL" for s, _ in rows)
    return Row("two workers (SKIP LOCKED)", count, sum(1 for s, _ in rows if s == "SUCCESSFUL"), 0,
               sum(1 for s, _ in rows if s != "SUCCESSFUL"), "—", duplicates, count - len(effects), passed,
               f"{count} tasks in {elapsed:.1f} s: {dict(by_worker)}")


def kill_worker(cluster: Cluster, extra: dict) -> Row:
    """kill -9 the worker running a long task: its half-done transaction vanishes, the task stays "running" until
    fail_lost_tasks marks it failed, the other tasks are run by the other worker (and the restarted one), once."""
    prefix = f"kill-{secrets.token_hex(3)}"
    long_task = cluster.scenario("probe", "--count", "1", "--seconds", "60", "--prefix", prefix + "-long")
    short = cluster.scenario("probe", "--count", "12", "--seconds", "0.2", "--prefix", prefix + "-short")
    long_key, long_id = long_task["keys"][0], long_task["task_ids"][0]
    deadline = time.monotonic() + 60
    pid = None
    while time.monotonic() < deadline and pid is None:
        found = query(cluster.database_url, "SELECT pid FROM cluster_probe_effect WHERE key = %s AND part = "
                                            "'started'", (long_key,))
        pid = found[0][0] if found else None
        time.sleep(0.2)
    if pid is None:
        return Row("worker killed mid-task", passed=False, note="the long task never started")
    victim = next((p for p in cluster.workers() if p.popen.pid == pid), None)
    if victim is None:
        return Row("worker killed mid-task", passed=False, note=f"no worker process {pid}")
    time.sleep(1.0)  # well inside its 60 s transaction: the first half is written, not committed
    killed_at = time.monotonic()
    victim.kill9()  # the supervisor restarts it 5 s later, as systemd would
    # the other tasks: run by the surviving (and the restarted) worker
    while time.monotonic() - killed_at < 90:
        rows = query(cluster.database_url, "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE "
                                           "id::text = ANY(%s) AND status = 'SUCCESSFUL'", (short["task_ids"],))
        if rows[0][0] == len(short["task_ids"]):
            break
        time.sleep(0.2)
    recovery = time.monotonic() - killed_at
    status_before = query(cluster.database_url, "SELECT status FROM django_tasks_database_dbtaskresult WHERE "
                                                "id::text = %s", (long_id,))[0][0]
    lost = cluster.lost_tasks()
    failed = cluster.scenario("fail-lost")["failed"]
    status_after = query(cluster.database_url, "SELECT status FROM django_tasks_database_dbtaskresult WHERE "
                                               "id::text = %s", (long_id,))[0][0]
    effects = _probe_rows(cluster, [long_key, *short["keys"]])
    long_effect = effects.get(long_key, Counter())
    shorts_once = all(effects.get(k, Counter()) == Counter(started=1, first=1, second=1) for k in short["keys"])
    extra["expected_failed_tasks"].append(long_id)
    extra["killed_keys"].append(long_key)
    half = long_effect["first"] + long_effect["second"]
    passed = (status_before == "RUNNING" and lost == [long_id] and status_after == "FAILED" and failed == 1
              and half == 0 and shorts_once)
    return Row("worker killed mid-task", 13, len(short["keys"]), 0, 1, round(recovery, 2),
               sum(1 for c in effects.values() if c["first"] > 1), 0, passed,
               f"long task {status_before} after the kill, {status_after} after fail_lost_tasks ({failed}); "
               f"its half-written rows: {half}; 12 other tasks done once in {recovery:.1f} s")
