"""Imports: JSON and CSV, all or nothing, every error named with its line or path."""

import csv
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from claims.interchange import CSV_HEADERS as CSV_COLUMNS
from claims.interchange import InvalidDocument, import_data
from claims.models import Article, Claim, Figure, Question
from publishing.exports import export_claims
from tests.factories import make_question, make_source

pytestmark = pytest.mark.django_db


def csv_bytes(*rows, columns=CSV_COLUMNS):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns)
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return buffer.getvalue().encode("utf-8")


def row(**cells):
    base = {"event": "event-42", "source": "Source 17"}
    return {**base, **cells}


def figure_row(**cells):
    defaults = {"question": "How many were evacuated?", "summary": "Evacuated", "unit": "people"}
    return row(**{**defaults, **cells})


def test_csv_rows_become_claims_with_figures_and_articles(event_42):
    data = csv_bytes(
        figure_row(
            claim="count", qualifier="at least", low="1000", **{"article title": "Article 5"}
        ),
        figure_row(claim="count", qualifier="between", low="2000", high="3000", period="by Friday"),
        row(question="bridge", stance="Denies", summary="Bridge open", source="source-18"),
    )
    report = import_data(data, "entry.csv")
    assert report.created["claims"] == 2 and report.created["figures"] == 2
    claim = Claim.objects.get(slug="count")
    assert [str(figure) for figure in claim.figures.order_by("position")] == [
        "at least 1,000 people",
        "2,000–3,000 people",
    ]
    assert claim.article.title == "Article 5"
    assert Claim.objects.get(summary="Bridge open").stance == "denies"


def test_importing_the_same_csv_twice_creates_no_duplicates(event_42):
    data = csv_bytes(
        figure_row(qualifier="exact", low="7", **{"article title": "Article 5"}),
        row(question="bridge", stance="affirms", summary="Closed at noon"),
    )
    import_data(data, "entry.csv")
    report = import_data(data, "entry.csv")
    assert not report.changed_anything
    assert (Claim.objects.count(), Figure.objects.count(), Article.objects.count()) == (2, 1, 1)


def test_exported_seed_csv_imports_back_unchanged(client, seeded):
    data = b"".join(client.get("/events/aleppo-december-2016/export.csv").streaming_content)
    report = import_data(data, "aleppo.csv")
    assert not report.changed_anything
    assert report.unchanged["claims"] == 25


def test_csv_with_errors_on_several_lines_reports_them_all_and_writes_nothing(event_42):
    data = csv_bytes(
        figure_row(low="5"),  # line 2 is fine
        figure_row(claim="b", source="Source 99", low="5"),
        figure_row(claim="c", qualifier="between", low="500", high="400"),
        figure_row(claim="d", stance="affirms", low="5"),
        row(claim="e", question="bridge", stance="maybe", summary="x"),
        row(
            claim="f", question="bridge", stance="denies", summary="x", **{"stated on": "31/02/24"}
        ),
        figure_row(claim="g", low="lots"),
        row(claim="h", question="Is it raining?", stance="affirms", summary="x"),
        row(claim="i", question="bridge", stance="affirms", summary=""),
    )
    with pytest.raises(InvalidDocument) as raised:
        import_data(data, "entry.csv")
    messages = {where: message for where, message in raised.value.errors}
    assert messages["line 3, source"] == "unknown source 'Source 99'"
    assert messages["line 4, high"] == "The high value (400) is below the low value (500)."
    assert "takes no stance" in messages["line 5, stance"]
    assert messages["line 6, stance"].startswith("unknown stance 'maybe'")
    assert "date" in messages["line 7, stated on"]
    assert "decimal number" in messages["line 8, low"]
    assert messages["line 9, question"] == "unknown question 'Is it raining?'"
    assert "blank" in messages["line 10, summary"]
    assert "line 2" not in " ".join(messages)
    assert not Claim.objects.exists() and not Article.objects.exists()


def test_csv_missing_a_column_is_refused(event_42):
    columns = ["event", "question", "source"]
    data = csv_bytes({"event": "event-42", "question": "bridge", "source": "x"}, columns=columns)
    with pytest.raises(InvalidDocument, match="line 1: missing column 'summary': rows without"):
        import_data(data, "entry.csv")


def test_file_in_another_encoding_is_refused(event_42):
    data = csv_bytes(row(question="bridge", stance="affirms", summary="Café")).decode()
    with pytest.raises(InvalidDocument, match="entry.csv:2: not UTF-8 text"):
        import_data(data.encode("latin-1"), "entry.csv")


def test_json_with_wrong_version_is_refused(db):
    data = json.dumps({"format": "claimtracker", "version": 5}).encode()
    with pytest.raises(InvalidDocument, match=r"\$\.version: expected 1, 2, 3 or 4, got 5"):
        import_data(data, "old.json")


def test_import_command_shows_progress_and_result(event_42, tmp_path, capsys):
    rows = [figure_row(claim=f"claim-{n}", low=str(n)) for n in range(1, 251)]
    path = tmp_path / "many.csv"
    path.write_bytes(csv_bytes(*rows))
    call_command("import_claims", str(path))
    captured = capsys.readouterr()
    assert "[##############################] 250/250 claims" in captured.err
    assert "created: 250 claims, 250 figures" in captured.out
    assert Claim.objects.count() == 250


