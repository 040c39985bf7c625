"""The CSV: a spreadsheet's view of claims, one row per figure, written and read back.

Each row is one claim, or one more figure of the claim named in its `claim` column. On import,
events, questions and sources must already exist (named by slug, or by title, text or name);
articles are found by title, outlet and URL, or created. Rows go through the same loader as JSON,
so the rules and messages are the same; errors name the line and column. A column the file does
not have leaves what it would carry as it is.
"""

import csv
import io
from dataclasses import dataclass

from django.db import connection
from django.db.models import F

from ..models import Article, Event, Figure, Question, Source, plain, slug_words, unique_slug
from .loading import Loader
from .schema import (
    ARTICLE,
    CLAIM,
    COLUMNS_BY_HEADER,
    CSV_HEADERS,
    FIGURE,
    REQUIRED_COLUMNS,
    ROW_ORDER,
    WRITTEN_COLUMNS,
    Invalid,
    Number,
    Text,
    shortened,
)

CHUNK_SIZE = 2000
# A spreadsheet runs a cell as a formula when it starts with one of these, after any spaces;
# some read the full-width forms too.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "＝", "＋", "－", "＠")
# These start a formula at once, or are swallowed before one (tab, carriage return, line feed).
FORMULA_STARTS = ("\t", "\r", "\n")
LEADING_SPACES = " \u00a0\u3000"
FIGURE_HEADERS = [column.header for column in WRITTEN_COLUMNS if column.record is FIGURE]
# A row gives a figure when one of these is filled in.
FIGURE_VALUE_HEADERS = ("qualifier", "low", "high")
# The claim's own values a row may give; slug, question and source name the claim and its source.
CLAIM_VALUE_FIELDS = [
    field
    for field in CLAIM.fields
    if field.column and field.name not in ("slug", "question", "source")
]
# Where a field's problem is reported: the column that carries it.
COLUMN_OF_FIELD = {
    **{field.name: field.column for record in (CLAIM, FIGURE) for field in record.fields},
    "article": "article title",
    "measure": "measure slug",
    "title": "article title",
    "outlet": "outlet",
    "url": "url",
}


# Writing -------------------------------------------------------------------------------------


def needs_defusing(text):
    """Whether a spreadsheet would read the text as a formula, or the text starts with the
    apostrophe that marks a defused one (so that one is kept on the way back)."""
    return text.startswith(("'", *FORMULA_STARTS)) or text.lstrip(LEADING_SPACES).startswith(
        FORMULA_TRIGGERS
    )


def spreadsheet_safe(value):
    """Text a spreadsheet shows as text: a leading apostrophe defuses a would-be formula."""
    if isinstance(value, str) and needs_defusing(value):
        return "'" + value
    return value


def unescape(text):
    """Remove the export's defusing apostrophe, exactly once, so that export and import
    round-trip; an apostrophe the export would not have added is kept."""
    if text.startswith("'") and needs_defusing(text[1:]):
        return text[1:]
    return text


def cell_writer(column):
    write = column.type.write_cell
    if isinstance(column.type, Text):
        return lambda value: spreadsheet_safe(write(value))
    return write


def csv_rows(claims):
    """The rows of the CSV, read from the database in chunks, no model objects built."""
    rows = claims.order_by(*ROW_ORDER).values_list(*[column.path for column in WRITTEN_COLUMNS])
    writers = [cell_writer(column) for column in WRITTEN_COLUMNS]
    for row in rows.iterator(chunk_size=CHUNK_SIZE):
        yield [write(value) for write, value in zip(writers, row, strict=True)]


