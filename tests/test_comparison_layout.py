"""How the comparison is laid out and its figures charted, on plain values: no HTTP, no
database. A sparse event lists each question with only the sources that answered it; a dense
one keeps the matrix, with only the columns of sources that spoke. A chart is drawn only for
two sources' figures or more, percentages on a 0–100 axis, with labels that fit a phone."""

from dataclasses import dataclass
from decimal import Decimal

import pytest

from claims.charts import (
    NARROWEST_PLOT_PX,
    PLOT_LEFT,
    PLOT_RIGHT,
    TICK_CHARACTER_PX,
    Tick,
    axis_range,
    charts_for,
    figure_chart,
    tick_labels_that_fit,
)
from claims.comparison import (
    BY_QUESTION,
    MATRIX,
    MATRIX_MIN_FILL,
    ComparedMeasure,
    SourceFigures,
    compare_event,
    fill_ratio,
    place_to_add,
)
from claims.models import Figure, Measure
from publishing.feeds import verdict_change_title


@dataclass(frozen=True)
class FakeQuestion:
    pk: int
    slug: str
    is_figure: bool = False
    text: str = "A question?"


@dataclass
class FakeClaim:
    source: str
    question_id: int
    pk: int
    stance: str = "affirms"
    stated_on: None = None
    is_published: bool = True
    is_retracted: bool = False
    figure_list: tuple = ()


def event(questions, answered_by, sources):
    """compare_event over `questions` statement questions, question number n answered by the
    sources in answered_by[n], with `sources` shown."""
    shown = [FakeQuestion(number, f"q{number}") for number in range(questions)]
    claims = [
        FakeClaim(source, number, pk=number * 100 + index)
        for number, answering in answered_by.items()
        for index, source in enumerate(answering)
    ]
    return compare_event(shown, claims, sources)


ELEVEN = [f"Source {letter}" for letter in "ABCDEFGHIJK"]


def test_a_sparse_event_lists_each_question_with_only_the_sources_that_answered_it():
    # As the seed event: 18 questions, 11 sources, most questions answered by one source.
    answered = {number: [ELEVEN[number % 11]] for number in range(18)}
    answered[0] = ["Source A", "Source B", "Source C"]
    comparison = event(18, answered, ELEVEN)
    assert comparison.layout == BY_QUESTION
    first = comparison.rows[0]
    assert [cell.source for cell in first.heard] == ["Source A", "Source B", "Source C"]
    assert first.not_heard == ELEVEN[3:]
    assert [cell.source for cell in comparison.rows[5].heard] == ["Source F"]


def test_a_dense_event_keeps_the_matrix_with_only_the_sources_that_spoke_as_columns():
    sources = ["Source A", "Source B", "Source C", "Source D"]
    answered = {0: sources[:3], 1: sources[:3], 2: sources[:2]}  # Source D said nothing
    comparison = event(3, answered, sources)
    assert comparison.layout == MATRIX
    assert comparison.speaking_sources == ["Source A", "Source B", "Source C"]
    for _row, cells in comparison.matrix_rows:
        assert [cell.source for cell in cells] == ["Source A", "Source B", "Source C"]
    (_, last_cells) = comparison.matrix_rows[2]
    assert [bool(cell.claims) for cell in last_cells] == [True, True, False]  # still a cell


def test_the_matrix_needs_at_least_half_its_cells_filled():
    sources = ["Source A", "Source B"]
    half = event(2, {0: sources, 1: []}, sources)  # 2 of 4 cells
    assert fill_ratio(half.rows, half.speaking_sources) == MATRIX_MIN_FILL == 0.5
    assert half.layout == MATRIX
    sources = ["Source A", "Source B", "Source C"]
    under = event(3, {0: sources, 1: ["Source A"], 2: []}, sources)  # 4 of 9 cells
    assert fill_ratio(under.rows, under.speaking_sources) < MATRIX_MIN_FILL
    assert under.layout == BY_QUESTION


def test_a_comparison_with_no_claims_lists_its_questions_without_failing():
    comparison = event(3, {}, ["Source A"])
    assert comparison.speaking_sources == []
    assert comparison.layout == BY_QUESTION
    assert comparison.rows[0].not_heard == ["Source A"]


def test_a_page_of_the_comparison_is_laid_out_by_its_own_rows():
    sources = ["Source A", "Source B"]
    comparison = event(2, {0: sources, 1: sources}, sources)
    (page,) = comparison.pages()
    assert page.layout == MATRIX and page.speaking_sources == sources


def measure_of(unit, *figures):
    """A compared measure: each (qualifier, low, high) a figure from its own source."""
    measure = Measure(unit=unit, counted="")
    compared = ComparedMeasure(measure)
    for number, (qualifier, low, high) in enumerate(figures, start=1):
        figure = Figure(qualifier=qualifier, low=low, high=high, measure=measure)
        figure.low = None if low is None else Decimal(low)
        figure.high = None if high is None else Decimal(high)
        compared.by_source.append(SourceFigures(f"Source {number}", [figure]))
    return compared


