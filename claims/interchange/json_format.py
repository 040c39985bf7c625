"""The interchange JSON: reading a document into the database, and writing one out.

The layout is described in docs/interchange-format.md: sources and articles at the top, then
events with their questions and claims, each claim with its figures, every record named by slug.
Written documents are indented like `json.dumps(indent=2)` and stable: export, import into an
empty database and export again gives the same bytes.
"""

import json
import re
from decimal import Decimal
from itertools import groupby
from json.encoder import encode_basestring

from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef

from ..models import (
    Article,
    Claim,
    Event,
    Figure,
    Measure,
    Question,
    Source,
    public_by_claims,
)
from .loading import InvalidDocument, Loader, collection_paused
from .schema import (
    ARTICLE,
    CLAIM,
    EVENT,
    FIGURE,
    FORMAT_NAME,
    FORMAT_VERSION,
    MEASURE,
    QUESTION,
    READABLE_VERSIONS,
    ROW_ORDER,
    SOURCE,
    Choice,
    Count,
    Date,
    Invalid,
    LanguageTag,
    Number,
    Reference,
    Text,
    described,
    shortened,
)

CHUNK_SIZE = 2000
TOP_LEVEL_KEYS = ("format", "version", "sources", "articles", "events")


# Reading -------------------------------------------------------------------------------------


class JsonObject(dict):
    """A JSON object that remembers the keys its text gave more than once."""

    duplicates = ()


def json_object(pairs):
    found = JsonObject(pairs)
    if len(found) != len(pairs):
        seen = set()
        found.duplicates = [key for key, _ in pairs if key in seen or seen.add(key)]
    return found


# JSON's \u escapes can spell half of a surrogate pair, which no database or page can hold.
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# How JSON text spells one: a \u escape of D800 to DFFF.
SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def unpaired_surrogates(value, where="$"):
    """[(JSON path, problem)] for every key or text in `value` holding half a surrogate pair."""
    if isinstance(value, str):
        found = LONE_SURROGATE.search(value)
        if found:
            code = f"\\u{ord(found.group()):04x}"
            return [
                (where, f"contains half of a surrogate pair ({code}), which is not a character")
            ]
        return []
    if isinstance(value, dict):
        problems = []
        for key, item in value.items():
            shown = LONE_SURROGATE.sub("\ufffd", shortened(key, 40))
            problems += unpaired_surrogates(key, f"{where}.{shown}")
            problems += unpaired_surrogates(item, f"{where}.{shown}")
        return problems
    if isinstance(value, list):
        return [
            p for i, item in enumerate(value) for p in unpaired_surrogates(item, f"{where}[{i}]")
        ]
    return []


