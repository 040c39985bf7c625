"""Text search over claims: the database's own full-text index where it has one.

PostgreSQL: the words of summary, quote, its translation, speaker and role, stored in a
generated column with a GIN index (migrations 0012 and 0016), matched with
websearch_to_tsquery through `django.contrib.postgres.search`, so "safe passage" finds claims
with both words and a search reads the index or the stored words, never re-parsing a million
rows. The 'simple' configuration keeps words as written (no stemming, no stop words), since
quotes come in many languages. Arabic is kept folded (see ARABIC_FOLDING) on both databases.

SQLite (the embedded default): an FTS5 index of the same fields (migration 0016), kept in step
by triggers, with the unicode61 tokenizer, so words of any script are found. A search matches
claims holding every word, as whole words, on both databases.

The claim browser reads a search's newest SEARCH_MATCHES_SHOWN + 1 matches once
(`newest_matches`), walking the primary key for a word in many claims and gathering a rare
word's from the index, and draws its page, count and facets from those rows.

A search takes at most SEARCH_MAX_WORDS words and SEARCH_MAX_LENGTH characters (the filter form
says so), and the claim browser runs it under a time limit on both databases: PostgreSQL's
statement timeout, and on SQLite a progress handler that interrupts a query past the limit. So
no search, however it is written, can tie up a worker.
"""

import json
import re
import time
from contextlib import contextmanager

from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.db import connection, connections, transaction
from django.db.models import CharField, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.expressions import Expression, RawSQL
from django.db.models.functions import Cast, Concat

from claimtracker.caching import kept_while_data_unchanged
from claimtracker.replicas import reading_alias

from .models import Question
from .pagination import key_order

WORD = re.compile(r"\w")
# Arabic as the index keeps it (migration 0016): alef written one way, vowel marks, shadda and
# tatweel left out, so a search without them finds words written with them.
ARABIC_ALEFS = "\u0623\u0625\u0622\u0671"
ARABIC_MARKS = "".join(chr(code) for code in range(0x064B, 0x0653)) + "\u0670\u0640"
ARABIC_FOLDING = str.maketrans(
    {**{alef: "\u0627" for alef in ARABIC_ALEFS}, **{mark: None for mark in ARABIC_MARKS}}
)
SEARCHED_FIELDS = ("summary", "quote", "quote_translation", "speaker_name", "speaker_role")
SEARCH_CONFIG = "simple"
SEARCH_TIMEOUT_MS = 3000
SEARCH_MAX_WORDS = 10
SEARCH_MAX_LENGTH = 200
# A search's pages offer its newest matches up to this many, and its count stops there
# ("1,000+ claims match"): its first page then costs as much for a word in every claim as for
# a rare one.
SEARCH_MATCHES_SHOWN = 1000
# How many of a search's matches PostgreSQL asks the disk for ahead of reading them, where
# the server can (its effective_io_concurrency is not 0): a rare word's thousand matches lie
# on a thousand pages, and read one at a time from disk they took twice as long.
SEARCH_PAGES_READ_AHEAD = 64
# How many SQLite virtual-machine steps pass between two looks at the clock.
SQLITE_STEPS_BETWEEN_CHECKS = 10_000


def search_claims(queryset, text):
    """Claims whose summary, quote (original or translation), speaker or role hold every word
    of `text`, in any language."""
    text = folded(text)
    words = text.split()
    if not words:
        return queryset
    if connection.vendor == "postgresql":
        query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
        # The words PostgreSQL stores in claims_claim.search_document (migrations 0012, 0016).
        document = StoredColumn("search_document", SearchVectorField())
        return queryset.alias(search_document=document).filter(search_document=query)
    if connection.vendor == "sqlite":
        return sqlite_search(queryset, words)
    for word in words:  # any other database: every word anywhere in the fields
        matches = Q()
        for name in SEARCHED_FIELDS:
            matches |= Q(**{f"{name}__icontains": word})
        queryset = queryset.filter(matches)
    return queryset


def newest_matches(results, shown=SEARCH_MATCHES_SHOWN):
    """The (id, source, event, question kind, stance) rows of a search's first `shown` + 1
    matches in its id order (newest first unless asked otherwise): one query, bounded whatever
    the word. A word in many claims is found walking the primary key, which stops at the last
    of them; a word in few is gathered from the search index (see gathered_from_index). The
    page, its count and the facets are then read from these rows, never by running the search
    again. `results` must be in id order (see pagination.key_order)."""
    matches = results.prefetch_related(None)
    on_postgresql = connections[matches.db].vendor == "postgresql"
    if on_postgresql:
        # Kept on the claim's own row by the database (migration 0027).
        rows = matches.annotate(
            match_event=StoredColumn("question_event_id", IntegerField()),
            match_kind=StoredColumn("question_kind", CharField()),
        ).values_list("pk", "source_id", "match_event", "match_kind", "stance")
    else:
        # Read by the question's key, in a subquery (as PostgreSQL read them before 0027,
        # where a join hashed every question for a rare word's thousand matches). One
        # subquery gives both, as "event:kind": two looked each question up twice.
        question = Question.objects.order_by().filter(pk=OuterRef("question_id"))
        event_and_kind = Concat(Cast("event_id", CharField()), Value(":"), "kind")
        rows = matches.annotate(
            match_question=Subquery(question.annotate(facts=event_and_kind).values("facts"))
        ).values_list("pk", "source_id", "match_question", "stance")
    # Its size estimated from the matches' ids alone: the columns read only cost the planner
    # time.
    if on_postgresql and gathered_from_index(matches.values_list("pk"), shown):
        # An order the primary key cannot serve: the planner can only gather, then sort.
        key = F("pk") + 0
        rows = rows.order_by(key.desc() if key_order(results) == "-" else key.asc())
    found = list(rows[: shown + 1])
    if on_postgresql:
        return found
    matched = []
    for pk, source_id, facts, stance in found:  # "event:kind"
        event_id, kind = facts.split(":", 1)
        matched.append((pk, source_id, int(event_id), kind, stance))
    return matched


