from django.db import migrations

from ._search_0016 import on_postgresql

# The claim browser sums a source's or an event's kept counts (claims.facets.read_kept_counts).
# A source's thousand rows lie on as many pages of the table, written as its claims were
# published: read through the source's key they took 2–4 ms a query at a million claims. From
# these indexes alone (index-only scans) they take a tenth of that.
CREATE = [
    "CREATE INDEX claim_count_of_source ON claims_claimcount (source_id, retracted)"
    " INCLUDE (event_id, kind, stance, claims)",
    "CREATE INDEX claim_count_of_event ON claims_claimcount (event_id, retracted)"
    " INCLUDE (source_id, kind, stance, claims)",
    "ANALYZE claims_claimcount",
]
DROP = ["DROP INDEX claim_count_of_source", "DROP INDEX claim_count_of_event"]


class Migration(migrations.Migration):
    """PostgreSQL only: SQLite's indexes cannot carry columns they are not ordered by."""

    dependencies = [("claims", "0025_question_event_and_kind_index")]

    operations = [migrations.RunPython(on_postgresql(*CREATE), on_postgresql(*DROP))]