def holds_surrogates(text):
    """Whether the text holds half of a surrogate pair, which UTF-8 cannot encode (a quicker
    test than searching for one)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


TOO_DEEP = "nested too deeply to read: the format nests at most five levels"


def refuse_constant(name):
    raise ValueError(f"{name} is not a number this format takes")


def parse_json(text, name="document"):
    """Parse interchange JSON, keeping every number exact (as Decimal).

    Anything the parser cannot take (bad syntax, nesting too deep to follow, a number of
    thousands of digits, NaN, half of a surrogate pair) is an InvalidDocument naming the file,
    never a crash.
    """
    try:
        with collection_paused():
            document = json.loads(
                text,
                parse_float=Decimal,
                parse_constant=refuse_constant,
                object_pairs_hook=json_object,
            )
    except json.JSONDecodeError as error:
        problem = f"not valid JSON: {error.msg} (column {error.colno})"
        raise InvalidDocument([(f"{name}:{error.lineno}", problem)]) from None
    except RecursionError:
        raise InvalidDocument([(name, TOO_DEEP)]) from None
    except ValueError as error:  # an integer beyond Python's digit limit, or NaN
        problem = "a number with too many digits" if "digits" in str(error) else str(error)
        raise InvalidDocument([(name, f"not readable: {problem}")]) from None
    if isinstance(text, str) and not (SURROGATE_ESCAPE.search(text) or holds_surrogates(text)):
        return document  # nothing in it could spell half a pair: no need to walk it
    try:
        problems = unpaired_surrogates(document)
    except RecursionError:
        raise InvalidDocument([(name, TOO_DEEP)]) from None
    if problems:
        raise InvalidDocument(problems)
    return document


class DocumentLoader(Loader):
    """Loads a parsed interchange document, reporting problems by JSON path."""

    def __init__(self, change_reason, user=None, previewed_versions=None):
        super().__init__(change_reason, user, previewed_versions)
        self.found = {}  # (model, slug) -> row, for the references of the whole file
        self.stored_named = {}  # model -> {slug: stored row} of the sources or articles given
        self.version = FORMAT_VERSION
        self.readings = {}  # (record name, version) -> how it is read (see `reading`)

    def read(self, record, data, where):
        """The values `data` gives for the record, read by the schema; None after errors.

        Nested lists (an event's claims, a claim's figures) come back under their keys.
        """
        if not isinstance(data, dict):
            self.error(where, f"expected an object, got {described(data)}")
            return None
        errors_before = len(self.errors)
        for key in getattr(data, "duplicates", ()):
            self.error(self.at(where, key), "given twice")
        allowed, fields, children = self.reading(record)
        for key in data:
            if key not in allowed:
                self.error(self.at(where, shortened(key, 40)), self.unknown(record, key))
        values = {}
        for field, read_json, taken in fields:
            if taken and field.key in data:
                try:
                    values[field.name] = read_json(data[field.key])
                except Invalid as problem:
                    self.error(self.at(where, field.key), str(problem))
            elif field.identity:
                self.error(self.at(where, field.key), "missing field")
        for key in children:
            if key in data:
                if isinstance(data[key], list):
                    values[key] = data[key]
                else:
                    self.error(self.at(where, key), f"expected a list, got {described(data[key])}")
        return values if len(self.errors) == errors_before else None

    def reading(self, record):
        """How this file's version reads the record: the keys it takes; each field, its reader
        and whether it is taken; the keys of its child lists. Worked out once a load."""
        if (record.name, self.version) not in self.readings:
            allowed = self.keys_read(record)
            self.readings[(record.name, self.version)] = (
                allowed,
                [(field, field.type.read_json, field.key in allowed) for field in record.fields],
                [child.key for child in record.children_in(self.version)],
            )
        return self.readings[(record.name, self.version)]

    def keys_read(self, record):
        return set(record.keys_in(self.version))

    def unknown(self, record, key):
        """Why a key is refused: unknown, or known to another version of the format."""
        versions = [
            version
            for version in READABLE_VERSIONS
            if version != self.version and key in record.keys_in(version)
        ]
        if versions:
            return f"not in version {self.version} of the format (only in version {versions[0]})"
        return "unknown field"

    def listed(self, data, key, where):
        value = data.get(key, [])
        if not isinstance(value, list):
            self.error(self.at(where, key), f"expected a list, got {described(value)}")
            return []
        return value

    def find(self, model, slug, where):
        """The row a reference names: one this file gave, or one already stored."""
        if (model, slug) not in self.found:
            self.found[(model, slug)] = model.objects.filter(slug=slug).first()
        row = self.found[(model, slug)]
        if row is None:
            self.error(where, f"unknown {model._meta.verbose_name} {shortened(repr(slug))}")
        return row

    def resolve(self, values, name, model, where):
        """Replace a slug among the values by the row it names; False if there is none."""
        if values.get(name) is None:
            return True
        values[name] = self.find(model, values[name], self.at(where, name))
        return values[name] is not None

    def load(self, document):
        if not isinstance(document, dict):
            self.error("$", f"expected a JSON object, got {described(document)}")
            return
        for key in getattr(document, "duplicates", ()):
            self.error(f"$.{key}", "given twice")
        if document.get("format") != FORMAT_NAME:
            self.error("$.format", f'expected "{FORMAT_NAME}"')
        version = document.get("version")
        if type(version) is not int or version not in READABLE_VERSIONS:
            shown = repr(version) if isinstance(version, int | str) else described(version)
            *earlier, last = (str(v) for v in READABLE_VERSIONS)
            readable = f"{', '.join(earlier)} or {last}" if earlier else last
            self.error("$.version", f"expected {readable}, got {shortened(shown)}")
        else:
            self.version = version
        for key in document:
            if key not in TOP_LEVEL_KEYS:
                self.error(f"$.{shortened(key, 40)}", "unknown field")
        if self.errors:
            return
        for record in (SOURCE, ARTICLE):
            listed = self.listed(document, record.key, "$")
            self.stored_named[record.model] = stored_by_slug(record.model, listed)
            for index, data in enumerate(listed):
                self.load_named(record, data, f"$.{record.key}[{index}]")
        for index, data in enumerate(self.listed(document, "events", "$")):
            self.load_event_data(data, f"$.events[{index}]")

    def load_named(self, record, data, where):
        """A source or an article: found by its slug, or new."""
        values = self.read(record, data, where)
        if values is None:
            return
        if record is SOURCE and not self.resolve(values, "parent", Source, where):
            return
        slug = values.pop("slug")
        if not self.first_time(record, slug, where):
            return
        model = record.model
        row = self.stored_named[model].get(slug) or model(slug=slug)
        parent = values.get("parent")
        if parent is not None and parent.pk is None:
            self.write_waiting()  # a source's parent, new in this file, is written first
        label = f"{record.name} {slug}"
        saved = self.apply(record, row, values, where, label, together=True)
        if saved is not None:
            self.found[(model, slug)] = saved

    def load_event_data(self, data, where):
        values = self.read(EVENT, data, where)
        if values is None:
            return
        question_list = values.pop("questions", [])
        claim_list = values.pop("claims", [])
        event = self.load_event(values, where)
        if event is None:
            return
        listed = []
        for index, question_data in enumerate(question_list):
            question_where = f"{where}.questions[{index}]"
            question_values = self.read(QUESTION, question_data, question_where)
            if question_values is None:
                continue
            if "measures" in question_values:
                question_values["measures"] = self.read_list(
                    MEASURE, question_values["measures"], f"{question_where}.measures"
                )
            listed.append((question_values, question_where))
        questions = self.load_questions(event, listed)
        # The stored claims of the questions the file's claims name, read at once.
        named = {
            data["question"]
            for data in claim_list
            if isinstance(data, dict) and isinstance(data.get("question"), str)
        }
        self.read_claims(questions[slug] for slug in questions if slug in named)
        for index, claim_data in enumerate(claim_list):
            self.load_claim_data(claim_data, f"{where}.claims[{index}]", event, questions)
        self.finish_version_1_questions()

    def read_list(self, record, items, where):
        """[(values, where)] of the items that read without error."""
        read = []
        for index, data in enumerate(items):
            item_where = f"{where}[{index}]"
            values = self.read(record, data, item_where)
            if values is not None:
                read.append((values, item_where))
        return read

    def load_claim_data(self, data, where, event, questions):
        values = self.read(CLAIM, data, where)
        if values is None:
            return
        question = questions.get(values.pop("question"))
        if question is None:
            self.error(
                self.at(where, "question"),
                f"unknown question {shortened(repr(data['question']))} in {event.slug}",
            )
            return
        found_source = self.resolve(values, "source", Source, where)
        if not (self.resolve(values, "article", Article, where) and found_source):
            return
        figures = None
        if "figures" in values:
            figures = []
            for index, figure_data in enumerate(values.pop("figures")):
                figure_where = f"{where}.figures[{index}]"
                figure_values = self.read(FIGURE, figure_data, figure_where)
                if figure_values is None:
                    return
                figures.append((figure_values, figure_where))
        self.load_claim(question, values, where, figures)


def stored_by_slug(model, listed):
    """{slug: row} of the stored records a file's list names, read in one go."""
    slugs = {data.get("slug") for data in listed if isinstance(data, dict)}
    slugs = [slug for slug in slugs if isinstance(slug, str)]
    return model.objects.in_bulk(slugs, field_name="slug") if slugs else {}


