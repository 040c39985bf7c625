"""Geometry of the figure charts: each source's value or range on one shared axis.

Plain numbers for the figure_chart template tag to draw as SVG (claims/templatetags), so
the page needs no JavaScript and the chart prints. A single value is a dot, a range a bar, an
open upper bound ("at least") a bar ending in an arrow, an "about" value a dot on a pale bar
showing the margin the comparison allows.
"""

from dataclasses import dataclass
from decimal import Decimal

from .models import Figure, format_number

WIDTH = 720
LABEL_WIDTH = 250
RIGHT_MARGIN = 24
ROW_HEIGHT = 40
TOP = 8
AXIS_HEIGHT = 30


@dataclass
class Bar:
    label: str
    text: str
    y: float
    x_start: float
    x_end: float
    value_x: float | None  # where the dot goes, for single values
    open_high: bool
    is_range: bool
    text_anchor: str = "start"

    @property
    def text_x(self):
        """Value labels run right from the start of the bar, or left from its end near the edge."""
        return self.x_start if self.text_anchor == "start" else self.x_end

    @property
    def label_y(self):
        return self.y + 4

    @property
    def value_y(self):
        return self.y - 9


@dataclass
class Tick:
    x: float
    label: str


@dataclass
class Chart:
    width: int
    height: int
    plot_left: int
    plot_right: int
    axis_y: float
    bars: list
    ticks: list
    description: str
    title: str = ""
    element_id: str = "chart"

    @property
    def tick_label_y(self):
        return self.axis_y + 16

    @property
    def label_x(self):
        return self.plot_left - 10


def nice_step(span, target_ticks=5):
    """A round tick step (1, 2 or 5 times a power of ten) giving about `target_ticks` ticks."""
    if span <= 0:
        return Decimal(1)
    raw = Decimal(span) / target_ticks
    power = Decimal(10) ** (raw.adjusted())
    for factor in (1, 2, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def axis_range(entries):
    """(axis start, axis end, tick step) for the latest figures of the entries.

    The axis always shows zero, reaches below it for negative figures, leaves room to the
    right for an open upper bound ("at least"), and never collapses when every figure is 0.
    """
    numbers = [
        n for entry in entries for n in (entry.latest.low, entry.latest.high) if n is not None
    ]
    ends = [entry.interval.low for entry in entries] + [
        entry.interval.high for entry in entries if entry.interval.high is not None
    ]
    lowest = min([Decimal(0), *numbers, *ends])
    highest = max([Decimal(0), *numbers, *ends])
    if highest == lowest:
        highest = lowest + 1
    has_open = any(entry.interval.high is None for entry in entries)
    span = highest - lowest
    highest += span * (Decimal("0.25") if has_open else Decimal("0.05"))
    if lowest < 0:
        lowest -= span * Decimal("0.05")
    step = nice_step(highest - lowest)
    if all(Decimal(n) == Decimal(n).to_integral_value() for n in numbers):
        step = max(step, Decimal(1))  # counts of people get whole-number ticks
    start = (lowest / step).to_integral_value(rounding="ROUND_FLOOR") * step
    end = (highest / step).to_integral_value(rounding="ROUND_CEILING") * step
    return start, end, step


def figure_chart(measure, width=WIDTH):
    """The chart of one measure: the latest figure of each source that gave one."""
    entries = measure.by_source
    axis_min, axis_max, step = axis_range(entries)
    plot_left, plot_right = LABEL_WIDTH + 10, width - RIGHT_MARGIN

    def x_of(value):
        share = (Decimal(value) - axis_min) / (axis_max - axis_min)
        return round(float(plot_left + (plot_right - plot_left) * share), 1)

    midpoint = (plot_left + plot_right) / 2
    bars = []
    for index, entry in enumerate(entries):
        figure, interval = entry.latest, entry.interval
        single = figure.qualifier in (Figure.Qualifier.EXACT, Figure.Qualifier.ABOUT)
        bars.append(
            Bar(
                label=str(entry.source),
                text=figure.as_text(),
                y=TOP + index * ROW_HEIGHT + ROW_HEIGHT / 2,
                x_start=x_of(interval.low),
                x_end=plot_right if interval.high is None else x_of(interval.high),
                value_x=x_of(figure.low) if single else None,
                open_high=interval.high is None,
                is_range=figure.qualifier != Figure.Qualifier.EXACT,
                text_anchor="start" if x_of(interval.low) < midpoint else "end",
            )
        )
    axis_y = TOP + len(entries) * ROW_HEIGHT + 4
    ticks = []
    value = axis_min
    while value <= axis_max:
        ticks.append(Tick(x_of(value), format_number(value)))
        value += step
    description = "; ".join(
        f"{entry.source}: {entry.latest.as_text()}"
        + (f" ({entry.latest.period})" if entry.latest.period else "")
        for entry in entries
    )
    return Chart(
        width=width,
        height=int(axis_y + AXIS_HEIGHT),
        plot_left=plot_left,
        plot_right=plot_right,
        axis_y=axis_y,
        bars=bars,
        ticks=ticks,
        description=description,
    )


def charts_for(rows):
    """[(row, [(measure, chart), ...])] for the figure questions among the rows."""
    sections = []
    for row in rows:
        if not row.question.is_figure:
            continue
        pairs = []
        for number, measure in enumerate(row.measures, start=1):
            chart = figure_chart(measure)
            chart.title = row.question.text
            chart.element_id = f"chart-{row.question.slug}-{number}"
            pairs.append((measure, chart))
        sections.append((row, pairs))
    return sections
