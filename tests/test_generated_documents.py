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

import copy
from contextlib import contextmanager
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection, transaction
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from claims.interchange import import_data, load_document, parse_json, stream_document
from claims.interchange.csv_format import postgresql_lines, python_lines
from claims.interchange.json_format import postgresql_claim_texts, python_claim_texts
from claims.models import Article, Claim, Event, Figure, Measure, Question, Source
from publishing.exports import export_claims, export_event

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


# What figure questions measure: (slug, unit, counted). A question takes one or two of them.
MEASURES = [
    ("civilians-killed", "people", "civilians killed"),
    ("people-displaced", "people", "people displaced"),
    ("share", "%", "share of the city held"),
    ("temperature", "°C", ""),
    ("change", "% change", "change in prices"),
    ("road", "km", "road held"),
]


@st.composite
def figure_data(draw, measures):
    qualifier = draw(st.sampled_from(Figure.Qualifier.values))
    measure = draw(st.sampled_from(measures))
    value = numbers(UNITS[measure["unit"]])
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
        "measure": measure["slug"],
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
            chosen = draw(st.lists(st.sampled_from(MEASURES), min_size=1, max_size=2, unique=True))
            measures = [
                {"slug": slug, "unit": unit, "counted": draw(st.just(counted) | text(30))}
                for slug, unit, counted in chosen
            ]
            questions.append(
                {
                    "slug": f"q{position}",
                    "text": draw(nonblank_text(300)),
                    "kind": kind,
                    "measures": measures if kind == "figure" else [],
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
                    "figures": draw(st.lists(figure_data(question["measures"]), max_size=3))
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
        "version": 2,
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
    for model in (Figure, Claim, Measure, Question, Event, Article):
        model.objects.all().delete()
    while Source.objects.exists():
        Source.objects.filter(children__isnull=True).delete()


def json_export():
    return "".join(stream_document(Claim.objects.all()))


def same_claim_texts(claims):
    """Whether PostgreSQL writes the claims' JSON as the Python writer does."""
    database = [text for _, texts in postgresql_claim_texts(claims) for text in texts]
    return database == [text for _, text in python_claim_texts(claims)]


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
        if connection.vendor == "postgresql":  # the database's own claim texts are Python's
            assert same_claim_texts(Claim.objects.all())
        empty_the_database()
        load_document(parse_json(first))
        assert json_export() == first


def as_version_1(document):
    """The document as version 1 of the format wrote it: each figure words its unit and
    counted thing, a question gives only a unit."""
    old = copy.deepcopy(document)
    old["version"] = 1
    for event in old["events"]:
        by_question = {q["slug"]: {m["slug"]: m for m in q["measures"]} for q in event["questions"]}
        for question in event["questions"]:
            measures = question.pop("measures")
            question["unit"] = measures[0]["unit"] if measures else ""
        for claim in event["claims"]:
            for figure in claim["figures"]:
                measure = by_question[claim["question"]][figure.pop("measure")]
                figure["unit"], figure["counted"] = measure["unit"], measure["counted"]
    return old


def plain(text):
    return " ".join(text.lower().split())


@GENERATED
@given(document=documents())
def test_version_1_documents_still_import_and_keep_their_measures_apart(document):
    for event in document["events"]:
        for question in event["questions"]:
            wordings = [(plain(m["unit"]), plain(m["counted"])) for m in question["measures"]]
            assume(len(set(wordings)) == len(wordings))  # version 1 told them apart by wording
            # A figure worded with a unit alone is the first measure in that unit
            # (models.matching_measure): version 1 cannot single out one that counts nothing
            # more among others in its unit.
            units = [unit for unit, _ in wordings]
            assume(all(counted or units.count(unit) == 1 for unit, counted in wordings))
    with rolled_back():
        load_document(as_version_1(document))
        for event in document["events"]:
            for claim_data in event["claims"]:
                claim = Claim.objects.get(
                    question__event__slug=event["slug"], slug=claim_data["slug"]
                )
                figures = list(claim.figures.in_order())
                assert [f.qualifier for f in figures] == [
                    f["qualifier"] for f in claim_data["figures"]
                ]
            for question in event["questions"]:
                given = {}
                for claim_data in event["claims"]:
                    if claim_data["question"] != question["slug"]:
                        continue
                    claim = Claim.objects.get(
                        question__event__slug=event["slug"], slug=claim_data["slug"]
                    )
                    figures = zip(claim.figures.in_order(), claim_data["figures"], strict=True)
                    for figure, data in figures:
                        given.setdefault(data["measure"], set()).add(figure.measure_id)
                # Figures of one measure share one; figures of two never do.
                assert all(len(ids) == 1 for ids in given.values())
                assert len({min(ids) for ids in given.values()}) == len(given)


@GENERATED
@given(document=documents())
def test_csv_export_imported_into_the_same_database_changes_nothing(document):
    with rolled_back():
        load_document(document)
        data = "".join(export_claims(Claim.objects.all(), "csv").chunks).encode()
        if connection.vendor == "postgresql":  # the database's own lines are Python's
            assert "".join(postgresql_lines(Claim.objects.all())) == "".join(
                python_lines(Claim.objects.all())
            )
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
            page = "".join(export_event(event, "html", "http://testserver", AnonymousUser()).chunks)
            assert event.slug in page
