"""Import claims from CSV in the export's columns: a spreadsheet a data editor filled in.

Each row is one claim, or one more figure of the claim named in its `claim` column. Events,
questions and sources must already exist (by slug, or by title, text or name); articles are
found by title, outlet and URL, or created. Rows become interchange records and go through the
same loader as JSON, so the rules and messages are the same; errors name the line and column.
"""

import csv
import io

from django.utils.text import slugify

from ..formats import CSV_COLUMNS, FORMULA_TRIGGERS
from ..models import Article, Claim, Event, Figure, Question, Source
from .document import DocumentLoader

REQUIRED_COLUMNS = ["event", "question", "source", "summary"]
FIGURE_COLUMNS = ["qualifier", "low", "high", "unit", "counted", "place", "period"]
FIGURE_DATE_COLUMNS = {"period start": "period_start", "period end": "period_end"}
COLUMN_OF_FIELD = {"speaker_name": "speaker", "speaker_role": "speaker role"}


def choice_value(choices, text):
    """A choice's stored value from either the value or its label, in any case."""
    wanted = " ".join(text.lower().replace("_", " ").split())
    for value, label in choices:
        if wanted in (value.replace("_", " "), label.lower()):
            return value
    return None


def unescape(text):
    """Undo the export's spreadsheet-safe apostrophe, so export and import round-trip."""
    if text.startswith("'") and text[1:].startswith(FORMULA_TRIGGERS):
        return text[1:]
    return text


class SpreadsheetLoader(DocumentLoader):
    def at(self, path, name):
        return f"{path}, {COLUMN_OF_FIELD.get(name, name.replace('_', ' '))}"

    def load_rows(self, reader):
        header = next(reader, None)
        if header is None:
            self.error("line 1", "the file is empty")
            return
        columns = [column.strip().lower() for column in header]
        for column in columns:
            if column not in CSV_COLUMNS:
                self.error("line 1", f"unknown column {column!r}")
        for column in REQUIRED_COLUMNS:
            if column not in columns:
                self.error("line 1", f"missing column {column!r}")
        if self.errors:
            return
        lookups = Lookups()
        claims = {}
        new_articles = {}
        for row in reader:
            line = f"line {reader.line_num}"
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(columns):
                self.error(line, f"expected {len(columns)} cells, found {len(row)}")
                continue
            cells = {
                column: unescape(cell.strip()) for column, cell in zip(columns, row, strict=True)
            }
            self.read_row(cells, line, lookups, claims, new_articles)
        articles = {}
        for slug, (line, record) in new_articles.items():
            article = self.upsert(Article, {"slug": slug}, record, line)
            if article:
                articles[slug] = article
        for entry in claims.values():
            self.load_claim(
                entry["record"],
                entry["line"],
                entry["event"],
                lookups.questions_by_slug(entry["event"]),
                lookups.sources_by_slug,
                {**lookups.articles_by_slug, **articles},
                figure_paths=entry["figure_lines"],
            )

    def read_row(self, cells, line, lookups, claims, new_articles):
        event = lookups.event(cells["event"])
        if event is None:
            self.error(self.at(line, "event"), f"unknown event {cells['event']!r}")
            return
        question = lookups.question(event, cells["question"])
        if question is None:
            self.error(self.at(line, "question"), f"unknown question {cells['question']!r}")
            return
        source = lookups.source(cells["source"])
        if source is None:
            self.error(self.at(line, "source"), f"unknown source {cells['source']!r}")
            return
        stance = cells.get("stance", "")
        if stance:
            stance = choice_value(Claim.Stance.choices, stance)
            if stance is None:
                self.error(
                    self.at(line, "stance"),
                    f"unknown stance {cells['stance']!r}: "
                    "use affirms, denies, no comment or unclear",
                )
                return
        slug = cells.get("claim") or slugify(f"{source.slug} {cells['summary']}")[:100]
        key = (question.pk, slug)
        if key not in claims:
            claims[key] = {
                "line": line,
                "event": event,
                "figure_lines": [],
                "record": {
                    "slug": slug,
                    "question": question.slug,
                    "source": source.slug,
                    "speaker_name": cells.get("speaker", ""),
                    "speaker_role": cells.get("speaker role", ""),
                    "via": cells.get("via", ""),
                    "stance": stance,
                    "summary": cells["summary"],
                    "quote": cells.get("quote", ""),
                    "stated_on": cells.get("stated on") or None,
                    "stated_when": cells.get("stated when", ""),
                    "article": self.article_slug(cells, line, lookups, new_articles),
                    "figures": [],
                },
            }
        if any(cells.get(column) for column in ("qualifier", "low", "high")):
            figure = self.figure_record(cells, line, question)
            if figure is not None:
                claims[key]["record"]["figures"].append(figure)
                claims[key]["figure_lines"].append(line)

    def figure_record(self, cells, line, question):
        qualifier = choice_value(Figure.Qualifier.choices, cells.get("qualifier") or "exact")
        if qualifier is None:
            self.error(
                self.at(line, "qualifier"),
                f"unknown qualifier {cells['qualifier']!r}: use exact, about, at least, "
                "at most or between",
            )
            return None
        record = {column: cells.get(column, "") for column in FIGURE_COLUMNS}
        record["qualifier"] = qualifier
        record["low"] = record["low"] or None
        record["high"] = record["high"] or None
        record["unit"] = record["unit"] or question.unit
        for column, field_name in FIGURE_DATE_COLUMNS.items():
            record[field_name] = cells.get(column) or None
        return record

    def article_slug(self, cells, line, lookups, new_articles):
        title = cells.get("article title", "")
        if not title:
            return None
        outlet, url = cells.get("outlet", ""), cells.get("url", "")
        existing = lookups.article(title, outlet, url)
        if existing:
            return existing.slug
        slug = lookups.new_article_slug(title, outlet, url)
        new_articles.setdefault(slug, (line, {"title": title, "outlet": outlet, "url": url}))
        return slug


