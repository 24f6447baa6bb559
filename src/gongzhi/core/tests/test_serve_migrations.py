"""`gongzhi serve` migrates on start with one app server, and refuses to start on unapplied migrations with several
(GONGZHI_SERVERS > 1), where `gongzhi migrate` is the operator's separate step."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.migrations.recorder import MigrationRecorder

from gongzhi.core import staticcollect
from gongzhi.core.management.commands import serve

pytestmark = pytest.mark.django_db


@pytest.fixture
def commands_run(monkeypatch, settings, tmp_path):
    """The management commands `serve` calls (migrate, collectstatic), recorded instead of run."""
    settings.VAR_DIR = tmp_path
    monkeypatch.setenv("GONGZHI_SECRET_KEY", "a-key-for-the-test-only-" + "x" * 30)
    settings.STATIC_ROOT = tmp_path / "static"
    calls: list[str] = []
    monkeypatch.setattr(serve, "call_command", lambda name, **options: calls.append(name))
    monkeypatch.setattr(staticcollect, "call_command", lambda name, **options: calls.append(name))
    return calls


def run_serve_check() -> str:
    out = io.StringIO()
    call_command("serve", "--check", stdout=out)
    return out.getvalue()


def test_one_server_migrates_as_before(settings, commands_run):
    settings.GONGZHI_SERVERS = 1
    assert "gongzhi.wsgi:application" in run_serve_check()
    assert commands_run == ["migrate", "collectstatic"]


def test_several_servers_start_without_migrating_when_the_database_is_current(settings, commands_run):
    settings.GONGZHI_SERVERS = 3
    assert serve.unapplied_migrations() == []
    assert "gongzhi.wsgi:application" in run_serve_check()
    assert commands_run == ["collectstatic"]


def test_several_servers_refuse_to_start_on_unapplied_migrations(settings, commands_run, monkeypatch):
    settings.GONGZHI_SERVERS = 2
    applied = MigrationRecorder.applied_migrations

    def without_the_last_scheduler_migration(recorder):
        rows = applied(recorder)
        last = max(key for key in rows if key[0] == "scheduler")
        return {key: row for key, row in rows.items() if key != last}

    monkeypatch.setattr(MigrationRecorder, "applied_migrations", without_the_last_scheduler_migration)
    with pytest.raises(CommandError, match=r"1 migration\(s\) not applied: scheduler\.\w+.*run `gongzhi migrate` once"):
        run_serve_check()
    assert commands_run == []  # neither migrated nor collected: nothing started


def test_a_restart_does_not_collect_unchanged_static_files_again(settings, commands_run, monkeypatch):
    settings.GONGZHI_SERVERS = 2
    current = {"value": False}
    monkeypatch.setattr(staticcollect, "is_current", lambda _fingerprint=None: current["value"])
    run_serve_check()
    current["value"] = True
    run_serve_check()
    assert commands_run == ["collectstatic"]


def test_no_collectstatic_skips_even_the_check(settings, commands_run, monkeypatch):
    settings.GONGZHI_SERVERS = 2
    monkeypatch.setattr(staticcollect, "is_current", lambda _fingerprint=None: pytest.fail("checked"))
    call_command("serve", "--check", "--no-collectstatic", stdout=io.StringIO())
    assert commands_run == []
