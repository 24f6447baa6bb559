"""`gongzhi migrate`: Django's migrate, which first creates the folder of a SQLite database (var/ on a newcomer's
machine) — settings create no directory when they are imported."""

from pathlib import Path

from django.core.management.commands.migrate import Command as DjangoMigrate
from django.db import connections


class Command(DjangoMigrate):
    def execute(self, *args, **options):  # before the system checks, which already connect
        connection = connections[options.get("database") or "default"]
        name = str(connection.settings_dict.get("NAME") or "")
        if connection.vendor == "sqlite" and name and name != ":memory:" and not name.startswith("file:"):
            Path(name).parent.mkdir(parents=True, exist_ok=True)
        return super().execute(*args, **options)
