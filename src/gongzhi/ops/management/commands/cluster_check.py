"""`gongzhi cluster_check`: two app servers, two task workers and two schedulers on one PostgreSQL, loaded across
both servers for a bounded time, then checked (every order taken once, no item oversold, every escalation, reminder
and task once, the chronicle verifies, the database's counts equal the load's 2xx); with --faults, a worker killed
mid-task, PostgreSQL restarted and an app server killed, each with its figures (docs/cluster-check.md).

  gongzhi cluster_check                     the load check on a private PostgreSQL cluster (initdb + pg_ctl)
  gongzhi cluster_check --faults            ... and the three faults
  gongzhi cluster_check --server URL        the load check on a fresh database of that server (created, dropped)

It needs PostgreSQL's server programs (/usr/lib/postgresql/15/bin, or --pg-bin DIR) and never touches the
database of DATABASE_URL."""

from __future__ import annotations

import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongzhi.ops.cluster import PG_BIN, ClusterError, format_table, run_check


class Command(BaseCommand):
    help = "Start two app servers, two workers and two schedulers on PostgreSQL, load them, check; --faults too."

    def add_arguments(self, parser):
        parser.add_argument("--seconds", type=float, default=30.0, help="length of the load (default 30)")
        parser.add_argument("--fault-seconds", type=float, default=None,
                            help="length of each fault's load (default half of --seconds, at least 12)")
        parser.add_argument("--faults", action="store_true", help="also kill a worker, restart PostgreSQL, kill a server")
        parser.add_argument("--server", default=None, metavar="URL",
                            help="a PostgreSQL server (postgres://user@host:port/) for the load check without faults")
        parser.add_argument("--residents", type=int, default=20, help="residents ordering at once (default 20)")
        parser.add_argument("--pg-bin", default=str(PG_BIN), metavar="DIR",
                            help=f"PostgreSQL's server programs (initdb, pg_ctl; default {PG_BIN})")
        parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs) afterwards")
        parser.add_argument("--json", default=None, metavar="FILE", help="write the figures and details there")

    def handle(self, *args, seconds, fault_seconds, faults, server, residents, keep, pg_bin, json: str | None,
               **options):
        started = time.monotonic()
        try:
            rows, details = run_check(seconds=seconds, faults=faults, server_url=server, residents=residents,
                                      fault_seconds=fault_seconds, keep=keep, pg_bin=Path(pg_bin),
                                      say=self.stdout.write)
        except ClusterError as e:
            raise CommandError(str(e)) from e
        self.stdout.write("")
        self.stdout.write(format_table(rows))
        self.stdout.write(f"\n{time.monotonic() - started:.0f} s in all; logs in {details['workdir']}"
                          + ("" if keep or not all(r.passed for r in rows) else " (removed)"))
        if json:
            _write(json, rows, details)
        if not all(r.passed for r in rows):
            raise CommandError("the cluster check failed: " + ", ".join(r.phase for r in rows if not r.passed))


def _write(path: str, rows, details) -> None:
    from dataclasses import asdict

    with open(path, "w", encoding="utf-8") as f:
        json.dump({"rows": [asdict(r) for r in rows], "details": details}, f, ensure_ascii=False, indent=1,
                  default=str)
