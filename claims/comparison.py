"""Comparison rules: where sources agree and where they contradict each other.

Pure functions over plain values, so the rules are tested without HTTP or a database. The views
hand them model instances, which carry the same attribute names, or the claims an event page
counts but does not draw as `claims.models.ClaimRow`s, which carry them too.

Figures become intervals:

    exact 413      -> [413, 413]
    about 130,000  -> [117,000, 143,000]   (see ABOUT_MARGIN)
    at least 413   -> [413, open)
    at most 50     -> [0, 50]
    10,000–13,000  -> [10,000, 13,000]

Sources whose intervals do not all overlap are **in conflict**. On a line, a set of intervals
has a common point exactly when the highest lower end is not above the lowest upper end, so one
comparison decides it for any number of sources.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property, lru_cache

from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .models import Claim, Figure

# "About 130,000" or "an estimated 130,000" is a rounded or estimated number. Ten per cent each
# way covers rounding to two significant figures (130,000 stands for 125,000–135,000) with room
# for the estimate itself, yet keeps "about 100" and "about 150" apart.
ABOUT_MARGIN = Decimal("0.10")

Qualifier = Figure.Qualifier
Stance = Claim.Stance


@dataclass(frozen=True)
class Interval:
    """A closed interval; `high` None means open above."""

    low: Decimal
    high: Decimal | None

    @property
    def representative(self):
        """One number to stand for the interval: its midpoint, or its bound when open."""
        if self.high is None:
            return self.low
        return (self.low + self.high) / 2


def interval_for(qualifier, low, high):
    """The interval a figure stands for, from its qualifier and bounds."""
    if qualifier == Qualifier.EXACT:
        return Interval(Decimal(low), Decimal(low))
    if qualifier == Qualifier.ABOUT:
        value = Decimal(low)
        margin = abs(value) * ABOUT_MARGIN
        return Interval(value - margin, value + margin)
    if qualifier == Qualifier.AT_LEAST:
        return Interval(Decimal(low), None)
    if qualifier == Qualifier.AT_MOST:
        return Interval(min(Decimal(0), Decimal(high)), Decimal(high))
    if qualifier == Qualifier.BETWEEN:
        return Interval(Decimal(low), Decimal(high))
    raise ValueError(f"unknown qualifier {qualifier!r}")


def intervals_share_a_point(intervals):
    intervals = list(intervals)
    if len(intervals) < 2:
        return True
    highest_low = max(interval.low for interval in intervals)
    closed_highs = [interval.high for interval in intervals if interval.high is not None]
    return not closed_highs or highest_low <= min(closed_highs)


def stated_numbers(figure):
    """The numbers a figure states: its value, or both ends of its range."""
    return [number for number in (figure.low, figure.high) if number is not None]


def spread(figures):
    """Highest stated number ÷ lowest, over the given figures; None when it means nothing."""
    numbers = [number for figure in figures for number in stated_numbers(figure)]
    if len(numbers) < 2 or min(numbers) <= 0:
        return None
    return max(numbers) / min(numbers)


# Worked out once for each pair: a page draws the same few measures' figures hundreds of times.
@lru_cache(maxsize=1024)
def place_to_add(counted, place):
    """A figure's place, to write after what it counts, unless what it counts already names it
    ("dead in the capital" needs no ", capital" after it); "" when nothing is to be added."""
    if not place:
        return ""
    if counted and re.search(rf"(?<!\w){re.escape(place)}(?!\w)", counted, re.IGNORECASE):
        return ""
    return place


def measure_key(figure):
    """Figures are compared only within one measure of their question (the same thing counted,
    in the same unit): the measure each figure names, never how it was worded."""
    return figure.measure_id


# Verdicts, as shown to an editor.
CONFLICT = "conflict"
CONSISTENT = "consistent"
CONTESTED = "contested"
AGREED = "agreed"
SINGLE_SOURCE = "single_source"
DECLINED = "declined"
UNCLEAR = "unclear"
NO_CLAIMS = "no_claims"

VERDICT_LABELS = {
    CONFLICT: _("In conflict"),
    CONSISTENT: _("Consistent"),
    CONTESTED: _("Contested"),
    AGREED: _("Agreed"),
    SINGLE_SOURCE: _("Single source"),
    DECLINED: _("Declined to comment"),
    UNCLEAR: _("Unclear"),
    NO_CLAIMS: _("No claims"),
}
DISAGREEMENTS = {CONFLICT, CONTESTED}


def others_who_spoke(stances):
    """How many sources spoke without taking a side, from each source's latest stance:
    (declined to comment, unclear)."""
    latest = list(stances.values())
    return latest.count(Stance.NO_COMMENT), latest.count(Stance.UNCLEAR)


@lru_cache(maxsize=16)
def verdict_labels(language):
    """{verdict: its label} in `language` (the active one): translated once, not for each
    question of a page."""
    return {verdict: str(label) for verdict, label in VERDICT_LABELS.items()}


def verdict_label(verdict, declined=0, unclear=0):
    """A verdict as a reader sees it. "Single source" only when no other source said anything
    at all: a source that declined to comment, or said something unclear, spoke too, so a
    question one source answers while two decline is "One source; 2 declined to comment"."""
    if verdict != SINGLE_SOURCE or not (declined or unclear):
        return verdict_labels(get_language())[verdict]
    declined_text = ngettext(
        "%(count)s declined to comment", "%(count)s declined to comment", declined
    ) % {"count": declined}
    # Translators: sources whose claim on a question neither affirms nor denies it.
    unclear_text = ngettext("%(count)s unclear", "%(count)s unclear", unclear) % {"count": unclear}
    if declined and unclear:
        # Translators: a question's verdict when one source took a side and others spoke
        # without taking one: "One source; 2 declined to comment, 1 unclear".
        return gettext("One source; %(declined)s, %(unclear)s") % {
            "declined": declined_text,
            "unclear": unclear_text,
        }
    # Translators: a question's verdict when one source took a side and others spoke without
    # taking one: "One source; 2 declined to comment".
    return gettext("One source; %(others)s") % {
        "others": declined_text if declined else unclear_text
    }


@dataclass
class SourceFigures:
    """One source's figures on one measure, oldest first; the latest is the one compared."""

    source: object
    figures: list

    @property
    def latest(self):
        return self.figures[-1]

    @property
    def changed(self):
        """The source gave more than one different figure over time."""
        return len({(f.qualifier, f.low, f.high) for f in self.figures}) > 1

    @cached_property
    def interval(self):
        # Worked out once: a verdict, a spread, a standing and a chart each read it. The
        # figures are complete by then (see `measures_for`).
        return interval_for(self.latest.qualifier, self.latest.low, self.latest.high)


