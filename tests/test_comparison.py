"""The comparison rules, on plain values: no HTTP, no database."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import pytest

from claims.comparison import (
    AGREED,
    CONFLICT,
    CONSISTENT,
    CONTESTED,
    DECLINED,
    HIGHEST,
    LOWEST,
    NO_CLAIMS,
    ONLY,
    SINGLE_SOURCE,
    UNCLEAR,
    WITHIN,
    Interval,
    figure_verdict,
    interval_for,
    latest_stances,
    measures_for,
    statement_verdict,
    summarise,
    verdict_of,
)


@dataclass(frozen=True)
class FakeMeasure:
    pk: int
    unit: str
    counted: str
    position: int = 0


DISPLACED = FakeMeasure(1, "people", "people displaced")
SHARE = FakeMeasure(2, "%", "share of the city", position=1)
INJURED = FakeMeasure(3, "people", "people injured", position=2)


@dataclass
class FakeFigure:
    qualifier: str
    low: Decimal | None = None
    high: Decimal | None = None
    measure: FakeMeasure = DISPLACED
    period: str = ""
    period_end: date | None = None

    @property
    def measure_id(self):
        return self.measure.pk


@dataclass
class FakeClaim:
    source: str
    figure_list: list = field(default_factory=list)
    stance: str = ""
    stated_on: date | None = None
    pk: int = 0
    is_retracted: bool = False
    is_published: bool = True


_ids = iter(range(1, 10_000))


def says(source, qualifier, low=None, high=None, on=None, **fields):
    figure = FakeFigure(qualifier, _d(low), _d(high), **fields)
    return FakeClaim(source, [figure], pk=next(_ids), stated_on=on)


def _d(value):
    return None if value is None else Decimal(value)


def only_measure(*claims):
    (measure,) = measures_for(claims)
    return measure


@pytest.mark.parametrize(
    ("qualifier", "low", "high", "interval"),
    [
        ("exact", 413, None, Interval(Decimal(413), Decimal(413))),
        ("about", 130000, None, Interval(Decimal(117000), Decimal(143000))),
        ("at_least", 413, None, Interval(Decimal(413), None)),
        ("at_most", None, 50, Interval(Decimal(0), Decimal(50))),
        ("between", 10000, 13000, Interval(Decimal(10000), Decimal(13000))),
    ],
)
def test_figures_become_intervals(qualifier, low, high, interval):
    assert interval_for(qualifier, _d(low), _d(high)) == interval


def test_three_sources_that_do_not_overlap_conflict_with_the_right_spread():
    measure = only_measure(
        says("Source 1", "exact", 100),
        says("Source 2", "exact", 250),
        says("Source 3", "exact", 400),
    )
    assert measure.in_conflict
    assert measure.verdict == CONFLICT
    assert measure.spread == Decimal(4)


def test_overlapping_ranges_do_not_conflict():
    measure = only_measure(
        says("Source 1", "between", 10000, 13000),
        says("Source 2", "between", 12000, 15000),
        says("Source 3", "about", 14000),
    )
    assert not measure.in_conflict
    assert measure.verdict == CONSISTENT
    assert measure.spread == Decimal("1.5")  # 15,000 ÷ 10,000; "about" adds no stated number


def test_at_least_500_conflicts_with_471():
    assert only_measure(
        says("Source 1", "at_least", 500), says("Source 2", "exact", 471)
    ).in_conflict


def test_at_least_400_does_not_conflict_with_471():
    measure = only_measure(says("Source 1", "at_least", 400), says("Source 2", "exact", 471))
    assert not measure.in_conflict


def test_at_most_50_conflicts_with_100_to_300():
    measure = only_measure(
        says("Source 1", "at_most", None, 50), says("Source 2", "between", 100, 300)
    )
    assert measure.in_conflict
    assert measure.spread == Decimal(6)


def test_about_widens_by_ten_percent():
    assert not only_measure(
        says("Source 1", "about", 100), says("Source 2", "exact", 109)
    ).in_conflict
    assert only_measure(says("Source 1", "about", 100), says("Source 2", "exact", 111)).in_conflict


def test_a_source_that_revises_keeps_both_figures_and_compares_the_latest():
    first = says("Source 1", "exact", 500, on=date(2024, 1, 1))
    revised = says("Source 1", "exact", 471, on=date(2024, 1, 2))
    other = says("Source 2", "exact", 471)
    measure = only_measure(revised, other, first)
    by_name = {entry.source: entry for entry in measure.by_source}
    source_1, source_2 = by_name["Source 1"], by_name["Source 2"]
    assert [figure.low for figure in source_1.figures] == [500, 471]
    assert source_1.latest.low == 471
    assert source_1.changed and not source_2.changed
    assert not measure.in_conflict


def test_undated_revisions_follow_entry_order():
    measure = only_measure(says("Source 1", "exact", 500), says("Source 1", "exact", 471))
    assert measure.by_source[0].latest.low == 471


def test_figures_are_compared_within_their_measure_only():
    measures = measures_for(
        [
            says("Source 1", "exact", 10),
            says("Source 2", "exact", 90, measure=SHARE),
            says("Source 3", "exact", 50, measure=INJURED),
            says("Source 4", "exact", 12),
        ]
    )
    assert [compared.measure for compared in measures] == [DISPLACED, SHARE, INJURED]
    assert [entry.source for entry in measures[0].by_source] == ["Source 1", "Source 4"]
    assert figure_verdict(measures) == CONFLICT


def test_different_periods_are_flagged():
    measure = only_measure(
        says("Source 1", "exact", 100, period="in the past 24 hours"),
        says("Source 2", "exact", 900, period="since 15 November"),
    )
    assert measure.periods_differ
    assert measure.periods == ["in the past 24 hours", "since 15 November"]


def test_single_figure_source_and_no_claims():
    assert only_measure(says("Source 1", "exact", 1)).verdict == SINGLE_SOURCE
    assert figure_verdict([]) == NO_CLAIMS


@pytest.mark.parametrize(
    ("stances", "verdict"),
    [
        ({"Rebels": "affirms", "Moscow": "denies"}, CONTESTED),
        ({"Source 1": "affirms", "Source 2": "affirms"}, AGREED),
        ({"Source 1": "denies", "Source 2": "denies", "Source 3": "no_comment"}, AGREED),
        ({"Source 1": "affirms", "Source 2": "no_comment"}, SINGLE_SOURCE),
        ({"Source 1": "no_comment"}, DECLINED),
        ({"Source 1": "unclear"}, UNCLEAR),
        ({}, NO_CLAIMS),
    ],
)
def test_statement_verdicts(stances, verdict):
    assert statement_verdict(stances) == verdict


def test_latest_stance_counts():
    claims = [
        FakeClaim("Source 1", stance="affirms", stated_on=date(2024, 1, 1), pk=1),
        FakeClaim("Source 1", stance="denies", stated_on=date(2024, 1, 3), pk=2),
        FakeClaim("Source 2", stance="denies", stated_on=date(2024, 1, 2), pk=3),
    ]
    assert latest_stances(claims) == {"Source 1": "denies", "Source 2": "denies"}
    assert statement_verdict(latest_stances(claims)) == AGREED


def test_standing_of_each_source():
    measure = only_measure(
        says("Source 1", "exact", 100),
        says("Source 2", "between", 150, 250),
        says("Source 3", "at_least", 400),
    )
    assert measure.standing_of("Source 1") == LOWEST
    assert measure.standing_of("Source 2") == WITHIN
    assert measure.standing_of("Source 3") == HIGHEST
    assert measure.standing_of("Source 9") is None
    assert only_measure(says("Source 1", "exact", 1)).standing_of("Source 1") == ONLY


def test_event_summary_counts_conflicts_and_contested():
    summary = summarise([CONFLICT, CONTESTED, CONTESTED, AGREED, SINGLE_SOURCE, NO_CLAIMS])
    assert (summary.questions, summary.in_conflict, summary.contested) == (6, 1, 2)
    assert summary.disagreements == 3


@dataclass
class FakeQuestion:
    is_figure: bool


def test_a_questions_verdict_counts_no_retracted_claim():
    figures, statement = FakeQuestion(is_figure=True), FakeQuestion(is_figure=False)
    low, high = says("Source 1", "exact", 100), says("Source 2", "exact", 900)
    assert verdict_of(figures, [low, high]) == CONFLICT
    high.is_retracted = True
    assert verdict_of(figures, [low, high]) == SINGLE_SOURCE
    affirms = FakeClaim("Source 1", stance="affirms", pk=1)
    denies = FakeClaim("Source 2", stance="denies", pk=2)
    assert verdict_of(statement, [affirms, denies]) == CONTESTED
    denies.is_retracted = True
    assert verdict_of(statement, [affirms, denies]) == SINGLE_SOURCE
    assert verdict_of(statement, []) == NO_CLAIMS
