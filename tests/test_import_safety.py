"""Malformed but parseable files: every problem named with its path or line, nothing written,
nothing silently coerced, never a server error."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from claims.interchange import InvalidDocument, import_data
from claims.models import Claim, Event, Source

pytestmark = pytest.mark.django_db


def document(**claim_changes):
    """A small valid document; `claim_changes` replace keys of its one claim."""
    claim = {
        "slug": "claim-1",
        "question": "how-many",
        "source": "source-17",
        "summary": "Counted 40",
        "figures": [{"qualifier": "exact", "low": 40, "unit": "people"}],
    }
    claim.update(claim_changes)
    return {
        "format": "claimtracker",
        "version": 1,
        "sources": [{"slug": "source-17", "name": "Source 17"}],
        "events": [
            {
                "slug": "event-42",
                "title": "Event 42",
                "questions": [
                    {"slug": "how-many", "text": "How many?", "kind": "figure", "unit": "people"}
                ],
                "claims": [claim],
            }
        ],
    }


def errors_of(data, name="upload.json"):
    if not isinstance(data, bytes):
        data = json.dumps(data).encode()
    with pytest.raises(InvalidDocument) as raised:
        import_data(data, name)
    assert not Claim.objects.exists() and not Event.objects.exists()
    return dict(raised.value.errors)


def test_the_valid_document_imports(db):
    import_data(json.dumps(document()).encode(), "upload.json")
    assert Claim.objects.get().figures.get().low == 40


def test_deep_nesting_is_refused_not_a_crash(db):
    data = b'{"format": "claimtracker", "version": 1, "sources": ' + b"[" * 100_000
    data += b"]" * 100_000 + b"}"
    (message,) = errors_of(data).values()
    assert "nested" in message


def test_a_list_where_a_slug_belongs_is_named(db):
    errors = errors_of(document(source=["source-17"]))
    assert errors["$.events[0].claims[0].source"] == "expected text (a slug), got a list"


def test_a_number_as_a_date_is_named(db):
    errors = errors_of(document(stated_on=20161213))
    assert errors["$.events[0].claims[0].stated_on"].startswith("expected a date")


def test_an_integer_of_5000_digits_is_named(db):
    text = json.dumps(document()).replace('"low": 40', '"low": ' + "9" * 5000)
    (where, message), *_ = errors_of(text.encode()).items()
    assert "digits" in message


def test_a_nul_character_in_text_is_named(db):
    errors = errors_of(document(summary="Counted\x0040"))
    assert "NUL" in errors["$.events[0].claims[0].summary"]


def test_a_nul_character_in_a_csv_is_named(db):
    data = b"event,question,source,summary\r\nevent-42,how-many,source-17,Counted\x0040\r\n"
    errors = errors_of(data, "upload.csv")
    assert any("NUL" in message for message in errors.values())


def test_a_csv_cell_over_the_limit_is_named(db):
    data = ("event,question,source,summary\r\nevent-42,q,s," + "x" * 140_000 + "\r\n").encode()
    errors = errors_of(data, "upload.csv")
    assert any(where.startswith("line 2") for where in errors)


@pytest.mark.parametrize(
    "value, expected",
    [
        ({"text": "hello"}, "expected text, got an object"),
        (True, "expected text, got true"),
        (17, "expected text, got a number"),
    ],
)
def test_wrong_types_in_text_are_refused_not_coerced(db, value, expected):
    errors = errors_of(document(summary=value))
    assert errors["$.events[0].claims[0].summary"] == expected


def test_true_is_not_the_figure_one(db):
    figure = {"qualifier": "exact", "low": True, "unit": "people"}
    errors = errors_of(document(figures=[figure]))
    assert errors["$.events[0].claims[0].figures[0].low"] == "expected a number, got true"


def test_duplicate_json_keys_are_named(db):
    twice = '"summary": "A", "summary": "B"'
    text = json.dumps(document()).replace('"summary": "Counted 40"', twice)
    errors = errors_of(text.encode())
    assert errors["$.events[0].claims[0].summary"] == "given twice"


def test_duplicate_csv_columns_are_named(db):
    data = b"event,question,source,summary,summary\r\nevent-42,how-many,source-17,A,B\r\n"
    errors = errors_of(data, "upload.csv")
    assert errors["line 1"] == "column 'summary' given twice"


def test_the_same_claim_twice_in_one_file_is_named(db):
    doc = document()
    doc["events"][0]["claims"].append(dict(doc["events"][0]["claims"][0], summary="Other"))
    errors = errors_of(doc)
    assert "$.events[0].claims[1]" in errors
    assert "claims[0]" in errors["$.events[0].claims[1]"]


def test_version_true_is_not_version_1(db):
    doc = document()
    doc["version"] = True
    assert "$.version" in errors_of(doc)


def test_upload_with_a_long_file_name_confirms(admin_client, db):
    name = "a-very-long-file-name-" + "x" * 80 + ".json"
    upload = SimpleUploadedFile(name, json.dumps(document()).encode())
    url = reverse("admin:claims_claim_import")
    preview = admin_client.post(url, {"file": upload})
    assert preview.status_code == 200
    response = admin_client.post(url, {"confirm": "1", **preview.context["confirm_fields"]})
    assert response.status_code == 302
    assert Claim.objects.count() == 1
    reason = Claim.history.get().history_change_reason
    assert len(reason) <= 100 and reason.startswith("Imported from a-very-long")


def test_confirm_imports_the_file_previewed_not_the_latest(admin_client, db):
    url = reverse("admin:claims_claim_import")
    first = document()
    second = document(slug="claim-2", summary="Counted 50")
    second["sources"][0]["name"] = "Source 17 (renamed)"
    preview_a = admin_client.post(
        url, {"file": SimpleUploadedFile("a.json", json.dumps(first).encode())}
    )
    admin_client.post(url, {"file": SimpleUploadedFile("b.json", json.dumps(second).encode())})
    admin_client.post(url, {"confirm": "1", **preview_a.context["confirm_fields"]})
    assert list(Claim.objects.values_list("slug", flat=True)) == ["claim-1"]
    assert Source.objects.get().name == "Source 17"


def test_uploads_are_not_kept_in_the_session(admin_client, db):
    url = reverse("admin:claims_claim_import")
    big = document(quote="x" * 200_000)
    admin_client.post(url, {"file": SimpleUploadedFile("big.json", json.dumps(big).encode())})
    session = admin_client.session
    assert len(json.dumps(dict(session.items()))) < 2000


def test_an_upload_over_the_size_limit_is_refused(admin_client, db, settings):
    settings.IMPORT_MAX_BYTES = 1000
    url = reverse("admin:claims_claim_import")
    big = document(quote="x" * 2000)
    response = admin_client.post(
        url, {"file": SimpleUploadedFile("big.json", json.dumps(big).encode())}
    )
    assert response.status_code == 200
    assert "larger than" in response.content.decode()
    assert not Claim.objects.exists()


SURROGATE_QUOTE = json.dumps(document(quote="Counted \ud800 40")).encode()


def test_half_a_surrogate_pair_is_named_by_its_path(db):
    errors = errors_of(SURROGATE_QUOTE)
    assert errors == {
        "$.events[0].claims[0].quote": (
            "contains half of a surrogate pair (\\ud800), which is not a character"
        )
    }


def test_half_a_surrogate_pair_in_a_key_is_named_too(db):
    text = json.dumps(document()).replace('"summary"', '"sum\\udfffmary"', 1)
    (where,) = errors_of(text.encode())
    assert where == "$.events[0].claims[0].sum\ufffdmary"


def test_half_a_surrogate_pair_is_shown_on_the_admin_import_page(admin_client, db):
    upload = SimpleUploadedFile("surrogate.json", SURROGATE_QUOTE)
    response = admin_client.post(reverse("admin:claims_claim_import"), {"file": upload})
    assert response.status_code == 200
    assert "half of a surrogate pair" in response.content.decode()
    assert not Claim.objects.exists()


def test_half_a_surrogate_pair_is_an_error_from_the_command(db, tmp_path):
    path = tmp_path / "surrogate.json"
    path.write_bytes(SURROGATE_QUOTE)
    with pytest.raises(CommandError, match="half of a surrogate pair"):
        call_command("import_claims", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert not Claim.objects.exists()
