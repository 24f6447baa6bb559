"""`gongzhi backup` / `gongzhi restore` on the database the suite runs on (SQLite or PostgreSQL): the personas' world
plus chronicle entries and media files under a temporary MEDIA_ROOT are backed up, restored by the real command in
a subprocess into an EMPTY second database (a fresh PostgreSQL database, or a SQLite file), and the restored copy is
read directly to check every table's rows, every file's hash and the chronicle. A damaged archive is refused before
anything is touched, and a database that is not empty is refused without --force.

The tests are transactional: pg_dump reads what is committed, and a SQLite backup is not taken inside a
transaction."""

from __future__ import annotations

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

import gongzhi
from gongzhi.accounts.models import User
from gongzhi.backups import database
from gongzhi.backups.archive import BackupError, check_archive, make_backup, restore_backup, verify_restored
from gongzhi.chronicle.models import Entry, Head
from gongzhi.chronicle.services import record
from gongzhi.testing import files

POSTGRES = connection.vendor == "postgresql"
SRC = str(Path(gongzhi.__file__).resolve().parents[1])


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def media(settings, tmp_path) -> dict[str, bytes]:
    """A MEDIA_ROOT of the kinds of files Gongzhi keeps: photo evidence, a signed PDF, a certificate (in a folder
    with a Chinese name), an empty file."""
    root = tmp_path / "media"
    settings.MEDIA_ROOT = root
    content = {
        "evidence/2026/12/photo.png": files.png(),
        "evidence/2026/12/receipt.jpg": files.jpeg(),
        "contracts/signed/契约书-2026-001.pdf": files.pdf(),
        "recognition/证书/VC-2026-0001.pdf": files.pdf() + b"%certificate",
        "empty.txt": b"",
    }
    for rel, data in content.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    return content


@pytest.fixture
def backed_up(transactional_db, world, media, tmp_path):
    """The world, two chronicle entries more, and a backup of it all: (archive path, manifest)."""
    record(world.wumei, "backup_test", world.admin, {"note": "before the backup"})
    record(("backups.test", "1"), "backup_test", None, {"phone": "13877301234"})
    result = make_backup(tmp_path / "gongzhi.tar")
    return result.path, result.manifest


@dataclass
class Target:
    """An empty database (and var/ folder) for `gongzhi restore` in a subprocess, and direct reads of it."""

    env: dict[str, str]
    var: Path
    name: str

    def rows(self, sql: str) -> list[tuple]:
        if POSTGRES:
            import psycopg

            with psycopg.connect(**_pg_params(self.name)) as pg:
                return pg.execute(sql).fetchall()
        with sqlite3.connect(self.var / "gongzhi.sqlite3") as db:
            return db.execute(sql).fetchall()

    def execute(self, sql: str) -> None:
        if POSTGRES:
            import psycopg

            with psycopg.connect(**_pg_params(self.name)) as pg:
                pg.execute(sql)
            return
        with sqlite3.connect(self.var / "gongzhi.sqlite3") as db:
            db.execute(sql)

    def count(self, table: str) -> int:
        return self.rows(f'SELECT COUNT(*) FROM "{table}"')[0][0]

    def gongzhi(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "gongzhi.cli", *args], env=self.env, capture_output=True,
                              text=True, timeout=300, check=False)


def _pg_params(dbname: str) -> dict:
    params = {k: v for k, v in connection.get_connection_params().items()
              if k in ("user", "password", "host", "port")}
    return {**params, "dbname": dbname}


@pytest.fixture
def empty_target(tmp_path):
    var = tmp_path / "restored"
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "GONGZHI_VAR_DIR", "GONGZHI_REQUIRE_POSTGRES")}
    env.update(GONGZHI_VAR_DIR=str(var), PYTHONPATH=os.pathsep.join(filter(None, [SRC, env.get("PYTHONPATH")])))
    if not POSTGRES:
        yield Target(env=env, var=var, name=str(var / "gongzhi.sqlite3"))
        return
    import psycopg

    name = f"gongzhi_bk_restore_{uuid.uuid4().hex[:12]}"
    s = connection.settings_dict
    with psycopg.connect(**_pg_params("postgres"), autocommit=True) as pg:
        pg.execute(f'CREATE DATABASE "{name}"')
    auth = quote(s["USER"] or "") + (":" + quote(s["PASSWORD"]) if s.get("PASSWORD") else "")
    env["DATABASE_URL"] = f"postgres://{auth}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{name}"
    try:
        yield Target(env=env, var=var, name=name)
    finally:
        with psycopg.connect(**_pg_params("postgres"), autocommit=True) as pg:
            pg.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def source_counts(tables) -> dict[str, int | None]:
    return database.count_rows(list(tables))


