"""The database half of a backup: a consistent dump of the configured database and, read from the very same
snapshot, the row count of every table, the applied migrations and the chronicle head; and the way back (a dump
restored into the configured database).

PostgreSQL: a REPEATABLE READ transaction exports its snapshot (`pg_export_snapshot()`), `pg_dump -Fc --snapshot`
dumps exactly that snapshot while the transaction counts the rows, so the counts are those of the dump even while
the server keeps writing. SQLite: the online backup API copies the database in one step (a consistent read
transaction; in WAL mode writers go on meanwhile), and the counts are read from the copy itself."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps
from django.db import connections
from django.utils.translation import gettext as _

from gongzhi.chronicle.models import GENESIS, Head

DUMP_NAMES = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
# libpq reads these from the environment; Django's OPTIONS of the same names are passed on to pg_dump/pg_restore
PG_OPTION_ENV = {"sslmode": "PGSSLMODE", "sslrootcert": "PGSSLROOTCERT", "sslcert": "PGSSLCERT",
                 "sslkey": "PGSSLKEY", "passfile": "PGPASSFILE", "connect_timeout": "PGCONNECT_TIMEOUT"}
PG_TOOL_TIMEOUT = 6 * 60 * 60  # seconds: a dump or restore that takes longer than this has hung


class BackupError(Exception):
    """A backup or restore refused or failed; the message says why, in words for the operator."""


@dataclass
class Snapshot:
    """What the manifest says about the database, read from the snapshot that was dumped."""

    vendor: str
    tables: dict[str, int]
    migrations: dict[str, str]
    head_seq: int
    head_hash: str
    server_version: str = ""
    missing_model_tables: list[str] = field(default_factory=list)


def vendor(alias: str = "default") -> str:
    vendor = connections[alias].vendor
    if vendor not in DUMP_NAMES:
        raise BackupError(_("不支持的数据库类型：%(vendor)s（仅支持 PostgreSQL 和 SQLite）。") % {"vendor": vendor})
    return vendor


def model_tables() -> set[str]:
    """The tables of every model Gongzhi (and the framework apps it runs) defines, from the app registry."""
    return {m._meta.db_table for m in apps.get_models(include_auto_created=True)
            if m._meta.managed and not m._meta.proxy and not m._meta.swapped}


def _read_snapshot(cursor, vendor: str, list_tables_sql: str, quote: Callable[[str], str]) -> Snapshot:
    """Counts, migrations and chronicle head through one DB-API cursor that sees one snapshot."""
    cursor.execute(list_tables_sql)
    names = sorted(row[0] for row in cursor.fetchall())
    tables = {}
    for name in names:
        cursor.execute(f"SELECT COUNT(*) FROM {quote(name)}")
        tables[name] = int(cursor.fetchone()[0])
    migrations: dict[str, str] = {}
    if "django_migrations" in tables:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
        for app, name in cursor.fetchall():
            migrations[app] = name  # the last applied per app
    head_seq, head_hash = 0, GENESIS
    head_table = Head._meta.db_table
    if head_table in tables:
        cursor.execute(f"SELECT seq, hash FROM {quote(head_table)} WHERE id = 1")
        row = cursor.fetchone()
        if row:
            head_seq, head_hash = int(row[0]), str(row[1])
    missing = sorted(model_tables() - set(names))
    return Snapshot(vendor=vendor, tables=tables, migrations=dict(sorted(migrations.items())), head_seq=head_seq,
                    head_hash=head_hash, missing_model_tables=missing)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


SQLITE_TABLES = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
PG_TABLES = ("SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = ANY (current_schemas(false))")


# --- dump ----------------------------------------------------------------------------------------------------------

def dump(path: Path, alias: str = "default") -> Snapshot:
    """Write a dump of the configured database to `path`; return what the manifest says about it."""
    connection = connections[alias]
    if connection.in_atomic_block:
        raise BackupError(_("备份不能在数据库事务中进行。"))
    kind = vendor(alias)
    if kind == "sqlite":
        return _dump_sqlite(path, alias)
    return _dump_postgresql(path, alias)


def _dump_sqlite(path: Path, alias: str) -> Snapshot:
    connection = connections[alias]
    connection.ensure_connection()
    source = connection.connection  # the sqlite3.Connection (also the test suite's in-memory database)
    with closing(sqlite3.connect(path)) as target:
        source.backup(target)  # all pages in one step: one consistent read transaction
    with closing(sqlite3.connect(path)) as copy:
        snapshot = _read_snapshot(copy.cursor(), "sqlite", SQLITE_TABLES, _quote)
    snapshot.server_version = sqlite3.sqlite_version
    return snapshot


def pg_tool_args(settings_dict: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    """The connection arguments and environment for pg_dump/pg_restore/psql from Django's settings: host, port and
    user as arguments, the password as PGPASSWORD (never on the command line, where `ps` would show it)."""
    args = ["--no-password"]
    if settings_dict.get("HOST"):
        args += ["--host", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", str(settings_dict["USER"])]
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    for option, variable in PG_OPTION_ENV.items():
        value = (settings_dict.get("OPTIONS") or {}).get(option)
        if value:
            env[variable] = str(value)
    return args, env


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(_("找不到 %(tool)s：请安装 PostgreSQL 客户端（Debian：postgresql-client）。") % {"tool": name})
    return found


@contextmanager
def _pg_snapshot(alias: str) -> Iterator[tuple[Any, str]]:
    """A read-only REPEATABLE READ transaction on its own connection, and the id of its exported snapshot."""
    import psycopg

    conn = connections[alias]
    params = conn.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    params.pop("server_side_binding", None)
    params.pop("prepare_threshold", None)
    params.pop("pool", None)
    try:
        pg = psycopg.connect(**params)
    except psycopg.Error as e:
        raise BackupError(_("无法连接数据库：%(error)s") % {"error": e}) from e
    with closing(pg):
        pg.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        pg.read_only = True
        with pg.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            row = cursor.fetchone()
            assert row is not None
            yield cursor, str(row[0])
        pg.rollback()


def _dump_postgresql(path: Path, alias: str) -> Snapshot:
    settings_dict = connections[alias].settings_dict
    args, env = pg_tool_args(settings_dict)
    tool = _pg_tool("pg_dump")
    with _pg_snapshot(alias) as (cursor, snapshot_id):
        run = subprocess.run(
            [tool, "--format=custom", f"--file={path}", f"--snapshot={snapshot_id}", *args,
             "--dbname", str(settings_dict["NAME"])],
            env=env, capture_output=True, text=True, timeout=PG_TOOL_TIMEOUT, check=False)
        if run.returncode != 0:
            raise BackupError(_("pg_dump 失败：%(error)s") % {"error": run.stderr.strip()})
        snapshot = _read_snapshot(cursor, "postgresql", PG_TABLES, _quote)
        cursor.execute("SHOW server_version")
        snapshot.server_version = str(cursor.fetchone()[0])
    return snapshot


# --- the target of a restore ---------------------------------------------------------------------------------------

def existing_tables(alias: str = "default") -> list[str]:
    """The tables already in the configured database (an empty database has none)."""
    connection = connections[alias]
    try:
        with connection.cursor() as cursor:
            return sorted(connection.introspection.table_names(cursor))
    except Exception as e:  # the database does not exist, the server is down, the password is wrong ...
        raise BackupError(_("无法连接要恢复到的数据库：%(error)s") % {"error": e}) from e


def count_rows(tables: list[str], alias: str = "default") -> dict[str, int | None]:
    """Rows per table in the configured database (None: the table is not there)."""
    connection = connections[alias]
    present = set(existing_tables(alias))
    found: dict[str, int | None] = {}
    with connection.cursor() as cursor:
        for name in tables:
            if name not in present:
                found[name] = None
                continue
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(name)}")
            found[name] = int(cursor.fetchone()[0])
    return found


def applied_migrations(alias: str = "default") -> dict[str, str]:
    connection = connections[alias]
    if "django_migrations" not in existing_tables(alias):
        return {}
    last: dict[str, str] = {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
        for app, name in cursor.fetchall():
            last[app] = name
    return last


def load(dump_path: Path, kind: str, *, force: bool, alias: str = "default") -> None:
    """Restore the dump into the configured database (which the caller found empty, or was told to replace)."""
    connection = connections[alias]
    settings_dict = dict(connection.settings_dict)
    connections.close_all()  # no connection of ours holds a lock on the target while it is replaced
    if kind == "sqlite":
        _load_sqlite(dump_path, settings_dict)
    else:
        _load_postgresql(dump_path, settings_dict, force=force)
    connections.close_all()


def _load_sqlite(dump_path: Path, settings_dict: dict[str, Any]) -> None:
    name = str(settings_dict["NAME"])
    if name == ":memory:" or name.startswith("file:") or "mode=memory" in name:
        raise BackupError(_("不能恢复到内存数据库：请用 DATABASE_URL 或 GONGZHI_VAR_DIR 指定数据库文件。"))
    Path(name).parent.mkdir(parents=True, exist_ok=True)
    # The backup API writes the copy into the target through SQLite's own locking, in one step: a process that has
    # the file open sees the old database or the new one, never half of each (docs/operations.md).
    timeout = float((settings_dict.get("OPTIONS") or {}).get("timeout", 20))
    try:
        with closing(sqlite3.connect(dump_path)) as source, closing(sqlite3.connect(name, timeout=timeout)) as target:
            source.backup(target)
    except sqlite3.Error as e:
        raise BackupError(_("SQLite 恢复失败：%(error)s") % {"error": e}) from e


def _load_postgresql(dump_path: Path, settings_dict: dict[str, Any], *, force: bool) -> None:
    args, env = pg_tool_args(settings_dict)
    # One transaction: a failed restore leaves the database as it was. No owners or privileges: the restoring
    # role owns what it restores (Gongzhi connects as one role).
    options = ["--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error"]
    if force:
        options += ["--clean", "--if-exists"]
    run = subprocess.run(
        [_pg_tool("pg_restore"), *options, *args, "--dbname", str(settings_dict["NAME"]), str(dump_path)],
        env=env, capture_output=True, text=True, timeout=PG_TOOL_TIMEOUT, check=False)
    if run.returncode != 0:
        raise BackupError(_("pg_restore 失败，数据库未改动：%(error)s") % {"error": run.stderr.strip()})
