from django.db import migrations

from ._search_0016 import on_postgresql

# A search reads each match's event and question kind by the question's key (claims.search):
# a rare word's thousand matches, a thousand lookups. From this index alone (an index-only
# scan), they read 600 pages of 8 kB where the key and the table read 2,300; with nothing in
# memory, the lookups of a rare word's first search read 1,070 pages from disk (30 ms).
CREATE = [
    "CREATE INDEX question_event_and_kind ON claims_question (id) INCLUDE (event_id, kind)",
    "ANALYZE claims_question",
]
DROP = ["DROP INDEX question_event_and_kind"]


class Migration(migrations.Migration):
    """PostgreSQL only: SQLite finds a question by its key in its table's own tree."""

    dependencies = [("claims", "0024_claim_counts")]

    operations = [migrations.RunPython(on_postgresql(*CREATE), on_postgresql(*DROP))]
