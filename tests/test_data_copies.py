"""The `seeded` fixture's copy holds what importing the seed writes (tests/data_copies.py), in a
test's transaction and committed."""

import pytest
from django.core.management import call_command
from django.db import models, transaction

from claims.models import Activity
from tests.data_copies import data_models, load_seeds


def contents():
    """Each claims model's rows, by the values that do not depend on when or in which order they
    were written: no ids (a history row's copy of its record's too), no references, no times."""
    kept = {}
    for model in data_models():
        if model._meta.app_label != "claims":
            continue  # users and roles: made by migrations, which a flush empties
        names = [
            field.attname
            for field in model._meta.concrete_fields
            if not (
                field.primary_key
                or field.attname == "id"
                or field.is_relation
                or isinstance(field, models.DateTimeField)
            )
        ]
        rows = sorted(map(repr, model._base_manager.values_list(*names)))
        if rows:
            kept[model._meta.label] = rows
    return kept


@pytest.mark.django_db
def test_the_copy_holds_what_importing_the_seed_writes(seed_copy):
    with transaction.atomic():
        load_seeds()
        imported = contents()
        transaction.set_rollback(True)
    assert seed_copy.restore()
    assert contents() == imported


@pytest.mark.django_db(transaction=True)
def test_a_committed_copy_holds_the_verdicts_a_committed_import_works_out(seed_copy):
    load_seeds()
    imported = contents()
    assert Activity.objects.filter(kind=Activity.Kind.VERDICT).exists()
    # As a transactional test's teardown empties the tables (and as `manage.py flush` does not,
    # leaving the id sequences where they are).
    call_command("flush", interactive=False, verbosity=0, reset_sequences=False)
    assert seed_copy.restore()
    assert contents() == imported


@pytest.mark.django_db
def test_a_copy_gives_way_to_the_loader_when_data_came_first(seed_copy):
    load_seeds()
    assert not seed_copy.restore()
