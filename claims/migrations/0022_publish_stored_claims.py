from django.db import migrations


def publish_what_was_public(apps, schema_editor):
    """Every claim stored before review existed was public: it stays published, and so do its
    past versions in the history."""
    for name in ["Claim", "HistoricalClaim"]:
        apps.get_model("claims", name).objects.update(state="published")


class Migration(migrations.Migration):
    """Apart from 0021: on PostgreSQL the update queues the data stamp's commit-time triggers,
    and the tables 0021 changes cannot take their new indexes in a transaction with those
    pending."""

    dependencies = [("claims", "0021_review_states")]

    operations = [migrations.RunPython(publish_what_was_public, migrations.RunPython.noop)]