def media_hashes(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): sha256(p.read_bytes()) for p in sorted(root.rglob("*")) if p.is_file()}


# --- the round trip --------------------------------------------------------------------------------------------------

def test_the_manifest_says_what_was_backed_up(backed_up, media):
    archive, manifest = backed_up
    assert manifest["database"]["vendor"] == connection.vendor
    # every model table is counted, as the database holds it now (nobody wrote since)
    assert database.model_tables() <= set(manifest["tables"])
    assert manifest["missing_model_tables"] == []
    assert source_counts(manifest["tables"]) == manifest["tables"]
    assert manifest["tables"][User._meta.db_table] == User.objects.count() > 0
    assert manifest["tables"][Entry._meta.db_table] == Entry.objects.count() >= 2
    head = Head.objects.get(id=1)
    assert manifest["chronicle_head"] == {"seq": head.seq, "hash": head.hash}
    assert manifest["migrations"]["chronicle"] == "0002_region_versions"
    assert {f["path"]: (f["size"], f["sha256"]) for f in manifest["media"]} == {
        rel: (len(data), sha256(data)) for rel, data in media.items()}
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        dump = tar.extractfile(manifest["database"]["dump"]).read()
    assert names[-1] == "manifest.json"
    assert sha256(dump) == manifest["database"]["dump_sha256"]
    assert check_archive(archive) == manifest
    out = io.StringIO()
    call_command("restore", str(archive), "--check", stdout=out)
    assert f"归档完好：{len(manifest['tables'])} 张表" in out.getvalue()


def test_a_backup_restored_into_an_empty_database_reproduces_every_count_file_and_the_chronicle(
        backed_up, media, empty_target):
    archive, manifest = backed_up
    run = empty_target.gongzhi("restore", str(archive))
    assert run.returncode == 0, run.stdout + run.stderr
    assert "哈希链完整" in run.stdout and "与清单不符" not in run.stdout

    # the restored copy, read directly: every table holds the rows the source holds
    for table, rows in source_counts(manifest["tables"]).items():
        assert empty_target.count(table) == rows, table
    assert empty_target.rows('SELECT username FROM "accounts_user" ORDER BY username') == [
        (u,) for u in User.objects.order_by("username").values_list("username", flat=True)]
    head = Head.objects.get(id=1)
    assert empty_target.rows('SELECT seq, hash FROM "chronicle_head"') == [(head.seq, head.hash)]
    # every file, byte for byte
    assert media_hashes(empty_target.var / "media") == {rel: sha256(data) for rel, data in media.items()}
    # and the restored chronicle verifies on its own
    verified = empty_target.gongzhi("chronicle", "verify", "--skip-checks")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert f"{Entry.objects.count()} entries verified" in verified.stdout

    # restoring again over the restored (now not empty, and changed) copy: refused without --force (the test below
    # shows it in this process), and with --force the copy is replaced by the archive's
    empty_target.execute(f'DELETE FROM "{Entry._meta.db_table}" WHERE seq > 1')
    (empty_target.var / "media" / "evidence/2026/12/photo.png").write_bytes(b"changed after the restore")
    forced = empty_target.gongzhi("restore", "--force", str(archive))
    assert forced.returncode == 0, forced.stdout + forced.stderr
    assert media_hashes(empty_target.var / "media")["evidence/2026/12/photo.png"] == sha256(files.png())
    assert empty_target.count(Entry._meta.db_table) == Entry.objects.count()


def test_a_restore_that_does_not_reproduce_the_manifest_exits_non_zero(backed_up, empty_target, tmp_path):
    archive, manifest = backed_up
    wrong = dict(manifest, tables={**manifest["tables"], Entry._meta.db_table: manifest["tables"][Entry._meta.db_table] + 1})
    forged = rewrite(archive, tmp_path / "forged.tar", replace={"manifest.json": json.dumps(wrong).encode()})
    run = empty_target.gongzhi("restore", str(forged))
    assert run.returncode == 1
    assert "chronicle_entry" in run.stdout and "与清单不符" in run.stderr