def test_percentages_are_drawn_on_a_0_to_100_axis():
    measure = measure_of("%", ("exact", 98, None), ("exact", 60, None))
    assert axis_range(measure.by_source) == (0, 100, 20)
    chart = figure_chart(measure)
    assert [tick.label for tick in chart.ticks][-1] == "100%"
    assert chart.ticks[-1].x == PLOT_RIGHT
    assert chart.bars[0].value_x == pytest.approx(PLOT_LEFT + (PLOT_RIGHT - PLOT_LEFT) * 0.98)


def test_a_rise_of_more_than_100_per_cent_keeps_an_axis_that_reaches_it():
    measure = measure_of("%", ("exact", 150, None), ("exact", 60, None))
    start, end, _ = axis_range(measure.by_source)
    assert start == 0 and end >= 150


def test_one_source_figure_is_not_charted_two_are():
    single = measure_of("people", ("at_least", 413, None))
    assert not figure_chart(single).compares
    pair = measure_of("people", ("at_least", 413, None), ("exact", 139, None))
    assert figure_chart(pair).compares


@dataclass
class FakeRow:
    question: FakeQuestion
    measures: list


def test_only_questions_with_figures_to_compare_get_a_chart_section():
    alone = FakeRow(FakeQuestion(1, "alone", True), [measure_of("people", ("exact", 5, None))])
    pair = FakeRow(
        FakeQuestion(2, "pair", True),
        [measure_of("people", ("exact", 5, None), ("exact", 50, None))],
    )
    statement = FakeRow(FakeQuestion(3, "statement"), [])
    sections = charts_for([alone, pair, statement])
    assert [row.question.slug for row, _ in sections] == ["pair"]


def test_names_and_figures_have_rows_of_their_own_above_each_bar():
    measure = measure_of("people", ("at_least", 413, None), ("between", 10_000, 13_000))
    chart = figure_chart(measure)
    lines = sorted(y for bar in chart.bars for y in (bar.label_y, bar.value_y, bar.bar_y))
    assert len(set(lines)) == 6  # no two of them share a line
    assert all(bar.bar_y < chart.axis_y for bar in chart.bars)
    open_bar = chart.bars[0]
    assert open_bar.open_high and open_bar.x_end == chart.plot_right < 100  # room for the arrow


def widths_clash(ticks):
    """Whether two labelled ticks' estimated labels overlap on the narrowest chart."""
    spans = []
    for tick in ticks:
        if not tick.label:
            continue
        px = NARROWEST_PLOT_PX * (tick.x - PLOT_LEFT) / (PLOT_RIGHT - PLOT_LEFT)
        width = len(tick.label) * TICK_CHARACTER_PX
        start = {"start": px, "middle": px - width / 2, "end": px - width}[tick.anchor]
        spans.append((start, start + width))
    return any(a_end > b_start for (_, a_end), (b_start, _) in zip(spans, spans[1:], strict=False))


@pytest.mark.parametrize("top", [100, 150_000, 1_300_000, 987_654_321])
def test_tick_labels_fit_side_by_side_on_a_phone_and_stay_inside_the_chart(top):
    measure = measure_of("people", ("exact", 1, None), ("at_least", top, None))
    ticks = figure_chart(measure).ticks
    assert not widths_clash(ticks)
    labelled = [tick for tick in ticks if tick.label]
    assert len(labelled) >= 2
    assert ticks[0].anchor == "start" and ticks[-1].anchor == "end"
    assert ticks[-1].label  # the axis's end is always named


def test_crowded_ticks_keep_their_lines_and_lose_every_other_label():
    ticks = [Tick(PLOT_LEFT + 12 * n, f"{n},000,000") for n in range(9)]
    labelled = tick_labels_that_fit(ticks)
    assert len(labelled) == 9
    assert 2 <= sum(1 for tick in labelled if tick.label) < 9
    assert not widths_clash(labelled)


@pytest.mark.parametrize(
    ("counted", "place", "added"),
    [
        ("dead in the capital", "capital", ""),
        ("dead in the Capital", "capital", ""),
        ("civilians killed", "eastern Aleppo", "eastern Aleppo"),
        ("people in capitals abroad", "capital", "capital"),  # a word, not part of one
        ("", "Placeville", "Placeville"),
        ("civilians killed", "", ""),
    ],
)
def test_a_place_is_not_repeated_after_what_names_it(counted, place, added):
    assert place_to_add(counted, place) == added


def test_periods_are_told_with_their_sources_and_the_ones_that_gave_none():
    measure = measure_of("people", ("exact", 10, None), ("exact", 20, None), ("exact", 30, None))
    for entry, period in zip(measure.by_source, ["in all", "", "in all"], strict=True):
        entry.latest.period = period
    assert measure.periods_differ
    assert measure.stated_periods == [("in all", ["Source 1", "Source 3"])]
    assert measure.sources_without_period == ["Source 2"]


@pytest.mark.parametrize(
    ("before", "after", "title"),
    [
        ("single_source", "conflict", "“How many?” is now in conflict (was single source)"),
        ("no_claims", "contested", "“How many?” is now contested, on its first claims"),
        ("conflict", "no_claims", "“How many?” has no claims left (was in conflict)"),
    ],
)
def test_feed_titles_of_verdict_changes_read_as_sentences(before, after, title):
    assert verdict_change_title("How many?", before, after) == title