@dataclass
class ComparedMeasure:
    """The figures of several sources on one measure of a question: the same thing counted,
    in the same unit."""

    measure: object  # the question's measure (claims.models.Measure)
    by_source: list = field(default_factory=list)

    @property
    def unit(self):
        return self.measure.unit

    @property
    def counted(self):
        return self.measure.counted

    @property
    def compared(self):
        return [entry.latest for entry in self.by_source]

    @cached_property
    def in_conflict(self):
        return not intervals_share_a_point(entry.interval for entry in self.by_source)

    @property
    def spread(self):
        return spread(self.compared) if len(self.by_source) > 1 else None

    @property
    def periods(self):
        """The distinct periods of the compared figures, in source order."""
        return list(dict.fromkeys(figure.period for figure in self.compared))

    @property
    def periods_differ(self):
        return len(self.periods) > 1

    @property
    def stated_periods(self):
        """[(period, [sources that gave it])] for each period stated, in source order."""
        by_period = {}
        for entry in self.by_source:
            if entry.latest.period:
                by_period.setdefault(entry.latest.period, []).append(entry.source)
        return list(by_period.items())

    @property
    def sources_without_period(self):
        """The sources whose compared figure states no period."""
        return [entry.source for entry in self.by_source if not entry.latest.period]

    @property
    def verdict(self):
        if len(self.by_source) < 2:
            return SINGLE_SOURCE
        return CONFLICT if self.in_conflict else CONSISTENT

    def standing_of(self, source):
        return standing(self, source)


def chronological(claims):
    """Claims oldest first: by date said where known (undated ones first), then as entered."""
    return sorted(
        claims,
        key=lambda claim: (claim.stated_on is not None, claim.stated_on or 0, claim.pk or 0),
    )


