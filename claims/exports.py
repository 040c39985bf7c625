"""Exports: CSV for analysts, interchange JSON for other tools and re-import, schema.org JSON-LD.

Each export is a generator of text chunks, so a view can stream it and a command can write it to
a file through the same code, and memory does not grow with the number of claims.
"""

import csv
import io
import json
from decimal import Decimal

from django.contrib.staticfiles import finders
from django.db.models import Prefetch
from django.template.loader import render_to_string

from .charts import charts_for
from .comparison import compare_event
from .formats import CSV_COLUMNS, FORMAT_NAME, FORMAT_VERSION, FORMULA_TRIGGERS
from .models import Article, Event, Figure, Question, Source

CHUNK_SIZE = 2000


def spreadsheet_safe(value):
    """Text a spreadsheet shows as text: a leading apostrophe defuses a would-be formula."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def number_text(value):
    return "" if value is None else format(Decimal(value).normalize(), "f")


def claims_for_export(claims):
    """The claims with everything an export reads, in event and question order, in chunks."""
    return (
        claims.select_related("source", "question__event", "article")
        .prefetch_related(Prefetch("figures", queryset=Figure.objects.order_by("position", "id")))
        .order_by("question__event__slug", "question__position", "question_id", "id")
        .iterator(chunk_size=CHUNK_SIZE)
    )


# The CSV's columns, read straight from the database: one row per figure (a LEFT JOIN, so a
# claim without figures still gives one row), no model objects built on the way.
CSV_VALUES = [
    "slug",
    "question__event__slug",
    "question__text",
    "source__name",
    "source__kind",
    "speaker_name",
    "speaker_role",
    "via",
    "stance",
    "summary",
    "quote",
    "figures__qualifier",
    "figures__low",
    "figures__high",
    "figures__unit",
    "figures__counted",
    "figures__place",
    "figures__period",
    "figures__period_start",
    "figures__period_end",
    "stated_on",
    "stated_when",
    "article__title",
    "article__outlet",
    "article__url",
]


def text_cell(value):
    return "" if value is None else spreadsheet_safe(value)


def date_cell(value):
    return "" if value is None else value.isoformat()


CSV_CONVERTERS = [
    number_text
    if name in ("figures__low", "figures__high")
    else date_cell
    if name in ("figures__period_start", "figures__period_end", "stated_on")
    else text_cell
    for name in CSV_VALUES
]


def csv_rows(claims):
    """The rows of the CSV export, in event and question order, in chunks from the database."""
    rows = claims.order_by(
        "question__event__slug",
        "question__position",
        "question_id",
        "id",
        "figures__position",
        "figures__id",
    ).values_list(*CSV_VALUES)
    for row in rows.iterator(chunk_size=CHUNK_SIZE):
        yield [convert(value) for convert, value in zip(CSV_CONVERTERS, row, strict=True)]


def stream_csv(claims):
    """CSV text in chunks: UTF-8 with a byte-order mark, so spreadsheets read the accents."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(CSV_COLUMNS)
    for number, row in enumerate(csv_rows(claims), start=1):
        writer.writerow(row)
        if number % CHUNK_SIZE == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


# Interchange JSON ----------------------------------------------------------------------------


def json_number(value):
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value.normalize())


def date_text(value):
    return value.isoformat() if value else None


def source_record(source):
    return {
        "slug": source.slug,
        "name": source.name,
        "kind": source.kind,
        "parent": source.parent.slug if source.parent_id else None,
        "affiliation": source.affiliation,
        "based_in": source.based_in,
        "website": source.website,
        "description": source.description,
    }


def article_record(article):
    return {
        "slug": article.slug,
        "title": article.title,
        "outlet": article.outlet,
        "url": article.url,
        "published_on": date_text(article.published_on),
        "author": article.author,
        "notes": article.notes,
    }


def event_record(event):
    return {
        "slug": event.slug,
        "title": event.title,
        "summary": event.summary,
        "place": event.place,
        "starts_on": date_text(event.starts_on),
        "ends_on": date_text(event.ends_on),
    }


def question_record(question):
    return {
        "slug": question.slug,
        "text": question.text,
        "kind": question.kind,
        "unit": question.unit,
    }


def figure_record(figure):
    return {
        "qualifier": figure.qualifier,
        "low": json_number(figure.low),
        "high": json_number(figure.high),
        "unit": figure.unit,
        "counted": figure.counted,
        "place": figure.place,
        "period": figure.period,
        "period_start": date_text(figure.period_start),
        "period_end": date_text(figure.period_end),
    }


def claim_record(claim):
    return {
        "slug": claim.slug,
        "question": claim.question.slug,
        "source": claim.source.slug,
        "speaker_name": claim.speaker_name,
        "speaker_role": claim.speaker_role,
        "via": claim.via,
        "stance": claim.stance,
        "summary": claim.summary,
        "quote": claim.quote,
        "stated_on": date_text(claim.stated_on),
        "stated_when": claim.stated_when,
        "article": claim.article.slug if claim.article_id else None,
        "retracted_on": date_text(claim.retracted_on),
        "retraction_reason": claim.retraction_reason,
        "figures": [figure_record(figure) for figure in claim.figure_list],
    }


