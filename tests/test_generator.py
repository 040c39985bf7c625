"""The synthetic data has the benchmark's shape, and every page's queries are pinned on it."""

import itertools

import pytest
from django.core.management import call_command

from claims import generator
from claims.bulk import analyze
from claims.generator import BENCH_EVENT, SOURCE_COUNT, generate
from claims.models import Claim, Event, Figure, Source
from tests.data_copies import copy_of_writes

pytestmark = pytest.mark.django_db


def generate_2000():
    generate(2000, seed=7)


@pytest.fixture(scope="module")
def generated_copy(django_db_setup, django_db_blocker):
    """The rows generate() writes, generated once for this module (tests/data_copies.py)."""
    with django_db_blocker.unblock():
        return copy_of_writes(generate_2000)


@pytest.fixture
def generated(db, generated_copy):
    if generated_copy.restore():
        analyze()  # the planner's statistics, as generate() leaves them
    else:
        generate_2000()


def test_generated_data_has_the_benchmark_shape(generated):
    assert Source.objects.count() == SOURCE_COUNT
    assert all(source.name.startswith("Source ") for source in Source.objects.all())
    bench_event = Event.objects.get(slug=BENCH_EVENT)
    assert bench_event.questions.count() == 50
    assert Claim.objects.for_event(bench_event).count() == 1500
    assert Claim.objects.for_event(bench_event).values("source").distinct().count() == 30
    figure_claims = Claim.objects.filter(question__kind="figure")
    with_figures = figure_claims.filter(figures__isnull=False).distinct().count()
    assert with_figures / figure_claims.count() > 0.8
    assert Claim.history.count() == Claim.objects.count()
    assert Figure.history.count() == Figure.objects.count()
    for event in Event.objects.exclude(slug=BENCH_EVENT):
        assert 5 <= event.questions.count() <= 50


def test_generating_again_adds_only_what_is_missing(generated):
    before = Claim.objects.count()
    generate(1000, seed=7)
    assert Claim.objects.count() == before


def test_the_planners_statistics_keep_up_as_the_claims_double(db, monkeypatch):
    """Where autovacuum is off, statistics read only at the end left the database planning
    each insert's checks for tiny tables: a million claims took an hour, not minutes."""
    claims_when_analyzed = []
    monkeypatch.setattr(generator, "ANALYZED_FROM", 1500)
    monkeypatch.setattr(
        generator, "analyze", lambda: claims_when_analyzed.append(Claim.objects.count())
    )
    generate(7000, seed=7)
    *while_growing, at_the_end = claims_when_analyzed
    assert while_growing, "no ANALYZE before the end"
    assert while_growing[0] >= 3000
    assert all(later >= 2 * earlier for earlier, later in itertools.pairwise(while_growing))
    assert at_the_end == Claim.objects.count() >= 7000


def test_generate_claims_command(db, capsys):
    call_command("generate_claims", "--claims", "10")
    assert "1,500 claims in the database" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("path", "queries"),
    [
        ("/", 5),
        # stamp, event, questions, claims, sources, articles, figures, corrections
        ("/events/event-1/", 8),
        ("/events/event-1/?page=5", 8),
        ("/sources/source-17/", 9),
        ("/claims/", 13),  # and the facets: counts, their sources, questions, top events
        ("/claims/?stance=denies&source_kind=government", 13),
        ("/claims/?page=last", 13),
        ("/claims/?q=kalo", 13),
    ],
)
def test_page_queries_on_benchmark_shaped_data(
    client, generated, django_assert_max_num_queries, path, queries
):
    with django_assert_max_num_queries(queries):
        assert client.get(path).status_code == 200


def test_claim_page_queries_on_benchmark_shaped_data(
    client, generated, django_assert_max_num_queries
):
    claim = Claim.objects.filter(figures__isnull=False).first()
    with django_assert_max_num_queries(9):  # and its corrections
        assert client.get(claim.get_absolute_url()).status_code == 200