# Writing -------------------------------------------------------------------------------------

_encode_scalar = json.JSONEncoder(ensure_ascii=False).encode


def dumps(value, depth=0):
    """JSON text laid out as `json.dumps(indent=2)` would, nested `depth` levels deep.

    Decimals are written exactly as numbers: no float ever stands between the stored value
    and the file, so 1234567890123456.1234 stays what it is.
    """
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = "\n" + "  " * (depth + 1)
        items = (f"{_encode_scalar(key)}: {dumps(item, depth + 1)}" for key, item in value.items())
        return "{" + inner + ("," + inner).join(items) + "\n" + "  " * depth + "}"
    if isinstance(value, list):
        if not value:
            return "[]"
        inner = "\n" + "  " * (depth + 1)
        items = (dumps(item, depth + 1) for item in value)
        return "[" + inner + ("," + inner).join(items) + "\n" + "  " * depth + "]"
    if isinstance(value, Decimal):
        return str(value)
    return _encode_scalar(value)


def record_object(record, row):
    """A row as the format's object: its written fields, in the schema's order."""
    return {
        field.key: field.type.write_json(getattr(row, field.name))
        for field in record.written_fields
    }


def question_object(question, measures):
    data = record_object(QUESTION, question)
    data["measures"] = [record_object(MEASURE, measure) for measure in measures]
    return data


