"""Generated documents (hypothesis): nothing is lost on the way in or out, and no page crashes.

Each example is a whole interchange document: several events, sources (some with parents),
questions of both kinds, claims of every stance and revisions, figures of every qualifier with
edge values (0, equal ends, decimals, very large numbers, negatives where the unit allows them),
retractions, and unicode and markup in every text. For each:

- JSON export → empty database → import → export gives the same bytes;
- CSV export → import into the same database changes nothing;
- every page and every export answers without a server error.

The quick profile runs in the suite; `HYPOTHESIS_PROFILE=thorough` runs 5,000 documents.
"""

from contextlib import contextmanager
from datetime import date
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.exports import export_claims, export_event
from claims.interchange import import_data, load_document, parse_json, stream_document
from claims.models import Article, Claim, Event, Figure, Question, Source

pytestmark = pytest.mark.django_db

MARKUP = ['<script>alert("x")</script>', "<b>bold</b> & co", "=SUM(A1)", "'quoted", "“curly”"]
LETTERS = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x00")
CONTROL = st.sampled_from(["\t", "\n", "\r\n", "\r", "\u2028"])


def text(max_size=40, min_size=0):
    """Unicode of every script, markup and formula cells, control characters inside."""
    piece = st.text(LETTERS, max_size=12) | st.sampled_from(MARKUP) | CONTROL
    joined = st.lists(piece, max_size=4).map("".join)
    return joined.map(lambda value: value[:max_size]).filter(lambda v: len(v) >= min_size)


VISIBLE = st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp"))


def nonblank_text(max_size=40):
    """Text with something to read in it, as a name or a summary needs."""
    visible = st.text(VISIBLE, min_size=1, max_size=6)
    return st.tuples(text(max_size), visible, text(max_size)).map(
        lambda parts: (parts[0][: max_size // 2] + parts[1] + parts[2])[:max_size]
    )


SLUG = st.text("abcdefghijklmnopqrstuvwxyz0123456789-_", min_size=1, max_size=12)
DATES = st.none() | st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))
# Units that may be negative (a temperature, a change) and units that may not.
UNITS = {"people": False, "%": False, "°C": True, "km": False, "% change": True}
EDGE_NUMBERS = [Decimal(0), Decimal("0.0001"), Decimal("999999999999999.9999"), Decimal(1)]


def numbers(negative):
    low = Decimal("-999999999999999.9999") if negative else Decimal(0)
    return (
        st.sampled_from([n for n in EDGE_NUMBERS + [-n for n in EDGE_NUMBERS] if n >= low])
        | st.integers(int(low), 10**15).map(Decimal)
        | st.decimals(low, Decimal("999999999999999"), places=4)
    )


@st.composite
def figure_data(draw, unit):
    qualifier = draw(st.sampled_from(Figure.Qualifier.values))
    value = numbers(UNITS[unit])
    first, second = sorted([draw(value), draw(value)])
    if draw(st.booleans()):
        second = first  # equal ends
    low, high = {
        "between": (first, second),
        "at_most": (None, first),
    }.get(qualifier, (first, None))
    start, end = sorted([draw(DATES) or date(2016, 1, 1), draw(DATES) or date(2016, 1, 1)])
    return {
        "qualifier": qualifier,
        "low": low,
        "high": high,
        "unit": unit,
        "counted": draw(st.sampled_from(["", "people displaced", "civilians killed"])),
        "place": draw(text()),
        "period": draw(text()),
        "period_start": start.isoformat() if draw(st.booleans()) else None,
        "period_end": end.isoformat() if draw(st.booleans()) else None,
    }


