"""The claim tracker's domain model: who said what, on which question, with which figures.

A claim's event is not stored on the claim: it is the event of the claim's question, so a claim
can never point at a question of another event. The rules that span two tables (a stance only on
statement questions, figures only on figure questions) are enforced by database triggers created
in migration 0002, and said again in words by `clean()` for the forms.
"""

import functools
import hashlib
import itertools
import uuid
from datetime import timedelta
from decimal import Decimal
from operator import itemgetter

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Case, Count, Exists, OuterRef, Prefetch, Q, Subquery, When
from django.db.models.base import ModelState
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from claimtracker.caching import kept_while_data_unchanged

from . import counts
from .compiled import CompiledQuery
from .languages import direction, language_of, normalized_tag, validate_language_tag
from .lookups import rows_by_id
from .paths import path_for
from .roles import is_staff
from .versions import StaleRecord

# Only web addresses: a javascript: or data: link would run in the pages of whoever clicks it.
web_url = URLValidator(schemes=["http", "https"], message=_("Enter a web address (http or https)."))


def web_url_constraint(field_name, model_label):
    return models.CheckConstraint(
        condition=Q(**{field_name: ""})
        | Q(**{f"{field_name}__istartswith": "http://"})
        | Q(**{f"{field_name}__istartswith": "https://"}),
        name=f"{model_label}_{field_name}_is_web_address",
        violation_error_message=_("Enter a web address (http or https)."),
    )


def format_number(value):
    """Write a Decimal the way a reader expects: 130000 -> "130,000", 2.50 -> "2.5"."""
    if value is None:
        return ""
    value = Decimal(value)
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.normalize():,f}"


class Versioned(models.Model):
    """A record that counts its saves, so that an edit made on a stale copy is refused.

    Every form and request that changes a record carries the version it was made from;
    `claims.versions` compares it with the stored one (see there).
    """

    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text=_("Goes up by one with every save, to catch lost edits."),
        verbose_name=_("version"),
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        """Save as the next version of the one loaded: refused with `StaleRecord` when the
        stored row is no longer at that version (someone saved it since)."""
        self._saved_over = None if self._state.adding else self.version
        if self._saved_over is not None:
            self.version = self._saved_over + 1
        try:
            super().save(*args, **kwargs)
        except StaleRecord:
            self.version = self._saved_over
            raise

    def _do_update(self, base_qs, using, pk_val, values, update_fields, forced_update):
        # The check is the write itself: an UPDATE of the row at the loaded version only.
        saved_over = getattr(self, "_saved_over", None)
        if saved_over is None:
            return super()._do_update(base_qs, using, pk_val, values, update_fields, forced_update)
        at_version = base_qs.filter(version=saved_over)
        if super()._do_update(at_version, using, pk_val, values, update_fields, forced_update):
            return True
        if base_qs.filter(pk=pk_val).exists():
            raise StaleRecord(type(self), pk_val, saved_over)
        return False

    @classmethod
    def from_db(cls, db, field_names, values):
        record = super().from_db(db, field_names, values)
        record.loaded()
        return record

    @classmethod
    def from_columns(cls, db, names, values):
        """What `from_db(db, names, values)` makes of values read in the order of `names`
        (attribute names; the model's other columns deferred), built without
        `Model.__init__`, which sets each field in turn through the descriptors: a claim took
        10 µs, and a large event's page builds hundreds from rows it has already read."""
        record = cls.__new__(cls)
        record._state = ModelState()
        record._state.adding, record._state.db = False, db
        record.__dict__.update(zip(names, values, strict=True))
        record.loaded()
        return record

    def loaded(self):
        """What a record notes of itself once read from the database: nothing here."""


class DataStamp(models.Model):
    """One row counting the committed writes to the claim data; the page cache keys pages by it.

    Database triggers (migration 0007) move it in the same transaction as every write to a
    source, event, question, article, claim or figure, whichever code path writes, and on
    PostgreSQL only at commit, so a write that commits late still moves it.
    """

    value = models.BigIntegerField(default=0, verbose_name=_("value"))

    def __str__(self):
        return str(self.value)


class SourceQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The sources `user` may see: THE one place that rule is written; every public page,
        feed, export and API answer starts from here.

        Staff see every source. Anyone else sees a source once one of its claims is published,
        or while it has none (a source entered alone, in the admin): a source entered with
        draft claims waits for them. Two EXISTS on indexed columns a row.
        """
        return self if is_staff(user) else self.filter(public_by_claims(Claim.objects, "source"))


class Source(Versioned):
    class Kind(models.TextChoices):
        MONITOR = "monitor", _("Monitor")
        GOVERNMENT = "government", _("Government")
        MILITARY = "military", _("Military")
        ARMED_GROUP = "armed_group", _("Armed group")
        MEDIA = "media", _("Media")
        INTERNATIONAL_BODY = "international_body", _("International body")
        OTHER = "other", _("Other")

    name = models.CharField(max_length=200, verbose_name=_("name"))
    slug = models.SlugField(max_length=100, unique=True, verbose_name=_("slug"))
    kind = models.CharField(
        max_length=20, choices=Kind.choices, default=Kind.OTHER, verbose_name=_("kind")
    )
    affiliation = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("The side the source is on, if the reporting says."),
        verbose_name=_("affiliation"),
    )
    based_in = models.CharField(max_length=200, blank=True, verbose_name=_("based in"))
    website = models.URLField(blank=True, validators=[web_url], verbose_name=_("website"))
    description = models.TextField(blank=True, verbose_name=_("description"))
    aliases = models.TextField(
        blank=True,
        help_text=_(
            "Other names the reporting uses for it, one a line: “the Observatory”, “Moscow”."
        ),
        verbose_name=_("aliases"),
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("The body this source belongs to, e.g. the government a ministry is part of."),
        verbose_name=_("parent"),
    )

    history = HistoricalRecords()
    objects = SourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["name"]
        constraints = [web_url_constraint("website", "source")]

    def __str__(self):
        return self.name

    # Django's hash of a row checks its primary key through the model's options; a comparison
    # keys its columns, cells and figures by source, some 9,000 times for a large event.
    def __hash__(self):
        if self.id is None:
            return super().__hash__()  # an unsaved row cannot be hashed, as Django has it
        return hash(self.id)

    def get_absolute_url(self):
        return path_for("claims:source-detail", self.slug)

    @property
    def alias_list(self):
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]

    def clean(self):
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None:
                raise ValidationError(
                    {"parent": _("A source cannot be its own parent or ancestor.")}
                )
            ancestor = ancestor.parent


def public_by_claims(claims, link):
    """A record's rule for the public: shown once one of its claims (by `link`) is published,
    or while it has none. A record entered with draft claims waits for them."""
    its_claims = claims.filter(**{link: OuterRef("pk")})
    return ~Exists(its_claims) | Exists(its_claims.filter(state=Claim.State.PUBLISHED))


def count_of(queryset, field="pk", distinct=False):
    """A correlated COUNT subquery: counted for each row shown, not for the whole table."""
    grouped = queryset.order_by().annotate(group=models.Value(1)).values("group")
    counted = grouped.annotate(number=Count(field, distinct=distinct)).values("number")
    return Coalesce(Subquery(counted[:1]), 0)


class EventQuerySet(models.QuerySet):
    def named(self, text):
        """The event `text` names: by slug, else by title in any case (the latest of events
        that share one), else None."""
        text = text.strip()
        found = self.filter(slug=text).first()
        return found or self.filter(title__iexact=text).order_by("-starts_on", "-id").first()

    def visible_to(self, user):
        """The events `user` may see: THE one place that rule is written; every public page,
        feed, embed, export and API answer starts from here.

        Staff see every event; anyone else, an event once one of its claims is published, or
        while it has none. An event's claims are not read through it: they go through
        `Claim.objects.visible_to()`.
        """
        if is_staff(user):
            return self
        return self.filter(public_by_claims(Claim.objects, "question__event"))

    def with_counts(self, user):
        """Each event's numbers of questions, and of the current claims and their sources that
        `user` may see.

        One query; each count is worked out only for the events the query returns.
        """
        claims = (
            Claim.objects.visible_to(user)
            .published()
            .current()
            .filter(question__event=OuterRef("pk"))
        )
        return self.annotate(
            question_count=count_of(Question.objects.visible_to(user).filter(event=OuterRef("pk"))),
            claim_count=count_of(claims),
            source_count=count_of(claims, "source", distinct=True),
        )


class Event(Versioned):
    title = models.CharField(max_length=200, verbose_name=_("title"))
    slug = models.SlugField(max_length=100, unique=True, verbose_name=_("slug"))
    summary = models.TextField(blank=True, verbose_name=_("summary"))
    place = models.CharField(max_length=200, blank=True, verbose_name=_("place"))
    starts_on = models.DateField(null=True, blank=True, verbose_name=_("starts on"))
    ends_on = models.DateField(null=True, blank=True, verbose_name=_("ends on"))

    history = HistoricalRecords()
    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="event_ends_on_or_after_start",
                violation_error_message=_("An event cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return path_for("claims:event-detail", self.slug)

    def questions_and_claims(self, user, include_retracted=False):
        """The questions in order, and the claims `user` may see with all they show: the rows
        of `claim_rows()` made claims. Each table is read once, filtered by the event, and the
        rows are joined here: a large event's 1,500 claims load several times faster than
        through joins and an IN list."""
        questions, rows = self.claim_rows(user, include_retracted)
        return questions, self.claims_from_rows(rows)

    def claim_rows(self, user, include_retracted=False):
        """The questions in order, and the claims `user` may see as `ClaimRow`s: all that
        the verdicts, the counts and the pages of the comparison are worked out from. Three
        queries, and one for the sources while the data is unchanged (`sources_by_id`).

        The event page counts every claim but draws one page of them: a large event's
        1,500 claims and their figures, built as models, took a third of its time. The
        rows keep what was read, so that `claims_from_rows()` makes models of the few drawn.
        """
        questions = EVENT_QUESTIONS(user, event=self.pk)
        for question in questions:
            question.event = self
        by_id = {question.pk: question for question in questions}
        if include_retracted:
            rows = EVENT_CLAIMS(user, event=self.pk)
        else:
            rows = EVENT_CURRENT_CLAIMS(user, event=self.pk)
        rows = ClaimRow.read(rows)
        figure_rows = EVENT_FIGURES(user, event=self.pk)
        sources = sources_by_id({row.source_id for row in rows})
        figures = {}
        for figure in FigureRow.read(figure_rows):
            figures.setdefault(figure.claim_id, []).append(figure)
        for row in rows:
            row.question = by_id[row.question_id]
            row.source = sources[row.source_id]
            row.figure_list = figures.get(row.pk, [])
        return questions, rows

    def claims_from_rows(self, rows):
        """The claims of some `ClaimRow`s of `claim_rows()`, each with all it shows, as
        `questions_and_claims()` gives them: two queries (one when none cites an article)."""
        db = Claim.objects.db
        question_link, source_link, article_link = (
            Claim._meta.get_field(name) for name in ("question", "source", "article")
        )
        claim_columns = ClaimRow.read_columns()
        cited = {row.article_id for row in rows if row.article_id}
        articles = rows_by_id(Article.objects.all(), cited)
        claims = []
        for row in rows:
            claim = Claim.from_columns(db, claim_columns, row.values)
            question_link.set_cached_value(claim, row.question)
            source_link.set_cached_value(claim, row.source)
            article_link.set_cached_value(claim, articles.get(row.article_id))
            claim.figure_list = figures_from_rows(row.figure_list)
            claims.append(claim)
        if claims:
            attach_corrections(claims, EVENT_CORRECTIONS(None, event=self.pk))
        return claims


class QuestionKind(models.TextChoices):
    FIGURE = "figure", _("Figure (a number)")
    STATEMENT = "statement", _("Statement (affirm or deny)")


class QuestionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The questions `user` may see: for staff every one; for anyone else, a question once
        one of its claims is published, or while it has none (a question asked before any
        source answered it)."""
        return self if is_staff(user) else self.filter(public_by_claims(Claim.objects, "question"))


