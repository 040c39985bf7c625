from django.db import migrations

ADDED = ["add_event", "add_source"]


def let_editors_add_events_and_sources(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors = Group.objects.filter(name="Editors").first()
    if editors is not None:
        editors.permissions.add(
            *Permission.objects.filter(content_type__app_label="claims", codename__in=ADDED)
        )


def take_them_back(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors = Group.objects.filter(name="Editors").first()
    if editors is not None:
        editors.permissions.remove(
            *Permission.objects.filter(content_type__app_label="claims", codename__in=ADDED)
        )


class Migration(migrations.Migration):
    """Editors add events and sources: a new event entered at the desk brings its own."""

    dependencies = [("claims", "0018_fetched_pages")]

    operations = [
        migrations.RunPython(let_editors_add_events_and_sources, take_them_back),
    ]
