"""An empty database beside the test database, for tests that migrate one app from an old state.

Migrating the test database itself back to an early migration unapplies every later migration of every app that
depends on it, then applies them all again (three minutes of the suite for one data migration). A scratch database
holds only the migrations the test asks for: on SQLite a file in the test's temporary folder, on PostgreSQL a
database created beside the test database and dropped afterwards."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from pathlib import Path

from django.db import connection, connections

ALIAS = "scratch"


@contextlib.contextmanager
def scratch_database(folder: Path) -> Iterator:
    """The connection to a new, empty database of the test database's engine, under the alias `scratch`."""
    settings = {**connection.settings_dict}
    name = f"{settings['NAME']}_scratch_{uuid.uuid4().hex[:8]}"
    if connection.vendor == "sqlite":
        settings["NAME"] = str(folder / "scratch.sqlite3")
    elif connection.vendor == "postgresql":
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        settings["NAME"] = name
    else:  # pragma: no cover - the project runs on the two
        raise NotImplementedError(connection.vendor)
    connections.settings[ALIAS] = settings
    try:
        yield connections[ALIAS]
    finally:
        connections[ALIAS].close()
        del connections[ALIAS]
        del connections.settings[ALIAS]
        if connection.vendor == "postgresql":
            with connection._nodb_cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
