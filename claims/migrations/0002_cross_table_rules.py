from django.db import migrations

from claims.db_rules import create_rules, drop_rules


class Migration(migrations.Migration):
    """The cross-table rules: see claims/db_rules.py."""

    dependencies = [("claims", "0001_initial")]

    operations = [migrations.RunPython(create_rules, drop_rules)]
