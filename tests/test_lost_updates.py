"""No lost update on any record: a save made on a stale copy is refused, naming who changed what;
a save that does not say which version it was made from is refused too."""

import json

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from claims.models import Article, Claim, Event, Figure, Question, Source
from tests.factories import make_article, make_claim, make_event, make_figure, make_question
from tests.rendered_forms import opened_change_form

pytestmark = pytest.mark.django_db


def editor(name):
    client = Client()
    client.force_login(User.objects.create_superuser(name, f"{name}@example.org", "x"))
    return client


@pytest.fixture
def records(db):
    event = make_event(title="Event 42", slug="event-42")
    question = make_question(event=event, slug="count", text="How many?")
    claim = make_claim(question=question, slug="claim-1", summary="Counted 40")
    make_figure(claim, low=40)
    return {
        "source": claim.source,
        "article": make_article(title="Article 5", slug="article-5"),
        "event": make_event(title="Event 43", slug="event-43"),
        "question": question,
        "figure": claim.figures.get(),
        "claim": claim,
    }


def opened_form(client, record, instance):
    """The change form's fields as the browser would post them back, unchanged."""
    return opened_change_form(client, reverse(f"admin:claims_{record}_change", args=[instance.pk]))


EDITS = {
    "source": ("name", "Source 17 (first edit)", "Source 17 (second edit)"),
    "article": ("title", "Article 5 (first edit)", "Article 5 (second edit)"),
    "event": ("title", "Event 43 (first edit)", "Event 43 (second edit)"),
    "question": ("text", "How many, first?", "How many, second?"),
    "figure": ("low", "41", "42"),
    "claim": ("summary", "Counted 40 (first edit)", "Counted 40 (second edit)"),
}
MODELS = {"source": Source, "article": Article, "event": Event, "question": Question}
MODELS.update(figure=Figure, claim=Claim)


@pytest.mark.parametrize("record", list(EDITS))
def test_second_editor_to_save_is_refused_and_told_what_changed(records, record):
    first, second = editor("editor-one"), editor("editor-two")
    instance = records[record]
    url = reverse(f"admin:claims_{record}_change", args=[instance.pk])
    field, first_value, second_value = EDITS[record]
    opened_by_first = opened_form(first, record, instance)
    opened_by_second = opened_form(second, record, instance)
    assert first.post(url, {**opened_by_first, field: first_value}).status_code == 302
    response = second.post(url, {**opened_by_second, field: second_value})
    page = response.content.decode()
    assert response.status_code == 200
    assert f"Not saved: editor-one saved this {MODELS[record]._meta.verbose_name}" in page
    assert first_value in page
    stored = MODELS[record].objects.get(pk=instance.pk)
    assert str(getattr(stored, field)).rstrip("0").rstrip(".") == first_value


@pytest.mark.parametrize("record", list(EDITS))
def test_a_save_without_its_version_is_refused(records, record):
    client = editor("editor-one")
    instance = records[record]
    data = opened_form(client, record, instance)
    field, value, _ = EDITS[record]
    del data["loaded_version"]
    response = client.post(
        reverse(f"admin:claims_{record}_change", args=[instance.pk]), {**data, field: value}
    )
    assert response.status_code == 200
    assert "does not say which version" in response.content.decode()
    assert MODELS[record].objects.get(pk=instance.pk).version == instance.version


def test_a_figure_changed_elsewhere_is_not_overwritten_from_the_claim_form(records):
    first, second = editor("editor-one"), editor("editor-two")
    claim, figure = records["claim"], records["figure"]
    claim_url = reverse("admin:claims_claim_change", args=[claim.pk])
    opened = opened_form(second, "claim", claim)
    figure_data = opened_form(first, "figure", figure)
    figure_url = reverse("admin:claims_figure_change", args=[figure.pk])
    assert first.post(figure_url, {**figure_data, "low": "41"}).status_code == 302
    response = second.post(claim_url, {**opened, "figures-0-low": "99"})
    assert "Not saved: editor-one saved this figure" in response.content.decode()
    assert Figure.objects.get(pk=figure.pk).low == 41


def test_a_claim_form_still_showing_an_old_figure_is_refused(records):
    """The form would write the figure it shows back: that would undo the other edit."""
    first, second = editor("editor-one"), editor("editor-two")
    claim, figure = records["claim"], records["figure"]
    opened = opened_form(second, "claim", claim)
    figure_data = opened_form(first, "figure", figure)
    first.post(
        reverse("admin:claims_figure_change", args=[figure.pk]), {**figure_data, "low": "41"}
    )
    response = second.post(
        reverse("admin:claims_claim_change", args=[claim.pk]), {**opened, "summary": "Recounted"}
    )
    assert "Not saved: editor-one saved this figure" in response.content.decode()
    assert Figure.objects.get(pk=figure.pk).low == 41
    assert Claim.objects.get(pk=claim.pk).summary == "Counted 40"


def test_an_import_confirmed_after_someone_changed_a_record_is_refused(records):
    importer, other = editor("importer"), editor("editor-two")
    claim = records["claim"]
    doc = {
        "format": "claimtracker",
        "version": 1,
        "events": [
            {
                "slug": "event-42",
                "claims": [{"slug": "claim-1", "question": "count", "summary": "From the file"}],
            }
        ],
    }
    url = reverse("admin:claims_claim_import")
    upload = SimpleUploadedFile("edit.json", json.dumps(doc).encode())
    preview = importer.post(url, {"file": upload})
    assert "<del>Counted 40</del> → <ins>From the file</ins>" in preview.content.decode()
    opened = opened_form(other, "claim", claim)
    other.post(
        reverse("admin:claims_claim_change", args=[claim.pk]),
        {**opened, "summary": "Changed meanwhile"},
    )
    response = importer.post(url, {"confirm": "1", **preview.context["confirm_fields"]})
    page = response.content.decode()
    assert "cannot be imported; nothing was written" in page
    assert "Not saved: editor-two saved this claim" in page
    assert Claim.objects.get(pk=claim.pk).summary == "Changed meanwhile"