def test_import_command_lists_errors_and_writes_nothing(event_42, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes(figure_row(source="Nobody", low="1"), figure_row(low="x")))
    with pytest.raises(CommandError) as raised:
        call_command("import_claims", str(path), "--quiet-progress")
    message = str(raised.value)
    assert "nothing was written. 2 problems" in message
    assert "line 2, source: unknown source 'Nobody'" in message
    assert "line 3, low:" in message
    assert not Claim.objects.exists()


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("admin", "a@example.org", "pw"))
    return client


def test_admin_import_previews_then_imports_on_confirm(admin_client, event_42):
    url = reverse("admin:claims_claim_import")
    upload = SimpleUploadedFile("entry.csv", csv_bytes(figure_row(low="12")))
    preview = admin_client.post(url, {"file": upload})
    page = preview.content.decode()
    assert "Create 1 claim" in page and "Create 1 figure" in page
    assert not Claim.objects.exists()
    assert admin_client.post(url, {"confirm": "1"}).status_code == 302  # names no file
    assert not Claim.objects.exists()
    response = admin_client.post(url, {"confirm": "1", **preview.context["confirm_fields"]})
    assert response.status_code == 302
    assert Claim.objects.get().figures.get().low == 12
    assert Question.objects.count() == 2


def test_admin_import_with_errors_shows_them_and_writes_nothing(admin_client, event_42):
    upload = SimpleUploadedFile("entry.csv", csv_bytes(figure_row(source="Nobody", low="1")))
    response = admin_client.post(reverse("admin:claims_claim_import"), {"file": upload})
    page = response.content.decode()
    assert "cannot be imported; nothing was written" in page
    assert "line 2, source" in page and "unknown source" in page
    assert "Confirm import" not in page
    assert not Claim.objects.exists()


def test_admin_import_needs_permission(client, django_user_model, db):
    user = django_user_model.objects.create_user("viewer", password="pw", is_staff=True)
    client.force_login(user)
    assert client.get(reverse("admin:claims_claim_import")).status_code == 403


def test_csv_slug_columns_name_records_whose_names_are_shared(event_42):
    twin = make_question(event=event_42, slug="evacuated-again", text="How many were evacuated?")
    make_source(name="Source 17", slug="source-17-other")
    by_name = csv_bytes(figure_row(claim="a", low="5"))
    with pytest.raises(InvalidDocument) as raised:
        import_data(by_name, "entry.csv")
    assert dict(raised.value.errors) == {
        "line 2, question": "more than one question is called 'How many were evacuated?'",
        "line 2, source": "more than one source is called 'Source 17'",
    }
    by_slug = csv_bytes(
        figure_row(
            claim="a", low="5", **{"question slug": "evacuated-again", "source slug": "source-17"}
        ),
        figure_row(
            claim="b", low="6", **{"question slug": "evacuated", "source slug": "source-17-other"}
        ),
    )
    import_data(by_slug, "entry.csv")
    assert Claim.objects.get(slug="a").question == twin
    assert Claim.objects.get(slug="b").source.slug == "source-17-other"


def import_errors(data):
    with pytest.raises(InvalidDocument) as raised:
        import_data(data, "edited.csv")
    return dict(raised.value.errors)


@pytest.fixture
def exported(event_42):
    """A claim with a figure and an article, as the claim browser's CSV export writes it."""
    import_data(
        csv_bytes(figure_row(claim="count", low="40", **{"article title": "Article 5"})), "a.csv"
    )
    before = list(Claim.history.values_list("history_id", flat=True))
    text = "".join(export_claims(Claim.objects.all(), "csv").chunks)
    return list(csv.DictReader(io.StringIO(text))), before


@pytest.mark.parametrize(
    "column, retyped, message",
    [
        ("source", "Source 18", "'Source 18' is not the name of source source-17 ('Source 17')"),
        (
            "question",
            "Was the bridge closed?",
            "'Was the bridge closed?' is not the text of question evacuated",
        ),
        ("article title", "Article 6", "'Article 6' is not the title of article article-5"),
        ("unit", "families", "'families' is not the unit of measure"),
    ],
)
def test_a_name_retyped_beside_its_slug_is_refused_naming_line_and_column(
    exported, column, retyped, message
):
    (row,), history = exported
    data = csv_bytes({**row, column: retyped}, columns=list(row))
    errors = import_errors(data)
    assert list(errors) == [f"line 2, {column}"]
    assert errors[f"line 2, {column}"].startswith(message)
    assert list(Claim.history.values_list("history_id", flat=True)) == history, "nothing written"


def test_a_name_beside_its_slug_may_differ_in_case_and_spacing_or_be_the_slug(exported):
    (row,), _ = exported
    edited = {**row, "source": "  source   17 ", "question": "evacuated", "unit": "PEOPLE"}
    report = import_data(csv_bytes(edited, columns=list(row)), "edited.csv")
    assert not report.changed_anything


def test_a_retyped_source_is_refused_in_the_admin_import_too(admin_client, exported):
    (row,), _ = exported
    data = csv_bytes({**row, "source": "Source 18"}, columns=list(row))
    upload = SimpleUploadedFile("edited.csv", data)
    page = admin_client.post("/admin/claims/claim/import/", {"file": upload}).content.decode()
    assert "line 2, source" in page and "is not the name of source source-17" in page
    assert Claim.objects.get().source.slug == "source-17"
