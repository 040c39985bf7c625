"""The newsroom's roles, as auth groups with exactly their permissions.

- Viewers read everything, in the admin too, and change nothing.
- Editors add and change claims, figures, questions (and their measures) and articles, and
  retract claims; they add events and sources (a new event at the desk brings its own), but
  change them only through an Admin; they delete nothing.
- Admins do everything, sources, events and users included; even they cannot delete a claim
  through the admin (ClaimAdmin.has_delete_permission), only retract it.

Reading the public pages needs no role unless READ_REQUIRES_LOGIN is set.
"""

VIEWERS, EDITORS, ADMINS = "Viewers", "Editors", "Admins"
CLAIM_MODELS = ["source", "event", "question", "measure", "article", "claim", "figure"]
EDITED_BY_EDITORS = ["question", "measure", "article", "claim", "figure"]
ADDED_BY_EDITORS = ["event", "source"]


def is_staff(user):
    """Whether `user` sees what is not yet published (the page cache keys pages the same way)."""
    return user is not None and user.is_active and user.is_staff


def role_permissions():
    """{group name: [(app_label, codename), ...]}"""
    view_all = [("claims", f"view_{model}") for model in CLAIM_MODELS]
    editing = [
        ("claims", f"{action}_{model}")
        for model in EDITED_BY_EDITORS
        for action in ("add", "change")
    ] + [("claims", f"add_{model}") for model in ADDED_BY_EDITORS]
    everything = [
        (app, f"{action}_{model}")
        for app, models in (("claims", CLAIM_MODELS), ("auth", ["user", "group"]))
        for model in models
        for action in ("view", "add", "change", "delete")
    ]
    return {VIEWERS: view_all, EDITORS: view_all + editing, ADMINS: everything}


def ensure_roles():
    """Make each group hold exactly its permissions (migration 0004 made them first)."""
    from django.contrib.auth.models import Group, Permission

    for name, permissions in role_permissions().items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(
            [
                Permission.objects.get(content_type__app_label=app, codename=codename)
                for app, codename in permissions
            ]
        )