def stream_csv(claims):
    """CSV text in chunks: UTF-8 with a byte-order mark, so spreadsheets read the accents.

    On PostgreSQL the database writes the lines itself (`postgresql_lines`), the same bytes as
    Python's csv module writes elsewhere, several times faster.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(CSV_HEADERS)
    yield buffer.getvalue()
    if connection.vendor == "postgresql":
        yield from postgresql_lines(claims)
    else:
        yield from python_lines(claims)


def python_lines(claims):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for number, row in enumerate(csv_rows(claims), start=1):
        writer.writerow(row)
        if number % CHUNK_SIZE == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


# What needs_defusing() tells in Python, as a PostgreSQL regular expression.
DEFUSE_PATTERN = "^('|[\\t\\r\\n]|[ \\u00a0\\u3000]*[=+\\-@＝＋－＠])"
# The letters a cell DEFUSE_PATTERN matches can start with.
DEFUSE_FIRST_LETTERS = "'\t\r\n \u00a0\u3000=+-@＝＋－＠"
APOSTROPHE = "''''"  # an SQL literal


def cell_sql(column, name):
    """SQL for one cell: text defused for spreadsheets, numbers exact, dates ISO. Returns the
    SQL and its parameters.

    An empty cell is NULL: COPY writes NULL as nothing and quotes an empty text, where Python's
    csv module writes nothing for both."""
    if isinstance(column.type, Number):
        return f"trim_scale({name})::text", []
    if not isinstance(column.type, Text):
        return f"NULLIF({name}::text, '')", []
    # The first letter is compared before the pattern is matched: a million regular expressions
    # cost the export of every claim more than the rest of its work on the column.
    defuse = f"left({name}, 1) = ANY(%s) AND {name} ~ %s"
    return f"CASE WHEN {defuse} THEN {APOSTROPHE} || {name} ELSE NULLIF({name}, '') END", [
        list(DEFUSE_FIRST_LETTERS),
        DEFUSE_PATTERN,
    ]


def postgresql_lines(claims):
    """The CSV's lines as PostgreSQL's COPY writes them, streamed as they come.

    COPY quotes a cell for the same characters as Python's csv module (a comma, a double quote,
    a carriage return, a line feed). It ends each line it sends with a line feed, which becomes
    the carriage return and line feed that Python's module ends a line with.
    """
    cells = {f"c{index}": F(column.path) for index, column in enumerate(WRITTEN_COLUMNS)}
    order = {f"o{index}": F(path) for index, path in enumerate(ROW_ORDER)}
    inner = claims.order_by().annotate(**cells, **order).values_list(*cells, *order)
    sql, params = inner.query.sql_with_params()
    selected, cell_params = [], []
    for index, column in enumerate(WRITTEN_COLUMNS):
        expression, its_params = cell_sql(column, f"c{index}")
        selected.append(expression)
        cell_params += its_params
    statement = (
        f"COPY (SELECT {', '.join(selected)} FROM ({sql}) AS found ORDER BY {', '.join(order)})"
        " TO STDOUT (FORMAT csv)"
    )
    with (
        connection.cursor() as cursor,
        connection.wrap_database_errors,
        cursor.cursor.copy(statement, [*cell_params, *params]) as copy,
    ):
        lines = []
        for line in copy:  # one line of the CSV each
            lines.append(line[:-1])
            if len(lines) == CHUNK_SIZE:
                yield crlf_lines(lines)
                lines.clear()
        yield crlf_lines(lines)


def crlf_lines(lines):
    return b"\r\n".join([*lines, b""]).decode()


# Reading -------------------------------------------------------------------------------------


def read_csv(text):
    return csv.reader(io.StringIO(text, newline=""))


def claim_slug(source, summary):
    """A slug for a claim a row does not name: from its source and summary."""
    return f"{source.slug}-{slug_words(summary, length=100)}"[:100].strip("-")


@dataclass
class RowClaim:
    """A claim as the rows of a file give it: its first row's values, and a figure a row."""

    question: Question
    slug: str
    values: dict
    line: str
    figures: list | None  # None when the file has no figure columns