# Walking the primary key to a word's `shown` newest matches reads about
# shown × claims / matches rows; gathering them from the search index reads every match, each
# about this many times the cost of a row walked (its page fetched, then sorted): measured at
# a million claims, where the two cross near 12,000 matches.
GATHERED_ROW_COST = 7


def gathered_from_index(rows, shown):
    """Whether a search's newest `shown` matches cost less gathered from the search index
    than found walking the primary key, by the planner's estimate of how many claims match.
    The planner itself walks far past that point (it counts testing a claim's words as next
    to free): a word in 5,000 of a million claims walked 200,000 of them, 170 ms against 25."""
    sql, params = rows.order_by().query.sql_with_params()
    with connections[rows.db].cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    matches = plan[0]["Plan"]["Plan Rows"]
    table = rows.model._meta.db_table
    claims = kept_while_data_unchanged(
        ("estimated rows", rows.db, table), lambda: estimated_rows(rows.db, table)
    )
    return matches * matches * GATHERED_ROW_COST < shown * claims


def estimated_rows(alias, table):
    """How many rows the planner believes `table` holds (as of its last ANALYZE)."""
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [table])
        return cursor.fetchone()[0]


def folded(text):
    """The text as the search index keeps it: Arabic written one way (see ARABIC_FOLDING)."""
    return text.translate(ARABIC_FOLDING)


class StoredColumn(Expression):
    """A column of the query's first table that the database keeps and the models do not
    declare (on PostgreSQL: claims_claim.search_document, question_event_id, question_kind).

    Named through the query's own alias for the table, so it holds in a subquery too.
    """

    def __init__(self, name, output_field):
        super().__init__(output_field=output_field)
        self.name = name

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return f"{table}.{connection.ops.quote_name(self.name)}", []


def fts5_query(words):
    """An FTS5 query holding every word as a quoted phrase (so no word is read as an operator),
    or None when no word has a letter or digit to search for."""
    phrases = ['"' + word.replace('"', '""') + '"' for word in words if WORD.search(word)]
    return " ".join(phrases) or None


def sqlite_search(queryset, words):
    """Claims joined to their FTS5 entries and, unless another order is asked for afterwards,
    ordered by the index's own rowid (the claim's id), newest first.

    The index then drives the query: the first page of a word held by 400,000 claims reads 25
    entries, where `id IN (matches)` first gathered and sorted all 400,000 (0.1 ms against
    110 ms at a million claims). `extra()` because the ORM cannot join a virtual table.
    """
    query = fts5_query(words)
    if query is None:
        return queryset.none()
    entry = "claims_claim_search.rowid"
    return queryset.extra(
        select={"search_rowid": entry},
        tables=["claims_claim_search"],
        where=["claims_claim_search MATCH %s"],
        params=[query],
        order_by=["-search_rowid"],
    ).filter(id=RawSQL(entry, []))  # through the ORM, so it holds inside a subquery too


@contextmanager
def time_limit(milliseconds=SEARCH_TIMEOUT_MS, searching=True):
    """Run the block in a transaction whose queries the database stops after the limit, in
    which PostgreSQL reads a search's matches ahead and, when `searching`, plans each query
    for the values it is given."""
    alias = reading_alias()  # the replica the page reads, if it reads one
    database = connections[alias]
    with transaction.atomic(using=alias):
        if database.vendor == "postgresql":
            with database.cursor() as cursor:
                # SET takes no bound parameters; set_config() does (true: for this transaction).
                # A search is planned for its words: a plan kept for a prepared query (one word's)
                # can walk the whole table for another. Other lists keep the plans PostgreSQL
                # keeps for them, as every other page does: planned afresh, a source's page
                # spent a millisecond more in the database.
                # A server on a platform that cannot read ahead keeps its 0.
                cursor.execute(
                    "SELECT set_config('statement_timeout', %s, true),"
                    " set_config('plan_cache_mode', CASE WHEN %s THEN 'force_custom_plan'"
                    " ELSE current_setting('plan_cache_mode') END, true),"
                    " set_config('effective_io_concurrency', CASE"
                    " WHEN current_setting('effective_io_concurrency') = '0' THEN '0'"
                    " ELSE %s END, true)",
                    [str(milliseconds), searching, str(SEARCH_PAGES_READ_AHEAD)],
                )
            yield
        elif database.vendor == "sqlite":
            with sqlite_time_limit(database, milliseconds):
                yield
        else:
            yield


@contextmanager
def sqlite_time_limit(wrapper, milliseconds):
    wrapper.ensure_connection()
    deadline = time.monotonic() + milliseconds / 1000
    database = wrapper.connection
    # A true answer from the handler makes SQLite stop the running query ("interrupted").
    database.set_progress_handler(lambda: time.monotonic() > deadline, SQLITE_STEPS_BETWEEN_CHECKS)
    try:
        yield
    finally:
        database.set_progress_handler(None, 0)


def is_timeout(error):
    """Whether a database error is the database stopping a query that ran past its limit."""
    if getattr(getattr(error, "__cause__", None), "sqlstate", None) == "57014":
        return True
    return connection.vendor == "sqlite" and "interrupted" in str(error)
