"""Issue 15's cluster check, bounded: two app servers, two task workers and two schedulers on a private PostgreSQL
cluster (initdb + pg_ctl on a free port), loaded across both servers, checked, then the three faults. One run for
the module (xdist keeps it on one worker: testing/xdist_groups.py); each test reads its phase's row.

On SQLite these skip; on PostgreSQL a skip fails the suite (testing/require_postgres.py), so `.ci/run`'s PostgreSQL
pass runs them. The full check with longer loads is `gongzhi cluster_check --faults` (docs/cluster-check.md)."""

from __future__ import annotations

import time

import pytest

from gongzhi.testing.require_postgres import database_is_postgres

ON_POSTGRES = database_is_postgres()
pytestmark = [
    pytest.mark.cluster,
    pytest.mark.skipif(not ON_POSTGRES, reason="the cluster check needs PostgreSQL (several processes on one "
                                               "database): set DATABASE_URL"),
    # on PostgreSQL, django_db has pytest-django create the migrated test database whose schema the cluster copies
    *([pytest.mark.django_db] if ON_POSTGRES else []),
]


def _test_database_url() -> str:
    from django.db import connection

    db = connection.settings_dict  # pytest-django's test database, migrated
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture(scope="module")
def cluster_run(django_db_setup):
    from gongzhi.ops.cluster import PG_BIN, format_table, run_check

    if not (PG_BIN / "initdb").exists():
        pytest.skip(f"PostgreSQL's server programs are not in {PG_BIN} (apt-get install postgresql-15)")
    started = time.monotonic()
    # the schema of this run's migrated test database, copied (pg_dump/pg_restore), instead of migrating again
    rows, details = run_check(seconds=6, faults=True, residents=8, fault_seconds=8, web_workers=1, probes=20,
                              schema_from=_test_database_url(), say=lambda line: None)
    details["duration_s"] = round(time.monotonic() - started, 1)
    print(f"\n{format_table(rows)}\ncluster check: {details['duration_s']} s")  # shown with -s
    return {row.phase: row for row in rows}, details


def _passed(row) -> None:
    assert row.passed, f"{row.phase}: {row.note}"
    assert row.duplicates == 0
    assert row.lost == 0


def test_load_across_two_servers_leaves_every_invariant_true(cluster_run):
    rows, details = cluster_run
    row = rows["load"]
    _passed(row)
    assert row.errors == 0
    figures = details["load"]["verify"]["figures"]
    assert figures["orders_taken"] == figures["orders_placed"] > 0  # each order won by one of the two takers
    assert figures["scarce_sold"] == "5/5"  # sold out, not oversold
    assert figures["order_escalations"] >= 5 and figures["case_escalations"] > 0 and figures["reminders"] == 3
    assert figures["chronicle_ok"]
    assert len(figures["tasks_by_worker"]) == 2


def test_two_workers_share_the_queue_and_run_each_task_once(cluster_run):
    _passed(cluster_run[0]["two workers (SKIP LOCKED)"])


def test_a_worker_killed_mid_task_leaves_nothing_half_done(cluster_run):
    rows, _details = cluster_run
    _passed(rows["worker killed mid-task"])  # and the next phase's checks found its effect absent


def test_servers_recover_from_a_postgres_restart_without_losing_a_2xx(cluster_run):
    row = cluster_run[0]["postgres restart"]
    _passed(row)
    assert row.recovery_s != "—" and float(row.recovery_s) < 60


def test_the_other_server_keeps_serving_when_one_is_killed(cluster_run):
    row = cluster_run[0]["app server killed"]
    _passed(row)
    details = cluster_run[1]["app server killed"]["load"]
    assert details["2xx_after_fault"] > 0
