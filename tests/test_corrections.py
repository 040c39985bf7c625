"""Corrections readers can see: an approved change that alters a published figure, stance or
quote is a correction (a dated public note wherever the claim is shown, and on /corrections/)
or a clarification (a quieter note on the claim's page only)."""

import datetime

import feedparser
import pytest
from django.contrib.auth.models import Group, User

from claims import changes
from claims.models import Claim, Correction, PendingChange
from claims.roles import EDITORS, ensure_roles
from tests.factories import make_claim, make_event, make_figure, make_question, make_source

pytestmark = pytest.mark.django_db

TWELFTH_OF_DECEMBER = datetime.datetime(2026, 12, 12, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def editors(db):
    ensure_roles()
    users = []
    for name in ("alice", "bruno"):
        user = User.objects.create_user(name, f"{name}@example.org", "unused", is_staff=True)
        user.groups.add(Group.objects.get(name=EDITORS))
        users.append(user)
    return users


@pytest.fixture
def event(db):
    return make_event(title="Event 42", slug="event-42")


@pytest.fixture
def counted(event):
    """Source 17 counted 431 people killed."""
    question = make_question(event=event, slug="killed", text="How many were killed?")
    source = make_source(name="Source 17", slug="source-17")
    claim = make_claim(question=question, source=source, slug="count", summary="Counted the dead")
    make_figure(claim, low=431)
    return claim


def approved(claim, editors, kind, note, figures=None, **values):
    """Propose a change to `claim` as the first editor, approve it as the second, dated 12 Dec."""
    alice, bruno = editors
    claim = Claim.objects.get(pk=claim.pk)
    stored = list(claim.figures.in_order())
    for figure, low in zip(stored, figures or [], strict=False):
        figure.low = low
    for name, value in values.items():
        setattr(claim, name, value)
    change = changes.propose(claim, stored, alice, "Misread")
    change = changes.approve(change, bruno, kind, note)
    Correction.objects.update(made_at=TWELFTH_OF_DECEMBER)
    return change


def feed_text(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return " ".join(
        f"{entry.title} {entry.get('summary', '')}"
        for entry in feedparser.parse(response.content).entries
    )


CORRECTED = "Corrected 12 Dec 2026: 413, not 431, as the report said"


def test_a_correction_is_noted_on_the_claim_page_comparison_feeds_and_embed(
    client, counted, editors
):
    approved(counted, editors, "correction", "as the report said", figures=[413])
    assert CORRECTED in client.get(counted.get_absolute_url()).content.decode()
    assert CORRECTED in client.get("/events/event-42/").content.decode()
    assert CORRECTED in client.get("/events/event-42/embed/").content.decode()
    assert CORRECTED in client.get("/events/event-42/embed/killed/").content.decode()
    assert CORRECTED in feed_text(client, "/feed.atom")
    assert CORRECTED in feed_text(client, "/events/event-42/feed.atom")
    assert CORRECTED in feed_text(client, "/sources/source-17/feed.atom")
    assert CORRECTED in client.get("/corrections/").content.decode()
    assert CORRECTED in feed_text(client, "/corrections/feed.atom")


def test_before_approval_no_correction_is_shown(client, counted, editors):
    claim = Claim.objects.get(pk=counted.pk)
    figure = claim.figures.get()
    figure.low = 413
    changes.propose(claim, [figure], editors[0], "Misread")
    assert "413" not in client.get("/corrections/").content.decode()
    assert "Corrected" not in client.get(counted.get_absolute_url()).content.decode()


def test_a_changed_stance_and_quote_are_said_new_then_old(client, event, editors):
    question = make_question(
        event=event, slug="bridge", text="Was the bridge closed?", kind="statement"
    )
    claim = make_claim(question=question, summary="Said it was open", quote="It is open.")
    approved(
        claim,
        editors,
        "correction",
        "we misread the statement",
        stance="denies",
        quote="It is shut.",
    )
    page = client.get(claim.get_absolute_url()).content.decode()
    expected = "Corrected 12 Dec 2026: denies, not affirms; “It is shut.”, not “It is open.”"
    assert expected.replace("“", "&ldquo;") in page or expected in page


def test_a_clarification_is_a_quiet_note_on_the_claim_page_only(client, counted, editors):
    approved(counted, editors, "clarification", "the count is of civilians", figures=[431.5])
    page = client.get(counted.get_absolute_url()).content.decode()
    assert "Clarified 12 Dec 2026: the count is of civilians" in page
    assert "clarification-note" in page
    assert "the count is of civilians" not in client.get("/corrections/").content.decode()
    assert "the count is of civilians" not in feed_text(client, "/corrections/feed.atom")
    assert "the count is of civilians" not in feed_text(client, "/feed.atom")
    assert "the count is of civilians" not in client.get("/events/event-42/").content.decode()


def test_a_change_readers_never_saw_makes_no_note(client, counted, editors):
    change = approved(counted, editors, "", "", summary="Counted those killed")
    assert change.state == PendingChange.State.APPROVED
    assert not Correction.objects.exists()
    assert "Counted those killed" in client.get(counted.get_absolute_url()).content.decode()


def test_markup_in_a_note_is_shown_as_text(client, counted, editors):
    approved(counted, editors, "correction", "<script>alert(1)</script><b>bold</b>", figures=[413])
    for url in (counted.get_absolute_url(), "/events/event-42/", "/corrections/"):
        page = client.get(url).content.decode()
        assert "<script>alert(1)" not in page and "<b>bold" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    raw_feed = client.get("/corrections/feed.atom").content.decode()
    assert "<script>" not in raw_feed


def many_corrections(editors, number):
    alice, bruno = editors
    question = make_question(event=make_event(), text="How many?")
    for index in range(number):
        claim = make_claim(question=question, summary=f"Claim {index}")
        change = PendingChange.objects.create(
            claim=claim,
            author=alice,
            claim_version=claim.version,
            values={},
            figures=[],
            state=PendingChange.State.APPROVED,
            decided_by=bruno,
        )
        Correction.objects.create(
            claim=claim,
            change=change,
            kind=Correction.Kind.CORRECTION,
            made_at=TWELFTH_OF_DECEMBER + datetime.timedelta(minutes=index),
            what_changed=f"{index + 1}, not {index}",
            note=f"note {index}",
        )


def test_corrections_are_listed_newest_first_in_pages(client, editors):
    many_corrections(editors, 30)
    first = client.get("/corrections/").content.decode()
    assert first.index("note 29") < first.index("note 28")
    assert "note 4" not in first.replace("note 4,", "")
    second = client.get("/corrections/?page=2").content.decode()
    assert "note 4" in second and "note 29" not in second


@pytest.mark.parametrize("number", [3, 30])
def test_the_corrections_page_reads_the_same_queries_however_many(
    client, editors, number, django_assert_max_num_queries
):
    many_corrections(editors, number)
    with django_assert_max_num_queries(4):
        assert client.get("/corrections/").status_code == 200
    with django_assert_max_num_queries(3):
        assert client.get("/corrections/feed.atom").status_code == 200


def test_every_page_links_to_the_corrections(client, db):
    assert 'href="/corrections/"' in client.get("/").content.decode()


def test_in_arabic_the_note_is_translated_and_what_changed_kept_as_the_newsrooms_text(
    client, counted, editors, settings
):
    approved(counted, editors, "correction", "as the report said", figures=[413])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    page = client.get(counted.get_absolute_url()).content.decode()
    assert "صُحّح في" in page
    assert ">413, not 431</bdi>" in page
    assert ">as the report said</bdi>" in page


def test_a_corrected_percentage_keeps_its_sign(client, event, editors):
    question = make_question(event=event, slug="held", text="How much is held?", unit="%")
    claim = make_claim(question=question, summary="Holds most of it")
    make_figure(claim, unit="%", low=98)
    approved(claim, editors, "correction", "as the statement said", figures=[89])
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "Corrected 12 Dec 2026: 89%, not 98%, as the statement said" in page


def test_the_api_gives_a_claims_corrections_and_its_state(client, counted, editors):
    approved(counted, editors, Correction.Kind.CORRECTION, "as the report said", figures=[413])
    answer = client.get(f"/api/claims/{counted.pk}/").json()
    assert answer["state"] == "published"
    (correction,) = answer["corrections"]
    assert correction["kind"] == "correction" and correction["what_changed"] == "413, not 431"
    assert correction["text"] == "Corrected 12 Dec 2026: 413, not 431, as the report said"
    listed = client.get("/api/claims/").json()["results"]
    assert [c["what_changed"] for c in listed[0]["corrections"]] == ["413, not 431"]


def test_staff_see_a_drafts_state_in_the_api(client, event, editors):
    draft = make_claim(question=make_question(event=event), state=Claim.State.DRAFT)
    assert client.get(f"/api/claims/{draft.pk}/").status_code == 404
    client.force_login(editors[0])
    assert client.get(f"/api/claims/{draft.pk}/").json()["state"] == "draft"


def test_the_claim_pages_json_ld_carries_its_correction(client, counted, editors):
    import json
    import re

    approved(counted, editors, Correction.Kind.CORRECTION, "as the report said", figures=[413])
    page = client.get(counted.get_absolute_url()).content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    (claim,) = json.loads(block.group(1))["@graph"]
    (correction,) = claim["correction"]
    assert correction["@type"] == "CorrectionComment"
    assert correction["text"] == "Corrected 12 Dec 2026: 413, not 431, as the report said"