# --- refusals ---------------------------------------------------------------------------------------------------------

def rewrite(source: Path, target: Path, *, replace: dict[str, bytes] | None = None, drop: str = "") -> Path:
    """A copy of an archive with members replaced or dropped (the manifest left as it was, unless replaced)."""
    replace = replace or {}
    with tarfile.open(source) as old, tarfile.open(target, "w") as new:
        for member in old.getmembers():
            if member.name == drop:
                continue
            data = replace.get(member.name, old.extractfile(member).read())
            member.size = len(data)
            new.addfile(member, io.BytesIO(data))
    return target


def flip_a_byte(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1:]


def state(media_root: Path) -> tuple:
    head = Head.objects.get(id=1)
    return (User.objects.count(), Entry.objects.count(), head.seq, head.hash, media_hashes(media_root))


def test_a_damaged_archive_is_refused_before_anything_is_touched(backed_up, settings, tmp_path):
    archive, manifest = backed_up
    dump_name = manifest["database"]["dump"]
    with tarfile.open(archive) as tar:
        dump = tar.extractfile(dump_name).read()
        photo = tar.extractfile("media/evidence/2026/12/photo.png").read()
    damaged = {
        "a flipped byte in the dump": (rewrite(archive, tmp_path / "a.tar",
                                               replace={dump_name: flip_a_byte(dump, len(dump) // 2)}), "校验和"),
        "a changed photo": (rewrite(archive, tmp_path / "b.tar",
                                    replace={"media/evidence/2026/12/photo.png": flip_a_byte(photo, 10)}), "校验和"),
        "a missing file": (rewrite(archive, tmp_path / "c.tar", drop="media/empty.txt"), "缺少 media/empty.txt"),
        "no manifest": (rewrite(archive, tmp_path / "d.tar", drop="manifest.json"), "缺少 manifest.json"),
        "a file outside the media folder": (rewrite(archive, tmp_path / "g.tar", replace={"manifest.json": json.dumps(
            dict(manifest, media=[*manifest["media"], {"path": "../../outside.txt", "size": 0, "sha256": sha256(b"")}])
        ).encode()}), "内容不完整或有误"),
        "a cut-off archive": (tmp_path / "e.tar", "不是可读的备份归档"),
        "not an archive": (tmp_path / "f.tar", "不是可读的备份归档"),
    }
    (tmp_path / "e.tar").write_bytes(archive.read_bytes()[:len(dump) // 2])
    (tmp_path / "f.tar").write_bytes(b"PK\x03\x04 not a tar file")
    # the target is changed after the backup, so that a restore, had it begun, would show
    record(("backups.test", "2"), "backup_test", None, {})
    before = state(Path(settings.MEDIA_ROOT))
    for what, (path, reason) in damaged.items():
        with pytest.raises(BackupError, match=reason):
            check_archive(path)
        with pytest.raises(BackupError, match=reason):
            restore_backup(path, force=True)  # even told to replace everything
        assert state(Path(settings.MEDIA_ROOT)) == before, what
    with pytest.raises(CommandError, match="校验和"):
        call_command("restore", str(damaged["a changed photo"][0]), "--check")
    assert not list(Path(settings.MEDIA_ROOT).parent.glob(".gongzhi-restore-media-*"))  # no staging left behind


def test_restore_into_a_database_that_is_not_empty_is_refused_without_force(backed_up, settings):
    archive, _manifest = backed_up
    before = state(Path(settings.MEDIA_ROOT))
    with pytest.raises(BackupError, match=r"不是空的.*--force"):
        restore_backup(archive)
    with pytest.raises(CommandError, match="不是空的"):
        call_command("restore", str(archive))
    assert state(Path(settings.MEDIA_ROOT)) == before


def test_an_archive_of_the_other_database_vendor_is_refused(backed_up, tmp_path):
    archive, manifest = backed_up
    other = "sqlite" if POSTGRES else "postgresql"
    forged = dict(manifest, database={**manifest["database"], "vendor": other, "dump": database.DUMP_NAMES[other]})
    path = rewrite(archive, tmp_path / "other.tar", replace={"manifest.json": json.dumps(forged).encode()})
    with pytest.raises(BackupError, match="无法跨数据库类型恢复"):
        restore_backup(path, force=True)


def test_a_media_folder_that_is_not_empty_is_refused_without_force(backed_up, empty_target):
    archive, _manifest = backed_up
    (empty_target.var / "media").mkdir(parents=True)
    (empty_target.var / "media" / "left-over.pdf").write_bytes(files.pdf())
    run = empty_target.gongzhi("restore", str(archive))
    assert run.returncode == 1
    assert "媒体文件目录" in run.stderr and "1 个文件" in run.stderr and "--force" in run.stderr
    tables = ("SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'" if POSTGRES
              else "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'")
    assert empty_target.rows(tables) == [(0,)]  # the database was not touched


def test_verification_names_every_difference_from_the_manifest(backed_up, settings):
    _archive, manifest = backed_up
    assert verify_restored(manifest).ok  # the source is what was backed up
    entries = Entry._meta.db_table
    (Path(settings.MEDIA_ROOT) / "empty.txt").write_bytes(b"no longer empty")
    (Path(settings.MEDIA_ROOT) / "recognition/证书/VC-2026-0001.pdf").unlink()
    record(("backups.test", "3"), "backup_test", None, {})
    report = verify_restored(manifest)
    assert not report.ok
    assert (entries, manifest["tables"][entries], manifest["tables"][entries] + 1) in report.table_mismatches
    assert sorted(report.file_mismatches) == ["empty.txt", "recognition/证书/VC-2026-0001.pdf"]
    assert report.chronicle.ok and not report.head_matches


def test_an_archive_is_never_written_over_an_existing_file(transactional_db, media, tmp_path):
    out = tmp_path / "exists.tar"
    out.write_bytes(b"yesterday's backup")
    with pytest.raises(BackupError, match="已存在"):
        make_backup(out)
    assert out.read_bytes() == b"yesterday's backup"
    assert not list(tmp_path.glob(".exists.tar.partial-*"))


def test_the_backup_command_reports_what_it_wrote(transactional_db, media, tmp_path):
    out = io.StringIO()
    call_command("backup", str(tmp_path / "b.tar"), stdout=out)
    text = out.getvalue()
    assert f"{tmp_path / 'b.tar'}" in text and "媒体文件：5 个" in text and "SHA-256" in text
    assert sha256((tmp_path / "b.tar").read_bytes()) in text


@pytest.mark.postgres
@pytest.mark.skipif(not POSTGRES, reason="pg_dump reads an exported PostgreSQL snapshot")
def test_a_write_during_a_postgresql_backup_is_in_neither_the_dump_nor_the_counts(
        transactional_db, world, media, tmp_path, monkeypatch, empty_target):
    """pg_dump and the counts read one exported snapshot: an entry committed while pg_dump runs is in neither."""
    real_run = subprocess.run

    def run_after_a_write(args, **kwargs):
        if Path(args[0]).name == "pg_dump":
            record(("backups.test", "during"), "backup_test", None, {})  # committed: the test is in autocommit
        return real_run(args, **kwargs)

    before = Entry.objects.count()
    monkeypatch.setattr(database.subprocess, "run", run_after_a_write)
    manifest = make_backup(tmp_path / "during.tar").manifest
    monkeypatch.undo()
    assert Entry.objects.count() == before + 1
    assert manifest["tables"][Entry._meta.db_table] == before
    assert manifest["chronicle_head"]["seq"] == before
    run = empty_target.gongzhi("restore", str(tmp_path / "during.tar"))
    assert run.returncode == 0, run.stdout + run.stderr
    assert empty_target.count(Entry._meta.db_table) == before


def test_a_restore_forgets_the_file_based_shared_cache(settings, tmp_path):
    from django.core.cache import caches

    from gongzhi.backups.archive import forget_shared_cache

    settings.CACHES = {**settings.CACHES, "shared": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(tmp_path / "cache")}}
    caches["shared"].set("a-session-of-the-replaced-database", "signed in")
    assert forget_shared_cache() is True
    assert caches["shared"].get("a-session-of-the-replaced-database") is None

    settings.CACHES = {**settings.CACHES, "shared": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    assert forget_shared_cache() is False  # nothing shared to forget (and Redis is the operator's step)
