"""Measures' rules and data stamp, frozen as migration 0008 created them. Never edit it.

Rules a CHECK constraint cannot express, because they span tables (see _cross_table_rules for
the earlier ones):

- A figure's measure belongs to the figure's claim's question.
- A claim with figures cannot move to another question (its figures' measures stay behind).
- A measure with figures cannot move to another question.
- Only figure questions have measures, and a question with measures stays a figure question.

And the data stamp moves with every write to claims_measure, as with the other tables.

`around_table_changes` wraps a migration's operations on the claim tables with every trigger
dropped before and made again after (SQLite loses them when it rebuilds a table).
"""

from django.db import migrations

from . import _triggers_0007

FIGURE_MEASURE_ELSEWHERE = (
    "(SELECT question_id FROM claims_measure WHERE id = NEW.measure_id) <> "
    "(SELECT question_id FROM claims_claim WHERE id = NEW.claim_id)"
)
CLAIM_MEASURES_LEFT_BEHIND = (
    "EXISTS (SELECT 1 FROM claims_figure f JOIN claims_measure m ON m.id = f.measure_id "
    "WHERE f.claim_id = NEW.id AND m.question_id <> NEW.question_id)"
)
MEASURE_FIGURES_LEFT_BEHIND = (
    "EXISTS (SELECT 1 FROM claims_figure f JOIN claims_claim c ON c.id = f.claim_id "
    "WHERE f.measure_id = NEW.id AND c.question_id <> NEW.question_id)"
)
MEASURE_ON_STATEMENT = "(SELECT kind FROM claims_question WHERE id = NEW.question_id) <> 'figure'"
QUESTION_WITH_MEASURES_STATEMENT = (
    "NEW.kind <> 'figure' AND EXISTS (SELECT 1 FROM claims_measure WHERE question_id = NEW.id)"
)

FIGURE_MESSAGE = "a figure measure belongs to the question of the claim"
MEASURE_MESSAGE = "only figure questions have measures, and a measure stays with its figures"

SQLITE_RULES = [
    ("claims_figure_measure_insert", "BEFORE INSERT ON claims_figure",
     FIGURE_MEASURE_ELSEWHERE, FIGURE_MESSAGE),
    ("claims_figure_measure_update", "BEFORE UPDATE OF measure_id, claim_id ON claims_figure",
     FIGURE_MEASURE_ELSEWHERE, FIGURE_MESSAGE),
    ("claims_claim_measures_update", "BEFORE UPDATE OF question_id ON claims_claim",
     CLAIM_MEASURES_LEFT_BEHIND, FIGURE_MESSAGE),
    ("claims_measure_kind_insert", "BEFORE INSERT ON claims_measure",
     MEASURE_ON_STATEMENT, MEASURE_MESSAGE),
    ("claims_measure_question_update", "BEFORE UPDATE OF question_id ON claims_measure",
     f"({MEASURE_ON_STATEMENT}) OR ({MEASURE_FIGURES_LEFT_BEHIND})", MEASURE_MESSAGE),
    ("claims_question_measures_kind", "BEFORE UPDATE OF kind ON claims_question",
     QUESTION_WITH_MEASURES_STATEMENT, MEASURE_MESSAGE),
]
SQLITE_FORWARD = [
    f"CREATE TRIGGER {name} {when} WHEN {condition} "
    f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
    for name, when, condition, message in SQLITE_RULES
] + [
    f"""CREATE TRIGGER claims_measure_data_stamp_{operation.lower()}
    AFTER {operation} ON claims_measure
    BEGIN
        INSERT INTO claims_datastamp (id, value) VALUES (1, 1)
            ON CONFLICT (id) DO UPDATE SET value = value + 1;
    END"""
    for operation in ("INSERT", "UPDATE", "DELETE")
]
SQLITE_REVERSE = [f"DROP TRIGGER {name}" for name, *_ in SQLITE_RULES] + [
    f"DROP TRIGGER claims_measure_data_stamp_{operation.lower()}"
    for operation in ("INSERT", "UPDATE", "DELETE")
]


def postgresql_rule(name, table, events, condition, message):
    return [
        f"""CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF {condition} THEN
                RAISE EXCEPTION '{message}' USING ERRCODE = 'check_violation';
            END IF;
            RETURN NEW;
        END $$""",
        f"CREATE TRIGGER {name} BEFORE {events} ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {name}()",
    ]


POSTGRESQL_RULES = [
    ("claims_figure_check_measure", "claims_figure", "INSERT OR UPDATE OF measure_id, claim_id",
     FIGURE_MEASURE_ELSEWHERE, FIGURE_MESSAGE),
    ("claims_claim_check_measures", "claims_claim", "UPDATE OF question_id",
     CLAIM_MEASURES_LEFT_BEHIND, FIGURE_MESSAGE),
    ("claims_measure_check_question", "claims_measure", "INSERT OR UPDATE OF question_id",
     f"({MEASURE_ON_STATEMENT}) OR (TG_OP = 'UPDATE' AND {MEASURE_FIGURES_LEFT_BEHIND})",
     MEASURE_MESSAGE),
    ("claims_question_check_measures", "claims_question", "UPDATE OF kind",
     QUESTION_WITH_MEASURES_STATEMENT, MEASURE_MESSAGE),
]
POSTGRESQL_FORWARD = [
    statement for rule in POSTGRESQL_RULES for statement in postgresql_rule(*rule)
] + [
    """CREATE CONSTRAINT TRIGGER claims_measure_data_stamp
    AFTER INSERT OR UPDATE OR DELETE ON claims_measure
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION claims_bump_data_stamp()"""
]
POSTGRESQL_REVERSE = [
    statement
    for name, table, *_ in POSTGRESQL_RULES
    for statement in (f"DROP TRIGGER {name} ON {table}", f"DROP FUNCTION {name}()")
] + ["DROP TRIGGER claims_measure_data_stamp ON claims_measure"]

STATEMENTS = {
    "postgresql": (POSTGRESQL_FORWARD, POSTGRESQL_REVERSE),
    "sqlite": (SQLITE_FORWARD, SQLITE_REVERSE),
}


def create_measure_triggers(apps, schema_editor):
    for statement in STATEMENTS[schema_editor.connection.vendor][0]:
        schema_editor.execute(statement)


def drop_measure_triggers(apps, schema_editor):
    for statement in STATEMENTS[schema_editor.connection.vendor][1]:
        schema_editor.execute(statement)


def around_table_changes(operations):
    """Operations on the claim tables, with every trigger dropped before and made again after."""
    drop_earlier = _triggers_0007.around_table_changes([])
    before, after = drop_earlier[:2], drop_earlier[2:]
    return [
        migrations.RunPython(drop_measure_triggers, create_measure_triggers),
        *before,
        *operations,
        *after,
        migrations.RunPython(create_measure_triggers, drop_measure_triggers),
    ]
