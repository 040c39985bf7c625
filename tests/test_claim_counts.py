"""The published claims' counts the claim browser reads for a source or an event: kept right by
every write, and showing the public only published claims."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, Q
from django.test.utils import CaptureQueriesContext

from claims.counts import recount_everything
from claims.models import BOOKKEEPING_TIMES, Claim, ClaimCount, ClaimRow, Question
from claims.versions import StaleRecord
from tests.factories import (
    make_claim,
    make_event,
    make_question,
    make_source,
    published_by_a_colleague,
)

pytestmark = pytest.mark.django_db


def kept():
    return sorted(
        ClaimCount.objects.filter(claims__gt=0).values_list(
            "source_id", "event_id", "kind", "stance", "retracted", "claims"
        )
    )


def counted_afresh():
    return sorted(
        Claim.objects.published()
        .values_list("source_id", "question__event_id", "question__kind", "stance")
        .annotate(retracted=Q(retracted_on__isnull=False), claims=Count("pk"))
        .values_list(
            "source_id", "question__event_id", "question__kind", "stance", "retracted", "claims"
        )
    )


def test_counts_follow_entry_review_retraction_moves_and_deletion(db):
    editor = get_user_model().objects.create(username="editor-5", is_staff=True)
    statement = make_question(kind=Question.Kind.STATEMENT)
    source, other_source = make_source(), make_source()
    draft = make_claim(question=statement, source=source, state=Claim.State.DRAFT, author=editor)
    assert kept() == [] == counted_afresh()  # a draft is not counted

    published_by_a_colleague([draft])
    assert kept() == counted_afresh() and kept()[0][-1] == 1

    make_claim(question=statement, source=source, stance=Claim.Stance.DENIES)
    claim = Claim.objects.get(pk=draft.pk)
    claim.retracted_on, claim.retraction_reason = "2024-03-01", "Misquoted."
    claim.save()
    assert kept() == counted_afresh()

    claim = Claim.objects.get(pk=draft.pk)
    claim.source, claim.stance = other_source, Claim.Stance.NO_COMMENT
    claim.save()
    assert kept() == counted_afresh()
    assert {row[0] for row in kept()} == {source.pk, other_source.pk}

    question = Question.objects.get(pk=statement.pk)
    question.event = make_event()
    question.save()
    assert kept() == counted_afresh()

    claim.state = Claim.State.RETURNED
    claim.save()
    Claim.objects.get(stance=Claim.Stance.DENIES).delete()
    assert kept() == counted_afresh() == []


def test_counts_follow_an_import_and_a_rebuild_agrees(seeded):
    assert kept() == counted_afresh() != []
    recount_everything()
    assert kept() == counted_afresh()


def test_a_review_moving_many_claims_keeps_the_counts(db):
    question = make_question()
    drafts = [make_claim(question=question, state=Claim.State.DRAFT) for _ in range(4)]
    published_by_a_colleague(drafts)
    assert kept() == counted_afresh() and sum(row[-1] for row in kept()) == 4


def browser(client, **params):
    response = client.get("/claims/", params)
    assert response.status_code == 200
    return response


def facet_counts(response):
    return {
        (facet.title, value.label): value.count
        for facet in response.context["facets"].facets
        for value in facet.values
    }


def test_a_sources_counts_are_those_of_its_claims_and_skip_drafts(client, seeded):
    source = Claim.objects.published().values_list("source__slug", flat=True).first()
    public = browser(client, source=source)
    assert public.context["facets"].sampled is False
    # The same filter counted from the claims: staff read them, with no drafts among them yet.
    staff = get_user_model().objects.create(username="staff-9", is_staff=True)
    client.force_login(staff)
    from_claims = browser(client, source=source)
    assert facet_counts(public) == facet_counts(from_claims)
    assert public.context["page"].paginator.count == from_claims.context["page"].paginator.count

    claim = Claim.objects.filter(source__slug=source).first()
    make_claim(question=claim.question, source=claim.source, state=Claim.State.DRAFT)
    client.logout()
    again = browser(client, source=source, stance=claim.stance or "")
    assert (
        again.context["page"].paginator.count
        == Claim.objects.published()
        .filter(source__slug=source, stance=claim.stance, retracted_on__isnull=True)
        .count()
    )


@pytest.mark.parametrize(
    "params",
    [
        {"event": "aleppo-december-2016"},
        {"event": "aleppo-december-2016", "stance": "denies"},
        {"event": "aleppo-december-2016", "source_kind": "government", "retracted": "include"},
        {"source": "russian-government", "retracted": "only"},
        {"source": "russian-government", "kind": "statement"},
    ],
)
def test_counted_results_match_the_claims_shown(client, seeded, params):
    response = browser(client, **params)
    shown = response.context["page"].paginator.count
    expected = Claim.objects.published()
    retracted = params.get("retracted")
    if retracted != "include":
        expected = expected.filter(retracted_on__isnull=retracted != "only")
    lookups = {
        "event": "question__event__slug",
        "source": "source__slug",
        "stance": "stance",
        "source_kind": "source__kind",
        "kind": "question__kind",
    }
    for name, value in params.items():
        if name in lookups:
            expected = expected.filter(**{lookups[name]: value})
    assert shown == expected.count() == len(list(response.context["page"])) or shown > 25


def many_claims(number):
    source = make_source(slug="source-77")
    question = make_question()
    for _ in range(number):
        make_claim(question=question, source=source)
    return source


NEXT = re.compile(r'href="([^"]*)" rel="next"')
OFFSET = re.compile(r"\bOFFSET\s+(\d+)", re.IGNORECASE)


def test_following_next_reads_every_page_alike_and_never_skips_rows(
    client, db, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr("claims.pagination.PER_PAGE", 2)
    many_claims(11)
    path = "/claims/?source=source-77"
    seen, queries = [], []
    while path:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        seen += [claim.pk for claim in response.context["page"]]
        queries.append(len(captured))
        assert not [q["sql"] for q in captured if OFFSET.search(q["sql"])], path
        found = NEXT.search(response.content.decode())
        path = "/claims/" + found.group(1).replace("&amp;", "&") if found else None
    assert seen == sorted(Claim.objects.values_list("pk", flat=True), reverse=True)
    assert len(queries) == 6 and len(set(queries)) == 1  # page 6 costs what page 1 costs
    assert response.context["page"].number == 6


def test_previous_goes_back_to_the_same_claims(client, db, monkeypatch):
    monkeypatch.setattr("claims.pagination.PER_PAGE", 2)
    many_claims(7)
    first = client.get("/claims/", {"source": "source-77"})
    second = client.get(
        "/claims/" + NEXT.search(first.content.decode()).group(1).replace("&amp;", "&")
    )
    back = re.search(r'href="([^"]*)" rel="prev"', second.content.decode()).group(1)
    again = client.get("/claims/" + back.replace("&amp;", "&"))
    assert [c.pk for c in again.context["page"]] == [c.pk for c in first.context["page"]]
    assert again.context["page"].number == 1


def test_a_page_by_its_number_skips_ids_only_and_costs_what_page_one_costs(client, db, monkeypatch):
    monkeypatch.setattr("claims.pagination.PER_PAGE", 2)
    many_claims(11)
    counts = []
    for page in ("1", "5", "last"):
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/claims/", {"source": "source-77", "page": page})
        counts.append(len(captured))
        for query in captured:
            if OFFSET.search(query["sql"]):
                # Only the query choosing the page's ids skips, and it joins nothing: the
                # page's claims are then read by their ids.
                assert "JOIN" not in query["sql"]
    assert len(set(counts)) == 1
    ids = sorted(Claim.objects.values_list("pk", flat=True), reverse=True)
    assert [c.pk for c in response.context["page"]] == ids[10:]


@pytest.mark.parametrize("claims", [3, 60])
def test_the_browser_by_source_reads_no_more_for_more_claims(
    client, db, claims, django_assert_max_num_queries
):
    many_claims(claims)
    # stamp; savepoint, release, (PostgreSQL) timeout; the source chosen; the counts, summed
    # twice; the page's ids, its claims and their figures; the source menu; the facets' events
    with django_assert_max_num_queries(12):
        response = client.get("/claims/", {"source": "source-77", "page": "2"})
    assert response.context["page"].paginator.count == claims


def test_deleting_many_claims_at_once_keeps_the_counts(db):
    question = make_question()
    for _ in range(3):
        make_claim(question=question)
    kept_one = make_claim(question=question)
    Claim.objects.exclude(pk=kept_one.pk).delete()
    assert kept() == counted_afresh() and sum(row[-1] for row in kept()) == 1


def test_the_recount_command_repairs_counts_written_around_the_app(db):
    make_claim(question=make_question())
    ClaimCount.objects.update(claims=7)
    call_command("recount_claims", stdout=io.StringIO())
    assert kept() == counted_afresh() and kept()[0][-1] == 1


def test_a_claim_made_from_a_pages_rows_saves_as_one_read_by_the_orm(db):
    """Pages build claims from columns they have already read (`Claim.from_columns`): such a
    claim is the stored one, its version checked and its counts moved when it is saved."""
    question = make_question(kind=Question.Kind.STATEMENT)
    claim = make_claim(question=question, stance="denies")
    assert claim.is_published
    elsewhere = make_question(kind=Question.Kind.STATEMENT)  # in another event
    columns = ClaimRow.read_columns()
    (values,) = Claim.objects.filter(pk=claim.pk).values_list(*columns)

    made = Claim.from_columns("default", columns, values)
    read = Claim.objects.defer(*BOOKKEEPING_TIMES).get(pk=claim.pk)
    assert made.get_deferred_fields() == read.get_deferred_fields() == set(BOOKKEEPING_TIMES)
    assert [getattr(made, name) for name in columns] == [getattr(read, name) for name in columns]
    assert not made._state.adding

    made.question, made.source = elsewhere, make_source()
    made.save()
    assert Claim.objects.get(pk=claim.pk).version == values[columns.index("version")] + 1
    assert kept() == counted_afresh()
    stale = Claim.from_columns("default", columns, values)
    with pytest.raises(StaleRecord):
        stale.save()


def test_a_sources_events_facet_offers_those_with_most_claims_as_the_claims_count_them(client, db):
    """The kept counts are summed by the database: a source in more events than the facet
    lists is offered its busiest ones, with the counts staff get from the claims."""
    source = make_source(slug="busy-monitor")
    for claims in range(1, 11):  # ten events, of one to ten claims each
        question = make_question(event=make_event(title=f"Event {claims}"))
        for _ in range(claims):
            make_claim(question=question, source=source)

    public = browser(client, source="busy-monitor")
    (events,) = [facet for facet in public.context["facets"].facets if facet.title == "Events"]
    assert [(value.label, value.count) for value in events.values] == [
        (f"Event {claims}", claims) for claims in range(10, 2, -1)
    ]
    assert public.context["page"].paginator.count == 55
    client.force_login(get_user_model().objects.create(username="staff-10", is_staff=True))
    assert facet_counts(public) == facet_counts(browser(client, source="busy-monitor"))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's covering indexes")
@pytest.mark.parametrize("chosen", ["source", "event"])
def test_a_browsers_kept_counts_are_summed_from_an_index_alone(client, transactional_db, chosen):
    # Not inside a test's transaction: VACUUM marks the counts' pages as all visible, as
    # autovacuum does, which an index-only scan needs.
    claim = make_claim(question=make_question(), source=make_source(slug="indexed-agency"))
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE claims_claimcount")
    slug = {"source": "indexed-agency", "event": claim.question.event.slug}[chosen]
    with CaptureQueriesContext(connection) as captured:
        assert browser(client, **{chosen: slug}).context["page"].paginator.count == 1
    summed = [query["sql"] for query in captured if "claims_claimcount" in query["sql"]]
    assert len(summed) == 2
    with connection.cursor() as cursor:
        # So few rows would be read whole; the plan for thousands is the one wanted.
        cursor.execute("SET enable_seqscan = off")
        plans = []
        for sql in summed:
            cursor.execute(f"EXPLAIN {sql}")
            plans.append("\n".join(line for (line,) in cursor.fetchall()))
        cursor.execute("RESET enable_seqscan")
    for plan in plans:
        # Which of the two (by source, by event) is the planner's choice for so few rows.
        assert "Index Only Scan using claim_count_of_" in plan, plan
