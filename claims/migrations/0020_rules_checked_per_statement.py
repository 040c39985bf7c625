from django.db import migrations

from ._rules_per_statement_0020 import check_per_row, check_per_statement


class Migration(migrations.Migration):
    """On PostgreSQL, new claims, figures and measures are checked against their questions once
    an INSERT statement rather than once a row (see _rules_per_statement_0020)."""

    dependencies = [("claims", "0019_editors_add_events_and_sources")]

    operations = [migrations.RunPython(check_per_statement, check_per_row)]
