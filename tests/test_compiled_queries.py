"""Queries compiled once (claims.compiled): each call's values, each audience's rows, the SQL
written once per database, and a clear error for a value that is not a parameter."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models.sql.compiler import SQLCompiler

from claims.compiled import CompiledQuery, StandInNotFound
from claims.models import (
    CLAIM_AND_ITS_QUESTION,
    EVENT_BY_SLUG,
    Claim,
    Event,
    claim_and_its_question,
    claim_rows_and_figure_rows,
    claims_by_id,
    events_by_id,
)
from tests.factories import make_article, make_claim, make_event, make_figure, make_question

pytestmark = pytest.mark.django_db

PUBLIC = AnonymousUser()


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user("desk", password="pw", is_staff=True)


@pytest.fixture
def counted_compiles(monkeypatch):
    """How many times Django writes a query's SQL."""
    calls = []
    written = SQLCompiler.as_sql

    def as_sql(compiler, *args, **kwargs):
        calls.append(compiler.query.model)
        return written(compiler, *args, **kwargs)

    monkeypatch.setattr(SQLCompiler, "as_sql", as_sql)
    return calls


def test_each_call_finds_the_record_its_own_values_name(db):
    for slug in ("aleppo", "mosul", "homs"):
        make_claim(question=make_question(event=make_event(slug=slug)))

    for slug in ("homs", "aleppo", "mosul"):
        (event,) = EVENT_BY_SLUG(PUBLIC, slug=slug)
        assert event.slug == slug
    assert EVENT_BY_SLUG(PUBLIC, slug="raqqa") == []


def test_the_sql_is_written_once_and_then_only_given_new_values(counted_compiles):
    for slug in ("aleppo", "mosul"):
        make_claim(question=make_question(event=make_event(slug=slug)))
    compiled = CompiledQuery(lambda user, slug: Event.objects.visible_to(user).filter(slug=slug))

    compiled(PUBLIC, slug="aleppo")
    written_first = counted_compiles.count(Event)
    (mosul,) = compiled(PUBLIC, slug="mosul")

    assert written_first == 1
    assert counted_compiles.count(Event) == 1
    assert mosul.slug == "mosul"


def test_the_public_and_staff_each_get_their_own_query(staff):
    question = make_question()
    published = make_claim(question=question)
    draft = make_claim(question=question, state=Claim.State.DRAFT)

    def seen_by(user):
        joined = CLAIM_AND_ITS_QUESTION(user, claim=published.pk)
        rows, _ = claim_rows_and_figure_rows(joined)
        return [row.pk for row in rows]

    seen_by_public, seen_by_staff, seen_by_public_again = (
        seen_by(PUBLIC),
        seen_by(staff),
        seen_by(PUBLIC),
    )

    assert seen_by_public == [published.pk]
    assert set(seen_by_staff) == {published.pk, draft.pk}
    assert seen_by_public_again == [published.pk]


def test_a_claim_comes_with_its_links_and_its_questions_claims_with_their_figures(
    django_assert_num_queries,
):
    question = make_question()
    figure = make_figure(claim=make_claim(question=question), low=413)
    other = make_claim(question=question)
    claim_and_its_question(PUBLIC, other.pk)  # written once before counting

    # The claim with its links and its question's claims with their figures; the sources' names.
    with django_assert_num_queries(2):
        claim, rows = claim_and_its_question(PUBLIC, other.pk)
        by_id = {row.pk: row for row in rows}
        figures = by_id[figure.claim_id].figure_list
        names = [row.source.name for row in rows]
        title = claim.question.event.title

    assert [found.low for found in figures] == [413]
    assert [found.as_text() for found in figures] == ["413 people"]
    assert names == [figure.claim.source.name, other.source.name]
    assert title == question.event.title
    assert claim_and_its_question(PUBLIC, make_claim(state=Claim.State.DRAFT).pk) == (None, [])


