"""The interchange format, declared once.

Each record of the format (source, article, event, question, claim, figure) is a list of fields:
the model field it carries, its JSON key, its CSV column (if the CSV carries it), the type that
writes and reads its value in either format, and what a key left out of a file means. The JSON
and CSV writers and readers and the tables of docs/interchange-format.md all read this module,
so the format has one description and they cannot drift apart.

What a key left out of a file means:

- A record already in the database keeps its stored value: a re-import never resets what the
  file does not carry.
- A new record takes the field's default, or is refused if the field is required.
- A retraction (date and reason) is set by a file that gives one, and undone only by a file that
  says so with `withdraw_retraction`: an empty or null retraction in a file changes nothing.

Values are read strictly: text must be a JSON string, a number a JSON number (never `true`),
a date a "YYYY-MM-DD" string. Nothing is coerced, so a mistake is reported, not stored.
"""

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cached_property

from django.utils.translation import get_language

from ..languages import TAG, normalized_tag
from ..models import Article, Claim, Event, Figure, Measure, Question, Source

FORMAT_NAME = "claimtracker"
# Version 2: a figure question lists its measures; a figure names its measure instead of
# wording its unit and counted thing itself.
# Version 3: a claim's quote gives its language and may carry a translation and its
# translator; an article gives its language.
# Version 4: a claim gives its review state (`published`, or a draft's). Only an Admin's file
# keeps it; anyone else's new claims arrive for review. Earlier versions' claims are published
# when an Admin imports them.
FORMAT_VERSION = 4
# Versions this reader takes. An older version stays here for good: newsrooms keep archives.
READABLE_VERSIONS = (1, 2, 3, 4)
EVERY_VERSION = READABLE_VERSIONS
SINCE_2 = (2, 3, 4)
SINCE_3 = (3, 4)

# Longest text a file may give for a field without a length of its own (a quote, a note).
MAX_TEXT_LENGTH = 100_000
# An article's whole text may be longer.
ARTICLE_TEXT_LENGTH = 2_000_000


class Invalid(Exception):
    """A value that cannot be read; the message says what was expected and what was found."""


def described(raw):
    """What a JSON value is, in words: "a list", "true", "a number"."""
    if raw is None:
        return "null"
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, int | float | Decimal):
        return "a number"
    if isinstance(raw, str):
        return "text"
    if isinstance(raw, list):
        return "a list"
    if isinstance(raw, dict):
        return "an object"
    return type(raw).__name__


def shortened(text, limit=60):
    """A value echoed in a message, cut so that a huge value cannot flood it."""
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def checked_text(text, max_length):
    if "\x00" in text:
        raise Invalid("contains a NUL character, which no text may hold")
    if len(text) > max_length:
        raise Invalid(f"longer than {max_length:,} characters")
    return text


# Value types: how one value is written to and read from each format. -------------------------


@dataclass(frozen=True)
class Text:
    max_length: int = MAX_TEXT_LENGTH
    doc = "text"

    def read_json(self, raw):
        if not isinstance(raw, str):
            raise Invalid(f"expected text, got {described(raw)}")
        return checked_text(raw, self.max_length)

    def read_cell(self, cell):
        return checked_text(cell, self.max_length)

    def write_json(self, value):
        return value

    def write_cell(self, value):
        return "" if value is None else value


@dataclass(frozen=True)
class LanguageTag(Text):
    """A BCP 47 language tag, kept in its conventional case: "ar", "en-GB"."""

    max_length: int = 35
    doc = 'language tag (BCP 47): `"ar"`, `"ru"`, `"en-GB"`; `""` for the newsroom\'s language'

    def read_json(self, raw):
        return self.checked(super().read_json(raw))

    def read_cell(self, cell):
        return self.checked(super().read_cell(cell))

    def checked(self, tag):
        tag = tag.strip()
        if tag and not TAG.match(tag):
            raise Invalid(
                f'expected a language tag such as "ar" or "en-GB", got {shortened(repr(tag))}'
            )
        return normalized_tag(tag)


