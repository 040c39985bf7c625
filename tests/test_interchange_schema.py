"""The interchange schema is the one description of the format: every field placed, docs current."""

import pytest

from claims.interchange.docs import DOCUMENT, with_tables
from claims.interchange.schema import CSV_COLUMNS, CSV_HEADERS, RECORDS


@pytest.mark.parametrize("record", RECORDS, ids=lambda record: record.name)
def test_every_model_field_is_in_the_format_or_left_out_on_purpose(record):
    """A field added to a model fails here until it is placed in the schema or left out."""
    placed = {field.name for field in record.fields if field.written}
    left_out = {name for name, _ in record.left_out}
    model_fields = {field.name for field in record.model._meta.concrete_fields}
    assert model_fields - placed - left_out == set(), "fields neither in the format nor left out"
    assert (placed | left_out) - model_fields == set(), "the schema names fields models lack"
    assert not placed & left_out


def test_every_left_out_field_says_why():
    for record in RECORDS:
        for name, why in record.left_out:
            assert why.strip(), f"{record.name}.{name}"


def test_the_format_document_tables_are_written_from_the_schema():
    text = DOCUMENT.read_text(encoding="utf-8")
    assert with_tables(text) == text, "run `python manage.py write_format_docs`"
    for column in CSV_COLUMNS:
        assert f"| `{column.header}` |" in text


def test_csv_columns_keep_their_order_and_gain_retraction_and_slugs_at_the_end():
    earlier = [
        "claim",
        "event",
        "question",
        "source",
        "source kind",
        "speaker",
        "speaker role",
        "via",
        "stance",
        "summary",
        "quote",
        "qualifier",
        "low",
        "high",
        "unit",
        "counted",
        "place",
        "period",
        "period start",
        "period end",
        "stated on",
        "stated when",
        "article title",
        "outlet",
        "url",
    ]
    later = ["retracted on", "retraction reason", "question slug", "source slug", "article slug"]
    later += ["measure slug", "text start", "text end"]
    later += ["quote language", "quote translation", "translated by"]
    assert [*earlier, *later] == CSV_HEADERS