def value_text(value, depth):
    """One JSON value as text: the common scalars without a detour through the encoder."""
    if value is None:
        return "null"
    if isinstance(value, str):
        return encode_basestring(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | Decimal):
        return str(value)
    return dumps(value, depth)


def plain_text(value):
    return "null" if value is None else encode_basestring(value)


def value_writer(field, depth):
    """A function from what `field.path` read to its JSON text: text read as it is stored goes
    straight to the encoder, the bulk of a large export; anything else as value_text() says."""
    if isinstance(field.type, Reference) or type(field.type) in (Text, LanguageTag, Choice):
        return plain_text
    return lambda value: value_text(field.json_from_row(value), depth)


class RowWriter:
    """Writes a record's objects straight from `values_list` rows, no model objects built:
    the bulk of a large export (claims and their figures) goes through here."""

    def __init__(self, record, depth):
        self.fields = record.written_fields
        self.paths = [field.path for field in self.fields]
        self.depth = depth
        self.keys = [encode_basestring(field.key) + ": " for field in self.fields]
        self.writers = [value_writer(field, depth + 1) for field in self.fields]
        self.inner = ",\n" + "  " * (depth + 1)
        self.close = "\n" + "  " * depth + "}"

    def text(self, row, after=()):
        """The object for one row; `after` adds (key, JSON text) pairs at its end."""
        items = [
            key + write(value)
            for key, write, value in zip(self.keys, self.writers, row, strict=True)
        ]
        items.extend(f"{encode_basestring(key)}: {text}" for key, text in after)
        return "{\n" + "  " * (self.depth + 1) + self.inner.join(items) + self.close


CLAIM_WRITER = RowWriter(CLAIM, 4)
FIGURE_WRITER = RowWriter(FIGURE, 6)


def figure_list_text(figure_rows):
    if not figure_rows:
        return "[]"
    inner = "\n" + "  " * 6
    items = [FIGURE_WRITER.text(row) for row in figure_rows]
    return "[" + inner + ("," + inner).join(items) + "\n" + "  " * 5 + "]"


def claim_texts_by_event(claims):
    """(event id, [the objects of some of its claims, as text]) for every claim, events in slug
    order, claims in question order with their figures: one query streamed through a
    server-side cursor, whatever the number of claims and events. On PostgreSQL the database
    writes each claim's text (`postgresql_claim_texts`), the same bytes, several times faster."""
    if connection.vendor == "postgresql":
        return postgresql_claim_texts(claims)
    return runs_by_event(python_claim_texts(claims))


def python_claim_texts(claims):
    """(event id, claim text) for every claim, its text written in Python."""
    figure_paths = [f"figures__{path}" for path in FIGURE_WRITER.paths]
    rows = (
        claims.order_by(*ROW_ORDER)
        .values_list("question__event_id", "id", "figures__id", *CLAIM_WRITER.paths, *figure_paths)
        .iterator(chunk_size=CHUNK_SIZE)
    )
    claim_width = len(CLAIM_WRITER.paths)
    for (event_id, _), group in groupby(rows, key=lambda row: (row[0], row[1])):
        first = next(group)
        figure_rows = [row[3 + claim_width :] for row in (first, *group) if row[2] is not None]
        figures_text = figure_list_text(figure_rows)
        yield (
            event_id,
            CLAIM_WRITER.text(first[3 : 3 + claim_width], after=[("figures", figures_text)]),
        )


def runs_by_event(pairs, size=CHUNK_SIZE):
    """(event id, [texts]) from (event id, text) pairs: up to `size` of one event's at a time,
    so the document is sent in a few large chunks rather than one per claim."""
    for event_id, group in groupby(pairs, key=lambda pair: pair[0]):
        texts = [text for _, text in group]
        for start in range(0, len(texts), size):
            yield event_id, texts[start : start + size]


