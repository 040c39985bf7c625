"""Geometry of the figure charts: each source's value or range on one shared axis.

Plain numbers for the template to draw as SVG (templates/claims/includes/figure_chart.html), so
the page needs no JavaScript and the chart prints. A single value is a dot, a range a bar, an
open upper bound ("at least") a bar ending in an arrow, an "about" value a dot on a pale bar
showing the margin the comparison allows.
"""

from dataclasses import dataclass
from decimal import Decimal

from .comparison import ABOUT, AT_LEAST, EXACT
from .models import format_number

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


def figure_chart(measure, width=WIDTH):
    """The chart of one measure: the latest figure of each source that gave one."""
    entries = measure.by_source
    numbers = [
        n for entry in entries for n in (entry.latest.low, entry.latest.high) if n is not None
    ]
    has_open = any(entry.latest.qualifier == AT_LEAST for entry in entries)
    top_value = max(numbers) * (Decimal("1.25") if has_open else Decimal("1.05"))
    top_value = max(top_value, max(entry.interval.high or 0 for entry in entries))
    step = nice_step(top_value)
    axis_max = ((top_value / step).to_integral_value(rounding="ROUND_CEILING")) * step
    plot_left, plot_right = LABEL_WIDTH + 10, width - RIGHT_MARGIN

    def x_of(value):
        return round(float(plot_left + (plot_right - plot_left) * (Decimal(value) / axis_max)), 1)

    midpoint = (plot_left + plot_right) / 2
    bars = []
    for index, entry in enumerate(entries):
        figure, interval = entry.latest, entry.interval
        single = figure.qualifier in (EXACT, ABOUT)
        bars.append(
            Bar(
                label=str(entry.source),
                text=figure.as_text(),
                y=TOP + index * ROW_HEIGHT + ROW_HEIGHT / 2,
                x_start=x_of(max(interval.low, 0)),
                x_end=plot_right if interval.high is None else x_of(interval.high),
                value_x=x_of(figure.low) if single else None,
                open_high=interval.high is None,
                is_range=figure.qualifier != EXACT,
                text_anchor="start" if x_of(max(interval.low, 0)) < midpoint else "end",
            )
        )
    axis_y = TOP + len(entries) * ROW_HEIGHT + 4
    ticks = []
    value = Decimal(0)
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
