"""Load documents in the claim tracker's interchange format into the database.

The interchange format is the JSON the seed files are written in (see docs/interchange-format.md):
sources and articles at the top, then events with their questions and claims, each claim with
its figures. Everything is identified by slug, so loading the same document twice changes
nothing, and a document can be re-loaded after an edit to update what it describes.

A load is one transaction: every error is collected with its JSON path, and if there is any, the
whole load is rolled back and `InvalidDocument` lists them all.
"""

import json
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ..formats import FORMAT_NAME, FORMAT_VERSION
from ..models import Article, Claim, Event, Figure, Question, Source

# For each kind of object: its fields, and for each the value a missing key means (REQUIRED: none).
REQUIRED = object()
SOURCE_FIELDS = {
    "slug": REQUIRED,
    "name": REQUIRED,
    "kind": Source.Kind.OTHER,
    "parent": None,
    "affiliation": "",
    "based_in": "",
    "website": "",
    "description": "",
}
ARTICLE_FIELDS = {
    "slug": REQUIRED,
    "title": REQUIRED,
    "outlet": "",
    "url": "",
    "published_on": None,
    "author": "",
    "notes": "",
}
EVENT_FIELDS = {
    "slug": REQUIRED,
    "title": REQUIRED,
    "summary": "",
    "place": "",
    "starts_on": None,
    "ends_on": None,
    "questions": [],
    "claims": [],
}
QUESTION_FIELDS = {"slug": REQUIRED, "text": REQUIRED, "kind": REQUIRED, "unit": ""}
CLAIM_FIELDS = {
    "slug": REQUIRED,
    "question": REQUIRED,
    "source": REQUIRED,
    "speaker_name": "",
    "speaker_role": "",
    "via": "",
    "stance": "",
    "summary": REQUIRED,
    "quote": "",
    "stated_on": None,
    "stated_when": "",
    "article": None,
    "retracted_on": None,
    "retraction_reason": "",
    "figures": [],
}
FIGURE_FIELDS = {
    "qualifier": REQUIRED,
    "low": None,
    "high": None,
    "unit": REQUIRED,
    "counted": "",
    "place": "",
    "period": "",
    "period_start": None,
    "period_end": None,
}