class Question(Versioned):
    # Declared outside so that the constraints in Meta can name its choices.
    Kind = QuestionKind

    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, related_name="questions", verbose_name=_("event")
    )
    slug = models.SlugField(max_length=100, verbose_name=_("slug"))
    text = models.CharField(
        max_length=300,
        help_text=_("Asked so that sources can be compared."),
        verbose_name=_("text"),
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, verbose_name=_("kind"))
    position = models.PositiveIntegerField(
        default=0,
        help_text=_("Order of the question within its event."),
        verbose_name=_("position"),
    )

    history = HistoricalRecords()
    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["event", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "slug"],
                name="question_slug_unique_in_event",
                violation_error_message=_("This event already has a question with this slug."),
            ),
        ]

    def __str__(self):
        # Event and place in it: two questions worded alike can never look the same in a list.
        return f"{self.event} · {self.position + 1}. {self.text}"

    def save(self, *args, **kwargs):
        """Saved; when it moved to another event or changed kind, its claims are counted
        again under both (see `claims.counts`)."""
        counted_as = getattr(self, "_counted_as", None)
        super().save(*args, **kwargs)
        if counted_as is not None and counted_as != (self.event_id, self.kind):
            counts.recount(events={counted_as[0], self.event_id})
        self._counted_as = (self.event_id, self.kind)

    def get_absolute_url(self):
        """Its row in the comparison, on whichever page of a large event shows it."""
        event_path = path_for("claims:event-detail", self.event.slug)
        return f"{event_path}?at={self.slug}#question-{self.slug}"

    def loaded(self):
        self._counted_as = (self.__dict__.get("event_id"), self.__dict__.get("kind"))

    @property
    def is_figure(self):
        return self.kind == self.Kind.FIGURE

    def measure_for(self, unit, counted=""):
        return matching_measure(self.measures.all(), unit, counted)


def matching_measure(measures, unit, counted=""):
    """The measure, among a question's, that a figure worded with this unit and counted thing
    belongs to, or None: the one with the same unit and counted thing (in any case and
    spacing), or, when the wording names no counted thing, the first in that unit. A wording
    that matches none is a different measure: it is never guessed into one."""
    wanted_unit, wanted_counted = plain(unit), plain(counted)
    same_unit = [measure for measure in measures if plain(measure.unit) == wanted_unit]
    for measure in same_unit:
        if plain(measure.counted) == wanted_counted:
            return measure
    return same_unit[0] if same_unit and not wanted_counted else None


def plain(text):
    """Text compared as a reader would: case and spacing aside."""
    return " ".join(text.lower().split())


@functools.lru_cache(maxsize=1024)  # a page draws the same few measures hundreds of times
def counted_beyond_unit(unit, counted):
    """The words of what a figure counts that its unit has not already said, for the line
    "12 people died" (unit "people", counted "people died"): written after the amount and its
    unit, the counted thing would otherwise say "12 people people died"."""
    unit_words, counted_words = plain(unit).split(), counted.split()
    said = [word.lower() for word in counted_words[: len(unit_words)]]
    if unit_words and said == unit_words:
        return " ".join(counted_words[len(unit_words) :])
    return counted


def slug_words(text, length=90):
    """The words of `text` as a slug; for text in a script slugs cannot hold (Arabic), a short
    fingerprint of it instead, so that the same text always gives the same slug."""
    words = slugify(text)[:length].strip("-")
    return words or hashlib.sha256(text.encode()).hexdigest()[:10]


def unique_slug(text, taken, length=90):
    """A slug made from `text` that is not `taken` (slugs in use, or a function saying whether
    one is): "aleppo", else "aleppo-2", "aleppo-3"…"""
    is_taken = taken if callable(taken) else taken.__contains__
    base = slug_words(text, length)
    slug, number = base, 2
    while is_taken(slug):
        slug, number = f"{base}-{number}", number + 1
    return slug


class Measure(Versioned):
    """What a figure question counts, and in what unit: "civilians killed", in people.

    Figures are compared within a measure, never across, and each figure names its measure
    rather than wording it anew, so no figure drops out of a comparison for being worded
    differently. A question's first measure is its own; a figure that counts something else
    belongs to a further measure of the question, shown as such.
    """

    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="measures", verbose_name=_("question")
    )
    slug = models.SlugField(
        max_length=100, help_text=_("Names the measure in files."), verbose_name=_("slug")
    )
    unit = models.CharField(
        max_length=50, help_text=_('"people", "%", "km".'), verbose_name=_("unit")
    )
    counted = models.CharField(
        max_length=200,
        blank=True,
        help_text=_('What is counted: "civilians killed".'),
        verbose_name=_("counted"),
    )
    position = models.PositiveIntegerField(default=0, verbose_name=_("position"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["question", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "slug"],
                name="measure_slug_unique_in_question",
                violation_error_message=_("This question already has a measure with this slug."),
            ),
        ]

    def __str__(self):
        return f"{self.counted} ({self.unit})" if self.counted else self.unit

    def clean(self):
        if self.question_id and not self.question.is_figure:
            raise ValidationError({"question": _("Only a figure question has measures.")})


class ArticleQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The articles `user` may see: THE one place that rule is written; every public page
        and API answer starts from here.

        Staff see every article; anyone else, an article once one of its claims is published,
        or while it has none. An article's claims are not read through it: they go through
        `Claim.objects.visible_to()`.
        """
        if is_staff(user):
            return self
        return self.filter(public_by_claims(Claim.objects, "article"))


class Article(Versioned):
    slug = models.SlugField(max_length=150, unique=True, verbose_name=_("slug"))
    title = models.CharField(max_length=300, verbose_name=_("title"))
    outlet = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("Leave blank when unknown."),
        verbose_name=_("outlet"),
    )
    url = models.URLField(
        max_length=500,
        blank=True,
        validators=[web_url],
        help_text=_("Leave blank when unknown."),
        verbose_name=_("url"),
    )
    published_on = models.DateField(null=True, blank=True, verbose_name=_("published on"))
    author = models.CharField(max_length=200, blank=True, verbose_name=_("author"))
    notes = models.TextField(
        blank=True,
        help_text=_("What is known and unknown about where this was published."),
        verbose_name=_("notes"),
    )
    text = models.TextField(
        blank=True,
        help_text=_("The article's text as published: claims made from it point into it."),
        verbose_name=_("text"),
    )
    language = models.CharField(
        max_length=35,
        blank=True,
        validators=[validate_language_tag],
        help_text=_(
            'The language it is written in, as a BCP 47 tag: "ar", "ru". '
            "Blank: the newsroom's language."
        ),
        verbose_name=_("language"),
    )

    history = HistoricalRecords()
    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published_on", "title"]
        constraints = [web_url_constraint("url", "article")]

    def __str__(self):
        return f"{self.title} ({self.outlet or _('outlet unknown')})"

    def get_absolute_url(self):
        return path_for("claims:article-detail", self.slug)

    def clean(self):
        self.language = normalized_tag(self.language)

    @property
    def text_language(self):
        """The `lang` of its text: its own language, or the newsroom's."""
        return language_of(self.language)

    @property
    def text_direction(self):
        return direction(self.language)


class FetchedPage(models.Model):
    """The page an article was read from, as the desk fetched it: the bytes the server sent and
    their SHA-256. What the article's text and claims were taken from can then be shown, and
    checked against any other copy, after the page has changed or gone.

    Written once, with its article, and never changed: no versions, no history.
    """

    article = models.OneToOneField(
        Article,
        on_delete=models.CASCADE,
        related_name="fetched_page",
        verbose_name=_("article"),
    )
    url = models.URLField(
        max_length=2000,
        validators=[web_url],
        help_text=_("Where the page came from, after any redirects."),
        verbose_name=_("url"),
    )
    fetched_at = models.DateTimeField(default=timezone.now, verbose_name=_("fetched at"))
    content_type = models.CharField(max_length=200, verbose_name=_("content type"))
    content = models.BinaryField(verbose_name=_("content"))
    size = models.PositiveIntegerField(verbose_name=_("size"))
    sha256 = models.CharField(max_length=64, verbose_name=_("SHA-256"))

    class Meta:
        verbose_name = _("fetched page")
        verbose_name_plural = _("fetched pages")
        constraints = [web_url_constraint("url", "fetched_page")]

    def __str__(self):
        return f"{self.url} ({self.sha256[:12]})"

    @classmethod
    def of(cls, article, url, content, content_type):
        """The page as it came, with its size and SHA-256 worked out here, not taken on trust."""
        return cls(
            article=article,
            url=url,
            content=content,
            content_type=content_type,
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
        )


class ClaimQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The claims `user` may see: THE one place a rule about what the public may see of
        the claims is written. Every public surface (pages, API, feeds, embeds, exports,
        search, facets, counts) starts from here, and so do the claims of an event, a source
        or an article shown on a page, never a reverse relation that would go around it.

        Staff see every claim, drafts marked as such on the pages; anyone else, published
        claims only (see `claims.review` for how a claim gets there).
        """
        return self if is_staff(user) else self.published()

    def published(self):
        """Claims a reviewer has published: all the public sees, and all counts, verdicts and
        charts are worked out from."""
        return self.filter(state=Claim.State.PUBLISHED)

    def for_event(self, event):
        return self.filter(question__event=event)

    def current(self):
        """Claims not retracted: the ones comparisons count."""
        return self.filter(retracted_on__isnull=True)

    def in_event_order(self):
        """As the comparison lists them: by event, then question, then as entered."""
        return self.order_by("question__event__title", "question__position", "question_id", "id")

    def with_corrections(self):
        """Each claim's public corrections and clarifications, oldest first: one query more."""
        return self.prefetch_related(
            Prefetch("corrections", queryset=Correction.objects.order_by("made_at", "id"))
        )

    def delete(self):
        """Deleted, and the published claims counted again where they were (see
        `claims.counts`): a deletion of many at once (the admin's) does not go through
        `Claim.delete`."""
        touched = list(self.order_by().values_list("source_id", "question_id").distinct())
        deleted = super().delete()
        counts.recount(
            sources={source for source, _ in touched},
            questions={question for _, question in touched},
        )
        return deleted

    delete.alters_data = True
    delete.queryset_only = True

    def with_related(self):
        """Claims with source, question, event and article joined, and figures prefetched.

        Two queries, whatever the number of claims.
        """
        # Handed over as each claim's `figure_list`: a prefetch kept as `claim.figures` builds
        # a queryset for every claim to hold them (1 ms for a page of 25 claims).
        return self.select_related("source", "question__event", "article").prefetch_related(
            Prefetch("figures", queryset=Figure.objects.in_order(), to_attr="figure_list")
        )


