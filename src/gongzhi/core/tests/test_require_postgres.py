"""The CI guard (gongzhi/testing/require_postgres.py): on PostgreSQL a skipped `postgres` test fails the run,
on SQLite it stays a skip, and GONGZHI_REQUIRE_POSTGRES=1 refuses to run on anything but PostgreSQL. Each case
runs a small pytest session in a subprocess with the guard loaded (no database connection is opened)."""

import os
import subprocess
import sys

import pytest

PG = "postgres://postgres@127.0.0.1:5432/gz_guard_never_connected"
SKIPPING = '''
import pytest

@pytest.mark.postgres
def test_a_lock():
    pytest.skip("needs concurrent PostgreSQL transactions")

@pytest.mark.postgres
@pytest.mark.skipif(True, reason="needs concurrent PostgreSQL transactions")
def test_a_race():
    pass

@pytest.mark.skip(reason="an ordinary skip")
def test_not_about_postgres():
    pass

def test_fine():
    pass
'''


def _run(tmp_path, *, database_url: str | None, require: bool = False) -> subprocess.CompletedProcess:
    (tmp_path / "test_guarded.py").write_text(SKIPPING)
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "GONGZHI_REQUIRE_POSTGRES")}
    if database_url:
        env["DATABASE_URL"] = database_url
    if require:
        env["GONGZHI_REQUIRE_POSTGRES"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-c", os.devnull, "--rootdir", str(tmp_path), "-p", "no:cacheprovider",
         "-p", "no:xdist", "--ds", "gongzhi.settings", "-p", "gongzhi.testing.require_postgres",
         "-o", "markers=postgres", "-rA", str(tmp_path / "test_guarded.py")],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def tmp(tmp_path_factory):
    return tmp_path_factory.mktemp("guard")


def test_on_postgresql_a_skipped_postgres_test_fails_the_run(tmp):
    run = _run(tmp, database_url=PG)
    assert run.returncode == 1, run.stdout + run.stderr
    # pytest.skip() in the test body fails it; a skipif mark (evaluated at set-up) errors it; the ordinary skip stays
    assert "1 failed, 1 passed, 1 skipped, 1 error" in run.stdout, run.stdout
    assert "FAILED test_guarded.py::test_a_lock - a postgres or cluster test was skip" in run.stdout
    assert "ERROR test_guarded.py::test_a_race - a postgres or cluster test was skip" in run.stdout


def test_on_sqlite_they_stay_skips(tmp):
    run = _run(tmp, database_url=None)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "1 passed, 3 skipped" in run.stdout


def test_requiring_postgresql_refuses_another_database(tmp):
    run = _run(tmp, database_url=None, require=True)
    assert run.returncode != 0
    assert "GONGZHI_REQUIRE_POSTGRES=1 but the database is not PostgreSQL" in run.stdout + run.stderr
