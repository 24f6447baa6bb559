"""The probe task of the cluster check (testing/cluster_scenario.py): it writes its key in a table only a check's
database has, half before a pause and half after, in one transaction — so a worker killed during the pause must
leave nothing, and a task run twice would leave its key twice. Imported once Django is set up."""

from __future__ import annotations

import os
import time

from django.db import connection, transaction
from django_tasks import task

PROBE_TABLE = "cluster_probe_effect"  # created by the check's seeding (no migration: it lives only in that database)


@task()
def probe_effect(key: str, seconds: float) -> int:
    with connection.cursor() as cursor:  # committed at once (autocommit): who started it, for the fault runs
        cursor.execute(f"INSERT INTO {PROBE_TABLE} (key, part, pid) VALUES (%s, 'started', %s)", [key, os.getpid()])
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {PROBE_TABLE} (key, part, pid) VALUES (%s, 'first', %s)", [key, os.getpid()])
        time.sleep(seconds)  # a long task is killed here: its first half must vanish with it
        cursor.execute(f"INSERT INTO {PROBE_TABLE} (key, part, pid) VALUES (%s, 'second', %s)", [key, os.getpid()])
    return os.getpid()