class InvalidDocument(Exception):
    """The document could not be loaded; `errors` lists (JSON path, message) pairs."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__("\n".join(f"{path}: {message}" for path, message in errors))


@dataclass
class LoadReport:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    deleted: Counter = field(default_factory=Counter)

    @property
    def changed_anything(self):
        return bool(self.created or self.updated or self.deleted)

    def _phrases(self, counter):
        return [count_phrase(number, name) for name, number in sorted(counter.items())]

    def summary(self):
        """ "created: 1 article, 25 claims; unchanged: 11 sources" """
        parts = [
            f"{label}: {', '.join(self._phrases(counter))}"
            for label, counter in (
                ("created", self.created),
                ("updated", self.updated),
                ("deleted", self.deleted),
                ("unchanged", self.unchanged),
            )
            if counter
        ]
        return "; ".join(parts) or "nothing to load"

    def actions(self):
        """What the load did or would do, a sentence each: "Create 25 claims"."""
        return (
            [f"Create {phrase}" for phrase in self._phrases(self.created)]
            + [f"Update {phrase}" for phrase in self._phrases(self.updated)]
            + [f"Delete {phrase}" for phrase in self._phrases(self.deleted)]
            + [f"Leave {phrase} unchanged" for phrase in self._phrases(self.unchanged)]
        )


def count_phrase(number, plural):
    """ "1 claim", "2 claims": every model here makes its plural with a final s."""
    return f"{number} {plural[:-1] if number == 1 else plural}"


class DocumentLoader:
    def __init__(self, change_reason):
        self.change_reason = change_reason
        self.errors = []
        self.report = LoadReport()

    def error(self, path, message):
        self.errors.append((path, message))

    def at(self, path, name):
        """Where a field is, in the words of the input's format."""
        return f"{path}.{name}"

    def progress(self):
        """Called after each claim; a loader for the command line reports progress here."""

    def read_fields(self, data, spec, path):
        """The object's values with defaults filled in, or None after reporting what is wrong."""
        if not isinstance(data, dict):
            self.error(path, "expected an object")
            return None
        ok = True
        for key in data.keys() - spec.keys():
            self.error(self.at(path, key), "unknown field")
            ok = False
        values = {}
        for key, default in spec.items():
            if key in data:
                values[key] = data[key]
            elif default is REQUIRED:
                self.error(self.at(path, key), "missing field")
                ok = False
            else:
                values[key] = default
        return values if ok else None

    def upsert(self, model, lookup, values, path, instance=None):
        """Create or update one row; save only if something differs. Returns it, or None.

        The row is the one `lookup` finds, or a new one with those values; or `instance`.
        """
        if instance is None:
            instance = model.objects.filter(**lookup).first() or model(**lookup)
        is_new = instance.pk is None
        changed = False
        for name, raw in values.items():
            model_field = model._meta.get_field(name)
            if model_field.is_relation:
                current = getattr(instance, model_field.attname)
                if current != (raw.pk if raw is not None else None):
                    setattr(instance, name, raw)
                    changed = True
                continue
            if raw is None and not model_field.null:
                raw = ""
            try:
                value = model_field.to_python(raw)
            except ValidationError as error:
                self.error(self.at(path, name), " ".join(error.messages))
                return None
            if value != getattr(instance, name):
                setattr(instance, name, value)
                changed = True
        label = model._meta.verbose_name_plural
        if not (is_new or changed):
            self.report.unchanged[label] += 1
            return instance
        try:
            instance.full_clean()
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                where = path if name == "__all__" else self.at(path, name)
                self.error(where, " ".join(messages))
            return None
        instance._change_reason = self.change_reason
        try:
            with transaction.atomic():
                instance.save()
        except IntegrityError as error:
            self.error(path, f"refused by the database: {error}")
            return None
        (self.report.created if is_new else self.report.updated)[label] += 1
        return instance

    def load(self, document):
        if not isinstance(document, dict):
            self.error("$", "expected a JSON object")
            return
        if document.get("format") != FORMAT_NAME:
            self.error("$.format", f'expected "{FORMAT_NAME}"')
        if document.get("version") != FORMAT_VERSION:
            self.error("$.version", f"expected {FORMAT_VERSION}, got {document.get('version')!r}")
        if self.errors:
            return
        for key in document.keys() - {"format", "version", "sources", "articles", "events"}:
            self.error(f"$.{key}", "unknown field")
        sources = {}
        for index, data in enumerate(self.list_at(document, "sources", "$")):
            source = self.load_source(data, f"$.sources[{index}]")
            if source:
                sources[source.slug] = source
        articles = {}
        for index, data in enumerate(self.list_at(document, "articles", "$")):
            values = self.read_fields(data, ARTICLE_FIELDS, f"$.articles[{index}]")
            if values:
                slug = values.pop("slug")
                article = self.upsert(Article, {"slug": slug}, values, f"$.articles[{index}]")
                if article:
                    articles[slug] = article
        for index, data in enumerate(self.list_at(document, "events", "$")):
            self.load_event(data, f"$.events[{index}]", sources, articles)

    def list_at(self, data, key, path):
        value = data.get(key, [])
        if not isinstance(value, list):
            self.error(self.at(path, key), "expected a list")
            return []
        return value

    def find(self, model, known, slug, path, what):
        """A row by slug: one this document defines, or one already in the database."""
        if slug is None:
            return None
        if slug in known:
            return known[slug]
        found = model.objects.filter(slug=slug).first() if isinstance(slug, str) else None
        if found is None:
            self.error(path, f"unknown {what} {slug!r}")
        return found

    def load_source(self, data, path):
        values = self.read_fields(data, SOURCE_FIELDS, path)
        if values is None:
            return None
        slug = values.pop("slug")
        parent_slug = values["parent"]
        values["parent"] = None
        if parent_slug is not None:
            values["parent"] = self.find(Source, {}, parent_slug, self.at(path, "parent"), "source")
            if values["parent"] is None:
                return None
        return self.upsert(Source, {"slug": slug}, values, path)

    def load_event(self, data, path, sources, articles):
        values = self.read_fields(data, EVENT_FIELDS, path)
        if values is None:
            return
        question_list = self.list_at(values, "questions", path)
        claim_list = self.list_at(values, "claims", path)
        del values["questions"], values["claims"]
        slug = values.pop("slug")
        event = self.upsert(Event, {"slug": slug}, values, path)
        if event is None:
            return
        questions = {}
        for position, question_data in enumerate(question_list):
            question_path = f"{path}.questions[{position}]"
            question_values = self.read_fields(question_data, QUESTION_FIELDS, question_path)
            if question_values is None:
                continue
            question_values["position"] = position
            question_slug = question_values.pop("slug")
            question = self.upsert(
                Question, {"event": event, "slug": question_slug}, question_values, question_path
            )
            if question:
                questions[question_slug] = question
        for index, claim_data in enumerate(claim_list):
            self.load_claim(
                claim_data, f"{path}.claims[{index}]", event, questions, sources, articles
            )

    def load_claim(self, data, path, event, questions, sources, articles, figure_paths=None):
        """Load one claim and its figures; `figure_paths` name where each figure came from."""
        self.progress()
        values = self.read_fields(data, CLAIM_FIELDS, path)
        if values is None:
            return
        question_slug = values.pop("question")
        question = questions.get(question_slug)
        if question is None:
            self.error(
                self.at(path, "question"), f"unknown question {question_slug!r} in {event.slug}"
            )
            return
        errors_before = len(self.errors)
        values["source"] = self.find(
            Source, sources, values["source"], self.at(path, "source"), "source"
        )
        values["article"] = self.find(
            Article, articles, values["article"], self.at(path, "article"), "article"
        )
        if len(self.errors) > errors_before:
            return
        figure_list = self.list_at(values, "figures", path)
        del values["figures"]
        if figure_list and not question.is_figure:
            self.error(
                self.at(path, "figures"), "figures belong only to claims on figure questions"
            )
            return
        slug = values.pop("slug")
        claim = self.upsert(Claim, {"question": question, "slug": slug}, values, path)
        if claim is None:
            return
        existing = list(claim.figures.order_by("position", "id"))
        for position, figure_data in enumerate(figure_list):
            figure_path = figure_paths[position] if figure_paths else f"{path}.figures[{position}]"
            figure_values = self.read_fields(figure_data, FIGURE_FIELDS, figure_path)
            if figure_values is None:
                continue
            figure_values["position"] = position
            figure = existing[position] if position < len(existing) else Figure(claim=claim)
            self.upsert(Figure, None, figure_values, figure_path, instance=figure)
        for surplus in existing[len(figure_list) :]:
            surplus._change_reason = self.change_reason
            surplus.delete()
            self.report.deleted[Figure._meta.verbose_name_plural] += 1


def run_loader(loader, load, dry_run=False):
    """Run a load in one transaction; roll it all back and raise if anything was wrong.

    A dry run rolls back in any case: its report says what a real run would do.
    """
    with transaction.atomic():
        load()
        if loader.errors or dry_run:
            transaction.set_rollback(True)
    if loader.errors:
        raise InvalidDocument(loader.errors)
    return loader.report


def load_document(document, change_reason="Imported"):
    """Load one interchange document (already parsed from JSON). Returns a LoadReport.

    Raises InvalidDocument, having written nothing, if any part of it is wrong.
    """
    loader = DocumentLoader(change_reason)
    return run_loader(loader, lambda: loader.load(document))


def parse_json(text, name="document"):
    """Parse interchange JSON, keeping every number exact (as Decimal)."""
    try:
        return json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as error:
        raise InvalidDocument(
            [(f"{name}:{error.lineno}", f"not valid JSON: {error.msg}")]
        ) from None


def decode(data, name):
    """Bytes as text; UTF-8 (with or without a byte-order mark) is the only encoding taken."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InvalidDocument(
            [(f"{name}:{line}", "not UTF-8 text: save the file as UTF-8 and try again")]
        ) from None
