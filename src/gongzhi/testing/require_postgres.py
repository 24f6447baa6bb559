"""pytest hooks that keep the PostgreSQL run honest (src/gongzhi/conftest.py takes them in).

Tests marked `postgres` prove what only a real concurrent PostgreSQL can (row locks, races); on SQLite they skip.
So do the tests marked `cluster` (ops/tests/test_cluster.py: app servers, workers and faults on PostgreSQL).
When the database *is* PostgreSQL a skip means the proof silently did not run, so it is reported as a failure.
`.ci/run` also sets GONGZHI_REQUIRE_POSTGRES=1 for its PostgreSQL pass, which refuses to start unless
DATABASE_URL really points at PostgreSQL (a typo would otherwise fall back to SQLite and skip them all)."""

import os

import pytest

REQUIRE_ENV = "GONGZHI_REQUIRE_POSTGRES"
PROVE_ON_POSTGRES = ("postgres", "cluster")  # markers whose skip on PostgreSQL is a failure


def database_is_postgres() -> bool:
    from django.conf import settings

    return "postgresql" in settings.DATABASES["default"]["ENGINE"]


def pytest_configure(config):
    if os.environ.get(REQUIRE_ENV) == "1" and not database_is_postgres():
        raise pytest.UsageError(f"{REQUIRE_ENV}=1 but the database is not PostgreSQL: set DATABASE_URL")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if (report.skipped and not hasattr(report, "wasxfail") and database_is_postgres()
            and any(item.get_closest_marker(name) is not None for name in PROVE_ON_POSTGRES)):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"a postgres or cluster test was skipped while the database is PostgreSQL: {reason}"