@dataclass(frozen=True)
class Reference(Text):
    """Another record, named by its slug; the loader finds it."""

    nullable: bool = False
    doc = "slug"

    def read_json(self, raw):
        if raw is None and self.nullable:
            return None
        if not isinstance(raw, str):
            raise Invalid(f"expected text (a slug), got {described(raw)}")
        return checked_text(raw, self.max_length)

    def write_json(self, value):
        return None if value is None else value.slug


@dataclass(frozen=True)
class Choice:
    choices: type  # the model's TextChoices
    blank: bool = False
    what: str = "value"  # what a message calls it: "unknown stance 'maybe'"

    @property
    def doc(self):
        return ", ".join(f"`{value}`" for value in self.choices.values)

    @cached_property
    def values(self):
        """What a file may give: the choices' values, and "" when the field may be blank."""
        return list(self.choices.values) + ([""] if self.blank else [])

    def read_json(self, raw):
        if not isinstance(raw, str) or raw not in self.values:
            raise Invalid(
                f"expected one of {', '.join(repr(v) for v in self.values)}, "
                f"got {shortened(repr(raw)) if isinstance(raw, str) else described(raw)}"
            )
        return raw

    def read_cell(self, cell):
        """A spreadsheet may give the value or its label, in any case: "No comment"."""
        if cell == "" and self.blank:
            return ""
        if cell in self.values:
            return cell  # the choice's own value, as the export writes it
        wanted = " ".join(cell.lower().replace("_", " ").split())
        spellings = self.spellings(get_language())
        if wanted in spellings:
            return spellings[wanted]
        labels = ", ".join(label.lower() for label in self.choices.labels)
        raise Invalid(f"unknown {self.what} {shortened(repr(cell))}: use {labels}")

    def spellings(self, language):
        """{how a cell may spell a choice: its value} in the labels of this language, worked
        out once a language rather than once a cell."""
        if language not in self.spellings_by_language:
            found = {}
            for value, label in reversed(self.choices.choices):  # the first choice wins a tie
                found[label.lower()] = value
                found[value.replace("_", " ")] = value
            self.spellings_by_language[language] = found
        return self.spellings_by_language[language]

    @cached_property
    def spellings_by_language(self):
        return {}

    def write_json(self, value):
        return value

    def write_cell(self, value):
        return value or ""


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Date:
    doc = "date"

    def parse(self, text):
        if ISO_DATE.fullmatch(text):
            try:
                return date.fromisoformat(text)
            except ValueError:
                pass
        raise Invalid(f"expected a date as YYYY-MM-DD, got {shortened(repr(text))}")

    def read_json(self, raw):
        if raw is None:
            return None
        if not isinstance(raw, str):
            raise Invalid(f"expected a date (YYYY-MM-DD) or null, got {described(raw)}")
        return self.parse(raw)

    def read_cell(self, cell):
        return self.parse(cell) if cell else None

    def write_json(self, value):
        return value.isoformat() if value else None

    def write_cell(self, value):
        return value.isoformat() if value else ""


def exact_number(value):
    """A stored decimal as the shortest exact text: 413.0000 -> "413", 2.5000 -> "2.5"."""
    value = Decimal(value)
    if value == 0:
        return "0"  # never "-0" or "0E-4"
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


@dataclass(frozen=True)
class Number:
    doc = "number"

    def checked(self, value):
        if not value.is_finite():
            raise Invalid("expected a finite number")
        return value

    def read_json(self, raw):
        if raw is None:
            return None
        if isinstance(raw, bool) or not isinstance(raw, int | Decimal):
            raise Invalid(f"expected a number, got {described(raw)}")
        return self.checked(Decimal(raw))

    def read_cell(self, cell):
        if not cell:
            return None
        try:
            return self.checked(Decimal(cell))
        except InvalidOperation:
            raise Invalid(f"expected a decimal number, got {shortened(repr(cell))}") from None

    def write_json(self, value):
        """Exact: integers as JSON integers, fractions as written, never through a float."""
        return None if value is None else Decimal(exact_number(value))

    def write_cell(self, value):
        return "" if value is None else exact_number(value)