# How each kind of value is written as JSON text by PostgreSQL: the bytes value_text() writes.
# to_json() escapes text as Python's encoder does (ensure_ascii off: \", \\, \b \f \n \r
# \t and \u00xx for other control characters) and writes dates as ISO, whatever DateStyle.
# Numbers come exact, their trailing zeros trimmed as exact_number() trims them (four decimal
# places at most, so Python never writes one in exponent form).
def json_value_sql(field, name):
    kind = type(field.type)
    if isinstance(field.type, Reference) or kind in (Text, LanguageTag, Choice, Date):
        return f"COALESCE(to_json({name})::text, 'null')"
    if kind is Number:
        return f"COALESCE(trim_scale({name})::text, 'null')"
    if kind is Count:
        return f"COALESCE({name}::text, 'null')"
    raise TypeError(f"no SQL writes a {kind.__name__} as JSON")


def object_sql(writer, prefix, after=()):
    """SQL writing one row's object as RowWriter.text() does, from the columns `prefix`0,
    `prefix`1…; `after` adds (key, SQL of its JSON text, its parameters) members at its end.
    Returns the SQL and its parameters, the text between the values among them."""
    members = [
        (key, json_value_sql(field, f"{prefix}{index}"), [])
        for index, (key, field) in enumerate(zip(writer.keys, writer.fields, strict=True))
    ]
    members += [(encode_basestring(key) + ": ", sql, its) for key, sql, its in after]
    opening = "{\n" + "  " * (writer.depth + 1)
    parts, params = [], []
    for index, (key, sql, its) in enumerate(members):
        parts += ["%s", sql]
        params += [(opening if index == 0 else writer.inner) + key, *its]
    return " || ".join([*parts, "%s"]), [*params, writer.close]


def postgresql_claim_texts(claims):
    """(event id, [claim texts]) with each claim's text written by PostgreSQL, its figures
    gathered by a subquery on the figures' claim index; streamed through a server-side cursor
    in a transaction of its own, so that rows arrive as the database finds them, not after it
    has kept the whole result for a cursor that outlives the transaction."""
    cells = {f"c{index}": F(path) for index, path in enumerate(CLAIM_WRITER.paths)}
    order = {f"o{index}": F(path) for index, path in enumerate(ROW_ORDER[:4])}
    inner = claims.order_by().annotate(event=F("question__event_id"), **cells, **order)
    inner_sql, inner_params = inner.values_list(
        "event", "id", *cells, *order
    ).query.sql_with_params()
    figure_cells = {f"f{index}": F(path) for index, path in enumerate(FIGURE_WRITER.paths)}
    figures = (
        Figure.objects.order_by()
        .annotate(**figure_cells)
        .values_list("claim_id", "position", "id", *figure_cells)
    )
    figures_sql, figures_params = figures.query.sql_with_params()
    figure_text, figure_params = object_sql(FIGURE_WRITER, "f")
    separator = ",\n" + "  " * (FIGURE_WRITER.depth)
    figure_list = (
        f"COALESCE((SELECT %s || string_agg({figure_text}, %s ORDER BY position, id) || %s"
        f" FROM ({figures_sql}) AS figure WHERE figure.claim_id = found.id), '[]')"
    )
    figure_list_params = [
        "[" + separator[1:],
        *figure_params,
        separator,
        "\n" + "  " * (FIGURE_WRITER.depth - 1) + "]",
        *figures_params,
    ]
    claim_text, claim_params = object_sql(
        CLAIM_WRITER, "c", after=[("figures", figure_list, figure_list_params)]
    )
    statement = (
        f"SELECT event, {claim_text} FROM ({inner_sql}) AS found ORDER BY {', '.join(order)}"
    )
    with transaction.atomic(using=connection.alias), connection.chunked_cursor() as cursor:
        cursor.execute(statement, [*claim_params, *inner_params])
        while rows := cursor.fetchmany(CHUNK_SIZE):
            yield from runs_by_event(rows)


