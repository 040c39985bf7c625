from django.db import migrations

# The expression claims/search.py searches: the index serves it only if the two are the same.
CREATE_INDEX = """
    CREATE INDEX claim_search ON claims_claim USING GIN ((
        to_tsvector('simple', coalesce(summary, '') || ' ' || coalesce(quote, '')
        || ' ' || coalesce(speaker_name, '') || ' ' || coalesce(speaker_role, ''))
    ))
"""
DROP_INDEX = "DROP INDEX claim_search"


def on_postgresql(statement):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    """PostgreSQL's full-text index for the claim search (SQLite has none: see search.py)."""

    dependencies = [("claims", "0004_roles")]

    operations = [migrations.RunPython(on_postgresql(CREATE_INDEX), on_postgresql(DROP_INDEX))]
