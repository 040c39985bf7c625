"""SQLite's full-text index of claims, frozen as migration 0011 made it. Never edit it.

An FTS5 table over the words of each claim's summary, quote, speaker and role, kept by triggers
in step with claims_claim (an "external content" table: the words are indexed, not copied).
The unicode61 tokenizer splits words in any script, so a search in Arabic or Russian finds them.
PostgreSQL has its own index (migration 0005).

A migration that alters claims_claim on SQLite loses these triggers with the table: it wraps
its operations in `around_table_changes` below.
"""

from django.db import migrations

from . import _triggers_0008

COLUMNS = "summary, quote, speaker_name, speaker_role"
NEW = "new.summary, new.quote, new.speaker_name, new.speaker_role"
OLD = "old.summary, old.quote, old.speaker_name, old.speaker_role"

CREATE_TABLE = (
    f"CREATE VIRTUAL TABLE claims_claim_search USING fts5({COLUMNS}, "
    "content='claims_claim', content_rowid='id', tokenize='unicode61 remove_diacritics 2')"
)
TRIGGERS = [
    f"""CREATE TRIGGER claims_claim_search_insert AFTER INSERT ON claims_claim BEGIN
        INSERT INTO claims_claim_search (rowid, {COLUMNS}) VALUES (new.id, {NEW});
    END""",
    f"""CREATE TRIGGER claims_claim_search_delete AFTER DELETE ON claims_claim BEGIN
        INSERT INTO claims_claim_search (claims_claim_search, rowid, {COLUMNS})
        VALUES ('delete', old.id, {OLD});
    END""",
    f"""CREATE TRIGGER claims_claim_search_update AFTER UPDATE OF {COLUMNS} ON claims_claim
    BEGIN
        INSERT INTO claims_claim_search (claims_claim_search, rowid, {COLUMNS})
        VALUES ('delete', old.id, {OLD});
        INSERT INTO claims_claim_search (rowid, {COLUMNS}) VALUES (new.id, {NEW});
    END""",
]
DROP_TRIGGERS = [
    "DROP TRIGGER claims_claim_search_insert",
    "DROP TRIGGER claims_claim_search_delete",
    "DROP TRIGGER claims_claim_search_update",
]
REBUILD = "INSERT INTO claims_claim_search (claims_claim_search) VALUES ('rebuild')"


def on_sqlite(*statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement)

    return run


create_index = on_sqlite(CREATE_TABLE, *TRIGGERS, REBUILD)
drop_index = on_sqlite(*DROP_TRIGGERS, "DROP TABLE claims_claim_search")
create_triggers = on_sqlite(*TRIGGERS, REBUILD)
drop_triggers = on_sqlite(*DROP_TRIGGERS)


def around_table_changes(operations):
    """Operations on the claim tables, with every trigger dropped before and made again after
    (the search index is rebuilt from the table afterwards)."""
    return [
        migrations.RunPython(drop_triggers, create_triggers),
        *_triggers_0008.around_table_changes(operations),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