@dataclass(frozen=True)
class Count:
    """A whole number, not below zero: a character offset."""

    doc = "whole number"

    def read_json(self, raw):
        if raw is None:
            return None
        if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
            raise Invalid(f"expected a whole number, not below 0, got {described(raw)}")
        return raw

    def read_cell(self, cell):
        if not cell.strip():
            return None
        if not cell.strip().isdigit():
            raise Invalid(f"expected a whole number, got {shortened(repr(cell))}")
        return int(cell)

    def write_json(self, value):
        return value

    def write_cell(self, value):
        return "" if value is None else str(value)


@dataclass(frozen=True)
class Lines:
    """A list of short texts, kept a line each: a source's aliases."""

    max_length: int = 200
    doc = "list of text"

    def read_json(self, raw):
        if not isinstance(raw, list):
            raise Invalid(f"expected a list of text, got {described(raw)}")
        for item in raw:
            if not isinstance(item, str):
                raise Invalid(f"expected a list of text, found {described(item)} in it")
            checked_text(item, self.max_length)
            if "\n" in item or not item.strip():
                raise Invalid("each entry is one line of text, not empty")
        return "\n".join(item.strip() for item in raw)

    def write_json(self, value):
        return [line for line in value.splitlines() if line.strip()]


@dataclass(frozen=True)
class Flag:
    doc = "`true` or `false`"

    def read_json(self, raw):
        if not isinstance(raw, bool):
            raise Invalid(f"expected true or false, got {described(raw)}")
        return raw

    def read_cell(self, cell):
        answer = cell.strip().lower()
        if answer in ("", "no", "false"):
            return False
        if answer in ("yes", "true"):
            return True
        raise Invalid(f"expected yes or no, got {shortened(repr(cell))}")


# Fields and records ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    name: str  # the model field (or, for an instruction, the key)
    type: object
    column: str | None = None  # the CSV column, where the CSV carries this field
    required: bool = False  # a new record must give it
    identity: bool = False  # names the record: every record in a file gives it
    blank_keeps: bool = False  # an empty value means "nothing said": the stored value stays
    written: bool = True  # False: files may give it, exports never write it
    versions: tuple = EVERY_VERSION  # the format versions whose files may give it
    doc: str = ""

    @property
    def key(self):
        return self.name

    @property
    def path(self):
        """What a `values()` query reads for it: a reference reads the slug it names."""
        return f"{self.name}__slug" if isinstance(self.type, Reference) else self.name

    def json_from_row(self, value):
        """The JSON value of what `path` read."""
        return value if isinstance(self.type, Reference) else self.type.write_json(value)

    def default_text(self, model):
        if self.identity or self.required:
            return "*required*"
        if not self.written:
            return "`false`" if isinstance(self.type, Flag) else "nothing"
        if isinstance(self.type, Reference | Date | Number):
            return "`null`"
        default = model._meta.get_field(self.name).default
        return f"`{default}`" if isinstance(default, str) and default else '`""`'


@dataclass(frozen=True)
class Child:
    """A list of records nested in another: an event's claims, a claim's figures."""

    key: str
    record: "Record"
    versions: tuple = EVERY_VERSION


@dataclass(frozen=True)
class Record:
    name: str  # "claim"
    key: str  # its list in the document: "claims"
    model: type
    fields: tuple
    children: tuple = ()  # the Child lists nested in it
    left_out: tuple = ()  # (model field, why the format leaves it out)

    def field(self, name):
        return self.fields_by_name[name]

    @cached_property
    def fields_by_name(self):
        return {field.name: field for field in self.fields}

    def keys_in(self, version):
        """The keys a file of this format version may give for the record."""
        if version not in self.keys_by_version:
            self.keys_by_version[version] = [
                f.key for f in self.fields if version in f.versions
            ] + [child.key for child in self.children if version in child.versions]
        return self.keys_by_version[version]

    @cached_property
    def keys_by_version(self):
        return {}

    def children_in(self, version):
        return [child for child in self.children if version in child.versions]

    @property
    def written_fields(self):
        return [field for field in self.fields if field.written]

    @property
    def label(self):
        return str(self.model._meta.verbose_name)


NUMBERED = ("id", "the database's own number; records are named by slug")
VERSION = ("version", "the lost-edit counter, bookkeeping of this database")


def slug_field(doc="unique name"):
    return Field("slug", Text(100), identity=True, doc=doc)


