"""Both databases' text search over claims, as migration 0016 made it. Never edit it.

The words searched now include the quote's translation, so a search in the newsroom's language
finds a claim quoted in another, and a search in Arabic or Russian finds the original words.
SQLite: the FTS5 table of 0011 over one more column, kept by the same three triggers.
PostgreSQL: the stored document of 0012 over one more field, with the 'simple' configuration
(no stemming: no one stemmer fits quotes in every language).

Arabic is indexed folded, as claims/search.py folds what is searched for: its vowel marks,
shadda and tatweel left out and its alef written one way, so الدولة finds الدّولة and ان finds
إنّ (quotes from statements are often partly vowelled; searches rarely are). SQLite has no
translate(), hence the chains of replace().
"""

from django.db import migrations

from . import _search_0011, _triggers_0008

FIELDS = ["summary", "quote", "quote_translation", "speaker_name", "speaker_role"]
COLUMNS = ", ".join(FIELDS)
# Frozen copies of claims.search.ARABIC_ALEFS and ARABIC_MARKS as this migration made them.
ARABIC_ALEFS = "\u0623\u0625\u0622\u0671"  # أ إ آ ٱ, written ا
ARABIC_MARKS = "".join(chr(code) for code in range(0x064B, 0x0653)) + "\u0670\u0640"


def sqlite_folded(column):
    expression = column
    for alef in ARABIC_ALEFS:
        expression = f"replace({expression}, '{alef}', '\u0627')"
    for mark in ARABIC_MARKS:
        expression = f"replace({expression}, '{mark}', '')"
    return expression


NEW = ", ".join(sqlite_folded(f"new.{field}") for field in FIELDS)
OLD = ", ".join(sqlite_folded(f"old.{field}") for field in FIELDS)

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
# Not FTS5's 'rebuild', which would index the table's words unfolded.
REBUILD = (
    f"INSERT INTO claims_claim_search (rowid, {COLUMNS}) "
    f"SELECT id, {', '.join(sqlite_folded(field) for field in FIELDS)} FROM claims_claim"
)
DROP_TABLE = "DROP TABLE claims_claim_search"

DOCUMENT = (
    "to_tsvector('simple', translate(coalesce(summary, '') || ' ' || coalesce(quote, '')"
    " || ' ' || coalesce(quote_translation, '')"
    " || ' ' || coalesce(speaker_name, '') || ' ' || coalesce(speaker_role, ''),"
    f" '{ARABIC_ALEFS}{ARABIC_MARKS}', '{chr(0x0627) * len(ARABIC_ALEFS)}'))"
)
STORE = [
    "ALTER TABLE claims_claim DROP COLUMN search_document",
    f"ALTER TABLE claims_claim ADD COLUMN search_document tsvector GENERATED ALWAYS AS ({DOCUMENT})"
    " STORED",
    "CREATE INDEX claim_search_document ON claims_claim USING GIN (search_document)",
    "ANALYZE claims_claim",
]
OLD_DOCUMENT = (
    "to_tsvector('simple', coalesce(summary, '') || ' ' || coalesce(quote, '')"
    " || ' ' || coalesce(speaker_name, '') || ' ' || coalesce(speaker_role, ''))"
)
UNSTORE = [
    "ALTER TABLE claims_claim DROP COLUMN search_document",
    f"ALTER TABLE claims_claim ADD COLUMN search_document tsvector GENERATED ALWAYS AS "
    f"({OLD_DOCUMENT}) STORED",
    "CREATE INDEX claim_search_document ON claims_claim USING GIN (search_document)",
]


def on_postgresql(*statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


on_sqlite = _search_0011.on_sqlite


def around_table_changes(operations):
    """The claim tables' operations with every SQLite trigger dropped before and made again
    after, the search index of 0011 replaced by this one, and PostgreSQL's stored document
    recomputed over the new column."""
    drop_old = on_sqlite(*_search_0011.DROP_TRIGGERS, DROP_TABLE)
    create_old = on_sqlite(_search_0011.CREATE_TABLE, *_search_0011.TRIGGERS, _search_0011.REBUILD)
    drop_new = on_sqlite(*_search_0011.DROP_TRIGGERS, DROP_TABLE)
    create_new = on_sqlite(CREATE_TABLE, *TRIGGERS, REBUILD)
    return [
        migrations.RunPython(drop_old, create_old),
        *_triggers_0008.around_table_changes(operations),
        migrations.RunPython(create_new, drop_new),
        migrations.RunPython(on_postgresql(*STORE), on_postgresql(*UNSTORE)),
    ]
