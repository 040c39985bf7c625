"""The first pages: home, event and source, on the seed and on made-up data."""

import pytest
from django.urls import reverse

from claims.models import Question
from tests.factories import make_claim, make_event, make_figure, make_question, make_source

pytestmark = pytest.mark.django_db

EVENT_URL = "/events/aleppo-december-2016/"


def build_event_with_claims(number_of_sources):
    """An event with one figure and one statement question, each answered by every source."""
    event = make_event()
    figure_question = make_question(event=event)
    statement_question = make_question(event=event, kind=Question.Kind.STATEMENT)
    parent = make_source()
    for _ in range(number_of_sources):
        source = make_source(parent=parent)
        make_figure(make_claim(question=figure_question, source=source), low=10)
        make_claim(question=statement_question, source=source)
    return event, parent


def test_home_lists_the_event_with_counts(client, seeded):
    response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "End of the battle for Aleppo" in page
    row = response.context["events"][0]
    assert (row.question_count, row.source_count, row.claim_count) == (18, 11, 25)


def test_event_page_shows_the_seed_figures(client, seeded):
    response = client.get(EVENT_URL)
    assert response.status_code == 200
    page = response.content.decode()
    for text in (
        "about 130,000 people",
        "10,000–13,000 people",
        "in the past 24 hours",
        "100,000 people",
        "2,200 people",
        "at least 413 people",
        "since 15 November",
        "139 people",
        "98%",
        "Were rebels offered safe passage out of Aleppo?",
        "told Reuters",
        "Rami Abdulrahman, director",
        "Outlet unknown",
    ):
        assert text in page, text


def test_event_page_links_each_claim_to_its_source(client, seeded):
    page = client.get(EVENT_URL).content.decode()
    assert 'href="/sources/russian-defence-ministry/"' in page
    assert 'href="/sources/syrian-observatory-for-human-rights/"' in page


def test_source_page_lists_the_sources_claims(client, seeded):
    response = client.get("/sources/syrian-observatory-for-human-rights/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "at least 413 people" in page
    assert "about 130,000 people" in page
    assert "Russian defence ministry" not in page
    assert len(response.context["claims"]) == 7


def test_source_page_shows_parent_and_children(client, seeded):
    page = client.get("/sources/russian-government/").content.decode()
    assert "Russian defence ministry" in page and "Russian foreign ministry" in page
    page = client.get("/sources/russian-defence-ministry/").content.decode()
    assert 'href="/sources/russian-government/"' in page


@pytest.mark.parametrize("url", ["/events/no-such-event/", "/sources/no-such-source/"])
def test_unknown_slug_is_not_found(client, db, url):
    assert client.get(url).status_code == 404


def test_quotes_with_html_show_as_text(client, db):
    claim = make_claim(
        question=make_question(kind=Question.Kind.STATEMENT),
        summary="<b>bold</b> claim",
        quote='<script>alert("x")</script>',
    )
    page = client.get(claim.question.event.get_absolute_url()).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "&lt;b&gt;bold&lt;/b&gt; claim" in page


@pytest.mark.parametrize("number_of_sources", [2, 30])
def test_event_page_queries_do_not_grow_with_claims(
    client, django_assert_max_num_queries, number_of_sources
):
    event, _ = build_event_with_claims(number_of_sources)
    with django_assert_max_num_queries(4):
        response = client.get(reverse("claims:event-detail", args=[event.slug]))
    assert response.content.decode().count('class="claim"') == 2 * number_of_sources


@pytest.mark.parametrize("number_of_sources", [2, 30])
def test_source_page_queries_do_not_grow_with_claims(
    client, django_assert_max_num_queries, number_of_sources
):
    _, parent = build_event_with_claims(number_of_sources)
    with django_assert_max_num_queries(4):
        response = client.get(reverse("claims:source-detail", args=[parent.slug]))
    assert response.content.decode().count("/sources/source-") >= number_of_sources


@pytest.mark.parametrize("number_of_sources", [2, 30])
def test_home_queries_do_not_grow_with_claims(
    client, django_assert_max_num_queries, number_of_sources
):
    build_event_with_claims(number_of_sources)
    with django_assert_max_num_queries(3):
        response = client.get("/")
    assert response.status_code == 200