def _dump(value, depth):
    """JSON for a value nested `depth` levels deep, laid out as json.dumps(indent=2) would."""
    text = json.dumps(value, indent=2, ensure_ascii=False)
    return text.replace("\n", "\n" + "  " * depth)


def _list_items(records, depth):
    """The items of a JSON list, one chunk each, comma-separated."""
    first = True
    for record in records:
        yield ("\n" if first else ",\n") + "  " * depth + _dump(record, depth)
        first = False
    if not first:
        yield "\n" + "  " * (depth - 1)


def _sources_with_ancestors(claims):
    """The claims' sources and every body above them, parents before children, by slug."""
    every_source = {source.pk: source for source in Source.objects.all()}
    wanted = set(claims.order_by().values_list("source_id", flat=True).distinct())
    for source_id in list(wanted):
        parent_id = every_source[source_id].parent_id
        while parent_id is not None and parent_id not in wanted:
            wanted.add(parent_id)
            parent_id = every_source[parent_id].parent_id

    def depth(source):
        levels = 0
        while source.parent_id is not None:
            source, levels = every_source[source.parent_id], levels + 1
        return levels

    for source in every_source.values():
        source.parent = every_source.get(source.parent_id)
    chosen = [every_source[source_id] for source_id in wanted]
    return sorted(chosen, key=lambda source: (depth(source), source.slug))


def stream_document(claims):
    """The interchange document (docs/interchange-format.md) holding the given claims.

    It carries the claims' sources (and their parents), articles, events and every question of
    those events, so it loads into an empty database. Streamed: claims are read in chunks.
    """
    all_sources = _sources_with_ancestors(claims)
    articles = Article.objects.filter(claims__in=claims).distinct().order_by("slug")
    events = Event.objects.filter(questions__claims__in=claims).distinct().order_by("slug")

    yield '{\n  "format": ' + json.dumps(FORMAT_NAME) + ',\n  "version": ' + str(FORMAT_VERSION)
    yield ',\n  "sources": ['
    yield from _list_items((source_record(source) for source in all_sources), 2)
    yield '],\n  "articles": ['
    yield from _list_items((article_record(a) for a in articles.iterator(CHUNK_SIZE)), 2)
    yield '],\n  "events": ['
    for index, event in enumerate(events):
        event_text = _dump(event_record(event), 2)
        head = event_text[: event_text.rindex("\n")]  # the event's fields, still open
        questions = Question.objects.filter(event=event).order_by("position", "id")
        yield ("\n    " if index == 0 else ",\n    ") + head + ',\n      "questions": ['
        yield from _list_items((question_record(question) for question in questions), 4)
        yield '],\n      "claims": ['
        event_claims = claims_for_export(claims.filter(question__event=event))
        yield from _list_items((claim_record(claim) for claim in event_claims), 4)
        yield "]\n    }"
    yield ("\n  " if events else "") + "]\n}\n"


# schema.org ----------------------------------------------------------------------------------


def claim_json_ld(claim, url):
    """A schema.org Claim, as fact-checking tools read it (without @context: see json_ld_page)."""
    data = {
        "@type": "Claim",
        "url": url,
        "text": claim.quote or claim.summary,
        "author": {
            "@type": "Person" if claim.speaker_name else "Organization",
            "name": claim.speaker_name or claim.source.name,
        },
        "about": claim.question.text,
    }
    if claim.speaker_name:
        data["author"]["affiliation"] = {"@type": "Organization", "name": claim.source.name}
    if claim.stated_on:
        data["datePublished"] = claim.stated_on.isoformat()
    if claim.article:
        appearance = {"@type": "CreativeWork", "headline": claim.article.title}
        if claim.article.url:
            appearance["url"] = claim.article.url
        if claim.article.outlet:
            appearance["publisher"] = {"@type": "Organization", "name": claim.article.outlet}
        if claim.article.published_on:
            appearance["datePublished"] = claim.article.published_on.isoformat()
        data["appearance"] = appearance
    return data


# The standalone comparison page -------------------------------------------------------------


def standalone_css():
    """The site's stylesheet, to inline: the exported page fetches nothing."""
    with open(finders.find("css/site.css"), encoding="utf-8") as stylesheet:
        return stylesheet.read()


def event_html(event, site_url, exported_at, include_retracted=False):
    """The comparison of one event as one self-contained HTML page, links pointing at the app."""
    questions, claims = event.questions_and_claims(include_retracted)
    comparison = compare_event(questions, claims)
    site_url = site_url.rstrip("/")
    context = {
        "event": event,
        "comparison": comparison,
        "figure_sections": charts_for(comparison.rows),
        "css": standalone_css(),
        "link_base": site_url,
        "event_url": site_url + event.get_absolute_url(),
        "exported_at": exported_at,
        "json_ld": event_json_ld(comparison, site_url),
    }
    return render_to_string("claims/event_export.html", context)


def event_json_ld(comparison, site_url):
    """Every claim of a comparison as schema.org Claims."""
    return json_ld_page(
        [claim_json_ld(claim, site_url + claim.get_absolute_url()) for claim in comparison.timeline]
    )


def json_ld_page(items):
    """The JSON-LD of a page about the given schema.org items."""
    return {"@context": "https://schema.org", "@graph": items}
