"""The cross-table rules' SQL, frozen as migration 0002 created them. Never edit it.

Database triggers for the rules a CHECK constraint cannot express, because they span tables:

- A claim on a figure question has no stance; a claim on a statement question has one.
- Figures belong only to claims on figure questions.
- A question's kind cannot change under claims that would then break either rule.

Each violation is reported as an integrity error, like any other constraint. A change to these
rules is a new migration with its own frozen copy, so old migrations keep running what they ran.

On SQLite, Django alters a table by copying it into a new one, which loses the table's triggers
and trips over the other tables' triggers that name it. So a migration that alters
claims_claim, claims_question or claims_figure wraps its operations in `around_table_changes`,
dropping the rules first and making them again last; the tests of these rules fail if one
forgets. (Not a migration itself: Django skips modules whose names start with "_".)
"""


CLAIM_STANCE_MISMATCH = (
    "(NEW.stance = '') <> "
    "((SELECT kind FROM claims_question WHERE id = NEW.question_id) = 'figure')"
)
CLAIM_FIGURES_ON_STATEMENT = (
    "(SELECT kind FROM claims_question WHERE id = NEW.question_id) <> 'figure' "
    "AND EXISTS (SELECT 1 FROM claims_figure WHERE claim_id = NEW.id)"
)
FIGURE_ON_STATEMENT = (
    "(SELECT q.kind FROM claims_claim c JOIN claims_question q ON q.id = c.question_id "
    "WHERE c.id = NEW.claim_id) <> 'figure'"
)
QUESTION_KIND_BREAKS_CLAIMS = (
    "EXISTS (SELECT 1 FROM claims_claim c WHERE c.question_id = NEW.id AND ("
    "(NEW.kind = 'figure' AND c.stance <> '') OR (NEW.kind <> 'figure' AND c.stance = '')))"
)

STANCE_MESSAGE = "claim stance: none on a figure question, required on a statement question"
FIGURE_MESSAGE = "figures belong only to claims on figure questions"
KIND_MESSAGE = "question kind does not fit the stances of its claims"

SQLITE_FORWARD = [
    f"""CREATE TRIGGER claims_claim_stance_insert BEFORE INSERT ON claims_claim
    WHEN {CLAIM_STANCE_MISMATCH}
    BEGIN SELECT RAISE(ABORT, '{STANCE_MESSAGE}'); END""",
    f"""CREATE TRIGGER claims_claim_stance_update BEFORE UPDATE OF stance, question_id
    ON claims_claim WHEN {CLAIM_STANCE_MISMATCH}
    BEGIN SELECT RAISE(ABORT, '{STANCE_MESSAGE}'); END""",
    f"""CREATE TRIGGER claims_claim_figures_update BEFORE UPDATE OF question_id ON claims_claim
    WHEN {CLAIM_FIGURES_ON_STATEMENT}
    BEGIN SELECT RAISE(ABORT, '{FIGURE_MESSAGE}'); END""",
    f"""CREATE TRIGGER claims_figure_kind_insert BEFORE INSERT ON claims_figure
    WHEN {FIGURE_ON_STATEMENT}
    BEGIN SELECT RAISE(ABORT, '{FIGURE_MESSAGE}'); END""",
    f"""CREATE TRIGGER claims_figure_kind_update BEFORE UPDATE OF claim_id ON claims_figure
    WHEN {FIGURE_ON_STATEMENT}
    BEGIN SELECT RAISE(ABORT, '{FIGURE_MESSAGE}'); END""",
    f"""CREATE TRIGGER claims_question_kind_update BEFORE UPDATE OF kind ON claims_question
    WHEN {QUESTION_KIND_BREAKS_CLAIMS}
    BEGIN SELECT RAISE(ABORT, '{KIND_MESSAGE}'); END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER claims_claim_stance_insert",
    "DROP TRIGGER claims_claim_stance_update",
    "DROP TRIGGER claims_claim_figures_update",
    "DROP TRIGGER claims_figure_kind_insert",
    "DROP TRIGGER claims_figure_kind_update",
    "DROP TRIGGER claims_question_kind_update",
]


def postgresql_function(name, body_condition, message):
    return f"""CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF {body_condition} THEN
            RAISE EXCEPTION '{message}' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END $$"""


POSTGRESQL_FORWARD = [
    postgresql_function(
        "claims_claim_check_kind",
        f"({CLAIM_STANCE_MISMATCH}) OR (TG_OP = 'UPDATE' AND {CLAIM_FIGURES_ON_STATEMENT})",
        f"{STANCE_MESSAGE}; {FIGURE_MESSAGE}",
    ),
    """CREATE TRIGGER claims_claim_check_kind BEFORE INSERT OR UPDATE OF stance, question_id
    ON claims_claim FOR EACH ROW EXECUTE FUNCTION claims_claim_check_kind()""",
    postgresql_function("claims_figure_check_kind", FIGURE_ON_STATEMENT, FIGURE_MESSAGE),
    """CREATE TRIGGER claims_figure_check_kind BEFORE INSERT OR UPDATE OF claim_id
    ON claims_figure FOR EACH ROW EXECUTE FUNCTION claims_figure_check_kind()""",
    postgresql_function("claims_question_check_kind", QUESTION_KIND_BREAKS_CLAIMS, KIND_MESSAGE),
    """CREATE TRIGGER claims_question_check_kind BEFORE UPDATE OF kind
    ON claims_question FOR EACH ROW EXECUTE FUNCTION claims_question_check_kind()""",
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER claims_claim_check_kind ON claims_claim",
    "DROP FUNCTION claims_claim_check_kind()",
    "DROP TRIGGER claims_figure_check_kind ON claims_figure",
    "DROP FUNCTION claims_figure_check_kind()",
    "DROP TRIGGER claims_question_check_kind ON claims_question",
    "DROP FUNCTION claims_question_check_kind()",
]

STATEMENTS = {
    "sqlite": (SQLITE_FORWARD, SQLITE_REVERSE),
    "postgresql": (POSTGRESQL_FORWARD, POSTGRESQL_REVERSE),
}


def _run(schema_editor, forward):
    vendor = schema_editor.connection.vendor
    if vendor not in STATEMENTS:
        raise NotImplementedError(f"No cross-table rules written for the {vendor} database.")
    for statement in STATEMENTS[vendor][0 if forward else 1]:
        schema_editor.execute(statement)


def create_rules(apps, schema_editor):
    _run(schema_editor, forward=True)


def drop_rules(apps, schema_editor):
    _run(schema_editor, forward=False)


def around_table_changes(operations):
    """Migration operations wrapped so that the rules are dropped before and made again after."""
    from django.db import migrations

    return [
        migrations.RunPython(drop_rules, create_rules),
        *operations,
        migrations.RunPython(create_rules, drop_rules),
    ]