def text_field(model, name, column=None, required=False, doc=""):
    max_length = model._meta.get_field(name).max_length or MAX_TEXT_LENGTH
    return Field(name, Text(max_length), column=column, required=required, doc=doc)


SOURCE = Record(
    "source",
    "sources",
    Source,
    (
        slug_field("unique name, e.g. `syrian-observatory-for-human-rights`"),
        text_field(Source, "name", required=True),
        Field("kind", Choice(Source.Kind, what="kind"), doc="what kind of party it is"),
        Field(
            "parent",
            Reference(nullable=True),
            doc="slug of the body it belongs to, listed earlier in the file or already stored",
        ),
        text_field(Source, "affiliation", doc="the side it is on, if the reporting says"),
        text_field(Source, "based_in"),
        text_field(Source, "website", doc="a web address (http or https)"),
        text_field(Source, "description"),
        Field(
            "aliases",
            Lines(),
            versions=SINCE_2,
            doc="other names the reporting uses for it: the desk matches speakers by them",
        ),
    ),
    left_out=(NUMBERED, VERSION),
)

ARTICLE = Record(
    "article",
    "articles",
    Article,
    (
        slug_field(),
        text_field(Article, "title", required=True),
        text_field(Article, "outlet", doc="empty means unknown: never guessed"),
        text_field(Article, "url", doc="a web address (http or https); empty when unknown"),
        Field("published_on", Date()),
        text_field(Article, "author", doc="empty means unknown"),
        text_field(Article, "notes", doc="what is known and unknown about where it was published"),
        Field(
            "text",
            Text(ARTICLE_TEXT_LENGTH),
            versions=SINCE_2,
            doc="the article's text as published; claims made from it point into it",
        ),
        Field(
            "language",
            LanguageTag(),
            versions=SINCE_3,
            doc="the language the article is written in",
        ),
    ),
    left_out=(NUMBERED, VERSION),
)

MEASURE = Record(
    "measure",
    "measures",
    Measure,
    (
        slug_field("unique within the question; figures name their measure by it"),
        text_field(Measure, "unit", required=True, doc="`people`, `%`, `km`, …"),
        text_field(Measure, "counted", doc="what is counted: “civilians killed”"),
    ),
    left_out=(
        NUMBERED,
        VERSION,
        ("question", "a measure sits in its question's `measures` list"),
        (
            "position",
            "the order of the question's `measures` list; the first is the question's own",
        ),
    ),
)

QUESTION = Record(
    "question",
    "questions",
    Question,
    (
        slug_field("unique within the event"),
        text_field(Question, "text", required=True, doc="the question sources answer"),
        Field(
            "kind",
            Choice(Question.Kind, what="kind"),
            required=True,
            doc="answered with numbers or a stance",
        ),
        Field(
            "unit",
            Text(50),
            written=False,
            versions=(1,),
            doc="version 1 only: the unit of a figure question that lists no measures",
        ),
    ),
    children=(Child("measures", MEASURE, versions=SINCE_2),),
    left_out=(
        NUMBERED,
        VERSION,
        ("event", "a question sits in its event's `questions` list"),
        ("position", "the order of the event's `questions` list"),
    ),
)

FIGURE = Record(
    "figure",
    "figures",
    Figure,
    (
        Field(
            "qualifier",
            Choice(Figure.Qualifier, what="qualifier"),
            column="qualifier",
            required=True,
            doc="a CSV row with a number and no qualifier gives an exact figure",
        ),
        Field(
            "low",
            Number(),
            column="low",
            doc="the value; the lower end for `between`; `null` for `at_most`",
        ),
        Field(
            "high",
            Number(),
            column="high",
            doc="the upper end for `between`, the bound for `at_most`; otherwise `null`",
        ),
        Field(
            "measure",
            Reference(nullable=True),
            doc="slug of one of the question's measures; a new figure takes the first",
            versions=SINCE_2,
        ),
        Field(
            "unit",
            Text(50),
            column="unit",
            written=False,
            versions=(1,),
            doc="version 1 (and CSV): with `counted`, names the measure; see below",
        ),
        Field(
            "counted",
            Text(200),
            column="counted",
            written=False,
            versions=(1,),
            doc="version 1 (and CSV): what is counted; see below",
        ),
        text_field(Figure, "place", column="place", doc="“eastern Aleppo”"),
        text_field(
            Figure,
            "period",
            column="period",
            doc="the period or as-of time, as reported: “in the past 24 hours”",
        ),
        Field("period_start", Date(), column="period start"),
        Field("period_end", Date(), column="period end", doc="or the as-of date"),
    ),
    left_out=(
        ("id", "the database's own number"),
        VERSION,
        ("claim", "a figure sits in its claim's `figures` list"),
        ("position", "the order of the claim's `figures` list; figures are matched by it"),
    ),
)