def measures_for(claims):
    """Group the figures of one figure question's claims by measure, in the question's order of
    measures, sources in first-seen order.

    Each claim must carry `source`, `stated_on`, `pk` and `figure_list` (its figures in order,
    each with its `measure`).
    """
    return measures_of_ordered(chronological(claims))


def measures_of_ordered(claims):
    """`measures_for` of claims already oldest first (see `chronological`)."""
    measures = {}
    entries = {}  # (measure key, source) -> SourceFigures
    for claim in claims:
        for figure in claim.figure_list:
            key = measure_key(figure)
            if key not in measures:
                measures[key] = ComparedMeasure(figure.measure)
            entry = entries.get((key, claim.source))
            if entry is None:
                entry = entries[key, claim.source] = SourceFigures(claim.source, [])
                measures[key].by_source.append(entry)
            # The day the figure stood for: its as-of date, else the day it was said.
            figure.as_of = figure.period_end or claim.stated_on
            entry.figures.append(figure)
    return sorted(
        measures.values(), key=lambda compared: (compared.measure.position, compared.measure.pk)
    )


def figure_verdict(measures):
    """A figure question is in conflict if any of its measures is."""
    if not measures:
        return NO_CLAIMS
    verdicts = {measure.verdict for measure in measures}
    for verdict in (CONFLICT, CONSISTENT):
        if verdict in verdicts:
            return verdict
    return SINGLE_SOURCE


def latest_stances(claims):
    """Each source's latest stance on a statement question: {source: stance}."""
    return {claim.source: claim.stance for claim in chronological(claims)}


def statement_verdict(stances):
    """The verdict of a statement question from each source's latest stance.

    Affirms and denies together: contested. Two or more sources taking the same side: agreed.
    One source taking a side: single source. Nobody taking a side: declined (if any source
    declined to comment), unclear, or no claims.
    """
    sides = [stance for stance in stances.values() if stance in (Stance.AFFIRMS, Stance.DENIES)]
    if Stance.AFFIRMS in sides and Stance.DENIES in sides:
        return CONTESTED
    if len(sides) >= 2:
        return AGREED
    if len(sides) == 1:
        return SINGLE_SOURCE
    if Stance.NO_COMMENT in stances.values():
        return DECLINED
    if stances:
        return UNCLEAR
    return NO_CLAIMS


HIGHEST, LOWEST, WITHIN, ONLY = "highest", "lowest", "within", "only"
STANDING_LABELS = {
    HIGHEST: _("Highest"),
    LOWEST: _("Lowest"),
    WITHIN: _("Within the others’ range"),
    ONLY: _("Only source"),
}


def standing(measure, source):
    """Where a source's compared figure sits among all sources' on one measure.

    Compared by each interval's representative number (its midpoint, or its bound when open);
    a tie for the top or bottom counts as within the range.
    """
    values = {entry.source: entry.interval.representative for entry in measure.by_source}
    if source not in values:
        return None
    if len(values) == 1:
        return ONLY
    own = values[source]
    others = [value for other, value in values.items() if other != source]
    if own > max(others):
        return HIGHEST
    if own < min(others):
        return LOWEST
    return WITHIN


@dataclass
class EventSummary:
    questions: int
    in_conflict: int
    contested: int
    agreed: int
    single_source: int

    @property
    def disagreements(self):
        return self.in_conflict + self.contested


def summarise(verdicts):
    """Count an event's question verdicts."""
    verdicts = list(verdicts)
    return EventSummary(
        questions=len(verdicts),
        in_conflict=verdicts.count(CONFLICT),
        contested=verdicts.count(CONTESTED),
        agreed=verdicts.count(AGREED) + verdicts.count(CONSISTENT),
        single_source=verdicts.count(SINGLE_SOURCE),
    )


@dataclass
class Cell:
    """One source's claims on one question, oldest first; empty when it made none."""

    source: object
    claims: list

    @property
    def latest(self):
        return self.claims[-1] if self.claims else None

    @property
    def revised(self):
        return len(self.claims) > 1


