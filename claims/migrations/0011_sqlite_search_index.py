from django.db import migrations

from ._search_0011 import create_index, drop_index


class Migration(migrations.Migration):
    """SQLite's full-text index for the claim search: see _search_0011.py."""

    dependencies = [("claims", "0010_article_text_and_claim_ranges")]

    operations = [migrations.RunPython(create_index, drop_index)]
