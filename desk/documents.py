"""What an editor entered at the desk, as an interchange document for the write service.

The desk makes no record itself. Its rows name their question and source in words; this module
finds the stored ones those words name (a question by slug or text, a source by slug, name or
alias, the event by slug or title) and gives new ones their slugs, then hands the document to
the same loader as every import (`claims.interchange`), which checks and writes everything in
one transaction: measures, bounds, roles, versions, history and the feeds' activity. A problem
the loader finds is put back on the row and field it came from. An article pasted and not yet
stored goes into the same document, so it is stored with its claims or not at all.
"""

import re
from collections import Counter
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from claims.interchange import DocumentLoader, InvalidDocument, load_document
from claims.interchange.json_format import record_object
from claims.interchange.schema import ARTICLE, FIGURE, FORMAT_NAME, FORMAT_VERSION
from claims.models import Article, Claim, Event, Question, Source, plain, unique_slug

from .models import SavedEntry


@dataclass
class Row:
    """One claim as the desk's form gives it, cleaned."""

    number: int
    question: str
    source: str
    summary: str
    stance: str = ""
    speaker_name: str = ""
    speaker_role: str = ""
    via: str = ""
    quote: str = ""
    quote_translation: str = ""
    translated_by: str = ""
    text_start: int | None = None
    text_end: int | None = None
    figure: dict | None = None  # qualifier, low, high, place, period, period_start, period_end
    unit: str = ""
    counted: str = ""
    other_measure: bool = False  # the figure counts something else than the question
    use_question_measure: bool = False  # the figure is on the question's measure, as worded


@dataclass
class Entry:
    """The outcome: what was made, or every problem as (row number or None, field, message)."""

    claims: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    writes: Counter = field(default_factory=Counter)
    already_saved: bool = False  # its form's token was used by an earlier save
    article: object = None  # the article the claims were made from, stored

    @property
    def ok(self):
        return not self.problems


class MeasureDiffers(str):
    """A problem: the figure's unit or counted thing is not its question's measure's. Carries
    the measure, so the row can offer to use it in one click."""

    def __new__(cls, message, measure):
        made = super().__new__(cls, message)
        made.measure = measure
        return made