@dataclass
class Row:
    """One question of the comparison: its claims by the sources shown, oldest first, a cell
    per source column, and its verdict."""

    question: object
    sources: list
    claims: list
    verdict: str
    measures: list = field(default_factory=list)
    # Sources whose latest counted word was no comment, or unclear: they spoke, without a side.
    declined_count: int = 0
    unclear_count: int = 0

    @cached_property
    def cells(self):
        """A cell per source column, in column order. Made when first asked for: an event's
        page counts and pages every question but draws the cells of one page of them."""
        by_source = {}
        for claim in self.claims:
            by_source.setdefault(claim.source, []).append(claim)
        return [Cell(source, by_source.get(source, [])) for source in self.sources]

    @property
    def verdict_label(self):
        return verdict_label(self.verdict, self.declined_count, self.unclear_count)

    @property
    def is_disagreement(self):
        return self.verdict in DISAGREEMENTS

    @property
    def separate_measures(self):
        """The measures, when the question's figures count more than one thing: compared each
        on its own, never with each other."""
        return self.measures if len(self.measures) > 1 else []

    @property
    def spread(self):
        """The largest spread among the question's conflicting measures."""
        spreads = [m.spread for m in self.measures if m.in_conflict and m.spread is not None]
        return max(spreads, default=None)

    @property
    def declined(self):
        """Sources whose latest word on the question was no comment."""
        return [
            cell.source
            for cell in self.cells
            if cell.latest and cell.latest.stance == Stance.NO_COMMENT
        ]

    def standings_of(self, source):
        """The source's standings on the question (see `standings_among`), from the measures
        this row has already compared."""
        return standings_among(source, self.question, self.measures)

    @property
    def has_chart(self):
        """Whether a chart compares the question's figures: two sources gave one at least."""
        return any(len(measure.by_source) > 1 for measure in self.measures)

    @property
    def heard(self):
        """The cells of the sources that made a claim on the question, in column order."""
        return [cell for cell in self.cells if cell.claims]

    @property
    def not_heard(self):
        """The sources shown that made no claim on the question."""
        return [cell.source for cell in self.cells if not cell.claims]

    def cells_of(self, sources):
        """The row's cells for the given sources only, in their order."""
        wanted = set(sources)
        return [cell for cell in self.cells if cell.source in wanted]


# A page of the comparison holds whole questions, up to about this many claims: a small event
# (the Aleppo report's 25 claims) is one page; a 30-source, 50-question event is five.
CLAIMS_PER_PAGE = 300


# How the comparison is laid out (see `layout_for`).
MATRIX = "matrix"
BY_QUESTION = "by_question"

# A matrix is worth its empty cells when at least half of them hold a claim: then most
# questions were answered by most sources and reading across a row compares them. Sparser,
# a matrix is mostly "no claim" and wider than a screen, so each question lists only the
# sources that answered it and names the others in one line.
MATRIX_MIN_FILL = 0.5


def fill_ratio(rows, sources):
    """The share of the (question, source) cells that hold at least one claim."""
    cells = len(rows) * len(sources)
    if not cells:
        return 0.0
    wanted = set(sources)
    filled = sum(1 for row in rows for cell in row.cells if cell.claims and cell.source in wanted)
    return filled / cells


def layout_for(rows, sources):
    """MATRIX, a row per question and a column per source that spoke, when the sources that
    spoke answered at least MATRIX_MIN_FILL of the questions between them; otherwise
    BY_QUESTION, each question with only the sources that answered it."""
    if fill_ratio(rows, sources) >= MATRIX_MIN_FILL:
        return MATRIX
    return BY_QUESTION


