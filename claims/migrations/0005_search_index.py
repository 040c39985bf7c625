from django.db import migrations

from claims.search import create_search_index, drop_search_index


class Migration(migrations.Migration):
    """PostgreSQL's full-text index for the claim search: see claims/search.py."""

    dependencies = [("claims", "0004_roles")]

    operations = [migrations.RunPython(create_search_index, drop_search_index)]
