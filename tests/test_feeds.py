"""Atom feeds: new claims, revisions, retractions and verdicts that change, valid Atom."""

from xml.etree import ElementTree

import feedparser
import pytest

from claims import activity
from claims.models import Activity, Claim, Question
from tests.factories import make_claim, make_event, make_figure, make_question, make_source


def parsed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    return feed


@pytest.fixture
def toll(db):
    event = make_event(title="Event 42", slug="event-42")
    return make_question(event=event, slug="toll", text="How many were killed?")


def test_a_new_claim_is_an_entry_with_an_id_a_time_and_a_link(client, toll):
    claim = make_figure(make_claim(question=toll, summary="At least 12 killed"), low=12).claim
    feed = parsed(client, "/feed.atom")
    (entry,) = feed.entries
    assert entry.title == f"{claim.source}: At least 12 killed"
    assert entry.link == f"http://testserver{claim.get_absolute_url()}"
    assert entry.id == f"tag:claimtracker,2016:activity/{Activity.objects.get().pk}"
    assert entry.updated_parsed is not None


def test_a_source_saying_again_is_a_revision_and_a_retraction_is_an_entry(
    client, toll, django_capture_on_commit_callbacks
):
    source = make_source(name="Ministry 7")
    make_figure(make_claim(question=toll, source=source, summary="500 killed"), low=500)
    later = make_claim(question=toll, source=source, summary="471 killed")
    later = Claim.objects.get(pk=later.pk)
    later.retracted_on = "2016-12-14"
    later.retraction_reason = "Counted twice."
    later.save()
    activity.claims_written(retracted=[later])  # as the admin, a restore and imports record it
    titles = [entry.title for entry in parsed(client, "/feed.atom").entries]
    assert titles == [
        "Retracted: Ministry 7: 471 killed",
        "Ministry 7 revised: 471 killed",
        "Ministry 7: 500 killed",
    ]


def test_a_question_that_comes_into_conflict_is_an_entry(
    client, toll, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        make_figure(make_claim(question=toll, summary="12 killed"), low=12)
    with django_capture_on_commit_callbacks(execute=True):
        make_figure(make_claim(question=toll, summary="40 killed"), low=40)
    titles = [entry.title for entry in parsed(client, "/feed.atom").entries]
    assert titles[0] == "“How many were killed?” is now in conflict (was single source)"
    assert not any("now single source" in title for title in titles), "not news"


def test_verdicts_refreshed_after_a_write_take_the_same_queries_for_any_number_of_claims(
    toll, django_assert_num_queries
):
    statement = make_question(event=toll.event, kind=Question.Kind.STATEMENT)
    make_figure(make_claim(question=toll), low=12)
    make_claim(
        question=statement, stance="denies", retracted_on="2016-12-14", retraction_reason="No."
    )
    # The claims, figures, measures, sources, questions, verdicts recorded; the verdicts changed.
    with django_assert_num_queries(7):
        activity.refresh_verdicts({toll.pk, statement.pk})
    for low in (40, 80, 120):
        make_figure(make_claim(question=toll), low=low)
    make_claim(question=statement, stance="affirms")
    make_claim(question=statement, stance="denies")
    with django_assert_num_queries(7):
        activity.refresh_verdicts({toll.pk, statement.pk})
    verdicts = Activity.objects.filter(kind=Activity.Kind.VERDICT).order_by("id")
    assert [(a.question_id, a.verdict_after) for a in verdicts] == [
        (toll.pk, "single_source"),
        (toll.pk, "conflict"),
        (statement.pk, "contested"),
    ]


def test_each_event_and_source_has_its_own_feed(client, toll):
    other = make_question(event=make_event(slug="elsewhere"), text="Elsewhere?")
    source = make_source(slug="source-9", name="Source 9")
    make_claim(question=toll, source=source, summary="Here")
    make_claim(question=other, summary="There")
    assert [e.title for e in parsed(client, "/events/event-42/feed.atom").entries] == [
        "Source 9: Here"
    ]
    assert [e.title for e in parsed(client, "/sources/source-9/feed.atom").entries] == [
        "Source 9: Here"
    ]
    assert client.get("/events/no-such-event/feed.atom").status_code == 404


def test_html_in_a_quote_is_text_in_the_feed(client, toll):
    make_claim(question=toll, summary="<b>Bold</b>", quote='<script>alert("x")</script>')
    (entry,) = parsed(client, "/feed.atom").entries
    assert entry.title == "Source 1: <b>Bold</b>" or "<b>Bold</b>" in entry.title
    assert "<script>" not in entry.summary and "&lt;script&gt;" in entry.summary


def test_a_failed_import_leaves_no_entry(client, toll):
    from claims.interchange import InvalidDocument, import_data

    with pytest.raises(InvalidDocument):
        import_data(b"not json", "broken.json")
    assert not Activity.objects.exists()


def test_the_pages_name_their_feeds(client, seeded):
    home = client.get("/").content.decode()
    assert 'type="application/atom+xml" href="/feed.atom"' in home
    event = client.get("/events/aleppo-december-2016/").content.decode()
    assert 'href="/events/aleppo-december-2016/feed.atom"' in event
    assert len(parsed(client, "/events/aleppo-december-2016/feed.atom").entries) == 25
    assert Question.objects.exists()


PASTED = "Ten\x0bkilled\x01 \x1f\x7f\x85\x9f near\ufffe the\uffff bridge"


@pytest.mark.parametrize(
    "url", ["/feed.atom", "/events/{event}/feed.atom", "/sources/{source}/feed.atom"]
)
def test_control_characters_in_stored_text_leave_every_feed_well_formed(client, toll, url):
    source = make_source(name="Source\x0b 17", slug="source-17")
    toll.event.title = "Event\x0c 42"
    toll.event.save()
    claim = make_claim(question=toll, source=source, summary=PASTED, quote=PASTED)
    make_figure(claim, low=10)
    response = client.get(url.format(event=toll.event.slug, source=source.slug))
    assert response.status_code == 200
    ElementTree.fromstring(response.content)  # strict XML 1.0: raises on anything it cannot hold
    feed = parsed(client, url.format(event=toll.event.slug, source=source.slug))
    (entry,) = feed.entries
    # A control that stands for a space (a vertical tab) keeps words apart; others are dropped.
    assert " ".join(entry.title.split()) == "Source 17: Ten killed near the bridge"
    assert "Ten killed near the bridge" in " ".join(entry.summary.split())
