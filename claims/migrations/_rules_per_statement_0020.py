"""PostgreSQL's cross-table rules for new rows, checked once a statement, as migration 0020
made them. Never edit it.

Migrations 0002 and 0008 check every new claim, figure and measure with a trigger for each row,
which looks up the row's question (a figure's claim and measure too) one row at a time: for an
import of 10,000 claims that was half the time the database took to write them. Here the same
rules are checked once an INSERT statement, on all the rows it inserted (its transition table)
with one join, and fail with the same messages. A change to a stored row (an UPDATE of its
question, stance, claim or measure) is still checked row by row, as before: PostgreSQL gives no
transition table to a trigger on an update of chosen columns.

SQLite keeps its row triggers, which run inside the engine and cost little.
"""

from django.db import migrations

from . import _search_0016
from ._cross_table_rules import CLAIM_STANCE_MISMATCH, STANCE_MESSAGE
from ._cross_table_rules import FIGURE_MESSAGE as FIGURE_KIND_MESSAGE
from ._triggers_0008 import FIGURE_MESSAGE as FIGURE_MEASURE_MESSAGE
from ._triggers_0008 import MEASURE_MESSAGE

# Each rule as its row trigger words it, about one row NEW; below, about every inserted row.
CLAIM_KIND_MISMATCH = "(inserted.stance = '') <> (q.kind = 'figure')"

# (table, row trigger, the events it fired on before this migration, those it fires on now)
ROW_TRIGGERS = [
    ("claims_claim", "claims_claim_check_kind", "INSERT OR UPDATE OF stance, question_id",
     "UPDATE OF stance, question_id"),
    ("claims_figure", "claims_figure_check_kind", "INSERT OR UPDATE OF claim_id",
     "UPDATE OF claim_id"),
    ("claims_figure", "claims_figure_check_measure", "INSERT OR UPDATE OF measure_id, claim_id",
     "UPDATE OF measure_id, claim_id"),
    ("claims_measure", "claims_measure_check_question", "INSERT OR UPDATE OF question_id",
     "UPDATE OF question_id"),
]  # fmt: skip

# (table, [(the rows breaking a rule, its message)]), the rules in the order the row
# triggers fired (by name), so a row breaking two is refused with the same message as before.
STATEMENT_RULES = [
    ("claims_claim", [
        ("inserted JOIN claims_question q ON q.id = inserted.question_id "
         f"WHERE {CLAIM_KIND_MISMATCH}", f"{STANCE_MESSAGE}; {FIGURE_KIND_MESSAGE}"),
    ]),
    ("claims_figure", [
        ("inserted JOIN claims_claim c ON c.id = inserted.claim_id "
         "JOIN claims_question q ON q.id = c.question_id WHERE q.kind <> 'figure'",
         FIGURE_KIND_MESSAGE),
        ("inserted JOIN claims_measure m ON m.id = inserted.measure_id "
         "JOIN claims_claim c ON c.id = inserted.claim_id WHERE m.question_id <> c.question_id",
         FIGURE_MEASURE_MESSAGE),
    ]),
    ("claims_measure", [
        ("inserted JOIN claims_question q ON q.id = inserted.question_id "
         "WHERE q.kind <> 'figure'", MEASURE_MESSAGE),
    ]),
]  # fmt: skip


def statement_rule(table, rules):
    name = f"{table}_inserted_rules"
    checks = "\n".join(
        f"""        IF EXISTS (SELECT 1 FROM {rows}) THEN
            RAISE EXCEPTION '{message}' USING ERRCODE = 'check_violation';
        END IF;"""
        for rows, message in rules
    )
    return [
        f"""CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
{checks}
        RETURN NULL;
    END $$""",
        f"""CREATE TRIGGER {name} AFTER INSERT ON {table} REFERENCING NEW TABLE AS inserted
    FOR EACH STATEMENT EXECUTE FUNCTION {name}()""",
    ]


def row_triggers(events_at):
    """The row triggers made again, each firing on the events at this index of ROW_TRIGGERS."""
    return [
        statement
        for table, name, *events in ROW_TRIGGERS
        for statement in (
            f"DROP TRIGGER {name} ON {table}",
            f"CREATE TRIGGER {name} BEFORE {events[events_at]} ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {name}()",
        )
    ]


FORWARD = row_triggers(1) + [
    statement for table, rules in STATEMENT_RULES for statement in statement_rule(table, rules)
]
REVERSE = [
    statement
    for table, _ in STATEMENT_RULES
    for statement in (
        f"DROP TRIGGER {table}_inserted_rules ON {table}",
        f"DROP FUNCTION {table}_inserted_rules()",
    )
] + row_triggers(0)


def check_per_statement(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def check_per_row(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in REVERSE:
            schema_editor.execute(statement)


def around_table_changes(operations):
    """The claim tables' operations with every trigger dropped before and made again after (see
    _search_0016), the rules of this migration undone first and made again last."""
    return [
        migrations.RunPython(check_per_row, check_per_statement),
        *_search_0016.around_table_changes(operations),
        migrations.RunPython(check_per_statement, check_per_row),
    ]