class Claim(Versioned):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("Waiting for review")
        RETURNED = "returned", _("Sent back")
        PUBLISHED = "published", _("Published")

    class Stance(models.TextChoices):
        AFFIRMS = "affirms", _("Affirms")
        DENIES = "denies", _("Denies")
        NO_COMMENT = "no_comment", _("No comment")
        UNCLEAR = "unclear", _("Unclear")

    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="claims", verbose_name=_("question")
    )
    slug = models.SlugField(
        max_length=100,
        help_text=_("Stable name within the event, used by imports and exports."),
        verbose_name=_("slug"),
    )
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="claims", verbose_name=_("source")
    )
    speaker_name = models.CharField(max_length=200, blank=True, verbose_name=_("speaker name"))
    speaker_role = models.CharField(
        max_length=200,
        blank=True,
        help_text=_('E.g. "director", "three officials with rebel groups".'),
        verbose_name=_("speaker role"),
    )
    via = models.CharField(
        max_length=200,
        blank=True,
        help_text=_('Through whom it was reported, e.g. "told Reuters".'),
        verbose_name=_("via"),
    )
    stance = models.CharField(
        max_length=12,
        choices=Stance.choices,
        blank=True,
        help_text=_(
            "Only on statement questions; a figure question's claim gives figures instead."
        ),
        verbose_name=_("stance"),
    )
    summary = models.CharField(
        max_length=300, help_text=_("The editor's one-line summary."), verbose_name=_("summary")
    )
    quote = models.TextField(
        blank=True,
        help_text=_(
            "Verbatim, only when the source is quoted: in the words, and the language, "
            "it was said in."
        ),
        verbose_name=_("quote"),
    )
    quote_language = models.CharField(
        max_length=35,
        blank=True,
        validators=[validate_language_tag],
        help_text=_(
            'The quote\'s language as a BCP 47 tag: "ar", "ru", "en-GB". '
            "Blank: the newsroom's language."
        ),
        verbose_name=_("quote language"),
    )
    quote_translation = models.TextField(
        blank=True,
        help_text=_("The quote in the newsroom's language, when it was said in another."),
        verbose_name=_("quote translation"),
    )
    translated_by = models.CharField(
        max_length=200,
        blank=True,
        help_text=_('Who translated the quote: "the source", "Reuters", "the newsroom".'),
        verbose_name=_("translated by"),
    )
    stated_on = models.DateField(
        null=True, blank=True, help_text=_("Leave blank when unknown."), verbose_name=_("stated on")
    )
    stated_when = models.CharField(
        max_length=200,
        blank=True,
        help_text=_('When it was said, as reported: "overnight", "on Monday morning".'),
        verbose_name=_("stated when"),
    )
    article = models.ForeignKey(
        Article,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="claims",
        verbose_name=_("article"),
    )
    text_start = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text=_("Where the claim's words begin in its article's text (a character offset)."),
        verbose_name=_("text start"),
    )
    text_end = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text=_("Where they end (the first character after them)."),
        verbose_name=_("text end"),
    )
    retracted_on = models.DateField(
        null=True,
        blank=True,
        help_text=_("Set with a reason to retract: the claim stays visible."),
        verbose_name=_("retracted on"),
    )
    retraction_reason = models.TextField(blank=True, verbose_name=_("retraction reason"))
    # Review (claims.review moves a claim between states; nothing else should).
    state = models.CharField(
        max_length=10,
        choices=State.choices,
        default=State.DRAFT,
        help_text=_("Only published claims are shown to the public."),
        verbose_name=_("state"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Who entered it: they may not publish it themselves."),
        verbose_name=_("author"),
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Who has taken it for review, or reviewed it last."),
        verbose_name=_("reviewer"),
    )
    review_comment = models.TextField(
        blank=True,
        help_text=_("What the reviewer asked to be fixed when sending it back."),
        verbose_name=_("review comment"),
    )
    submitted_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("submitted for review at")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    history = HistoricalRecords()
    objects = ClaimQuerySet.as_manager()

    # What an editor sets on a claim (its forms), and what a restore brings back with its words.
    EDITED_FIELDS = [
        "question",
        "source",
        "stance",
        "summary",
        "quote",
        "quote_language",
        "quote_translation",
        "translated_by",
        "speaker_name",
        "speaker_role",
        "via",
        "stated_on",
        "stated_when",
        "article",
        "slug",
        "retracted_on",
        "retraction_reason",
    ]

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "slug"],
                name="claim_slug_unique_in_question",
                violation_error_message=_("This question already has a claim with this slug."),
            ),
            models.CheckConstraint(
                condition=Q(retracted_on__isnull=True, retraction_reason="")
                | (Q(retracted_on__isnull=False) & ~Q(retraction_reason="")),
                name="claim_retraction_has_date_and_reason",
                violation_error_message=_("A retraction needs both its date and its reason."),
            ),
            models.CheckConstraint(
                condition=Q(text_start__isnull=True, text_end__isnull=True)
                | Q(text_start__isnull=False, text_end__gt=models.F("text_start")),
                name="claim_text_range_is_a_range",
                violation_error_message=_("The claim's words need a start and an end after it."),
            ),
            models.CheckConstraint(
                condition=Q(quote_translation="", translated_by="") | ~Q(quote=""),
                name="claim_translation_has_quote",
                violation_error_message=_("A translation needs the quote it translates."),
            ),
            models.CheckConstraint(
                condition=Q(translated_by="") | ~Q(quote_translation=""),
                name="claim_translator_has_translation",
                violation_error_message=_("Say who translated only with the translation."),
            ),
        ]
        indexes = [
            models.Index(fields=["source", "stated_on"], name="claim_by_source_date"),
            # A source's claims newest first, as the claim browser and source page list them.
            models.Index(fields=["source", "id"], name="claim_by_source_newest"),
            models.Index(fields=["stated_on", "id"], name="claim_by_date"),
            models.Index(fields=["-created_at"], name="claim_latest"),
            models.Index(fields=["state", "submitted_at"], name="claim_review_queue"),
            # A source's public claims in id order, read from the index alone: a page of the
            # claim browser reached by its number skips index entries, never rows.
            models.Index(
                fields=["source", "id"],
                condition=Q(state="published", retracted_on__isnull=True),
                name="claim_public_by_source",
            ),
        ]

    # What the published claims' counts (`claims.counts`) are kept by: a save that changes none
    # of them leaves the counts alone.
    COUNTED_FIELDS = ("source_id", "question_id", "state", "stance", "retracted_on")

    def __str__(self):
        return f"{self.source}: {self.summary}"

    def save(self, *args, **kwargs):
        """Saved, and the published claims counted again where it was and where it is now,
        unless nothing they are counted by changed."""
        counted_as = getattr(self, "_counted_as", None)
        super().save(*args, **kwargs)
        now = self.counted_values()
        if counted_as != now:
            before = counted_as or (None,) * len(now)
            counts.recount(
                sources={before[0], self.source_id}, questions={before[1], self.question_id}
            )
        self._counted_as = now

    def get_absolute_url(self):
        return path_for("claims:claim-detail", self.pk)

    def delete(self, *args, **kwargs):
        source_id, question_id = self.source_id, self.question_id
        deleted = super().delete(*args, **kwargs)
        counts.recount(sources={source_id}, questions={question_id})
        return deleted

    def loaded(self):
        self._counted_as = self.counted_values()

    def counted_values(self):
        return tuple(self.__dict__.get(name) for name in self.COUNTED_FIELDS)

    @property
    def event(self):
        return self.question.event

    @property
    def is_retracted(self):
        return self.retracted_on is not None

    @property
    def is_published(self):
        return self.state == self.State.PUBLISHED

    @cached_property
    def figure_list(self):
        """The claim's figures in order; no query when fetched with `with_related()` or by
        `Event.questions_and_claims()`."""
        return list(self.figures.all())

    @property
    def quote_lang(self):
        """The `lang` of its quote: its own language, or the newsroom's."""
        return language_of(self.quote_language)

    @property
    def quote_direction(self):
        return direction(self.quote_language)

    @property
    def is_translated(self):
        return bool(self.quote_translation)

    @property
    def speaker(self):
        """ "Rami Abdulrahman, director", or whichever part the report gives."""
        return ", ".join(part for part in (self.speaker_name, self.speaker_role) if part)

    @property
    def words_in_article(self):
        """The claim's own words in its article's text, when it points into it."""
        if self.text_start is None or not self.article_id:
            return ""
        return self.article.text[self.text_start : self.text_end]

    def clean(self):
        if self.text_start is not None or self.text_end is not None:
            article_text = self.article.text if self.article_id else ""
            if self.text_start is None or self.text_end is None:
                raise ValidationError({"text_end": _("Give both ends of the claim's words.")})
            if not article_text:
                raise ValidationError(
                    {"article": _("The claim points into its article's text: give the article.")}
                )
            if not 0 <= self.text_start < self.text_end <= len(article_text):
                raise ValidationError(
                    {
                        "text_end": _("The article's text has %(count)s characters.")
                        % {"count": format_number(len(article_text))}
                    }
                )
        self.quote_language = normalized_tag(self.quote_language)
        if (
            self.quote_translation.strip() or self.translated_by.strip()
        ) and not self.quote.strip():
            raise ValidationError(
                {"quote": _("Give the quote, in its own words, with its translation.")}
            )
        if self.translated_by.strip() and not self.quote_translation.strip():
            raise ValidationError(
                {"quote_translation": _("Give the translation, or leave who translated it blank.")}
            )
        if self.retracted_on and not self.retraction_reason.strip():
            raise ValidationError({"retraction_reason": _("Say why the claim is retracted.")})
        if self.retraction_reason.strip() and not self.retracted_on:
            raise ValidationError({"retracted_on": _("Give the date of the retraction.")})
        if self.question_id is None:
            return
        if self.question.is_figure and self.stance:
            raise ValidationError(
                {"stance": _("A claim on a figure question takes no stance: give its figures.")}
            )
        if not self.question.is_figure and not self.stance:
            raise ValidationError(
                {
                    "stance": _(
                        "A claim on a statement question needs a stance (affirms, denies, …)."
                    )
                }
            )
        if self.pk and not self.question.is_figure and self.figures.exists():
            raise ValidationError(
                {
                    "question": _(
                        "This claim has figures, so its question must be a figure question."
                    )
                }
            )


