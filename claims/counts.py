"""Published claims counted by source, event, question kind, stance and retraction, kept in
claims_claimcount (`ClaimCount`): the claim browser's result count and facets for a source or
an event are these rows summed by the database (a source with 5,000 claims has about a
thousand, one per event, kind and stance), never every matching claim and its question.

Only published claims are counted: the table answers for the public, and staff, who also see
drafts, are counted from the claims themselves.

Kept by the writes: a claim's save and deletion and a question's change of event or kind
(`Claim.save`, `Claim.delete`, `Question.save`), and the bulk paths (the import's batch writes,
the benchmark's generator) recount what they wrote. A recount replaces the rows of the sources
and events it is given with a fresh count from the claims table, so it is right however often
it runs; `recount_everything()` (`manage.py recount_claims`) rebuilds the whole table.
"""

from django.db import DEFAULT_DB_ALIAS, connections, transaction

COUNTED_FROM = """
    SELECT c.source_id, q.event_id, q.kind, c.stance, c.retracted_on IS NOT NULL, COUNT(*)
    FROM claims_claim c JOIN claims_question q ON q.id = c.question_id
    WHERE c.state = %s {where}
    GROUP BY c.source_id, q.event_id, q.kind, c.stance, c.retracted_on IS NOT NULL
"""
INSERTED = (
    "INSERT INTO claims_claimcount (source_id, event_id, kind, stance, retracted, claims) "
    + COUNTED_FROM
)
PUBLISHED = "published"  # Claim.State.PUBLISHED, named here so models can import this module
CHUNK = 500  # ids per statement, well under every database's limit on parameters


def placeholders(ids):
    return ", ".join(["%s"] * len(ids))


def recount(sources=None, questions=(), events=()):
    """Count again the published claims of `sources` (ids; None: every source) in the events
    of `questions` and `events` (ids). Two statements a chunk of sources, in one transaction."""
    questions, events = sorted(set(questions) - {None}), sorted(set(events) - {None})
    if not questions and not events:
        return
    if sources is not None:
        sources = sorted(set(sources) - {None})
        if not sources:
            return
    event_conditions, event_params = [], []
    if events:
        event_conditions.append(f"{{column}} IN ({placeholders(events)})")
        event_params += events
    if questions:
        event_conditions.append(
            f"{{column}} IN (SELECT event_id FROM claims_question WHERE id IN "
            f"({placeholders(questions)}))"
        )
        event_params += questions
    in_events = "(" + " OR ".join(event_conditions) + ")"
    connection = connections[DEFAULT_DB_ALIAS]
    chunks = [None]
    if sources is not None:
        chunks = [sources[start : start + CHUNK] for start in range(0, len(sources), CHUNK)]
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for chunk in chunks:
            source_condition, source_params = "", []
            if chunk is not None:
                source_condition = f" AND {{column}} IN ({placeholders(chunk)})"
                source_params = chunk
            if connection.vendor == "postgresql" and chunk is not None:
                # Two writers recounting the same source wait for each other, rather than both
                # deleting its rows and both inserting them again.
                cursor.execute(
                    f"SELECT id FROM claims_source WHERE id IN ({placeholders(chunk)}) "
                    "ORDER BY id FOR UPDATE",
                    chunk,
                )
            cursor.execute(
                "DELETE FROM claims_claimcount WHERE "
                + in_events.format(column="event_id")
                + source_condition.format(column="source_id"),
                event_params + source_params,
            )
            where = " AND " + in_events.format(column="q.event_id")
            where += source_condition.format(column="c.source_id")
            cursor.execute(INSERTED.format(where=where), [PUBLISHED, *event_params, *source_params])


def recount_everything():
    """The whole table counted again from the claims: one grouped read of every claim."""
    connection = connections[DEFAULT_DB_ALIAS]
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("DELETE FROM claims_claimcount")
        cursor.execute(INSERTED.format(where=""), [PUBLISHED])


def recount_claims(claims):
    """After a batch of claims is written in bulk: their sources and events counted again."""
    claims = list(claims)
    recount(
        sources={claim.source_id for claim in claims},
        questions={claim.question_id for claim in claims},
    )
