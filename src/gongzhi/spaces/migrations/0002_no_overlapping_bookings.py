"""A venue is never booked twice for overlapping times: the database refuses it (docs/adr/0013-spaces-no-overlap.md).

The bookings that hold their slot are those applied (waiting for a decision) and approved (models.HOLDING).

PostgreSQL: the btree_gist extension (so the venue's id can take part in a GiST index with `=`) and an exclusion
constraint over the venue and the half-open range tstzrange(starts_at, ends_at, '[)'), for holding rows only. It is
added here with django.contrib.postgres's ExclusionConstraint, not in the model's Meta: SQLite cannot build it, and
Django's SQLite schema editor rebuilds tables from the model state when it alters them.

SQLite: triggers before INSERT and before UPDATE refuse a holding row that overlaps another holding row of the
same venue (RAISE(ABORT) → IntegrityError). Times are compared with julianday(), which reads Django's UTC text and
also ISO text with an offset that a raw writer might use ('2026-03-06T15:00:00+08:00'), as the same instant."""

from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations
from django.db.models import Func, Q, Value

CONSTRAINT = "spaces_booking_no_overlap"
HOLDING = ("applied", "approved")

_HOLDING_SQL = "('applied', 'approved')"
SQLITE = [
    f"""
    CREATE TRIGGER IF NOT EXISTS spaces_booking_no_overlap_insert BEFORE INSERT ON spaces_booking
    WHEN NEW.status IN {_HOLDING_SQL}
    BEGIN
        SELECT RAISE(ABORT, 'spaces_booking_no_overlap: the venue is already booked at that time')
        WHERE EXISTS (SELECT 1 FROM spaces_booking b WHERE b.venue_id = NEW.venue_id AND b.status IN {_HOLDING_SQL}
                      AND julianday(b.starts_at) < julianday(NEW.ends_at)
                      AND julianday(NEW.starts_at) < julianday(b.ends_at));
    END;
    """,
    f"""
    CREATE TRIGGER IF NOT EXISTS spaces_booking_no_overlap_update
    BEFORE UPDATE OF venue_id, starts_at, ends_at, status ON spaces_booking
    WHEN NEW.status IN {_HOLDING_SQL}
    BEGIN
        SELECT RAISE(ABORT, 'spaces_booking_no_overlap: the venue is already booked at that time')
        WHERE EXISTS (SELECT 1 FROM spaces_booking b WHERE b.venue_id = NEW.venue_id AND b.status IN {_HOLDING_SQL}
                      AND b.id <> NEW.id AND julianday(b.starts_at) < julianday(NEW.ends_at)
                      AND julianday(NEW.starts_at) < julianday(b.ends_at));
    END;
    """,
]
SQLITE_REVERSE = ["DROP TRIGGER IF EXISTS spaces_booking_no_overlap_insert;",
                  "DROP TRIGGER IF EXISTS spaces_booking_no_overlap_update;"]


def _exclusion():
    from django.contrib.postgres.constraints import ExclusionConstraint
    from django.contrib.postgres.fields import DateTimeRangeField, RangeOperators

    class TsTzRange(Func):
        function = "TSTZRANGE"
        output_field = DateTimeRangeField()

    return ExclusionConstraint(
        name=CONSTRAINT,
        expressions=[("venue", RangeOperators.EQUAL),
                     (TsTzRange("starts_at", "ends_at", Value("[)")), RangeOperators.OVERLAPS)],
        condition=Q(status__in=HOLDING),
        violation_error_message="该时段已被预约",
    )


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.add_constraint(apps.get_model("spaces", "Booking"), _exclusion())
    elif vendor == "sqlite":
        for sql in SQLITE:
            schema_editor.execute(sql, params=None)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.remove_constraint(apps.get_model("spaces", "Booking"), _exclusion())
    elif vendor == "sqlite":
        for sql in SQLITE_REVERSE:
            schema_editor.execute(sql, params=None)


class BtreeGist(BtreeGistExtension):
    """CREATE EXTENSION btree_gist on PostgreSQL (Django's operation does nothing elsewhere when applied). Reversed,
    it does nothing: Django's own reverse would query pg_extension on SQLite too, and dropping the extension could
    break another constraint that uses it."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        return None


class Migration(migrations.Migration):
    dependencies = [("spaces", "0001_initial")]

    operations = [
        BtreeGist(),  # does nothing on databases other than PostgreSQL
        migrations.RunPython(forwards, backwards),
    ]