CLAIM = Record(
    "claim",
    "claims",
    Claim,
    (
        Field("slug", Text(100), column="claim", identity=True, doc="unique within its question"),
        Field(
            "question",
            Reference(),
            column="question",
            identity=True,
            doc="slug of a question of this event",
        ),
        Field("source", Reference(), column="source", required=True, doc="slug of a source"),
        text_field(Claim, "speaker_name", column="speaker", doc="“Rami Abdulrahman”"),
        text_field(Claim, "speaker_role", column="speaker role", doc="“director”"),
        text_field(Claim, "via", column="via", doc="through whom it was reported: “told Reuters”"),
        Field(
            "stance",
            Choice(Claim.Stance, blank=True, what="stance"),
            column="stance",
            doc='statement questions only; `""` on figure questions',
        ),
        text_field(Claim, "summary", column="summary", required=True, doc="one line"),
        text_field(
            Claim,
            "quote",
            column="quote",
            doc="verbatim, only when the source is quoted: the original words, in their language",
        ),
        Field(
            "quote_language",
            LanguageTag(),
            column="quote language",
            versions=SINCE_3,
            doc="the quote's language",
        ),
        Field(
            "quote_translation",
            Text(),
            column="quote translation",
            versions=SINCE_3,
            doc="the quote in the newsroom's language, when it was said in another",
        ),
        Field(
            "translated_by",
            Text(200),
            column="translated by",
            versions=SINCE_3,
            doc="who translated it: “the source”, “Reuters”, “the newsroom”",
        ),
        Field("stated_on", Date(), column="stated on", doc="the date it was said, when known"),
        text_field(
            Claim,
            "stated_when",
            column="stated when",
            doc="when it was said, as reported: “overnight”",
        ),
        Field("article", Reference(nullable=True), doc="slug of an article"),
        Field(
            "text_start",
            Count(),
            column="text start",
            versions=SINCE_2,
            doc="where the claim's words begin in its article's `text` (a character offset)",
        ),
        Field(
            "text_end",
            Count(),
            column="text end",
            versions=SINCE_2,
            doc="where they end: the first character after them",
        ),
        Field(
            "retracted_on",
            Date(),
            column="retracted on",
            blank_keeps=True,
            doc="with a reason, retracts the claim; empty never undoes a retraction",
        ),
        Field(
            "retraction_reason",
            Text(),
            column="retraction reason",
            blank_keeps=True,
            doc="why it was retracted",
        ),
        Field(
            "withdraw_retraction",
            Flag(),
            column="withdraw retraction",
            written=False,
            doc="`true` undoes the claim's retraction: the only way a file can",
        ),
        Field(
            "state",
            Choice(Claim.State, what="state"),
            column="state",
            versions=(4,),
            doc="its review state; kept only from an Admin's file: anyone else's new claims "
            "arrive for review",
        ),
    ),
    children=(Child("figures", FIGURE),),
    left_out=(
        ("id", "the database's own number; claims are named by question and slug"),
        VERSION,
        ("created_at", "bookkeeping of this database"),
        ("updated_at", "bookkeeping of this database"),
        ("author", "the user who entered it, in this database"),
        ("reviewer", "the user reviewing it, in this database"),
        ("review_comment", "a reviewer's note to its author, in this database"),
        ("submitted_at", "bookkeeping of the review queue"),
    ),
)

EVENT = Record(
    "event",
    "events",
    Event,
    (
        slug_field(),
        text_field(Event, "title", required=True),
        text_field(Event, "summary"),
        text_field(Event, "place"),
        Field("starts_on", Date()),
        Field("ends_on", Date()),
    ),
    children=(Child("questions", QUESTION), Child("claims", CLAIM)),
    left_out=(NUMBERED, VERSION),
)

