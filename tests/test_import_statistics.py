"""A large import brings the planner's statistics up to date itself, once its rows are
committed: the database plans every page's queries by them, and a search chooses how to find a
word's matches by how many claims they say there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.interchange import import_data, loading
from claims.search import estimated_rows
from tests.test_imports import csv_bytes, row

pytestmark = pytest.mark.django_db


def statement_rows(count):
    return csv_bytes(
        *(
            row(question="bridge", stance="Denies", summary=f"Bridge open, says report {number}")
            for number in range(count)
        )
    )


def analyzed_tables(queries):
    return [
        query["sql"].split()[-1].strip('"')
        for query in queries
        if query["sql"].upper().startswith("ANALYZE")
    ]


def imported(data, name, capture_on_commit, dry_run=False):
    """The tables analyzed while importing `data` and committing it."""
    with CaptureQueriesContext(connection) as queries, capture_on_commit(execute=True):
        import_data(data, name, dry_run=dry_run)
    return analyzed_tables(queries)


def test_a_large_import_analyzes_the_tables_it_wrote_and_their_history(
    event_42, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(loading, "ANALYZED_FROM_ROWS", 20)
    analyzed = imported(statement_rows(25), "wire.csv", django_capture_on_commit_callbacks)
    assert "claims_claim" in analyzed
    assert "claims_historicalclaim" in analyzed
    assert "claims_figure" not in analyzed  # statements: no figure written


def test_a_small_import_or_a_preview_leaves_the_statistics_to_autovacuum(
    event_42, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(loading, "ANALYZED_FROM_ROWS", 20)
    small = imported(statement_rows(5), "few.csv", django_capture_on_commit_callbacks)
    preview = imported(
        statement_rows(25), "wire.csv", django_capture_on_commit_callbacks, dry_run=True
    )
    assert small == [] and preview == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's row estimate")
def test_after_a_large_import_search_knows_how_many_claims_there_are(
    event_42, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(loading, "ANALYZED_FROM_ROWS", 20)
    imported(statement_rows(25), "wire.csv", django_capture_on_commit_callbacks)
    assert estimated_rows("default", "claims_claim") == 25
