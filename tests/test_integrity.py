"""No edit silently lost: retraction kept visible, lost updates refused, history restorable."""

import csv
import io
import json
from datetime import date

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from claims.models import Claim
from tests.test_roles import claim_post_data

pytestmark = pytest.mark.django_db

SAFE_PASSAGE = "/events/aleppo-december-2016/"


def retract_moscow():
    claim = Claim.objects.get(slug="moscow-denies-safe-passage-deal")
    claim.retracted_on = date(2016, 12, 14)
    claim.retraction_reason = "The denial was misattributed."
    claim.save()
    return claim


def row_of(page, slug):
    """One question's part of the comparison, in either layout: to the next question."""
    start = page.index(f'id="question-{slug}"')
    following = page.find('id="question-', start + 1)
    return page[start : following if following != -1 else len(page)]


def test_retracted_claim_drops_out_of_the_comparison(client, seeded):
    retract_moscow()
    response = client.get(SAFE_PASSAGE)
    row = row_of(response.content.decode(), "safe-passage")
    assert "Denied any such deal." not in row
    assert "Contested" not in row  # only the rebels' affirmations remain
    assert response.context["comparison"].summary.contested == 0


def test_retracted_claim_is_shown_marked_on_request_and_not_counted(client, seeded):
    retract_moscow()
    response = client.get(SAFE_PASSAGE, {"retracted": "on"})
    row = row_of(response.content.decode(), "safe-passage")
    assert "Denied any such deal." in row
    assert "Retracted 14 Dec 2016; not counted" in row
    assert "Contested" not in row


def test_retracted_claim_page_is_clearly_marked(client, seeded):
    claim = retract_moscow()
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "Retracted on 14 December 2016." in page
    assert "The denial was misattributed." in page
    assert "left out of comparisons" in page


def test_claim_browser_leaves_retracted_out_unless_asked(client, seeded):
    retract_moscow()
    assert client.get("/claims/").context["page"].paginator.count == 24
    assert client.get("/claims/", {"retracted": "include"}).context["page"].paginator.count == 25
    only = client.get("/claims/", {"retracted": "only"}).context["page"]
    assert [claim.slug for claim in only] == ["moscow-denies-safe-passage-deal"]


def test_exports_include_retracted_claims_only_when_asked(client, seeded):
    retract_moscow()

    def slugs(response):
        text = b"".join(response.streaming_content).decode()[1:]
        return {row["claim"] for row in csv.DictReader(io.StringIO(text))}

    assert "moscow-denies-safe-passage-deal" not in slugs(client.get(SAFE_PASSAGE + "export.csv"))
    with_retracted = client.get(SAFE_PASSAGE + "export.csv", {"retracted": "on"})
    assert "moscow-denies-safe-passage-deal" in slugs(with_retracted)
    document = json.loads(
        b"".join(client.get(SAFE_PASSAGE + "export.json", {"retracted": "on"}).streaming_content)
    )
    (moscow,) = [c for c in document["events"][0]["claims"] if c["slug"].startswith("moscow")]
    assert moscow["retracted_on"] == "2016-12-14"
    html_response = client.get(SAFE_PASSAGE + "export.html", {"retracted": "on"})
    html = b"".join(html_response.streaming_content).decode()
    assert "The denial was misattributed." in html


def test_retraction_needs_date_and_reason(client, seeded, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("boss", "b@example.org", "x"))
    claim = Claim.objects.get(slug="moscow-denies-safe-passage-deal")
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    response = client.post(url, claim_post_data(retracted_on="2016-12-14"))
    assert "Say why the claim is retracted." in response.content.decode()
    assert not Claim.objects.get(pk=claim.pk).is_retracted


def editor(client_class, name):
    user = User.objects.create_superuser(name, f"{name}@example.org", "x")
    client = client_class()
    client.force_login(user)
    return client


def test_second_editor_to_save_gets_a_conflict_not_a_silent_overwrite(client, seeded):
    first, second = editor(type(client), "editor-one"), editor(type(client), "editor-two")
    claim = Claim.objects.get(slug="moscow-denies-safe-passage-deal")
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    # Both open the form: each holds the version they saw.
    opened_by_first = claim_post_data(summary="Moscow denied any deal.")
    opened_by_second = claim_post_data(summary="Russia denied the deal.")
    assert first.post(url, opened_by_first).status_code == 302
    response = second.post(url, opened_by_second)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Not saved: editor-one saved this claim" in page
    assert "“Denied any such deal.” → “Moscow denied any deal.”" in page
    assert Claim.objects.get(pk=claim.pk).summary == "Moscow denied any deal."


def test_change_reason_appears_in_the_claim_history(client, seeded):
    boss = editor(type(client), "boss")
    claim = Claim.objects.get(slug="moscow-denies-safe-passage-deal")
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    boss.post(url, claim_post_data(summary="Moscow denied it.", change_reason="Agency corrected"))
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "Agency corrected" in page
    assert "<del>Denied any such deal.</del> → <ins>Moscow denied it.</ins>" in page
    assert "an editor" in page and "boss" not in page  # the public is not told staff names
    assert "boss" in boss.get(claim.get_absolute_url()).content.decode()


def test_every_admin_form_keeps_a_change_reason(client, seeded):
    boss = editor(type(client), "boss")
    from claims.models import Source

    source = Source.objects.get(slug="reuters")
    boss.post(
        reverse("admin:claims_source_change", args=[source.pk]),
        {
            "name": "Reuters",
            "slug": "reuters",
            "kind": "media",
            "change_reason": "Typo fixed",
            "loaded_version": source.version,
        },
    )
    latest = source.history.order_by("-history_date").first()
    assert (latest.history_change_reason, latest.history_user.username) == ("Typo fixed", "boss")