RECORDS = (SOURCE, ARTICLE, EVENT, QUESTION, MEASURE, CLAIM, FIGURE)
TOP_LEVEL = (SOURCE, ARTICLE, EVENT)


# The CSV: one row per figure of a claim (or one row for a claim without figures). -----------


@dataclass(frozen=True)
class Column:
    header: str
    path: str  # what the export reads, from a claim: "question__event__slug"
    type: object
    field: Field | None = None  # the claim's or figure's field it carries
    record: Record | None = None
    read: bool = True  # False: written for the reader's benefit, ignored on import
    written: bool = True  # False: an instruction a file may give, never exported
    doc: str = ""


def claim_column(name):
    field = CLAIM.field(name)
    return Column(field.column, name, field.type, field, CLAIM, written=field.written)


def figure_column(name):
    field = FIGURE.field(name)
    # The CSV words a figure's measure by its unit and counted thing, as a spreadsheet shows it.
    path = f"figures__measure__{name}" if name in ("unit", "counted") else f"figures__{name}"
    return Column(field.column, path, field.type, field, FIGURE)


CSV_COLUMNS = (
    claim_column("slug"),
    Column("event", "question__event__slug", Text(), doc="the event's slug (or its title)"),
    Column(
        "question",
        "question__text",
        Text(),
        CLAIM.field("question"),
        CLAIM,
        doc="the question's text (or its slug)",
    ),
    Column(
        "source",
        "source__name",
        Text(),
        CLAIM.field("source"),
        CLAIM,
        doc="the source's name (or its slug)",
    ),
    Column(
        "source kind",
        "source__kind",
        Choice(Source.Kind),
        read=False,
        doc="written for the reader; an import leaves sources as they are",
    ),
    *(claim_column(name) for name in ("speaker_name", "speaker_role", "via", "stance")),
    claim_column("summary"),
    claim_column("quote"),
    *(figure_column(field.name) for field in FIGURE.fields if field.column),
    claim_column("stated_on"),
    claim_column("stated_when"),
    Column("article title", "article__title", Text(), doc="where it was reported"),
    Column("outlet", "article__outlet", Text()),
    Column("url", "article__url", Text()),
    claim_column("retracted_on"),
    claim_column("retraction_reason"),
    claim_column("withdraw_retraction"),
    Column(
        "question slug",
        "question__slug",
        Text(),
        doc="names the question exactly; `question` beside it must be its text (or be left empty)",
    ),
    Column(
        "source slug",
        "source__slug",
        Text(),
        doc="names the source exactly; `source` beside it must be its name (or be left empty)",
    ),
    Column(
        "article slug",
        "article__slug",
        Text(),
        doc=(
            "names the article exactly (a new slug creates it from title, outlet and URL); "
            "a stored article's `article title` must be its title"
        ),
    ),
    Column(
        "measure slug",
        "figures__measure__slug",
        Text(),
        FIGURE.field("measure"),
        FIGURE,
        doc=(
            "names the figure's measure exactly; `unit` and `counted` beside it must be the "
            "measure's"
        ),
    ),
    claim_column("text_start"),
    claim_column("text_end"),
    # New columns go at the end, so spreadsheets made for the earlier ones keep working.
    claim_column("quote_language"),
    claim_column("quote_translation"),
    claim_column("translated_by"),
)
WRITTEN_COLUMNS = tuple(column for column in CSV_COLUMNS if column.written)
CSV_HEADERS = [column.header for column in WRITTEN_COLUMNS]
COLUMNS_BY_HEADER = {column.header: column for column in CSV_COLUMNS}
# A CSV must name the claim's event; its question by text or slug; a new claim also needs its
# source and summary.
REQUIRED_COLUMNS = ("event",)


# The order both formats write claims in: event by event, questions in their order, claims as
# entered; one row per figure (a LEFT JOIN, so a claim without figures still gives one row).
ROW_ORDER = [
    "question__event__slug",
    "question__position",
    "question_id",
    "id",
    "figures__position",
    "figures__id",
]
