"""The newsroom's roles, as auth groups with exactly their permissions.

- Viewers read everything, in the admin too, and change nothing.
- Editors add and change claims, figures, questions and articles, and retract claims; they
  delete nothing.
- Admins do everything, sources, events and users included; even they cannot delete a claim
  through the admin (ClaimAdmin.has_delete_permission), only retract it.

Reading the public pages needs no role unless READ_REQUIRES_LOGIN is set.
"""

VIEWERS, EDITORS, ADMINS = "Viewers", "Editors", "Admins"
CLAIM_MODELS = ["source", "event", "question", "article", "claim", "figure"]
EDITED_BY_EDITORS = ["question", "article", "claim", "figure"]


def role_permissions():
    """{group name: [(app_label, codename), ...]}"""
    view_all = [("claims", f"view_{model}") for model in CLAIM_MODELS]
    editing = [
        ("claims", f"{action}_{model}")
        for model in EDITED_BY_EDITORS
        for action in ("add", "change")
    ]
    everything = [
        (app, f"{action}_{model}")
        for app, models in (("claims", CLAIM_MODELS), ("auth", ["user", "group"]))
        for model in models
        for action in ("view", "add", "change", "delete")
    ]
    return {VIEWERS: view_all, EDITORS: view_all + editing, ADMINS: everything}


def create_roles(apps, schema_editor):
    """Data migration: make the groups and give each its permissions."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        # In a migration the apps are historical and say they have no models; they do.
        had_models = getattr(app_config, "models_module", None)
        app_config.models_module = had_models or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = had_models
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for name, permissions in role_permissions().items():
        group, _ = group_model.objects.get_or_create(name=name)
        group.permissions.set(
            [
                permission_model.objects.get(content_type__app_label=app, codename=codename)
                for app, codename in permissions
            ]
        )