class ClaimCount(models.Model):
    """How many published claims a source made in an event, by question kind, stance and
    whether retracted: kept by the writes (see `claims.counts`), read by the claim browser."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="+")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=QuestionKind.choices)
    stance = models.CharField(max_length=12, blank=True)
    retracted = models.BooleanField()
    claims = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "event", "kind", "stance", "retracted"],
                name="claim_count_unique",
            ),
        ]
        indexes = [models.Index(fields=["event", "source"], name="claim_count_by_event")]

    def __str__(self):
        return f"{self.source_id} {self.event_id} {self.kind} {self.stance}: {self.claims}"


class FigureQualifier(models.TextChoices):
    EXACT = "exact", _("exactly")
    ABOUT = "about", _("about")
    AT_LEAST = "at_least", _("at least")
    AT_MOST = "at_most", _("at most")
    BETWEEN = "between", _("between")


@functools.lru_cache(maxsize=16)
def qualifier_wordings(language):
    """How a figure's qualifier words its number in `language` (the active one): translated
    once per language, not for each of the thousands of figures a large comparison writes."""
    return {
        FigureQualifier.AT_MOST: gettext("at most %(number)s"),
        FigureQualifier.ABOUT: gettext("about %(number)s"),
        FigureQualifier.AT_LEAST: gettext("at least %(number)s"),
    }


class FigureQuerySet(models.QuerySet):
    def in_order(self):
        """A claim's figures in order, each with its measure: one query."""
        return self.select_related("measure").order_by("position", "id")


class Figure(Versioned):
    """A number a claim gives: one value, or a range, with what it counts, where and when."""

    # Declared outside so that the constraints in Meta can name its choices.
    Qualifier = FigureQualifier
    # What an editor sets on a figure (its forms), and what a change held for review proposes.
    EDITED_FIELDS = [
        "qualifier",
        "low",
        "high",
        "measure",
        "place",
        "period",
        "period_start",
        "period_end",
    ]

    claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="figures", verbose_name=_("claim")
    )
    qualifier = models.CharField(
        max_length=10,
        choices=Qualifier.choices,
        default=Qualifier.EXACT,
        verbose_name=_("qualifier"),
    )
    low = models.DecimalField(
        max_digits=20,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("The value; for “between” the lower end; empty for “at most”."),
        verbose_name=_("low"),
    )
    high = models.DecimalField(
        max_digits=20,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Only for “between” (the upper end) and “at most” (the bound)."),
        verbose_name=_("high"),
    )
    measure = models.ForeignKey(
        Measure,
        on_delete=models.PROTECT,
        related_name="figures",
        help_text=_("What the figure counts, and in what unit: one of its question's measures."),
        verbose_name=_("measure"),
    )
    place = models.CharField(
        max_length=200, blank=True, help_text=_('"eastern Aleppo".'), verbose_name=_("place")
    )
    period = models.CharField(
        max_length=200,
        blank=True,
        help_text=_('The period or as-of time, as reported: "in the past 24 hours".'),
        verbose_name=_("period"),
    )
    period_start = models.DateField(null=True, blank=True, verbose_name=_("period start"))
    period_end = models.DateField(
        null=True, blank=True, help_text=_("Or the as-of date."), verbose_name=_("period end")
    )
    position = models.PositiveIntegerField(default=0, verbose_name=_("position"))

    history = HistoricalRecords()
    objects = FigureQuerySet.as_manager()

    class Meta:
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        ordering = ["claim", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(qualifier=FigureQualifier.BETWEEN, low__isnull=False, high__isnull=False)
                    | Q(qualifier=FigureQualifier.AT_MOST, low__isnull=True, high__isnull=False)
                    | Q(
                        qualifier__in=[
                            FigureQualifier.EXACT,
                            FigureQualifier.ABOUT,
                            FigureQualifier.AT_LEAST,
                        ],
                        low__isnull=False,
                        high__isnull=True,
                    )
                ),
                name="figure_bounds_match_qualifier",
                violation_error_message=(
                    _(
                        "“Between” needs a low and a high value, “at most” only a high value, "
                        "and the other qualifiers only a value (low)."
                    )
                ),
            ),
            models.CheckConstraint(
                condition=Q(low__isnull=True) | Q(high__isnull=True) | Q(high__gte=models.F("low")),
                name="figure_high_not_below_low",
                violation_error_message=_("The high value cannot be below the low value."),
            ),
            models.CheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_end__gte=models.F("period_start")),
                name="figure_period_ends_after_start",
                violation_error_message=_("The period cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.as_text()

    @property
    def unit(self):
        return self.measure.unit

    @property
    def counted(self):
        return self.measure.counted

    @property
    def counted_after_unit(self):
        """What the figure counts, as written after its amount and unit."""
        return counted_beyond_unit(self.unit, self.counted)

    def as_text(self, language=None):
        """The figure as a person says it: "at least 413 people", "10,000–13,000 people", "98%"."""
        amount = self.amount_text(language)
        if self.unit == "%":
            return f"{amount}%"
        return f"{amount} {self.unit}".strip()

    def amount_text(self, language=None):
        """The number with its qualifier, in the interface's language (`language`, when the
        caller has it, is the active one): "at least 413"."""
        if self.qualifier == self.Qualifier.BETWEEN:
            return f"{format_number(self.low)}–{format_number(self.high)}"
        number = self.high if self.qualifier == self.Qualifier.AT_MOST else self.low
        wording = qualifier_wordings(language or get_language()).get(self.qualifier)
        if wording is None:
            return format_number(number)
        return wording % {"number": format_number(number)}

    def clean(self):
        errors = {}
        if self.qualifier == self.Qualifier.AT_MOST:
            if self.high is None:
                errors["high"] = _("“At most” needs the bound in the high field.")
            if self.low is not None:
                errors["low"] = _("“At most” takes no low value: put the bound in the high field.")
        elif self.qualifier == self.Qualifier.BETWEEN:
            if self.low is None:
                errors["low"] = _("“Between” needs a low value.")
            if self.high is None:
                errors["high"] = _("“Between” needs a high value.")
        else:
            if self.low is None:
                errors["low"] = _("Give the value in the low field.")
            if self.high is not None:
                errors["high"] = _("Only “between” and “at most” take a high value.")
        if self.low is not None and self.high is not None and self.high < self.low:
            errors["high"] = _("The high value (%(high)s) is below the low value (%(low)s).") % {
                "high": format_number(self.high),
                "low": format_number(self.low),
            }
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = _("The period cannot end before it starts.")
        if self.claim_id and not self.claim.question.is_figure:
            errors["claim"] = _("Figures belong only to claims on figure questions.")
        elif (
            self.claim_id and self.measure_id and self.measure.question_id != self.claim.question_id
        ):
            errors["measure"] = _("Choose one of the measures of the claim's own question.")
        if errors:
            raise ValidationError(errors)


class ImportUploadQuerySet(models.QuerySet):
    def keep(self, user, name, data, versions):
        """Keep an uploaded file until its import is confirmed; returns the row.

        Kept in the database, not in the session: sessions are read on every request, and a
        large file there would slow each of them. Uploads a day old are dropped on the way.
        """
        self.filter(uploaded_at__lt=timezone.now() - UPLOAD_KEPT_FOR).delete()
        token = hashlib.sha256(data).hexdigest()
        upload, _ = self.update_or_create(
            uploaded_by=user,
            token=token,
            defaults={"name": name[:255], "data": data, "versions": versions},
        )
        return upload

    def confirmed(self, user, token):
        """The upload this user previewed under `token`, or None."""
        upload = self.filter(uploaded_by=user, token=token).first()
        if upload is None or hashlib.sha256(upload.data).hexdigest() != token:
            return None
        return upload


UPLOAD_KEPT_FOR = timedelta(days=1)


class ImportUpload(models.Model):
    """A file uploaded for import, kept between its preview and the editor's confirmation.

    The token is the SHA-256 of its content: the confirm form names it, so what is imported is
    exactly the file that was previewed, whatever else the editor uploads meanwhile.
    """

    token = models.CharField(max_length=64, verbose_name=_("token"))
    name = models.CharField(max_length=255, verbose_name=_("name"))
    data = models.BinaryField(verbose_name=_("data"))
    # The version of each record the preview would change: the import is refused if one moved.
    versions = models.JSONField(default=dict, verbose_name=_("versions"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(auto_now=True, verbose_name=_("uploaded at"))

    objects = ImportUploadQuerySet.as_manager()

    class Meta:
        verbose_name = _("import upload")
        verbose_name_plural = _("import uploads")
        constraints = [
            models.UniqueConstraint(fields=["uploaded_by", "token"], name="import_upload_unique")
        ]

    def __str__(self):
        return f"{self.name} ({self.short_token})"

    @property
    def short_token(self):
        return self.token[:12]


class JobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The jobs a user may look at in the admin: their own; every job for a superuser."""
        return self if user.is_superuser else self.filter(started_by=user)

    def prune_exports(self):
        """Drop exports a day old, with their files: whoever wants one again gets the data as
        it is then. A running one is left to finish."""
        old = self.filter(kind="export", created_at__lt=timezone.now() - EXPORT_KEPT_FOR).exclude(
            state="running"
        )
        for job in old:
            if job.output:
                job.output.delete(save=False)
        old.delete()


EXPORT_KEPT_FOR = timedelta(days=1)


class Job(models.Model):
    """Work too long for a web request, done by the worker (`manage.py db_worker`): checking a
    large import file, importing it once the editor has confirmed what it would change,
    writing a large export, and fetching an article's page for the desk. The admin (and, for
    an export or a fetch, its page) shows how far it got and, once it has finished, its result
    or every error.
    """

    class Kind(models.TextChoices):
        CHECK = "check", _("Check a file to import")
        IMPORT = "import", _("Import")
        EXPORT = "export", _("Export")
        FETCH = "fetch", _("Read an article from its address")

    class State(models.TextChoices):
        WAITING = "waiting", _("Waiting for a worker")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    public_id = models.UUIDField(
        default=uuid.uuid4, unique=True, editable=False, verbose_name=_("public id")
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, verbose_name=_("kind"))
    state = models.CharField(
        max_length=10, choices=State.choices, default=State.WAITING, verbose_name=_("state")
    )
    name = models.CharField(
        max_length=255, help_text=_("The file imported or exported."), verbose_name=_("name")
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    started_at = models.DateTimeField(null=True, blank=True, verbose_name=_("started at"))
    finished_at = models.DateTimeField(null=True, blank=True, verbose_name=_("finished at"))
    # Checks and imports: the file, kept until it is imported (or a day old).
    upload = models.ForeignKey(
        ImportUpload, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("upload")
    )
    # Exports: the claim browser's filters as a query string, the format, and the data they
    # were asked of (the same export of the same data is made once).
    export_query = models.TextField(blank=True, verbose_name=_("export query"))
    export_format = models.CharField(max_length=4, blank=True, verbose_name=_("export format"))
    export_key = models.CharField(
        max_length=64, blank=True, db_index=True, verbose_name=_("export key")
    )
    output = models.FileField(upload_to="exports/", blank=True, verbose_name=_("output"))
    total = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("Claims to go through."), verbose_name=_("total")
    )
    # A check: what the import would do (LoadReport.as_preview()); an import: what it did.
    report = models.JSONField(default=dict, blank=True, verbose_name=_("report"))
    errors = models.JSONField(
        default=list, blank=True, verbose_name=_("errors")
    )  # [[where, message], ...]
    task_id = models.CharField(max_length=64, blank=True, verbose_name=_("task id"))

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.name}"

    def get_absolute_url(self):
        if self.kind == self.Kind.EXPORT:
            return reverse("claims:export-job", args=[self.public_id])
        if self.kind == self.Kind.FETCH:
            return reverse("desk:fetch-job", args=[self.public_id])
        return reverse("admin:claims_job_change", args=[self.pk])

    @property
    def finished(self):
        return self.state in {self.State.DONE, self.State.FAILED}

    @property
    def took(self):
        if self.started_at and self.finished_at:
            return self.finished_at - self.started_at
        return None


class ActivityQuerySet(models.QuerySet):
    def visible_to(self, user):
        """What `user` may hear of: activities of the claims, events and sources they may see.

        No rule of its own: it follows `visible_to()` of those three, each checked per row
        (an EXISTS on a primary key), so a feed's newest entries cost what they did.
        """
        claims = Claim.objects.visible_to(user).filter(pk=OuterRef("claim_id"))
        events = Event.objects.visible_to(user).filter(pk=OuterRef("event_id"))
        sources = Source.objects.visible_to(user).filter(pk=OuterRef("source_id"))
        return self.filter(
            Q(claim__isnull=True) | Exists(claims),
            Q(source__isnull=True) | Exists(sources),
            Exists(events),
        )

    def newsworthy(self):
        """What a feed tells: every claim added, revised or retracted, and the verdicts that
        became, or stopped being, a disagreement (not a question's first single source)."""
        disagreements = ["conflict", "contested"]
        return self.exclude(
            Q(kind=Activity.Kind.VERDICT)
            & ~Q(verdict_before__in=disagreements)
            & ~Q(verdict_after__in=disagreements)
        )


class Activity(models.Model):
    """Something a reader following an event or a source wants to hear of: a claim added, a
    source revising what it said on a question, a retraction, a question's verdict changing.
    Recorded as the change is written (claims/activity.py); the Atom feeds read it.
    """

    class Kind(models.TextChoices):
        ADDED = "added", _("New claim")
        REVISED = "revised", _("Revised claim")
        RETRACTED = "retracted", _("Retraction")
        VERDICT = "verdict", _("Verdict changed")
        CORRECTED = "corrected", _("Correction")

    kind = models.CharField(max_length=10, choices=Kind.choices, verbose_name=_("kind"))
    at = models.DateTimeField(default=timezone.now, verbose_name=_("at"))
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="+", verbose_name=_("event")
    )
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="+", verbose_name=_("question")
    )
    source = models.ForeignKey(
        Source,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("source"),
    )
    claim = models.ForeignKey(
        Claim,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("claim"),
    )
    # A correction: its public note.
    correction = models.ForeignKey(
        "Correction",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("correction"),
    )
    # A verdict change: what the question's verdict was, and what it became.
    verdict_before = models.CharField(max_length=20, blank=True, verbose_name=_("verdict before"))
    verdict_after = models.CharField(max_length=20, blank=True, verbose_name=_("verdict after"))

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["event", "-at"], name="activity_event_recent"),
            models.Index(fields=["source", "-at"], name="activity_source_recent"),
            models.Index(fields=["-at"], name="activity_recent"),
            models.Index(fields=["question", "kind", "at"], name="activity_question_verdicts"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.question}"