class DeskLoader(DocumentLoader):
    """The import's loader, saying what to do in the desk's words where they differ.

    A figure at the desk names its question's measure, or words another (its unit and counted
    thing) as a spreadsheet row does; the loader matches that wording to a measure by the same
    rule for both.

    Whoever enters claims here, an Admin too, enters them for review: a second editor
    publishes them (claims.review)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.keeps_states = False

    def keys_read(self, record):
        keys = super().keys_read(record)
        return keys | {"unit", "counted"} if record is FIGURE else keys

    def other_measure_message(self, measure, name, given, stored):
        message = _(
            # Translators: “counts something else” is the box to tick on the claim's row.
            "This question counts %(measure)s in %(unit)s: tick “counts something else” if "
            "this figure does."
        ) % {"measure": measure, "unit": measure.unit}
        return MeasureDiffers(message, measure)

    def refusal_message(self, refused):
        # Translators: %(action)s is what was refused, e.g. "create sources".
        return _("Your role does not allow you to %(action)s.") % {"action": refused}

    def no_measure(self, question, where):
        self.error(self.at(where, "unit"), _("Give the figure's unit: people, %, km…"))
        return False


# Where the loader found a problem, in the document the desk made.
CLAIM_PATH = re.compile(r"\$\.events\[0\]\.claims\[(\d+)\](?:\.figures\[\d+\])?(?:\.(\w+))?")
QUESTION_PATH = re.compile(r"\$\.events\[0\]\.questions\[(\d+)\]")
SOURCE_PATH = re.compile(r"\$\.sources\[(\d+)\]")


class Desk:
    def __init__(self, article, user):
        self.article = article
        self.user = user
        self.entry = Entry()
        self.reason = f"Entered at the desk from “{article.title}”"[:100]

    def problem(self, row, field_name, message):
        self.entry.problems.append((row, field_name, message))

    def enter(self, event_text, rows, token=None):
        """Save every row on the event `event_text` names (slug or title; a new title makes
        it), all or nothing, once for the form's `token`; an article not yet stored is stored
        with them. Returns the Entry."""
        with transaction.atomic():
            saved = self.mark_saved(token)
            if saved is None and token is not None:
                return self.entry
            if self.article.pk is None:  # a slug free when it was pasted may be taken now
                self.article.slug = unique_slug(
                    self.article.slug, lambda slug: Article.objects.filter(slug=slug).exists()
                )
            document = EntryDocument(self.article, event_text, rows, self.problem)
            if self.entry.ok:
                try:
                    report = load_document(
                        document.data, self.reason, user=self.user, loader_class=DeskLoader
                    )
                except InvalidDocument as invalid:
                    for where, message in invalid.errors:
                        self.problem(*document.row_and_field(where), message)
                else:
                    self.entry.claims = report.claims
                    self.entry.writes = report.writes
            if not self.entry.ok:
                transaction.set_rollback(True)
                self.entry.claims = []
            else:
                if self.article.pk is None:
                    self.article = Article.objects.get(slug=self.article.slug)
                if saved is not None:
                    saved.article = self.article
                    saved.save(update_fields=["article"])
                    saved.claims.set(self.entry.claims)
            self.entry.article = self.article
        return self.entry

    def mark_saved(self, token):
        """The record of this save, or None when its token was used (a second submit of the
        same form, waiting on PostgreSQL until the first commits)."""
        if token is None:
            return None
        try:
            with transaction.atomic():
                # The article, when only pasted, is known once the save has stored it.
                article = self.article if self.article.pk else None
                return SavedEntry.objects.create(token=token, article=article)
        except IntegrityError:
            self.entry.already_saved = True
            self.problem(None, None, _("These claims were already saved."))
            return None


class EntryDocument:
    """The rows as one event of an interchange document: stored records named by slug, new
    ones given in full. Problems only the desk can see (a row naming no question) go to
    `problem`; the loader checks the rest."""

    def __init__(self, article, event_text, rows, problem):
        self.article = article
        self.problem = problem
        self.question_rows, self.source_rows, self.claim_rows = [], [], []
        self.data = {"format": FORMAT_NAME, "version": FORMAT_VERSION, "sources": []}
        if article.pk is None:
            self.data["articles"] = [record_object(ARTICLE, article)]
        event = self.event(event_text.strip())
        if event is None:
            return
        self.questions = {}  # plain text or slug -> the question's entry
        self.stored_questions = list(event["_stored"].questions.all()) if event["_stored"] else []
        self.claim_slugs = {}  # question slug -> slugs taken
        self.sources = SourceFinder()
        event_data = {key: value for key, value in event.items() if key != "_stored"}
        event_data["questions"], event_data["claims"] = [], []
        self.event_data = event_data
        for row in rows:
            self.add_row(row)
        self.data["events"] = [event_data]

    def event(self, text):
        if not text:
            self.problem(None, "event", _("Name the event: an existing one, or a new title."))
            return None
        found = Event.objects.named(text)
        if found is not None:
            return {"_stored": found, "slug": found.slug}
        slug = unique_slug(text, lambda slug: Event.objects.filter(slug=slug).exists())
        return {"_stored": None, "slug": slug, "title": text}

    def add_row(self, row):
        question = self.question(row)
        source = self.source(row)
        if question is None or source is None:
            return
        is_figure = question["kind"] == Question.Kind.FIGURE
        claim = {
            "slug": self.claim_slug(question["slug"], source, row.summary),
            "question": question["slug"],
            "source": source,
            "summary": row.summary,
            "stance": "" if is_figure else row.stance,
            "speaker_name": row.speaker_name,
            "speaker_role": row.speaker_role,
            "via": row.via,
            "quote": row.quote,
            # The quote's words come from the article, so they are in its language.
            "quote_language": self.article.language if row.quote else "",
            # As typed: a translation without its quote is refused by the claim's own check.
            "quote_translation": row.quote_translation,
            "translated_by": row.translated_by,
            "article": self.article.slug,
            "stated_on": self.article.published_on and self.article.published_on.isoformat(),
            "text_start": row.text_start,
            "text_end": row.text_end,
        }
        if is_figure and row.figure:
            claim["figures"] = [self.figure(question, row)]
        self.event_data["claims"].append(claim)
        self.claim_rows.append(row.number)

    def question(self, row):
        """The row's question: one of the event's, by slug or text, or a new one."""
        text = row.question.strip()
        if not text:
            self.problem(row.number, "question", _("Name the question this claim answers."))
            return None
        key = plain(text)
        if key not in self.questions:
            found = next((q for q in self.stored_questions if q.slug == text), None) or next(
                (q for q in self.stored_questions if plain(q.text) == key), None
            )
            if found is not None:
                first = found.measures.order_by("position", "id").first()
                entry = {"slug": found.slug, "kind": found.kind, "_measure": first}
            else:
                taken = {q.slug for q in self.stored_questions} | {
                    q["slug"] for q in self.questions.values()
                }
                kind = Question.Kind.FIGURE if row.figure else Question.Kind.STATEMENT
                entry = {"slug": unique_slug(text, taken), "text": text, "kind": kind}
                if row.figure and row.unit:  # the first figure says what the question counts
                    measure = {"slug": unique_slug(row.counted or row.unit, ()), "unit": row.unit}
                    entry["measures"] = [{**measure, "counted": row.counted}]
                    entry["_measure"] = measure
            listed = {key: value for key, value in entry.items() if key != "_measure"}
            if found is not None:
                listed.pop("kind")  # named, not changed
            self.event_data["questions"].append(listed)
            self.question_rows.append(row.number)
            self.questions[key] = entry
        return self.questions[key]

    def figure(self, question, row):
        """The row's figure. It belongs to the question's own measure unless the editor says it
        counts something else: then its wording finds or makes the measure (the loader's rule,
        as for any import)."""
        figure = {
            name: value.isoformat() if hasattr(value, "isoformat") else value
            for name, value in row.figure.items()
        }
        first = question.get("_measure")
        if first is not None and not row.other_measure:
            figure["measure"] = first["slug"] if isinstance(first, dict) else first.slug
            if row.unit and not row.use_question_measure:
                figure["unit"] = row.unit
        elif row.unit or row.counted:
            figure["unit"], figure["counted"] = row.unit, row.counted
        return figure

    def source(self, row):
        """The slug of the row's source: a stored one by slug, name or alias, or a new one."""
        found = self.sources.find(row.source)
        if found is not None:
            return found
        name = row.source.strip()
        if not name:
            self.problem(
                row.number, "source", _("Name the source: an existing one, or a new name.")
            )
            return None
        slug = unique_slug(name, self.sources.is_taken)
        self.data["sources"].append({"slug": slug, "name": name})
        self.source_rows.append(row.number)
        self.sources.add(name, slug)
        return slug

    def claim_slug(self, question_slug, source_slug, summary):
        if question_slug not in self.claim_slugs:
            self.claim_slugs[question_slug] = set(
                Claim.objects.filter(
                    question__event__slug=self.event_data["slug"], question__slug=question_slug
                ).values_list("slug", flat=True)
            )
        taken = self.claim_slugs[question_slug]
        slug = unique_slug(f"{source_slug} {summary}", taken)
        taken.add(slug)
        return slug

    def row_and_field(self, where):
        """(row number or None, field name or None) of a problem the loader found at `where`."""
        if found := CLAIM_PATH.match(where):
            return self.claim_rows[int(found[1])], found[2]
        if found := QUESTION_PATH.match(where):
            return self.question_rows[int(found[1])], "question"
        if found := SOURCE_PATH.match(where):
            return self.source_rows[int(found[1])], "source"
        if where == "your role":
            return None, None
        if where.startswith("$.events[0]"):
            return None, "event"
        return None, None


class SourceFinder:
    """Source slugs by slug, name or alias, in any case; one query for the whole entry."""

    def __init__(self):
        self.by_name, self.slugs = {}, set()
        for source in Source.objects.all():
            self.slugs.add(source.slug)
            for name in (source.slug, source.name, *source.alias_list):
                self.by_name.setdefault(plain(name), source.slug)

    def find(self, text):
        return self.by_name.get(plain(text)) if text.strip() else None

    def is_taken(self, slug):
        return slug in self.slugs

    def add(self, name, slug):
        self.by_name[plain(name)] = slug
        self.slugs.add(slug)
