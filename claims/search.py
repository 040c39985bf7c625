"""Text search over claims: the database's own full-text index where it has one.

PostgreSQL: a GIN index on the words of summary, quote, speaker and role (migration 0005),
matched with websearch_to_tsquery, so "safe passage" finds claims with both words and a search
reads the index, not a million rows. The 'simple' configuration keeps words as written (no
stemming, no stop words), since quotes come in many languages.

SQLite (the embedded default, for small newsrooms and development) has no such index here: it
falls back to matching each word anywhere in those fields (LIKE), which reads every row and is
fine up to tens of thousands of claims. For more, use PostgreSQL.

On PostgreSQL every search runs under a statement timeout, so no search can tie up a worker.
"""

from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import Q

SEARCH_DOCUMENT = (
    "to_tsvector('simple', coalesce({table}summary, '') || ' ' || coalesce({table}quote, '') "
    "|| ' ' || coalesce({table}speaker_name, '') || ' ' || coalesce({table}speaker_role, ''))"
)
SEARCH_TIMEOUT_MS = 3000


def search_claims(queryset, text):
    """Claims whose summary, quote, speaker or role hold every word of `text`."""
    words = text.split()
    if not words:
        return queryset
    if connection.vendor == "postgresql":
        document = SEARCH_DOCUMENT.format(table="claims_claim.")
        return queryset.extra(  # noqa: S610 - the text goes in as a parameter
            where=[f"{document} @@ websearch_to_tsquery('simple', %s)"], params=[text]
        )
    for word in words:
        queryset = queryset.filter(
            Q(summary__icontains=word)
            | Q(quote__icontains=word)
            | Q(speaker_name__icontains=word)
            | Q(speaker_role__icontains=word)
        )
    return queryset


@contextmanager
def time_limit(milliseconds=SEARCH_TIMEOUT_MS):
    """Run the block in a transaction whose statements PostgreSQL cancels after the limit."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL statement_timeout = %s", [milliseconds])
        yield


def is_timeout(error):
    """Whether a database error is PostgreSQL cancelling a statement that ran too long."""
    return getattr(getattr(error, "__cause__", None), "pgcode", None) == "57014"


def create_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX claim_search ON claims_claim USING GIN "
            f"(({SEARCH_DOCUMENT.format(table='')}))"
        )


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX claim_search")