class PendingChangeQuerySet(models.QuerySet):
    def waiting(self):
        return self.filter(state=PendingChange.State.PENDING)


class PendingChange(models.Model):
    """An edit to a published claim, held until a second editor approves it.

    The public keeps the published claim, and every comparison, chart, count and running toll
    its published figures, until the change is approved: then it is applied through
    `claims.changes.approve`, which writes the claim and its figures as any edit does, with
    history. `values` and `figures` hold the claim as the edit would leave it (see
    `claims.changes.snapshot`); a claim has at most one change waiting at a time.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="pending_changes", verbose_name=_("claim")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    proposed_at = models.DateTimeField(default=timezone.now, verbose_name=_("proposed at"))
    reason = models.CharField(max_length=100, blank=True, verbose_name=_("change reason"))
    # The claim's version the change was made from: approving it over a later save is refused.
    claim_version = models.PositiveIntegerField(verbose_name=_("claim version"))
    values = models.JSONField(verbose_name=_("proposed values"))
    figures = models.JSONField(verbose_name=_("proposed figures"))
    state = models.CharField(
        max_length=10, choices=State.choices, default=State.PENDING, verbose_name=_("state")
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(null=True, blank=True, verbose_name=_("decided at"))
    comment = models.TextField(
        blank=True,
        help_text=_("Why it was sent back; its author reads it."),
        verbose_name=_("comment"),
    )

    objects = PendingChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("pending change")
        verbose_name_plural = _("pending changes")
        ordering = ["proposed_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim"],
                condition=Q(state="pending"),
                name="one_pending_change_per_claim",
                violation_error_message=_(
                    "A change to this claim already waits for review: approve or reject it first."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(decided_by=models.F("author")),
                name="pending_change_decided_by_another",
                violation_error_message=_("Nobody approves or rejects their own change."),
            ),
        ]

    def __str__(self):
        return f"{self.claim} ({self.get_state_display()})"

    def get_absolute_url(self):
        return reverse("admin:claims_pendingchange_change", args=[self.pk])

    @property
    def is_pending(self):
        return self.state == self.State.PENDING


class CorrectionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The corrections of the claims `user` may see."""
        return self.filter(claim__in=Claim.objects.visible_to(user))

    def corrections(self):
        return self.filter(kind=Correction.Kind.CORRECTION)

    def newest_first(self):
        return self.order_by("-made_at", "-id")