class SpreadsheetLoader(Loader):
    def at(self, where, key):
        return f"{where}, {COLUMN_OF_FIELD.get(key) or key.replace('_', ' ')}"

    def load_rows(self, reader):
        try:
            self.read_rows(reader)
        except csv.Error as error:
            self.error(f"line {reader.line_num}", f"not readable as CSV: {error}")

    def read_rows(self, reader):
        header = next(reader, None)
        if header is None:
            self.error("line 1", "the file is empty")
            return
        headers = [column.strip().lower() for column in header]
        for position, name in enumerate(headers):
            if name in headers[:position]:
                self.error("line 1", f"column {shortened(repr(name))} given twice")
            elif name not in COLUMNS_BY_HEADER:
                self.error("line 1", f"unknown column {shortened(repr(name))}")
        for name in REQUIRED_COLUMNS:
            if name not in headers:
                self.error("line 1", f"missing column {name!r}")
        if "question" not in headers and "question slug" not in headers:
            self.error("line 1", "missing column 'question' (or 'question slug')")
        if "claim" not in headers:
            for name in ("source", "summary"):
                if name not in headers and f"{name} slug" not in headers:
                    self.error(
                        "line 1",
                        f"missing column {name!r}: "
                        "rows without a 'claim' column are named by source and summary",
                    )
        if self.errors:
            return
        self.headers = headers
        self.has_figures = any(name in headers for name in FIGURE_HEADERS)
        self.lookups = Lookups(self.error)
        self.claims = {}  # (question id, slug) -> the claim's entry
        for row in reader:
            line = f"line {reader.line_num}"
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(headers):
                self.error(line, f"expected {len(headers)} cells, found {len(row)}")
                continue
            cells = dict(zip(headers, map(unescape, row), strict=True))
            if self.has_nul(cells, line):
                continue
            self.read_row(cells, line)
        self.load_claims()

    def has_nul(self, cells, line):
        """NUL is refused in every cell, the ones naming other records too."""
        found = [header for header, cell in cells.items() if "\x00" in cell]
        for header in found:
            self.error(f"{line}, {header}", "contains a NUL character, which no text may hold")
        return bool(found)

    def read_cells(self, fields, cells, line):
        """The values of the fields whose columns the file has, read; errors by line and column."""
        values = {}
        for field in fields:
            if field.column in cells:
                try:
                    values[field.name] = field.type.read_cell(cells[field.column])
                except Invalid as problem:
                    self.error(f"{line}, {field.column}", str(problem))
        return values

    def read_row(self, cells, line):
        errors_before = len(self.errors)
        lookups = self.lookups
        event = lookups.find(lookups.events, "event", cells["event"], f"{line}, event")
        if event is None:
            return
        question = lookups.named(
            lookups.questions_of(event), "question", cells, f"{line}, question"
        )
        values = self.read_cells(CLAIM_VALUE_FIELDS, cells, line)
        if "source" in cells or "source slug" in cells:
            values["source"] = lookups.named(lookups.sources, "source", cells, f"{line}, source")
        if "article title" in cells or "article slug" in cells:
            values["article"] = self.article_key(cells)
        figure = self.read_figure(cells, line) if question else None
        if question is None or len(self.errors) > errors_before:
            return
        slug = cells.get("claim", "").strip()
        if not slug:
            if not (values.get("source") and values.get("summary")):
                self.error(line, "a row without a claim slug needs its source and summary")
                return
            slug = claim_slug(values["source"], values["summary"])
        claim = self.claims.get((question.pk, slug))
        if claim is None:
            figures = [] if self.has_figures else None
            claim = RowClaim(question, slug, values, line, figures)
            self.claims[(question.pk, slug)] = claim
        else:
            self.check_same_claim(claim, values, line)
        if figure is not None:
            claim.figures.append((figure, line))

    def check_same_claim(self, claim, values, line):
        """A claim's further rows (more figures) repeat what its first row says, or leave it
        empty."""
        for name, value in values.items():
            if value in (None, ""):
                continue  # left empty: the same as the first row
            if claim.values.get(name) != value:
                where = self.at(line, name)
                self.error(where, f"differs from {claim.line}, where this claim begins")

    def read_figure(self, cells, line):
        """The figure a row gives, or None when its figure cells are empty."""
        if not any(cells.get(name, "").strip() for name in FIGURE_VALUE_HEADERS):
            return None
        if not cells.get("qualifier", "").strip():
            cells = {**cells, "qualifier": Figure.Qualifier.EXACT}  # a number alone is exact
        figure = self.read_cells(FIGURE.fields, cells, line)
        measure = cells.get("measure slug", "").strip()
        if measure:
            figure["measure"] = measure  # named exactly: the wording is there for reading
        if not figure.get("unit"):
            figure.pop("unit", None)  # no wording: the question's own measure (see the loader)
        return figure

    def article_key(self, cells):
        """(slug, title, outlet, url) of the row's article, or None when it names none."""
        slug, title = cells.get("article slug", "").strip(), cells.get("article title", "")
        if not (slug or title):
            return None
        return (slug, title, cells.get("outlet", ""), cells.get("url", ""))

    def load_claims(self):
        self.read_claims(claim.question for claim in self.claims.values())
        articles = {}
        for claim in self.claims.values():
            key = claim.values.get("article")
            if key is not None:
                if key not in articles:
                    where = f"{claim.line}, article title"
                    found = self.lookups.article(key, where)
                    if found is None:
                        found = self.new_article(key, claim.line)
                    articles[key] = found
                claim.values["article"] = articles[key]
                if not articles[key]:
                    continue
            claim.values["slug"] = claim.slug
            self.load_claim(claim.question, claim.values, claim.line, claim.figures)

    def new_article(self, key, line):
        slug, title, outlet, url = key
        slug = slug or self.lookups.new_article_slug(title, outlet)
        values = {"title": title, "outlet": outlet, "url": url}
        for name, value in values.items():
            try:
                ARTICLE.field(name).type.read_cell(value)
            except Invalid as problem:
                self.error(f"{line}, {COLUMN_OF_FIELD[name]}", str(problem))
                return None
        article = self.apply(ARTICLE, Article(slug=slug), values, line, f"article {slug}")
        if article is not None:
            self.lookups.articles_by_slug[slug] = article
        return article