@dataclass
class Comparison:
    sources: list
    rows: list

    @property
    def summary(self):
        return summarise(row.verdict for row in self.rows)

    @cached_property
    def speaking_sources(self):
        """The sources shown that made a claim on at least one of the rows, in column order:
        the matrix's columns. A source that said nothing here would be a column of empty
        cells."""
        spoke = {cell.source for row in self.rows for cell in row.cells if cell.claims}
        return [source for source in self.sources if source in spoke]

    @property
    def layout(self):
        return layout_for(self.rows, self.speaking_sources)

    @property
    def is_matrix(self):
        return self.layout == MATRIX

    @property
    def matrix_rows(self):
        """(row, its cells in the matrix's columns) for each row."""
        columns = self.speaking_sources
        return [(row, row.cells_of(columns)) for row in self.rows]

    def pages(self, claims_per_page=None):
        """The rows in pages of whole questions, each up to `claims_per_page` (by default
        CLAIMS_PER_PAGE) claims unless one question alone has more; at least one page."""
        claims_per_page = claims_per_page or CLAIMS_PER_PAGE
        pages = [[]]
        claims_on_page = 0
        for row in self.rows:
            row_claims = len(row.claims)
            if pages[-1] and claims_on_page + row_claims > claims_per_page:
                pages.append([])
                claims_on_page = 0
            pages[-1].append(row)
            claims_on_page += row_claims
        return [Comparison(self.sources, rows) for rows in pages]

    @property
    def claims(self):
        """Every claim in its cells, question by question."""
        return [claim for row in self.rows for cell in row.cells for claim in cell.claims]

    @property
    def timeline(self):
        """Every claim shown, oldest first (undated ones first, as entered)."""
        return chronological(self.claims)


def page_holding(pages, question_slug):
    """The number (from 1) of the comparison page that shows the question, or None."""
    for number, page in enumerate(pages, start=1):
        if any(row.question.slug == question_slug for row in page.rows):
            return number
    return None


def sources_of(claims):
    """The distinct sources of some claims, by name."""
    return sorted({claim.source for claim in claims}, key=lambda source: source.name)


def is_counted(claim):
    """Whether a claim counts in verdicts, charts and standings: published and not retracted.
    Staff also see drafts and retracted claims in their cells, marked, never counted."""
    return claim.is_published and not claim.is_retracted


def verdict_of(question, claims):
    """One question's verdict from its claims (a retracted one is never counted), as its row
    of `compare_event` gives it, without the row."""
    counted = [claim for claim in chronological(claims) if is_counted(claim)]
    if question.is_figure:
        return figure_verdict(measures_for(counted))
    return statement_verdict(latest_stances(counted))


def compare_event(questions, claims, sources=None):
    """The comparison matrix of one event: a row per question, a column per source.

    `claims` are the event's claims with their source and figures loaded; only those by the
    given sources (all, by default) count, so the verdicts are those of what is shown. A
    retracted claim among them is shown in its cell but never counted.
    """
    sources = sources_of(claims) if sources is None else list(sources)
    shown = set(sources)
    by_question = {}
    for claim in chronological(claims):
        if claim.source in shown:
            by_question.setdefault(claim.question_id, []).append(claim)
    rows = []
    for question in questions:
        question_claims = by_question.get(question.pk, [])
        # In order already: the latest stance and figure of each source are the last seen.
        counted = [claim for claim in question_claims if is_counted(claim)]
        stances = {claim.source: claim.stance for claim in counted}
        declined, unclear = others_who_spoke(stances)
        if question.is_figure:
            measures = measures_of_ordered(counted)
            verdict = figure_verdict(measures)
        else:
            measures, verdict = [], statement_verdict(stances)
        rows.append(Row(question, sources, question_claims, verdict, measures, declined, unclear))
    return Comparison(sources, rows)


@dataclass
class SourceStanding:
    """A source's figure on one measure, and where it sits against the other sources'."""

    source: object
    question: object
    measure: ComparedMeasure

    @property
    def standing(self):
        return self.measure.standing_of(self.source)

    @property
    def label(self):
        return STANDING_LABELS[self.standing]

    @property
    def own(self):
        return next(entry for entry in self.measure.by_source if entry.source == self.source)

    @property
    def others(self):
        return [entry for entry in self.measure.by_source if entry.source != self.source]


def standings_among(source, question, measures):
    """A SourceStanding for each of the question's compared `measures` the source gave a
    figure on."""
    return [
        SourceStanding(source, question, measure)
        for measure in measures
        if measure.standing_of(source) is not None
    ]


def source_standings(source, claims):
    """A SourceStanding for each measure the source gave a figure on.

    `claims` are all sources' claims on the figure questions the source answered.
    """
    by_question = {}
    for claim in claims:
        if is_counted(claim):
            by_question.setdefault(claim.question, []).append(claim)
    return [
        standing
        for question, question_claims in by_question.items()
        for standing in standings_among(source, question, measures_for(question_claims))
    ]
