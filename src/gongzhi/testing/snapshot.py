"""The personas' world, built once per test process through the services and then restored for each test from
the rows it wrote (one multi-row INSERT per table instead of some 300 service calls: about a third of the
suite's time on PostgreSQL went into building the world again for every test).

The first `world` of a process is built by `build_world()` and its rows are kept; every later test, inside its
own transaction, inserts those rows again (raw, as `loaddata` does: no save(), no signals, no auto_now) and
gets a deep copy of the first build's objects, as Django's `setUpTestData` hands out its class data. The
rows are restored only onto the same base they were built on: when the rows that migrations and the
framework put in every database change (a transactional test flushed the database, content types came back
with new ids), the world is built through the services again and kept anew."""

from __future__ import annotations

import copy
from collections.abc import Callable
from types import SimpleNamespace

from django.apps import apps
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connection, transaction
from django.db.models import Count, Max

SQLITE_MAX_VARIABLES = 900
INTEGER_KEYS = {"AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField"}


def _models():
    return [m for m in apps.get_models(include_auto_created=True)
            if m._meta.managed and not m._meta.proxy and not m._meta.swapped]


def _fingerprint(model) -> tuple:
    """(rows, largest id) of a table (rows only where ids are not numbers)."""
    if model._meta.pk.get_internal_type() in INTEGER_KEYS:
        row = model._base_manager.aggregate(n=Count("pk"), top=Max("pk"))
        return row["n"], row["top"]
    return model._base_manager.count(), None


def _base(models=None) -> dict:
    """What is in the database before the world: per non-empty table (of `models`, default all), its
    fingerprint."""
    found = {}
    for model in models if models is not None else _models():
        mark = _fingerprint(model)
        if mark[0]:
            found[model] = mark
    return found


class Snapshot:
    def __init__(self, build: Callable[[], SimpleNamespace]):
        self.base = _base()
        before = {m: set(m._base_manager.values_list("pk", flat=True)) for m in self.base}
        self.world = build()
        self.template = copy.deepcopy(self.world)
        self.rows = []
        for model in _models():
            new = [o for o in model._base_manager.order_by("pk") if o.pk not in before.get(model, ())]
            if new:
                self.rows.append((model, new))

    def fits(self) -> bool:
        """The tables that held rows before the world still hold the same (a flush empties them all, and the
        framework's own rows come back with new ids); the others are empty at the start of every test."""
        return _base(list(self.base)) == self.base

    def restore(self) -> SimpleNamespace:
        # in one transaction, so that foreign keys are checked once all tables are in (a test's own transaction
        # when it has one; a transactional test commits it here)
        with transaction.atomic():
            self._insert()
        return copy.deepcopy(self.template)

    def _insert(self) -> None:
        for model, objs in self.rows:
            fields = model._meta.local_concrete_fields
            size = max(1, SQLITE_MAX_VARIABLES // len(fields))
            for i in range(0, len(objs), size):
                model._base_manager._insert(objs[i:i + size], fields=fields, raw=True, using=DEFAULT_DB_ALIAS)
        statements = connection.ops.sequence_reset_sql(no_style(), [model for model, _ in self.rows])
        if statements:
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)


_kept: Snapshot | None = None


def world_from_snapshot(build: Callable[[], SimpleNamespace]) -> SimpleNamespace:
    """The world for one test (inside its transaction): restored from the kept rows, or built and kept."""
    global _kept
    if _kept is not None and _kept.fits():
        return _kept.restore()
    _kept = Snapshot(build)
    return copy.deepcopy(_kept.template)