# The field a row's name column words, beside the record's slug column.
NAME_FIELDS = {"event": "title", "question": "text", "source": "name", "article": "title"}


class Lookups:
    """Events, questions, sources and articles as a spreadsheet names them, read once a file.

    A slug names a record exactly. A name (a title, a question's text, a source's name) is
    matched in any case; one that two records share is refused as ambiguous, never guessed.
    """

    AMBIGUOUS = object()

    def __init__(self, report_error):
        self.error = report_error
        self.events = self.index(Event.objects.all(), "title")
        self.sources = self.index(Source.objects.all(), "name")
        self.articles_by_key = {}
        self.articles_by_slug = {}
        for article in Article.objects.all():
            self.articles_by_key[(article.title, article.outlet, article.url)] = article
            self.articles_by_slug[article.slug] = article
        self.questions = {}

    def index(self, rows, name_field):
        """({slug: row}, {lower-case name: row or AMBIGUOUS})"""
        by_slug, by_name = {}, {}
        for row in rows:
            by_slug[row.slug] = row
            name = " ".join(getattr(row, name_field).lower().split())
            known = by_name.get(name)
            by_name[name] = row if known in (None, row) else self.AMBIGUOUS
        return by_slug, by_name

    def questions_of(self, event):
        if event.pk not in self.questions:
            self.questions[event.pk] = self.index(Question.objects.filter(event=event), "text")
        return self.questions[event.pk]

    def find(self, index, what, text, where):
        """The record a cell names by slug, or else by name."""
        by_slug, by_name = index
        if not text.strip():
            self.error(where, f"give the {what}")
            return None
        row = by_slug.get(text.strip()) or by_name.get(" ".join(text.lower().split()))
        if row is self.AMBIGUOUS:
            self.error(where, f"more than one {what} is called {shortened(repr(text))}")
            return None
        if row is None:
            self.error(where, f"unknown {what} {shortened(repr(text))}")
        return row

    def named(self, index, what, cells, where):
        """The record a row names in its slug column when it has one, or else by name.

        Beside a slug the name is there for reading; one that names something else is an edit
        the slug would silently undo (a source's name retyped to reattribute a claim), so it is
        refused, saying which column makes which change.
        """
        slug = cells.get(f"{what} slug", "").strip()
        if not slug:
            return self.find(index, what, cells.get(what, ""), where)
        row = index[0].get(slug)
        if row is None:
            self.error(f"{where} slug", f"unknown {what} {shortened(repr(slug))}")
            return None
        name = cells.get(what, "")
        stored = getattr(row, NAME_FIELDS[what])
        if name.strip() and plain(name) not in (plain(stored), slug):
            self.error(where, self.not_its_name(what, name, slug, stored))
            return None
        return row

    def not_its_name(self, what, name, slug, stored):
        field = NAME_FIELDS[what].replace("_", " ")
        return (
            f"{shortened(repr(name))} is not the {field} of {what} {slug} "
            f"({shortened(repr(stored))}): to name another {what}, change “{what} slug”; "
            f"to change the {what}'s {field}, edit it in the admin"
        )

    def article(self, key, where):
        """The stored article a row names, or None; a title beside its slug that is not the
        article's is refused, like a source's name."""
        slug, title, outlet, url = key
        if not slug:
            return self.articles_by_key.get((title, outlet, url))
        article = self.articles_by_slug.get(slug)
        if article and title.strip() and plain(title) != plain(article.title):
            self.error(where, self.not_its_name("article", title, slug, article.title))
            return False
        return article

    def new_article_slug(self, title, outlet):
        """A slug for an article the file introduces: from its title, made unique."""
        slug = unique_slug(f"{title} {outlet}", self.articles_by_slug, length=140)
        self.articles_by_slug[slug] = None  # taken
        return slug
