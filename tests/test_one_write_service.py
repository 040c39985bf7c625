"""One write service: the same claims entered at the desk, imported in the admin, posted to the
API and loaded on the command line make the same records, the same history and the same activity
for the feeds, because every entry point hands them to the same loader."""

import json

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from rest_framework.authtoken.models import Token

from claims.interchange import stream_document
from claims.models import Activity, Article, Claim, Event, Figure, Measure, Question, Source
from desk.models import SavedEntry
from tests.test_desk import TYPED, paste, rows_as_posted, user_in

pytestmark = pytest.mark.django_db

WRITTEN = (Event, Question, Measure, Source, Claim, Figure)


def named(record):
    """A history record by its slug; a figure's by its claim's and its place."""
    if hasattr(record, "slug"):
        return record.slug
    return f"{Claim.objects.get(pk=record.claim_id).slug} {record.position}"


def snapshot():
    """What a reader, an editor reading history and a feed would see, named by slugs."""
    return {
        "events": sorted(Event.objects.values_list("slug", "title")),
        "questions": sorted(
            Question.objects.values_list("event__slug", "slug", "text", "kind", "position")
        ),
        "measures": sorted(
            Measure.objects.values_list("question__slug", "slug", "unit", "counted", "position")
        ),
        "sources": sorted(Source.objects.values_list("slug", "name")),
        "claims": sorted(
            Claim.objects.values_list(
                "question__slug",
                "slug",
                "source__slug",
                "summary",
                "stance",
                "quote",
                "quote_language",
                "article__slug",
                "stated_on",
                "text_start",
                "text_end",
                "state",
                "author__username",
            )
        ),  # fmt: skip
        "figures": sorted(
            Figure.objects.values_list(
                "claim__slug", "position", "measure__slug", "qualifier", "low", "high", "place"
            )
        ),
        "history": sorted(
            (model.__name__, named(record), record.history_type, record.version)
            for model in WRITTEN
            for record in model.history.all()
        ),
        "activity": sorted(
            Activity.objects.values_list(
                "kind", "question__slug", "source__slug", "claim__slug", "verdict_after"
            )
        ),
    }


def history_users():
    return {
        record.history_user.username if record.history_user else None
        for model in WRITTEN
        for record in model.history.all()
    }


def forget_all_but_the_article():
    SavedEntry.objects.all().delete()
    Activity.objects.all().delete()
    for model in reversed(WRITTEN):
        model.objects.all().delete()
        model.history.all().delete()


def test_every_entry_point_makes_the_same_records_history_and_activity(
    client, tmp_path, django_capture_on_commit_callbacks
):
    desk = user_in("Admins", "alice")
    alice = User.objects.get(username="alice")
    desk_url = paste(desk)
    data = {**rows_as_posted(desk.get(desk_url)), **TYPED, "save": "1"}
    with django_capture_on_commit_callbacks(execute=True):
        assert desk.post(desk_url, data).status_code == 302
    entered = snapshot()
    assert len(entered["claims"]) == 6 and len(entered["sources"]) == 3
    # Waiting for review, by alice, on every path (an Admin's import keeps the file's states);
    # the feeds hear of them once they are published.
    assert {claim[-2:] for claim in entered["claims"]} == {("in_review", "alice")}
    assert entered["activity"] == []
    document = "".join(stream_document(Claim.objects.all())).encode()
    assert Article.objects.count() == 1

    def admin_import():
        url = reverse("admin:claims_claim_import")
        preview = desk.post(url, {"file": SimpleUploadedFile("entered.json", document)})
        confirmed = desk.post(url, {"confirm": "1", **preview.context["confirm_fields"]})
        assert confirmed.status_code == 302

    def api_import():
        token = Token.objects.get_or_create(user=alice)[0].key
        response = client.post(
            "/api/imports/",
            json.loads(document),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Token {token}",
        )
        assert response.status_code == 200, response.content

    def command_line():
        path = tmp_path / "entered.json"
        path.write_bytes(document)
        call_command("import_claims", str(path), "--quiet-progress", "--user", "alice")

    for entry_point in (admin_import, api_import, command_line):
        forget_all_but_the_article()
        with django_capture_on_commit_callbacks(execute=True):
            entry_point()
        assert snapshot() == entered, entry_point.__name__
        assert history_users() == {"alice"}, entry_point.__name__
