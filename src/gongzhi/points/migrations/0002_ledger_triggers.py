"""The database holds the ledger's rules (ADR 0010).

PostgreSQL: a DEFERRABLE INITIALLY DEFERRED constraint trigger checks at commit that the legs of every transaction
touched sum to zero; triggers refuse UPDATE and DELETE of transactions and legs (TRUNCATE, used by the test
database's flush, is not a row operation and stays possible).

SQLite: a row trigger cannot be deferred to the commit, so each transaction declares how many legs it has
(`leg_count`): when the last of them is inserted a trigger checks that they sum to zero, and a leg beyond them is
refused (a transaction left with fewer legs than it declares is reported by `services.check_ledger`); triggers
refuse UPDATE of transactions and legs. DELETE stays possible there because the test runner flushes
SQLite tables with DELETE; no code path deletes ledger rows (there is no delete service and every FK to them is
PROTECT)."""

from django.db import migrations

POSTGRES = [
    """
    CREATE OR REPLACE FUNCTION points_legs_balanced() RETURNS trigger AS $$
    DECLARE total bigint; legs integer; declared integer;
    BEGIN
        SELECT COALESCE(SUM(amount), 0), COUNT(*) INTO total, legs FROM points_leg
            WHERE transaction_id = NEW.transaction_id;
        SELECT leg_count INTO declared FROM points_transaction WHERE id = NEW.transaction_id;
        IF total <> 0 OR legs <> declared THEN
            RAISE EXCEPTION 'points transaction % does not balance (% legs of %, sum %)', NEW.transaction_id, legs,
                declared, total USING ERRCODE = 'check_violation';
        END IF;
        RETURN NULL;
    END $$ LANGUAGE plpgsql;
    """,
    """
    CREATE CONSTRAINT TRIGGER points_leg_balanced AFTER INSERT ON points_leg
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION points_legs_balanced();
    """,
    """
    CREATE OR REPLACE FUNCTION points_ledger_append_only() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'points ledger rows are never edited or deleted (%)', TG_TABLE_NAME
            USING ERRCODE = 'restrict_violation';
    END $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER points_leg_append_only BEFORE UPDATE OR DELETE ON points_leg
        FOR EACH ROW EXECUTE FUNCTION points_ledger_append_only();
    """,
    """
    CREATE TRIGGER points_transaction_append_only BEFORE UPDATE OR DELETE ON points_transaction
        FOR EACH ROW EXECUTE FUNCTION points_ledger_append_only();
    """,
]

POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS points_transaction_append_only ON points_transaction;",
    "DROP TRIGGER IF EXISTS points_leg_append_only ON points_leg;",
    "DROP TRIGGER IF EXISTS points_leg_balanced ON points_leg;",
    "DROP FUNCTION IF EXISTS points_ledger_append_only();",
    "DROP FUNCTION IF EXISTS points_legs_balanced();",
]

SQLITE = [
    # not deferrable: checked when the last of the legs the transaction declares (leg_count) is inserted, and any
    # leg beyond them is refused
    """
    CREATE TRIGGER IF NOT EXISTS points_leg_balanced AFTER INSERT ON points_leg
    WHEN (SELECT COUNT(*) FROM points_leg WHERE transaction_id = NEW.transaction_id)
         >= (SELECT leg_count FROM points_transaction WHERE id = NEW.transaction_id)
    BEGIN
        SELECT RAISE(ABORT, 'points transaction does not balance')
        WHERE (SELECT COUNT(*) FROM points_leg WHERE transaction_id = NEW.transaction_id)
              > (SELECT leg_count FROM points_transaction WHERE id = NEW.transaction_id)
           OR (SELECT SUM(amount) FROM points_leg WHERE transaction_id = NEW.transaction_id) <> 0;
    END;
    """,
    """
    CREATE TRIGGER IF NOT EXISTS points_leg_no_update BEFORE UPDATE ON points_leg
    BEGIN SELECT RAISE(ABORT, 'points ledger rows are never edited'); END;
    """,
    """
    CREATE TRIGGER IF NOT EXISTS points_transaction_no_update BEFORE UPDATE ON points_transaction
    BEGIN SELECT RAISE(ABORT, 'points ledger rows are never edited'); END;
    """,
]

SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS points_leg_balanced;",
    "DROP TRIGGER IF EXISTS points_transaction_no_update;",
    "DROP TRIGGER IF EXISTS points_leg_no_update;",
]


def _run(statements: dict):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql, params=None)  # no parameters: the % of RAISE are literal

    return run


class Migration(migrations.Migration):
    dependencies = [("points", "0001_initial")]

    operations = [
        migrations.RunPython(_run({"postgresql": POSTGRES, "sqlite": SQLITE}),
                             _run({"postgresql": POSTGRES_REVERSE, "sqlite": SQLITE_REVERSE})),
    ]