def test_a_claim_comes_with_its_own_article_and_not_another_claims_on_its_question(db):
    question = make_question()
    own = make_article(title="The siege ends", text="Buses left the east of the city.")
    other = make_article(title="A ceasefire", text="Talks went on through the night.")
    claim = make_claim(question=question, article=own)
    make_claim(question=question, article=other)
    without = make_claim(question=question)

    found, rows = claim_and_its_question(PUBLIC, claim.pk)
    (found_without, _rows) = claim_and_its_question(PUBLIC, without.pk)

    assert (found.article.title, found.article.text) == (own.title, own.text)
    assert found.article.pk == own.pk and len(rows) == 3
    assert found_without.article is None
    assert found.question.text == question.text
    assert found.question.event.title == question.event.title


def test_each_claim_on_the_question_comes_once_with_its_figures_in_their_order(db):
    question = make_question()
    two = make_claim(question=question)
    second = make_figure(claim=two, low=20, position=2)
    first = make_figure(claim=two, low=10, position=1)
    none = make_claim(question=question)
    one = make_claim(question=question)
    make_figure(claim=one, low=30)

    claim, rows = claim_and_its_question(PUBLIC, none.pk)

    assert [row.pk for row in rows] == [two.pk, none.pk, one.pk]
    by_id = {row.pk: row for row in rows}
    assert [figure.pk for figure in by_id[two.pk].figure_list] == [first.pk, second.pk]
    assert by_id[none.pk].figure_list == claim.figure_list == []
    assert [figure.low for figure in by_id[one.pk].figure_list] == [30]
    assert not claim.had_figures and not claim.has_corrections


def test_a_value_the_sql_does_not_take_as_it_is_is_refused_by_name(db):
    make_claim(question=make_question(event=make_event(slug="aleppo")))
    contains = CompiledQuery(lambda user, slug: Event.objects.filter(slug__contains=slug))

    with pytest.raises(StandInNotFound, match="slug"):
        contains(PUBLIC, slug="alep")


def test_a_list_of_ids_finds_each_calls_own_rows_of_any_length(counted_compiles):
    events = [make_event(slug=slug) for slug in ("aleppo", "mosul", "homs", "raqqa")]
    among = CompiledQuery(lambda user, ids: Event.objects.filter(pk__among=ids))
    first, second, *others = (event.pk for event in events)

    assert {event.slug for event in among(PUBLIC, ids=[first])} == {"aleppo"}
    assert {event.slug for event in among(PUBLIC, ids=[second, *others])} == {
        "mosul",
        "homs",
        "raqqa",
    }
    assert among(PUBLIC, ids=[-1]) == []
    # PostgreSQL takes the list as one array: its SQL is written once. SQLite writes a
    # placeholder per id, so there, once that is found, the query is built for each call.
    if connection.vendor == "postgresql":
        assert counted_compiles.count(Event) == 1
    else:
        assert counted_compiles.count(Event) == 1 + 3


def test_a_pages_claims_read_by_id_come_in_the_order_asked_with_their_figures(staff):
    question = make_question(kind="figure")
    older, newer = make_claim(question=question), make_claim(question=question)
    make_figure(older, low=2, position=2)
    make_figure(older, low=1, position=1)
    draft = make_claim(question=question, state=Claim.State.DRAFT)

    claims = claims_by_id(PUBLIC, [newer.pk, draft.pk, older.pk])

    assert [claim.pk for claim in claims] == [newer.pk, older.pk]  # no draft for the public
    assert [figure.low for figure in claims[1].figure_list] == [1, 2]
    assert claims[0].figure_list == []
    assert claims[1].source == older.source and claims[1].question.event == question.event
    assert [claim.pk for claim in claims_by_id(staff, [draft.pk, older.pk])] == [
        draft.pk,
        older.pk,
    ]
    assert claims_by_id(PUBLIC, []) == []


def test_the_facets_events_are_named_by_id(db):
    aleppo, mosul = make_event(slug="aleppo", title="Aleppo"), make_event(slug="mosul")

    named = events_by_id([mosul.pk, aleppo.pk])

    assert named[aleppo.pk].title == "Aleppo" and named[mosul.pk].slug == "mosul"
    assert events_by_id([]) == {}


def test_only_ids_and_text_can_be_values(db):
    by_date = CompiledQuery(lambda user, day: Event.objects.filter(starts_on=day))

    with pytest.raises(TypeError, match="date"):
        by_date(PUBLIC, day=datetime.date(2016, 12, 13))
