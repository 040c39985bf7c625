from django.db import migrations

from claims.roles import create_roles


class Migration(migrations.Migration):
    """Viewers, Editors and Admins: see claims/roles.py."""

    dependencies = [
        ("claims", "0003_retraction_version_web_urls"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
