"""Comparable by structure, not by wording: a figure question says what it measures, and its
figures name that measure; no figure drops out of a comparison for how it was worded."""

import json

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from claims.interchange import import_data
from claims.models import Claim, Figure, Measure
from tests.factories import (
    make_claim,
    make_event,
    make_figure,
    make_question,
    make_source,
    published_by_a_colleague,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def killed():
    """A question measuring civilians killed, with no figures yet."""
    event = make_event(title="Event 42", slug="event-42")
    return make_question(
        event=event, slug="killed", text="How many were killed?", counted="civilians killed"
    )


def verdict_on_page(client, question):
    page = client.get(question.event.get_absolute_url()).content.decode()
    start = page.index(f'<tr id="question-{question.slug}"')
    return page[start : page.index("</tr>", start)]


def test_figures_entered_in_the_admin_are_all_compared(client, killed):
    """Three editors enter three sources' figures; none words a measure, so none can differ."""
    boss = User.objects.create_superuser("boss", "boss@example.org", "x")
    client.force_login(boss)
    for number, low in enumerate(["40", "400", "4000"], start=1):
        source = make_source(name=f"Source {number}", slug=f"source-{number}")
        data = {
            "question": killed.pk,
            "source": source.pk,
            "summary": f"Counted {low}",
            "slug": f"count-{number}",
            "figures-TOTAL_FORMS": "1",
            "figures-INITIAL_FORMS": "0",
            "figures-0-qualifier": "exact",
            "figures-0-low": low,
        }
        assert client.post(reverse("admin:claims_claim_add"), data).status_code == 302
    assert {figure.measure for figure in Figure.objects.all()} == {killed.measures.get()}
    assert "In conflict" not in verdict_on_page(client, killed)  # not before they are published
    published_by_a_colleague()
    row = verdict_on_page(client, killed)
    assert "In conflict" in row and "different things" not in row


def test_a_version_1_file_worded_three_ways_maps_to_the_measure_or_says_so(client, killed):
    """Old files word each figure: the question's wording, no counted thing, or another one."""
    figures = [("civilians killed", 40), ("", 400), ("Civilians  Killed", 4000)]
    claims = [
        {
            "slug": f"count-{number}",
            "question": "killed",
            "source": f"source-{number}",
            "summary": f"Counted {low}",
            "figures": [{"qualifier": "exact", "low": low, "unit": "people", "counted": counted}],
        }
        for number, (counted, low) in enumerate(figures, start=1)
    ]
    claims.append(
        {
            "slug": "fighters",
            "question": "killed",
            "source": "source-1",
            "summary": "Fighters counted",
            "figures": [
                {"qualifier": "exact", "low": 7, "unit": "people", "counted": "fighters killed"}
            ],
        }
    )
    document = {
        "format": "claimtracker",
        "version": 1,
        "sources": [{"slug": f"source-{n}", "name": f"Source {n}"} for n in (1, 2, 3)],
        "events": [{"slug": "event-42", "claims": claims}],
    }
    report = import_data(json.dumps(document).encode(), "old.json")
    assert report.created["measures"] == 1  # fighters killed: another thing, made visible
    own = killed.measures.get(counted="civilians killed")
    assert Figure.objects.filter(measure=own).count() == 3
    row = verdict_on_page(client, killed)
    assert "In conflict" in row
    assert "Its figures count 2 different things, compared separately" in row
    assert "fighters killed (people)" in row


def test_a_spreadsheet_row_without_a_counted_thing_joins_the_question_measure(killed):
    make_source(name="Source 1", slug="source-1")
    make_claim(question=killed, slug="count-1", source=make_source(slug="source-2"))
    data = (
        b"event,question,claim,source,summary,qualifier,low,unit,counted\r\n"
        b"event-42,killed,count-2,source-1,Counted 9,exact,9,people,\r\n"
    )
    import_data(data, "entry.csv")
    assert Claim.objects.get(slug="count-2").figures.get().measure == killed.measures.get()


def test_a_question_without_a_measure_refuses_figures_with_a_reason(db):
    question = make_question(slug="bare")
    question.measures.all().delete()
    make_source(slug="source-1")
    document = {
        "format": "claimtracker",
        "version": 2,
        "events": [
            {
                "slug": question.event.slug,
                "claims": [
                    {
                        "slug": "c",
                        "question": "bare",
                        "source": "source-1",
                        "summary": "Counted",
                        "figures": [{"qualifier": "exact", "low": 3}],
                    }
                ],
            }
        ],
    }
    with pytest.raises(Exception, match="has no measure yet"):
        import_data(json.dumps(document).encode(), "bare.json")


def test_version_2_names_measures_and_round_trips(client, killed):
    make_figure(make_claim(question=killed, slug="count-1"), low=12, counted="civilians killed")
    other = make_figure(make_claim(question=killed, slug="count-2"), low=3, counted="fighters")
    document = json.loads(
        b"".join(client.get(f"/events/{killed.event.slug}/export.json").streaming_content)
    )
    (question,) = document["events"][0]["questions"]
    assert question["measures"] == [
        {"slug": "civilians-killed", "unit": "people", "counted": "civilians killed"},
        {"slug": "fighters", "unit": "people", "counted": "fighters"},
    ]
    by_slug = {c["slug"]: c["figures"][0]["measure"] for c in document["events"][0]["claims"]}
    assert by_slug == {"count-1": "civilians-killed", "count-2": other.measure.slug}
    assert not import_data(json.dumps(document).encode(), "same.json").changed_anything


@pytest.mark.django_db(transaction=True)
def test_existing_figures_migrate_into_measures_that_compare_as_before():
    executor = MigrationExecutor(connection)
    before = [("claims", "0007_versions_and_data_stamp")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    event = old.get_model("claims", "Event").objects.create(title="Event 9", slug="event-9")
    question = old.get_model("claims", "Question").objects.create(
        event=event, slug="q", text="How many?", kind="figure", unit="people"
    )
    source = old.get_model("claims", "Source").objects.create(name="Source 9", slug="source-9")
    claim_model = old.get_model("claims", "Claim")
    figure_model = old.get_model("claims", "Figure")
    wordings = [("people", "civilians killed"), ("People", "Civilians killed "), ("%", "share")]
    for number, (unit, counted) in enumerate(wordings):
        claim = claim_model.objects.create(
            question=question, source=source, slug=f"c{number}", summary="Counted"
        )
        figure_model.objects.create(
            claim=claim, qualifier="exact", low=number + 1, unit=unit, counted=counted
        )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    measures = list(Measure.objects.filter(question__slug="q").order_by("position"))
    assert [(m.unit, m.counted) for m in measures] == [
        ("people", "civilians killed"),
        ("%", "share"),
    ]
    assert [f.measure for f in Figure.objects.order_by("low")] == [
        measures[0],
        measures[0],
        measures[1],
    ]