class Lookups:
    """Events, questions, sources and articles by the names a spreadsheet uses for them."""

    def __init__(self):
        self.events = {}
        for event in Event.objects.all():
            self.events[event.slug] = self.events[event.title.lower()] = event
        self.sources = {}
        self.sources_by_slug = {}
        for source in Source.objects.all():
            self.sources[source.slug] = self.sources[source.name.lower()] = source
            self.sources_by_slug[source.slug] = source
        self.articles = {}
        self.articles_by_slug = {}
        for article in Article.objects.all():
            self.articles[(article.title, article.outlet, article.url)] = article
            self.articles_by_slug[article.slug] = article
        self.new_article_slugs = {}
        self._questions = {}

    def event(self, text):
        return self.events.get(text) or self.events.get(text.lower())

    def source(self, text):
        return self.sources.get(text) or self.sources.get(text.lower())

    def _event_questions(self, event):
        if event.pk not in self._questions:
            by_name, by_slug = {}, {}
            for question in Question.objects.filter(event=event):
                by_name[question.slug] = by_name[question.text.lower()] = question
                by_slug[question.slug] = question
            self._questions[event.pk] = (by_name, by_slug)
        return self._questions[event.pk]

    def question(self, event, text):
        by_name, _ = self._event_questions(event)
        return by_name.get(text) or by_name.get(text.lower())

    def questions_by_slug(self, event):
        return self._event_questions(event)[1]

    def article(self, title, outlet, url):
        return self.articles.get((title, outlet, url))

    def new_article_slug(self, title, outlet, url):
        """A slug for an article the file introduces: from its title, made unique."""
        key = (title, outlet, url)
        if key not in self.new_article_slugs:
            base = slugify(f"{title} {outlet}")[:140] or "article"
            slug, number = base, 2
            taken = set(self.articles_by_slug) | set(self.new_article_slugs.values())
            while slug in taken:
                slug, number = f"{base}-{number}", number + 1
            self.new_article_slugs[key] = slug
        return self.new_article_slugs[key]


def read_csv(text):
    return csv.reader(io.StringIO(text, newline=""))
