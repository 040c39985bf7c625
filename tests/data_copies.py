"""Data that takes long to write, written once per test run and copied into each test that asks.

Importing the Aleppo seed goes through the loader, which checks and saves every row with its
history and activity: about a second each time, and a few hundred tests ask for the seed; the
benchmark-shaped data takes longer still. What a test needs is the rows those writes leave. So
the first test that asks runs the write once, in a transaction that is then rolled back, and
keeps a copy of every row it wrote (`copy_of_writes`); each test then gets those rows back with a
few multi-row INSERTs (milliseconds), which its own transaction rolls back with the rest of its
changes, or the flush after a transactional test removes.

The copy is written below the models (no save(), no signals), so it holds exactly what the write
left: history rows, activity and all. What the database makes itself is left to it, as it was at
the write: the data stamp's triggers move the stamp, and the search index (SQLite's FTS table,
PostgreSQL's generated column) is filled from the inserted claims.

A write's commit does one thing more that a rolled-back write never does: the verdicts are
worked out for the feeds (claims/activity.py). The copy keeps those rows apart and gives them
only to tests whose writes commit (transactional tests, live servers), as the write did.
"""

import io
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models.sql import InsertQuery
from django.test import TestCase

from claims.models import DataStamp

# Moved by the database's own triggers as the copy is inserted, as it was by the write.
MADE_BY_TRIGGERS = {DataStamp}


def load_seeds():
    """The seed files, through the loader, as `make run` loads them."""
    call_command("load_seeds", directory=settings.SEEDS_DIR, stdout=io.StringIO())


@dataclass(frozen=True)
class DataCopy:
    """The rows one write added, as the INSERT statements that write them again (each model's
    after those of the models it points to)."""

    tables: list  # every table the write added rows to
    written: list  # [(sql, params)]
    at_commit: list  # the same, for the rows added once the write commits
    # Each table's id sequence moved past the ids written, as loaddata does after its inserts:
    # a sequence set back (`manage.py flush`, reset_sequences) would hand them out again.
    # (PostgreSQL; SQLite moves its own.)
    sequences: list

    def restore(self):
        """Write the rows into the database of the running test.

        Returns False, having written nothing, if their tables already hold rows (a fixture
        made data before this one): the caller then runs the write itself, which decides.
        """
        if any_rows(self.tables):
            return False
        committing = not connection.in_atomic_block
        with transaction.atomic(), connection.cursor() as cursor:
            for sql, params in self.written + (self.at_commit if committing else []):
                cursor.execute(sql, params)
            for sql in self.sequences:
                cursor.execute(sql)
        return True


def copy_of_writes(write):
    """Call `write()` on the test database and keep the rows it added, leaving the database as
    it was. Raises if the write changed rows it did not add, which a copy of new rows could not
    reproduce."""
    models = dependency_order(data_models())
    with transaction.atomic():
        before = {model: rows_of(model) for model in models}
        with TestCase.captureOnCommitCallbacks() as at_commit_callbacks:
            write()
        written = new_rows(models, before)
        after_write = {model: rows_of(model) for model in models}
        # What the write's commit would do: the verdicts of the questions it touched.
        for callback in at_commit_callbacks:
            callback()
        at_commit = new_rows(models, after_write)
        transaction.set_rollback(True)
    models = [model for model, _ in written + at_commit]
    return DataCopy(
        tables=[model._meta.db_table for model in models],
        written=insert_statements(written),
        at_commit=insert_statements(at_commit),
        sequences=connection.ops.sequence_reset_sql(no_style(), models),
    )


def data_models():
    """Every model with a table of its own, but the ones the database fills by itself."""
    seen_tables, models = set(), []
    for model in apps.get_models(include_auto_created=True):
        options = model._meta
        if options.proxy or not options.managed or model in MADE_BY_TRIGGERS:
            continue
        if options.db_table not in seen_tables:
            seen_tables.add(options.db_table)
            models.append(model)
    return models


def dependency_order(models):
    """The models with each after the ones it points to, so the database's own rules (a figure
    only on a claim of a figure question, and so on) see every row they read."""
    ordered, visited = [], set()

    def visit(model):
        if model in visited:
            return
        visited.add(model)  # before its references, so a cycle ends here
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model in models:
                visit(field.related_model)
        ordered.append(model)

    for model in models:
        visit(model)
    return ordered


def rows_of(model):
    """{primary key: every stored value} for the model's rows."""
    names = [field.attname for field in model._meta.concrete_fields]
    return {row[0]: row for row in model._base_manager.values_list("pk", *names)}


def new_rows(models, before):
    """[(model, instances)] of the rows added since `before`, refusing any other change."""
    added = []
    for model in models:
        now = rows_of(model)
        changed = [pk for pk, row in before[model].items() if now.get(pk) != row]
        if changed:
            raise RuntimeError(
                f"The write changed or removed {model._meta.label} rows it did not add "
                f"({changed[:5]}); a copy of new rows cannot stand in for it."
            )
        if len(now) > len(before[model]):
            rows = model._base_manager.order_by("pk")
            added.append((model, [row for row in rows if row.pk not in before[model]]))
    return added


def any_rows(tables):
    """Whether any of the tables holds a row: one query for all of them."""
    if not tables:
        return False
    held = " OR ".join(
        f"EXISTS (SELECT 1 FROM {connection.ops.quote_name(table)})" for table in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {held}")
        return bool(cursor.fetchone()[0])


def insert_statements(rows):
    """Multi-row INSERTs of the instances as they are, made once: below save(), so no signal
    runs and no default or automatic value is replaced (`raw`, as `loaddata` saves). Turning
    values into SQL parameters is most of an insert's time, so each test only runs these."""
    statements = []
    for model, instances in rows:
        fields = [field for field in model._meta.concrete_fields if not field.generated]
        batch = max(connection.ops.bulk_batch_size(fields, instances), 1)
        for start in range(0, len(instances), batch):
            query = InsertQuery(model)
            query.insert_values(fields, instances[start : start + batch], raw=True)
            statements.extend(query.get_compiler(connection=connection).as_sql())
    return statements