class Correction(models.Model):
    """A dated public note that an approved change altered a published figure, stance or quote.

    A correction (something published was wrong) is shown on the claim's page, in its cell of
    the comparison, in the feeds and embeds, and on /corrections/; a clarification only on the
    claim's page, more quietly. What changed is written when the change is approved, from the
    old and new values ("413, not 431"), and kept as it was then.
    """

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("Correction: what was published was wrong")
        CLARIFICATION = "clarification", _("Clarification: it was right, but unclear")

    claim = models.ForeignKey(
        Claim, on_delete=models.PROTECT, related_name="corrections", verbose_name=_("claim")
    )
    change = models.OneToOneField(
        PendingChange,
        on_delete=models.PROTECT,
        related_name="correction",
        verbose_name=_("change"),
    )
    kind = models.CharField(max_length=13, choices=Kind.choices, verbose_name=_("kind"))
    made_at = models.DateTimeField(default=timezone.now, verbose_name=_("made at"))
    what_changed = models.TextField(
        help_text=_("“413, not 431”: the new values, then the published ones."),
        verbose_name=_("what changed"),
    )
    note = models.TextField(
        help_text=_("The editor's note, shown after what changed."), verbose_name=_("note")
    )

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        ordering = ["-made_at", "-id"]
        indexes = [models.Index(fields=["kind", "-made_at"], name="correction_kind_recent")]

    def __str__(self):
        return self.public_text()

    @property
    def is_correction(self):
        return self.kind == self.Kind.CORRECTION

    def public_text(self):
        """ "Corrected 12 Dec 2026: 413, not 431, as the report said"; a clarification gives
        its note only: "Clarified 12 Dec 2026: the count is of civilians"."""
        day = date_format(timezone.localtime(self.made_at), "j M Y")
        if self.is_correction:
            # Translators: a public correction: the date, what changed ("413, not 431"), then
            # the editor's note.
            text = _("Corrected %(date)s: %(what)s, %(note)s")
            return text % {"date": day, "what": self.what_changed, "note": self.note}
        # Translators: a public clarification: the date, then the editor's note.
        return _("Clarified %(date)s: %(note)s") % {"date": day, "note": self.note}


def attach_corrections(claims, corrections):
    """Give each claim its public corrections as `public_corrections`, newest first, from
    `corrections` read newest first (an event's: see EVENT_CORRECTIONS), so that a large
    event's claims are not named one by one in a query. Clarifications are left for the
    claim's own page."""
    by_claim = {claim.pk: claim for claim in claims}
    for claim in by_claim.values():
        claim.public_corrections = []
    for correction in corrections:
        if correction.claim_id in by_claim:
            by_claim[correction.claim_id].public_corrections.append(correction)
    return claims


@functools.cache
def columns_of(model):
    """The names of a model's columns, in the order its constructor takes them."""
    return tuple(field.attname for field in model._meta.concrete_fields)


BOOKKEEPING_TIMES = ("created_at", "updated_at", "submitted_at")


class ClaimRow:
    """A claim as the comparison counts it, read as a row rather than built as a model: the
    attributes `claims.comparison` reads, under the model's names, and the columns it was read
    from (`read_columns()`), for `Event.claims_from_rows()`. Its figures are `FigureRow`s."""

    PICKED = (
        "id",
        "question_id",
        "source_id",
        "article_id",
        "stance",
        "state",
        "retracted_on",
        "stated_on",
        "summary",
    )
    __slots__ = ("values", "pk", *PICKED[1:], "question", "source", "figure_list")

    @staticmethod
    def columns(claims):
        """A queryset of claims as the value rows `read` takes."""
        return claims.values_list(*ClaimRow.read_columns())

    @staticmethod
    @functools.cache
    def read_columns():
        """Every column of a claim but the bookkeeping times, which no page drawn from rows
        shows: a large event's 1,500 claims took 3,000 of them to parse. A claim made from a
        row (`Event.claims_from_rows()`) has them deferred."""
        return tuple(name for name in columns_of(Claim) if name not in BOOKKEEPING_TIMES)

    @classmethod
    def read(cls, rows):
        """The rows of `columns()`, read."""
        columns = ClaimRow.read_columns()
        pick = itemgetter(*(columns.index(name) for name in cls.PICKED))
        return [cls(values, pick(values)) for values in rows]

    def __init__(self, values, picked):
        self.values = values
        (
            self.pk,
            self.question_id,
            self.source_id,
            self.article_id,
            self.stance,
            self.state,
            self.retracted_on,
            self.stated_on,
            self.summary,
        ) = picked

    def get_absolute_url(self):
        return path_for("claims:claim-detail", self.pk)

    @property
    def is_retracted(self):
        return self.retracted_on is not None

    @property
    def is_published(self):
        return self.state == Claim.State.PUBLISHED


class FigureRow:
    """A figure as the comparison compares it (see `ClaimRow`), with the measure it counts."""

    PICKED = ("claim_id", "measure_id", "qualifier", "low", "high", "period", "period_end")
    __slots__ = ("values", *PICKED, "measure", "as_of")

    @staticmethod
    def columns(figures):
        """A queryset of figures as the value rows `read` takes: each figure's columns, then
        its measure's, joined on as select_related reads them (the foreign keys by their
        field's name, which values_list() does not take as "measure__question_id")."""
        joined = [f"measure__{field.name}" for field in Measure._meta.concrete_fields]
        return figures.values_list(*columns_of(Figure), *joined)

    @classmethod
    def read(cls, figure_rows):
        """The rows of `columns()`, read: each figure with its measure, one per measure."""
        columns, measure_columns = columns_of(Figure), columns_of(Measure)
        pick = itemgetter(*(columns.index(name) for name in cls.PICKED))
        db, split, measures, rows = Measure.objects.db, len(columns), {}, []
        for values in figure_rows:
            row = cls(values[:split], pick(values))
            row.measure = measures.get(row.measure_id)
            if row.measure is None:
                row.measure = measures[row.measure_id] = Measure.from_db(
                    db, measure_columns, values[split:]
                )
            rows.append(row)
        return rows

    def __init__(self, values, picked):
        self.values = values
        (
            self.claim_id,
            self.measure_id,
            self.qualifier,
            self.low,
            self.high,
            self.period,
            self.period_end,
        ) = picked


def figures_from_rows(figure_rows):
    """The figures of some `FigureRow`s, made models, each with its measure: to be drawn."""
    db, columns = Figure.objects.db, columns_of(Figure)
    measure_link = Figure._meta.get_field("measure")
    figures = []
    for row in figure_rows:
        figure = Figure.from_columns(db, columns, row.values)
        measure_link.set_cached_value(figure, row.measure)
        figures.append(figure)
    return figures


