"""The data stamp's triggers, frozen as migration 0007 created them. Never edit it.

Every write to a source, event, question, article, claim or figure moves the one row of
claims_datastamp, in the same transaction as the write, so a page cached under the stamp read
before a commit is never served after it (claimtracker/caching.py).

- PostgreSQL: a deferred constraint trigger, so the row is moved at commit, once per
  transaction. A long import therefore holds the stamp's row lock only for the moment of its
  commit, never while it runs, and editors' saves are not held up behind it.
- SQLite has one writer at a time, so a plain trigger after each row does.

A migration that alters one of these tables on SQLite loses their triggers (SQLite rebuilds the
table): it wraps its operations in `around_table_changes` below, which drops the cross-table
rules and these triggers first and makes both again last.
"""

from django.db import migrations

from ._cross_table_rules import create_rules, drop_rules

TABLES = ["source", "event", "question", "article", "claim", "figure"]

POSTGRESQL_FUNCTION = """
CREATE FUNCTION claims_bump_data_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('claims.data_stamp_moved', true) IS DISTINCT FROM txid_current()::text
    THEN
        INSERT INTO claims_datastamp (id, value) VALUES (1, 1)
            ON CONFLICT (id) DO UPDATE SET value = claims_datastamp.value + 1;
        PERFORM set_config('claims.data_stamp_moved', txid_current()::text, true);
    END IF;
    RETURN NULL;
END $$
"""
POSTGRESQL_FORWARD = [POSTGRESQL_FUNCTION] + [
    f"""CREATE CONSTRAINT TRIGGER claims_{table}_data_stamp
    AFTER INSERT OR UPDATE OR DELETE ON claims_{table}
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION claims_bump_data_stamp()"""
    for table in TABLES
]
POSTGRESQL_REVERSE = [
    f"DROP TRIGGER claims_{table}_data_stamp ON claims_{table}" for table in TABLES
] + ["DROP FUNCTION claims_bump_data_stamp()"]

SQLITE_FORWARD = [
    f"""CREATE TRIGGER claims_{table}_data_stamp_{operation.lower()}
    AFTER {operation} ON claims_{table}
    BEGIN
        INSERT INTO claims_datastamp (id, value) VALUES (1, 1)
            ON CONFLICT (id) DO UPDATE SET value = value + 1;
    END"""
    for table in TABLES
    for operation in ("INSERT", "UPDATE", "DELETE")
]
SQLITE_REVERSE = [
    f"DROP TRIGGER claims_{table}_data_stamp_{operation.lower()}"
    for table in TABLES
    for operation in ("INSERT", "UPDATE", "DELETE")
]

STATEMENTS = {
    "postgresql": (POSTGRESQL_FORWARD, POSTGRESQL_REVERSE),
    "sqlite": (SQLITE_FORWARD, SQLITE_REVERSE),
}


def _run(schema_editor, forward):
    vendor = schema_editor.connection.vendor
    if vendor not in STATEMENTS:
        raise NotImplementedError(f"No data stamp triggers written for the {vendor} database.")
    for statement in STATEMENTS[vendor][0 if forward else 1]:
        schema_editor.execute(statement)


def create_stamp_triggers(apps, schema_editor):
    _run(schema_editor, forward=True)


def drop_stamp_triggers(apps, schema_editor):
    _run(schema_editor, forward=False)


def around_table_changes(operations):
    """Operations on the claim tables, with every trigger dropped before and made again after."""
    return [
        migrations.RunPython(drop_rules, create_rules),
        migrations.RunPython(drop_stamp_triggers, create_stamp_triggers),
        *operations,
        migrations.RunPython(create_rules, drop_rules),
        migrations.RunPython(create_stamp_triggers, drop_stamp_triggers),
    ]