def questions_by_event(events, claims):
    """(event id, the question's object) for the events' questions, events in slug order: the
    questions answered by a published claim or by one of the claims, with their measures
    (looked up once a chunk of questions, by their ids)."""
    given = claims.order_by().filter(question=OuterRef("pk"))
    questions = (
        Question.objects.filter(event__in=events.values("pk"))
        .filter(public_by_claims(Claim.objects, "question") | Exists(given))
        .order_by("event__slug", "position", "id")
    )
    chunk = []
    for question in questions.iterator(chunk_size=CHUNK_SIZE):
        chunk.append(question)
        if len(chunk) == CHUNK_SIZE:
            yield from with_measures(chunk)
            chunk = []
    yield from with_measures(chunk)


def with_measures(questions):
    """(event id, object) of each question, its measures read for all of them in one query."""
    measures = {question.pk: [] for question in questions}
    if measures:
        found = Measure.objects.filter(question__in=list(measures)).order_by("position", "id")
        for measure in found:
            measures[measure.question_id].append(measure)
    for question in questions:
        yield question.event_id, question_object(question, measures[question.pk])


def taken_while(event_id, pairs):
    """The items of (event id, item) pairs that belong to the event, leaving the next event's
    first pair in `pairs` (a one-item look-ahead)."""
    while pairs.peek() is not None and pairs.peek()[0] == event_id:
        yield pairs.next()[1]


class Lookahead:
    def __init__(self, iterable):
        self.iterator = iter(iterable)
        self.ahead = next(self.iterator, None)

    def peek(self):
        return self.ahead

    def next(self):
        current, self.ahead = self.ahead, next(self.iterator, None)
        return current


def _list_items(objects, depth):
    """The items of a JSON list, one chunk each, comma-separated."""
    return _list_texts((dumps(data, depth) for data in objects), depth)


def _list_texts(texts, depth):
    """Items already written as JSON text, one chunk each, comma-separated."""
    first = True
    for text in texts:
        yield ("\n" if first else ",\n") + "  " * depth + text
        first = False
    if not first:
        yield "\n" + "  " * (depth - 1)


def _list_runs(runs, depth):
    """Items already written as JSON text, given in lists: one chunk a list, comma-separated."""
    separator = ",\n" + "  " * depth
    first = True
    for texts in runs:
        yield (separator[1:] if first else separator) + separator.join(texts)
        first = False
    if not first:
        yield "\n" + "  " * (depth - 1)


def sources_with_ancestors(claims):
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
    """The interchange document holding the given claims, in chunks of text.

    It carries the claims' sources (and their parents), articles, events and the questions of
    those events, so it loads into an empty database: every question but one answered only by
    unpublished claims not among these (a reader's export never names a draft's question).
    The claims with their figures are one query, and the events' questions another (their
    measures one more a chunk of questions), read in chunks whatever the number of events.
    """
    sources = sources_with_ancestors(claims)
    # Asked of each article and event whether one of the claims is theirs, through the
    # claims' indexes: a join of every claim, made distinct, reads them all.
    its_claims = claims.order_by()
    articles = Article.objects.filter(Exists(its_claims.filter(article=OuterRef("pk"))))
    articles = articles.order_by("slug")
    events = Event.objects.filter(Exists(its_claims.filter(question__event=OuterRef("pk"))))
    events = events.order_by("slug")

    yield '{\n  "format": ' + json.dumps(FORMAT_NAME) + ',\n  "version": ' + str(FORMAT_VERSION)
    yield ',\n  "sources": ['
    yield from _list_items((record_object(SOURCE, source) for source in sources), 2)
    yield '],\n  "articles": ['
    articles = articles.iterator(CHUNK_SIZE)
    yield from _list_items((record_object(ARTICLE, article) for article in articles), 2)
    yield '],\n  "events": ['
    questions = Lookahead(questions_by_event(events, claims))
    claim_runs = Lookahead(claim_texts_by_event(claims))
    for index, event in enumerate(events):
        event_text = dumps(record_object(EVENT, event), 2)
        head = event_text[: event_text.rindex("\n")]  # the event's fields, still open
        yield ("\n    " if index == 0 else ",\n    ") + head + ',\n      "questions": ['
        yield from _list_items(taken_while(event.pk, questions), 4)
        yield '],\n      "claims": ['
        yield from _list_runs(taken_while(event.pk, claim_runs), 4)
        yield "]\n    }"
    yield ("\n  " if events else "") + "]\n}\n"
