"""The cluster's processes: a private PostgreSQL cluster, the app servers, workers and schedulers, and a
supervisor that restarts workers and schedulers as systemd does."""

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
import threading
import time
from dataclasses import dataclass
from pathlib import Path
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


