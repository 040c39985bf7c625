"""Saving what an editor entered at the desk: the claims of one article, in one transaction.

Each row names its question and source in words (an existing one by slug, name or alias, or a
new one), and gives the claim and at most one figure. Everything goes through the models'
own validation and history, the role is checked for every kind of record written, and if any
row is wrong nothing is kept and each problem is given back with its row and field.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from claims.models import Claim, Event, Figure, Measure, Question, Source, plain
from claims.permissions import refused_writes

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


@dataclass
class Entry:
    """The outcome: what was made, or every problem as (row number or None, field, message)."""

    claims: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    writes: Counter = field(default_factory=Counter)
    already_saved: bool = False  # its form's token was used by an earlier save

    @property
    def ok(self):
        return not self.problems


class Desk:
    def __init__(self, article, user):
        self.article = article
        self.user = user
        self.entry = Entry()
        self.reason = f"Entered at the desk from “{article.title}”"[:100]

    def problem(self, row, field_name, message):
        self.entry.problems.append((row, field_name, message))

    def save(self, instance, row, existing=None):
        """Check and save one record: the record, or None after noting what is wrong.

        `existing` finds the record another save made a moment ago with the same slug (two
        editors entering the same new question at once): that one is used instead."""
        try:
            instance.full_clean()
        except ValidationError as error:
            if existing is not None and (found := existing()) is not None:
                return found
            for name, messages in error.message_dict.items():
                self.problem(row, None if name == "__all__" else name, " ".join(messages))
            return None
        instance._change_reason, instance._history_user = self.reason, self.user
        action = "Create" if instance.pk is None else "Update"
        try:
            with transaction.atomic():
                instance.save()
        except IntegrityError:
            if existing is not None and (found := existing()) is not None:
                return found
            message = _(
                "Someone saved the same %(record)s at the same moment, so nothing was saved. "
                "Save again."
            )
            self.problem(row, None, message % {"record": instance._meta.verbose_name})
            return None
        self.entry.writes[(action, type(instance))] += 1
        return instance

    def enter(self, event_text, rows, token=None):
        """Save every row on the event `event_text` names (slug or title; a new title makes
        it), all or nothing, once for the form's `token`. Returns the Entry."""
        with transaction.atomic():
            saved = self.mark_saved(token)
            if saved is None and token is not None:
                return self.entry
            event = self.event(event_text)
            if event is not None:
                self.questions = {}
                self.sources = SourceFinder()
                for row in rows:
                    self.enter_row(event, row)
            refused = refused_writes(self.user, self.entry.writes)
            for action in refused:
                # Translators: %(action)s is what was refused, e.g. "create sources".
                message = _("Your role does not allow you to %(action)s.") % {"action": action}
                self.problem(None, None, message)
            if not self.entry.ok:
                transaction.set_rollback(True)
                self.entry.claims = []
            elif saved is not None:
                saved.claims.set(self.entry.claims)
        return self.entry

    def mark_saved(self, token):
        """The record of this save, or None when its token was used (a second submit of the
        same form, waiting on PostgreSQL until the first commits)."""
        if token is None:
            return None
        try:
            with transaction.atomic():
                return SavedEntry.objects.create(token=token, article=self.article)
        except IntegrityError:
            self.entry.already_saved = True
            self.problem(None, None, _("These claims were already saved."))
            return None

    def event(self, text):
        text = text.strip()
        if not text:
            self.problem(None, "event", _("Name the event: an existing one, or a new title."))
            return None
        found = Event.objects.filter(slug=text).first()
        found = found or Event.objects.filter(title__iexact=text).order_by("-starts_on").first()
        if found is not None:
            return found
        event = Event(title=text, slug=unique_slug(Event, text))
        return self.save(event, None, existing=Event.objects.filter(slug=event.slug).first)

    def enter_row(self, event, row):
        question = self.question(event, row)
        source = self.sources.find(row.source) or self.new_source(row)
        if question is None or source is None:
            return
        claim = Claim(
            question=question,
            source=source,
            slug=unique_claim_slug(question, source, row.summary),
            summary=row.summary,
            stance=row.stance if not question.is_figure else "",
            speaker_name=row.speaker_name,
            speaker_role=row.speaker_role,
            via=row.via,
            quote=row.quote,
            # The quote's words come from the article, so they are in its language.
            quote_language=self.article.language if row.quote else "",
            # As typed: a translation without its quote is refused by the claim's own check.
            quote_translation=row.quote_translation,
            translated_by=row.translated_by,
            article=self.article,
            stated_on=self.article.published_on,
            text_start=row.text_start,
            text_end=row.text_end,
        )
        if not question.is_figure and not claim.stance:
            self.problem(row.number, "stance", _("A statement question needs a stance."))
            return
        if not self.save(claim, row.number):
            return
        self.entry.claims.append(claim)
        if row.figure and question.is_figure:
            measure = self.measure(question, row)
            if measure is not None:
                figure = Figure(claim=claim, measure=measure, position=0, **row.figure)
                self.save(figure, row.number)

    def question(self, event, row):
        """The row's question: one of the event's, by slug or text, or a new one."""
        text = row.question.strip()
        if not text:
            self.problem(row.number, "question", _("Name the question this claim answers."))
            return None
        key = plain(text)
        if key not in self.questions:
            found = event.questions.filter(slug=text).first() or next(
                (q for q in event.questions.all() if plain(q.text) == key), None
            )
            if found is None:
                kind = Question.Kind.FIGURE if row.figure else Question.Kind.STATEMENT
                position = event.questions.count()
                slug = unique_slug(Question, text, event=event)
                found = Question(
                    event=event, text=text, kind=kind, position=position, slug=slug
                )  # fmt: skip
                found = self.save(found, row.number, existing=same_question(event, slug, key))
            self.questions[key] = found
        return self.questions[key]

    def measure(self, question, row):
        """The figure's measure: the question's own, or, when the editor says the figure counts
        something else, a further one. Never chosen by how the figure was worded."""
        measures = list(question.measures.all())
        if measures and not row.other_measure:
            first = measures[0]
            if row.unit and plain(row.unit) != plain(first.unit):
                message = _(
                    # Translators: “counts something else” is the box to tick on the claim's row.
                    "This question counts %(measure)s in %(unit)s: tick “counts something "
                    "else” if this figure does."
                )
                self.problem(row.number, "unit", message % {"measure": first, "unit": first.unit})
                return None
            return first
        if not row.unit:
            self.problem(row.number, "unit", _("Give the figure's unit: people, %, km…"))
            return None
        wording = (plain(row.unit), plain(row.counted))
        found = next((m for m in measures if (plain(m.unit), plain(m.counted)) == wording), None)
        if found is not None:
            return found
        measure = Measure(
            question=question,
            unit=row.unit,
            counted=row.counted,
            position=len(measures),
            slug=unique_slug(Measure, row.counted or row.unit, question=question),
        )
        return self.save(measure, row.number)

    def new_source(self, row):
        name = row.source.strip()
        if not name:
            message = _("Name the source: an existing one, or a new name.")
            self.problem(row.number, "source", message)
            return None
        source = Source(name=name, slug=unique_slug(Source, name))
        source = self.save(source, row.number, existing=same_source(source.slug, name))
        if source is None:
            return None
        self.sources.add(source)
        return source


class SourceFinder:
    """Sources by slug, name or alias, in any case; one query for the whole entry."""

    def __init__(self):
        self.by_name = {}
        for source in Source.objects.all():
            for name in (source.slug, source.name, *source.alias_list):
                self.by_name.setdefault(plain(name), source)

    def find(self, text):
        return self.by_name.get(plain(text)) if text.strip() else None

    def add(self, source):
        self.by_name[plain(source.name)] = source


def same_question(event, slug, key):
    """What finds the question another save made with this slug, when it asks the same."""

    def existing():
        found = event.questions.filter(slug=slug).first()
        return found if found is not None and plain(found.text) == key else None

    return existing


def same_source(slug, name):
    def existing():
        found = Source.objects.filter(slug=slug).first()
        return found if found is not None and plain(found.name) == plain(name) else None

    return existing


def unique_slug(model, text, **scope):
    base = slugify(text)[:90] or model._meta.model_name
    slug, number = base, 2
    while model.objects.filter(slug=slug, **scope).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def unique_claim_slug(question, source, summary):
    base = f"{source.slug}-{slugify(summary)}"[:90].strip("-") or source.slug
    return unique_slug(Claim, base, question=question)
