from django.db import migrations

from ._search_0016 import on_postgresql

# A search reads each match's event and question kind (claims.search.newest_matches): looked up
# by the question's key, a rare word's thousand matches took 3 ms of its 4.5 in PostgreSQL at
# a million claims, and a thousand index pages read cold. Kept on the claim's own row by the
# database, as claims_claim.search_document is, they come with the row the search reads.
# Columns the models do not declare, kept by triggers, so that no write of the app (nor one
# around it) can leave them behind. A question's kind cannot change under its claims (their
# stances hold it), but its event can.
CREATE = [
    "ALTER TABLE claims_claim ADD COLUMN question_event_id integer,"
    " ADD COLUMN question_kind varchar(10)",
    """CREATE FUNCTION claims_claim_take_question_facts() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        SELECT event_id, kind INTO NEW.question_event_id, NEW.question_kind
        FROM claims_question WHERE id = NEW.question_id;
        RETURN NEW;
    END $$""",
    "CREATE TRIGGER claims_claim_take_question_facts"
    " BEFORE INSERT OR UPDATE OF question_id ON claims_claim"
    " FOR EACH ROW EXECUTE FUNCTION claims_claim_take_question_facts()",
    """CREATE FUNCTION claims_question_pass_facts() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE claims_claim SET question_event_id = NEW.event_id, question_kind = NEW.kind
        WHERE question_id = NEW.id;
        RETURN NULL;
    END $$""",
    "CREATE TRIGGER claims_question_pass_facts AFTER UPDATE OF event_id, kind ON claims_question"
    " FOR EACH ROW WHEN (OLD.event_id <> NEW.event_id OR OLD.kind <> NEW.kind)"
    " EXECUTE FUNCTION claims_question_pass_facts()",
    "UPDATE claims_claim c SET question_event_id = q.event_id, question_kind = q.kind"
    " FROM claims_question q WHERE q.id = c.question_id",
    # What the search read them from until now (migration 0025).
    "DROP INDEX question_event_and_kind",
]
DROP = [
    "CREATE INDEX question_event_and_kind ON claims_question (id) INCLUDE (event_id, kind)",
    "DROP TRIGGER claims_question_pass_facts ON claims_question",
    "DROP FUNCTION claims_question_pass_facts()",
    "DROP TRIGGER claims_claim_take_question_facts ON claims_claim",
    "DROP FUNCTION claims_claim_take_question_facts()",
    "ALTER TABLE claims_claim DROP COLUMN question_event_id, DROP COLUMN question_kind",
]


class Migration(migrations.Migration):
    """PostgreSQL only: SQLite rebuilds a table from the model's fields when one changes, and
    its search joins its own index (claims.search)."""

    dependencies = [("claims", "0026_claim_count_covering_indexes")]

    operations = [migrations.RunPython(on_postgresql(*CREATE), on_postgresql(*DROP))]
