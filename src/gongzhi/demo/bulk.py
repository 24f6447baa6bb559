"""Rows straight into a table for the demo loader, their new ids back in order (ADR 0004: bulk loads write one
chronicle entry for the batch, never one a row).

On PostgreSQL the ids are drawn from the table's own sequence in one query and the rows are sent with COPY: a
district of 650,000 residents goes in without a model instance or an INSERT parameter per row. Elsewhere (SQLite)
it is Django's `bulk_create`. Both give the same ids in the same order as `bulk_create` would on a fresh
database, and neither calls `save()` or sends a signal. A row is a dict of attribute names (`home_id`, `name` …);
a field it leaves out gets the field's default (`auto_now`/`auto_now_add` fields: the time of the call)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection
from django.db.models import Model
from django.utils import timezone

BATCH = 2000  # rows per bulk_create statement (SQLite's limit on parameters)

# Field types whose Python values psycopg writes as they are: the rest go through the field's get_db_prep_save.
PLAIN = {"AutoField", "BigAutoField", "BigIntegerField", "BooleanField", "CharField", "DateField", "DateTimeField",
         "DecimalField", "ForeignKey", "IntegerField", "OneToOneField", "PositiveIntegerField",
         "PositiveSmallIntegerField", "SmallIntegerField", "TextField"}


def insert(model: type[Model], rows: Sequence[dict]) -> list[int]:
    """Insert `rows` into `model`'s table; return their primary keys in the order of `rows`."""
    if not rows:
        return []
    if connection.vendor != "postgresql":
        objs = model._default_manager.bulk_create([model(**row) for row in rows], batch_size=BATCH)
        return [obj.pk for obj in objs]
    return _copy(model, rows)


def _copy(model: type[Model], rows: Sequence[dict]) -> list[int]:
    from psycopg import sql  # PostgreSQL's driver, only on PostgreSQL

    meta, now = model._meta, timezone.now()
    pk = meta.pk
    fields = [f for f in meta.concrete_fields if f is not pk]
    defaults, convert = {}, {}
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            defaults[f.attname] = now
        else:
            defaults[f.attname] = f.get_default()
        if f.get_internal_type() not in PLAIN:
            convert[f.attname] = f
    unknown = set().union(*(row.keys() for row in rows[:1])) - {f.attname for f in fields}
    if unknown:
        raise ValueError(f"{meta.label} has no fields {sorted(unknown)}")
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                       [meta.db_table, pk.column, len(rows)])
        ids = sorted(r[0] for r in cursor.fetchall())
        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(meta.db_table), sql.SQL(", ").join(sql.Identifier(c) for c in
                                                              [pk.column, *(f.column for f in fields)]))
        names = [f.attname for f in fields]
        with cursor.cursor.copy(statement) as copy:
            for id_, row in zip(ids, rows, strict=True):
                values = [id_]
                for name in names:
                    value = row.get(name, defaults[name])
                    if name in convert:
                        value = convert[name].get_db_prep_save(value, connection)
                    values.append(value)
                copy.write_row(values)
    return ids


def chunks(items: Sequence, size: int) -> Iterable[Sequence]:
    for start in range(0, len(items), size):
        yield items[start:start + size]
