from django.db import migrations

# The roles as this migration made them; claims/roles.py describes them today.
CLAIM_MODELS = ["source", "event", "question", "article", "claim", "figure"]
EDITED_BY_EDITORS = ["question", "article", "claim", "figure"]
VIEW_ALL = [("claims", f"view_{model}") for model in CLAIM_MODELS]
ROLE_PERMISSIONS = {
    "Viewers": VIEW_ALL,
    "Editors": VIEW_ALL
    + [("claims", f"{action}_{model}") for model in EDITED_BY_EDITORS for action in ("add", "change")],
    "Admins": [
        (app, f"{action}_{model}")
        for app, models in (("claims", CLAIM_MODELS), ("auth", ["user", "group"]))
        for model in models
        for action in ("view", "add", "change", "delete")
    ],
}


def create_roles(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        # In a migration the apps are historical and say they have no models; they do.
        had_models = getattr(app_config, "models_module", None)
        app_config.models_module = had_models or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = had_models
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for name, permissions in ROLE_PERMISSIONS.items():
        group, _ = group_model.objects.get_or_create(name=name)
        group.permissions.set(
            [
                permission_model.objects.get(content_type__app_label=app, codename=codename)
                for app, codename in permissions
            ]
        )


class Migration(migrations.Migration):
    """Viewers, Editors and Admins: see claims/roles.py."""

    dependencies = [
        ("claims", "0003_retraction_version_web_urls"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
