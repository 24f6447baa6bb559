"""The check and the faults: phases, their figures, the table."""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from gongzhi.ops.cluster.load import LoadRecord, run_load
from gongzhi.ops.cluster.processes import (
    PG_BIN,
    RESTART_SEC,
    SCENARIO,
    Cluster,
    PrivatePostgres,
    create_database,
    drop_database,
    query,
)

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