# The comparison's reads of an event, compiled once (see claims.compiled): an event's page
# spent 3 ms of its 20 having the ORM write their SQL. Each in the order the comparison needs
# and no other: the questions by their position (their default order joins the event), the
# claims in none (the comparison sorts them as said), figures in theirs.
EVENT_QUESTIONS = CompiledQuery(
    lambda user, event: (
        Question.objects.visible_to(user).filter(event_id=event).order_by("position", "id")
    )
)
EVENT_CLAIMS = CompiledQuery(
    lambda user, event: ClaimRow.columns(Claim.objects.visible_to(user).for_event(event).order_by())
)
EVENT_CURRENT_CLAIMS = CompiledQuery(
    lambda user, event: ClaimRow.columns(
        Claim.objects.visible_to(user).for_event(event).current().order_by()
    )
)
# Figures are read whoever reads, found by their measures, which are their claims' question's
# (the database holds them so: migrations' claims_figure_check_measure and
# claims_claim_check_measures): only those of the claims read are kept. Found through their
# claims, a 50 x 30 event's 781 figures took PostgreSQL 4.1 ms, looking up each of its 1,500
# claims; through the measures, 1.0.
EVENT_FIGURES = CompiledQuery(
    lambda user, event: FigureRow.columns(
        Figure.objects.in_order().filter(measure__question__event=event)
    )
)
EVENT_CORRECTIONS = CompiledQuery(
    lambda user, event: (
        Correction.objects.corrections().newest_first().filter(claim__question__event=event)
    )
)
EVENT_BY_SLUG = CompiledQuery(lambda user, slug: Event.objects.visible_to(user).filter(slug=slug))
# The claim page's read (see claims.compiled), one query: each claim on the claim's question
# once per figure it has (once when it has none), its figures in their order, as rows; and on
# every row, what the page shows of the claim itself beyond its own row: the question, its
# event, the claim's article (its text on the claim's own row only, as an article's text can
# be long), and whether the claim has corrections or ever had a figure (most have neither, and
# their page is spared a query for each). Its rows are read by `ClaimPageColumns`.
CLAIM_AND_ITS_QUESTION = CompiledQuery(
    lambda user, claim: (
        Claim.objects.visible_to(user)
        .filter(question__claims=claim)
        .annotate(
            has_corrections=Exists(Correction.objects.filter(claim_id=claim)),
            had_figures=Exists(Figure.history.model.objects.filter(claim_id=claim)),
            article_text=Case(When(id=claim, then="question__claims__article__text")),
        )
        .order_by("id", "figures__position", "figures__id")
        .values_list(*ClaimPageColumns.names())
    )
)


class ClaimPageColumns:
    """Where each part of `CLAIM_AND_ITS_QUESTION`'s rows lies: a claim's columns
    (`ClaimRow.read_columns()`), then its figure's and the figure's measure's (`FigureRow`),
    then the question's, its event's, the claim's article's but its text, then
    `has_corrections`, `had_figures` and the article's text."""

    @staticmethod
    @functools.cache
    def parts():
        """(name, the columns it is read from) for each part of a row, in order."""
        return (
            ("claim", ClaimRow.read_columns()),
            ("figure", tuple(f"figures__{f.name}" for f in _fields(Figure))),
            ("measure", tuple(f"figures__measure__{f.name}" for f in _fields(Measure))),
            ("question", tuple(f"question__{f.name}" for f in _fields(Question))),
            ("event", tuple(f"question__event__{f.name}" for f in _fields(Event))),
            (
                "article",
                tuple(
                    f"question__claims__article__{f.name}"
                    for f in _fields(Article)
                    if f.name != "text"
                ),
            ),
            ("annotated", ("has_corrections", "had_figures", "article_text")),
        )

    @staticmethod
    @functools.cache
    def names():
        return tuple(itertools.chain.from_iterable(c for _part, c in ClaimPageColumns.parts()))

    @staticmethod
    @functools.cache
    def slices():
        """Each part's slice of a row, by the part's name."""
        slices, start = {}, 0
        for part, columns in ClaimPageColumns.parts():
            slices[part] = slice(start, start + len(columns))
            start += len(columns)
        return slices


def _fields(model):
    return model._meta.concrete_fields


def claim_and_its_question(user, claim_id):
    """(the claim `claim_id` with its source, question, event, article and figures, the
    `ClaimRow`s of every claim on its question `user` may see, itself included), or
    (None, []) when `user` may not see it. One query, compiled once (`CLAIM_AND_ITS_QUESTION`).

    The others are shown by their source, stance, summary and figures only: built as claims
    with all their links (five models a claim), a question of 16 claims took a third of the
    page's time. Their sources, and its own, are the kept ones (`sources_by_id`), their
    figures models."""
    joined = CLAIM_AND_ITS_QUESTION(user, claim=claim_id)
    claim_id_at = ClaimRow.read_columns().index("id")
    own = next((values for values in joined if values[claim_id_at] == claim_id), None)
    if own is None:  # not on the rows the user may see
        return None, []
    claim = claim_from_row(own)
    rows, figure_rows = claim_rows_and_figure_rows(joined)
    figures = {}
    for figure in figures_from_rows(figure_rows):
        figures.setdefault(figure.claim_id, []).append(figure)
    sources = sources_by_id({claim.source_id, *(row.source_id for row in rows)})
    claim.source = sources[claim.source_id]
    for row in rows:
        row.question = claim.question
        row.source = sources[row.source_id]
        row.figure_list = figures.get(row.pk, [])
    claim.figure_list = figures.get(claim.pk, [])
    return claim, rows


def claim_from_row(values):
    """The claim of its own row of `CLAIM_AND_ITS_QUESTION`, with its question, event and
    article; its bookkeeping times are left to be read if asked for."""
    parts = ClaimPageColumns.slices()
    db = Claim.objects.db
    claim = Claim.from_columns(db, ClaimRow.read_columns(), values[parts["claim"]])
    question = Question.from_columns(db, columns_of(Question), values[parts["question"]])
    question.event = Event.from_columns(db, columns_of(Event), values[parts["event"]])
    claim.question = question
    has_corrections, had_figures, article_text = values[parts["annotated"]]
    claim.has_corrections, claim.had_figures = has_corrections, had_figures
    if claim.article_id is not None:
        read = iter(values[parts["article"]])
        article_values = [
            article_text if f.name == "text" else next(read) for f in _fields(Article)
        ]
        claim.article = Article.from_columns(db, columns_of(Article), article_values)
    return claim


def claim_rows_and_figure_rows(joined):
    """(`ClaimRow`s, `FigureRow`s) from rows of a claim's columns, then a figure's (all None
    when it has none), then the figure's measure's, a claim's rows one after the other; any
    columns after those are not read here."""
    claim_columns = ClaimRow.read_columns()
    split, claim_id = len(claim_columns), claim_columns.index("id")
    figure_end = split + len(columns_of(Figure)) + len(columns_of(Measure))
    figure_id = split + columns_of(Figure).index("id")
    claims, figures = [], []
    for values in joined:
        if not claims or claims[-1][claim_id] != values[claim_id]:
            claims.append(values[:split])
        if values[figure_id] is not None:
            figures.append(values[split:figure_end])
    return ClaimRow.read(claims), FigureRow.read(figures)


def sources_by_id(named=()):
    """Every source by id, kept while the data is unchanged: the facets of every page of the
    claim browser name some of them, and reading those took 2 ms a page; a claim page names
    those of its question's claims, and an event's page those of its claims (half a
    millisecond a page to look up). `named` are the ids the caller's rows name: kept sources
    that lack one are read again."""
    return kept_while_data_unchanged(
        ("sources",),
        lambda: Source.objects.in_bulk(),
        holds=lambda sources: all(pk in sources for pk in named),
    )


CLAIM_CORRECTIONS = CompiledQuery(
    lambda user, claim: Correction.objects.filter(claim_id=claim).newest_first()
)


# A list's claims by id (a search's page: see claims.pagination), as `with_related()` reads
# them, compiled once: having the ORM write the search page's two queries for its 25 claims
# cost 3 ms of its 25 ms of Python.
CLAIMS_BY_ID = CompiledQuery(
    lambda user, ids: (
        Claim.objects.visible_to(user)
        .filter(pk__among=ids)
        .select_related("source", "question__event", "article")
    )
)
FIGURES_OF_CLAIMS = CompiledQuery(
    lambda user, claims: Figure.objects.in_order().filter(claim__id__among=claims)
)


def claims_by_id(user, ids):
    """The claims of `ids` that `user` may see, in the order of `ids`, each with its source,
    question, event, article and `figure_list`, as `with_related()` gives them: two queries."""
    if not ids:
        return []
    found = {claim.pk: claim for claim in CLAIMS_BY_ID(user, ids=list(ids))}
    for claim in found.values():
        claim.figure_list = []
    claim_link = Figure._meta.get_field("claim")
    for figure in FIGURES_OF_CLAIMS(user, claims=list(found)):
        claim = found[figure.claim_id]
        claim_link.set_cached_value(figure, claim)  # as a prefetch leaves it
        claim.figure_list.append(figure)
    return [found[pk] for pk in ids if pk in found]


# The facets' top events by id, as links: their titles and slugs (claims.facets).
EVENT_NAMES_BY_ID = CompiledQuery(
    lambda user, ids: Event.objects.only("title", "slug").filter(pk__among=ids)
)


def events_by_id(ids):
    """{id: event} of the events of `ids`, each with its title and slug only: one query."""
    return {event.pk: event for event in EVENT_NAMES_BY_ID(None, ids=list(ids))} if ids else {}
