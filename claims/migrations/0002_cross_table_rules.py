from django.db import migrations

from ._cross_table_rules import create_rules, drop_rules


class Migration(migrations.Migration):
    """The cross-table rules: see _cross_table_rules.py, frozen with this migration."""

    dependencies = [("claims", "0001_initial")]

    operations = [migrations.RunPython(create_rules, drop_rules)]