@st.composite
def documents(draw):
    sources = []
    for number in range(draw(st.integers(1, 4))):
        parent = draw(st.sampled_from([None, *[s["slug"] for s in sources]]))
        sources.append(
            {
                "slug": f"source-{number}-{draw(SLUG)}",
                "name": draw(nonblank_text(200)),
                "kind": draw(st.sampled_from(Source.Kind.values)),
                "parent": parent,
                "affiliation": draw(text()),
                "based_in": draw(text()),
                "website": draw(st.sampled_from(["", "https://example.org/a?b=<c>"])),
                "description": draw(text(200)),
            }
        )
    articles = [
        {
            "slug": f"article-{number}",
            "title": draw(nonblank_text(300)),
            "outlet": draw(text()),
            "url": draw(st.sampled_from(["", "http://example.com/story"])),
            "published_on": draw(DATES.map(lambda d: d and d.isoformat())),
            "author": draw(text()),
            "notes": draw(text(200)),
        }
        for number in range(draw(st.integers(0, 2)))
    ]
    events = []
    for number in range(draw(st.integers(1, 2))):
        starts, ends = sorted([draw(DATES) or date(2016, 12, 1), draw(DATES) or date(2016, 12, 1)])
        questions = []
        for position in range(draw(st.integers(1, 4))):
            kind = draw(st.sampled_from(Question.Kind.values))
            unit = draw(st.sampled_from(list(UNITS))) if kind == "figure" else ""
            questions.append(
                {
                    "slug": f"q{position}",
                    "text": draw(nonblank_text(300)),
                    "kind": kind,
                    "unit": unit,
                }
            )
        claims = []
        for index in range(draw(st.integers(0, 6))):
            question = draw(st.sampled_from(questions))
            is_figure = question["kind"] == "figure"
            retracted = draw(st.booleans()) and draw(st.booleans())
            claims.append(
                {
                    "slug": f"claim-{index}-{draw(SLUG)}",
                    "question": question["slug"],
                    "source": draw(st.sampled_from(sources))["slug"],
                    "speaker_name": draw(text()),
                    "speaker_role": draw(text()),
                    "via": draw(text()),
                    "stance": "" if is_figure else draw(st.sampled_from(Claim.Stance.values)),
                    "summary": draw(nonblank_text(300)),
                    "quote": draw(text(200)),
                    "stated_on": draw(DATES.map(lambda d: d and d.isoformat())),
                    "stated_when": draw(text()),
                    "article": draw(st.sampled_from([None, *[a["slug"] for a in articles]])),
                    "retracted_on": "2017-01-02" if retracted else None,
                    "retraction_reason": draw(nonblank_text()) if retracted else "",
                    "figures": draw(st.lists(figure_data(question["unit"]), max_size=3))
                    if is_figure
                    else [],
                }
            )
        events.append(
            {
                "slug": f"event-{number}-{draw(SLUG)}",
                "title": draw(nonblank_text(200)),
                "summary": draw(text(200)),
                "place": draw(text()),
                "starts_on": starts.isoformat() if draw(st.booleans()) else None,
                "ends_on": ends.isoformat() if draw(st.booleans()) else None,
                "questions": questions,
                "claims": claims,
            }
        )
    return {
        "format": "claimtracker",
        "version": 1,
        "sources": sources,
        "articles": articles,
        "events": events,
    }


@contextmanager
def rolled_back():
    """Each example starts from an empty database and leaves it so."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def empty_the_database():
    for model in (Figure, Claim, Question, Event, Article):
        model.objects.all().delete()
    while Source.objects.exists():
        Source.objects.filter(children__isnull=True).delete()


def json_export():
    return "".join(stream_document(Claim.objects.all()))


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


GENERATED = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@GENERATED
@given(document=documents())
def test_json_export_reimported_into_an_empty_database_is_byte_identical(document):
    with rolled_back():
        load_document(document)
        first = json_export()
        empty_the_database()
        load_document(parse_json(first))
        assert json_export() == first


@GENERATED
@given(document=documents())
def test_csv_export_imported_into_the_same_database_changes_nothing(document):
    with rolled_back():
        load_document(document)
        data = "".join(export_claims(Claim.objects.all(), "csv").chunks).encode()
        report = import_data(data, "round-trip.csv")
        assert not report.changed_anything, report.changes[:3]


@GENERATED
@given(document=documents())
def test_every_page_and_export_answers_without_a_server_error(client, document):
    with rolled_back():
        load_document(document)
        claims = list(Claim.objects.select_related("source", "question__event"))
        requests = [("/", {}), ("/sources/", {}), ("/claims/", {})]
        requests += [("/claims/export.csv", {}), ("/claims/export.json", {})]
        requests += [("/claims/", {"retracted": "include", "has_figure": "yes", "sort": "-stated"})]
        for event in Event.objects.all():
            url = event.get_absolute_url()
            requests += [(url, {})] + [(f"{url}export.{f}", {}) for f in ("html", "csv", "json")]
            requests.append(("/claims/", {"event": event.slug, "retracted": "only"}))
        for claim in claims:
            selection = {
                "sources": claim.source.slug,
                "questions": claim.question.slug,
                "retracted": "on",
            }
            requests.append((claim.question.event.get_absolute_url(), selection))
            requests.append((claim.get_absolute_url(), {}))
            source_filter = {"kind": "figure", "retracted": "include", "stance": "denies"}
            requests.append((claim.source.get_absolute_url(), source_filter))
            words = claim.summary.split()
            search = {"q": words[0] if words else "", "source": claim.source.slug}
            requests.append(("/claims/", search))
        for path, params in requests:
            response = client.get(path, params)
            assert response.status_code == 200, (path, params)
            assert body(response)
        for event in Event.objects.all():
            page = "".join(export_event(event, "html", "http://testserver").chunks)
            assert event.slug in page
