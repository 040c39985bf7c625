"""Geometry of the figure charts: each source's value or range on one shared axis.

Plain numbers for the figure_chart template tag to draw as SVG (claims/templatetags), so
the page needs no JavaScript and the chart prints. A single value is a dot, a range a bar, an
open upper bound ("at least") a bar ending in an arrow, an "about" value a dot on a pale bar
showing the margin the comparison allows.

The chart is as wide as the column it stands in, from a 320 px phone up, and its text keeps
its size: across, positions are percentages of its width; down, pixels. So that no label can
run into another or past the chart's edge at any width, each source's name and figure have
rows of their own above its bar, and the axis labels only as many ticks as fit on a phone.
A chart is drawn only where at least two sources gave a figure: a single figure is a value,
and an axis would compare it with nothing.
"""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.utils import dateformat
from django.utils.translation import gettext as _

from .models import Figure, format_number

# Across, in per cent of the chart's width: room on the right for an open bound's arrow.
PLOT_LEFT = 1.0
PLOT_RIGHT = 97.0
# Down, in pixels: a source's name, its figure, then its bar.
TOP = 4
NAME_ROW = 16
VALUE_ROW = 16
BAR_ROW = 22
SOURCE_HEIGHT = NAME_ROW + VALUE_ROW + BAR_ROW
AXIS_HEIGHT = 30
# The narrowest chart drawn (a 320 px phone, less the page's margins) and the widest a
# character of a tick label may be at the chart's 12 px type: what decides how many ticks can
# carry a label without two labels touching.
NARROWEST_PLOT_PX = 280
TICK_CHARACTER_PX = 7.5
# A name longer than this is cut with an ellipsis: about the width of a 320 px phone.
NAME_CHARACTERS = 40


@dataclass
class Bar:
    label: str
    text: str
    y: float  # the top of the source's rows
    x_start: float
    x_end: float
    value_x: float | None  # where the dot goes, for single values
    open_high: bool
    is_range: bool

    @property
    def label_y(self):
        return self.y + NAME_ROW - 4

    @property
    def value_y(self):
        return self.y + NAME_ROW + VALUE_ROW - 4

    @property
    def bar_y(self):
        return self.y + NAME_ROW + VALUE_ROW + BAR_ROW / 2


@dataclass
class Tick:
    x: float
    label: str
    anchor: str = "middle"  # the first and last are anchored inward, within the chart


@dataclass
class Chart:
    height: int
    plot_left: float
    plot_right: float
    axis_y: float
    bars: list
    ticks: list
    description: str
    title: str = ""
    element_id: str = "chart"
    toll: object = None  # a TollChart, when sources gave figures on several dates

    @property
    def tick_label_y(self):
        return self.axis_y + 18

    @property
    def tick_end_y(self):
        return self.axis_y + 5

    @property
    def label_x(self):
        return 0

    @property
    def labelled_ticks(self):
        return [tick for tick in self.ticks if tick.label]

    @property
    def compares(self):
        """Whether the chart sets figures side by side: two sources' at least."""
        return len(self.bars) > 1


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


def is_percentage(entries):
    """Whether the figures are percentages of a whole (0 to 100): drawn on a 0–100 axis."""
    return all(entry.latest.unit == "%" for entry in entries) and all(
        0 <= interval_end <= 100
        for entry in entries
        for interval_end in (entry.interval.low, entry.interval.high)
        if interval_end is not None
    )


def axis_range(entries):
    """(axis start, axis end, tick step) for the latest figures of the entries.

    The axis always shows zero, reaches below it for negative figures, leaves room to the
    right for an open upper bound ("at least"), and never collapses when every figure is 0.
    Percentages of a whole are drawn on the whole, 0 to 100.
    """
    if is_percentage(entries):
        return Decimal(0), Decimal(100), Decimal(20)
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
    step = nice_step(highest - lowest, target_ticks=4)
    if all(Decimal(n) == Decimal(n).to_integral_value() for n in numbers):
        step = max(step, Decimal(1))  # counts of people get whole-number ticks
    start = (lowest / step).to_integral_value(rounding="ROUND_FLOOR") * step
    end = (highest / step).to_integral_value(rounding="ROUND_CEILING") * step
    return start, end, step


def tick_labels_that_fit(ticks, plot_px=NARROWEST_PLOT_PX):
    """The ticks with a label on every one, every other one, or every third… as many as fit
    side by side on the narrowest chart; the first and last are anchored inward so that no
    label passes the chart's edge. Ticks left unlabelled keep their line."""
    if len(ticks) < 2:
        return ticks
    widest = max(len(tick.label) for tick in ticks) * TICK_CHARACTER_PX
    gap = plot_px * (ticks[1].x - ticks[0].x) / (PLOT_RIGHT - PLOT_LEFT)
    every = 1
    # A middle label spans half its width each side of its tick; an end label, its whole
    # width inward; a space of a character between labels.
    while every < len(ticks) - 1 and gap * every < widest * 1.5 + TICK_CHARACTER_PX:
        every += 1
    last = len(ticks) - 1
    labelled = []
    for index, tick in enumerate(ticks):
        keep = index % every == 0 and (index == last or last - index >= every)
        anchor = "start" if index == 0 else "end" if index == last else "middle"
        labelled.append(Tick(tick.x, tick.label if keep or index == last else "", anchor))
    return labelled


def figure_chart(measure):
    """The chart of one measure: the latest figure of each source that gave one."""
    entries = measure.by_source
    axis_min, axis_max, step = axis_range(entries)
    plot_left, plot_right = PLOT_LEFT, PLOT_RIGHT
    percent = is_percentage(entries)

    def x_of(value):
        share = (Decimal(value) - axis_min) / (axis_max - axis_min)
        return round(float(Decimal(plot_left) + Decimal(plot_right - plot_left) * share), 2)

    texts = [entry.latest.as_text() for entry in entries]  # for the bars and the description
    bars = []
    for index, entry in enumerate(entries):
        figure, interval = entry.latest, entry.interval
        single = figure.qualifier in (Figure.Qualifier.EXACT, Figure.Qualifier.ABOUT)
        bars.append(
            Bar(
                label=str(entry.source),
                text=texts[index],
                y=TOP + index * SOURCE_HEIGHT,
                x_start=x_of(interval.low),
                x_end=plot_right if interval.high is None else x_of(interval.high),
                value_x=x_of(figure.low) if single else None,
                open_high=interval.high is None,
                is_range=figure.qualifier != Figure.Qualifier.EXACT,
            )
        )
    axis_y = TOP + len(entries) * SOURCE_HEIGHT + 4
    ticks = []
    value = axis_min
    while value <= axis_max:
        label = format_number(value) + ("%" if percent else "")
        ticks.append(Tick(x_of(value), label))
        value += step
    description = "; ".join(
        f"{entry.source}: {text}" + (f" ({entry.latest.period})" if entry.latest.period else "")
        for entry, text in zip(entries, texts, strict=True)
    )
    return Chart(
        height=int(axis_y + AXIS_HEIGHT),
        plot_left=plot_left,
        plot_right=plot_right,
        axis_y=axis_y,
        bars=bars,
        ticks=tick_labels_that_fit(ticks),
        description=description,
    )


def charts_for(rows):
    """[(row, [(measure, chart), ...])] for the figure questions among the rows that have
    something to draw: figures from two sources or more on one measure, or a source's figures
    over time. A question with one source's figure has its figure shown with its claim."""
    sections = []
    for row in rows:
        if not row.question.is_figure:
            continue
        pairs = []
        for number, measure in enumerate(row.measures, start=1):
            chart = figure_chart(measure)
            chart.title = row.question.text
            chart.element_id = f"chart-{row.question.slug}-{number}"
            chart.toll = toll_chart(measure)
            if chart.toll:
                # Translators: the title of a chart of each source's figures over time.
                title = _("%(question)s: figures by date") % {"question": row.question.text}
                chart.toll.title = title
                chart.toll.element_id = f"toll-{row.question.slug}-{number}"
            pairs.append((measure, chart))
        if any(chart.compares or chart.toll for _, chart in pairs):
            sections.append((row, pairs))
    return sections


# Running tolls: each source's figures over time on one date axis.

TOLL_WIDTH = 720
TOLL_LEFT = 64  # room for the value axis's labels
TOLL_RIGHT = 170  # room for each series' name at its last point
TOLL_TOP = 12
TOLL_PLOT_HEIGHT = 240
TOLL_AXIS_HEIGHT = 32
MARKERS = ["circle", "square", "triangle", "diamond", "cross", "star"]
DAY_STEPS = [1, 2, 7, 14, 28, 56, 91, 182, 365]


@dataclass
class Level:
    """A line across the value axis, with its value."""

    y: float
    label: str

    @property
    def label_y(self):
        return self.y + 4


@dataclass
class TollPoint:
    x: float
    y: float  # the value drawn: the figure, or the middle of its range
    y_low: float | None  # a range's ends, drawn as a bar
    y_high: float | None
    open_high: bool  # "at least": an arrow up from the value
    date: object
    text: str

    @property
    def arrow_tip_y(self):
        return self.y - 16

    @property
    def arrow_stem_y(self):
        return self.y - 9


def marker_geometry(shape, x, y):
    """Where a point's marker is drawn, each source its own shape as well as its own colour:
    a circle's centre, a square's corner, or the other shapes' paths."""
    if shape == "circle":
        return {"cx": x, "cy": y}
    if shape == "square":
        return {"x": x - 4.5, "y": y - 4.5}
    if shape == "triangle":
        return {"d": f"M{x},{y - 6} l6,10 h-12 z"}
    if shape == "diamond":
        return {"d": f"M{x},{y - 6} l6,6 l-6,6 l-6,-6 z"}
    if shape == "cross":
        return {"d": f"M{x - 5},{y - 5} l10,10 m0,-10 l-10,10"}
    return {"d": f"M{x},{y - 7} l2,5 h5 l-4,3 l2,6 l-5,-4 l-5,4 l2,-6 l-4,-3 h5 z"}  # a star


@dataclass
class TollSeries:
    label: str
    number: int  # its colour and marker
    points: list

    @property
    def marker(self):
        return MARKERS[self.number % len(MARKERS)]

    @property
    def colour(self):
        """Which of the stylesheet's six series colours (.toll-series-0 to 5) it is drawn in."""
        return self.number % 6

    @property
    def marked_points(self):
        """(point, where its marker goes) for each point, in order."""
        return [(point, marker_geometry(self.marker, point.x, point.y)) for point in self.points]

    @property
    def path(self):
        return " ".join(
            f"{'M' if index == 0 else 'L'}{point.x},{point.y}"
            for index, point in enumerate(self.points)
        )

    @property
    def label_x(self):
        return self.points[-1].x + 10

    @property
    def label_y(self):
        return self.points[-1].y + 4


@dataclass
class TollChart:
    width: int
    height: int
    plot_left: int
    plot_right: int
    plot_top: int
    plot_bottom: int
    series: list
    x_ticks: list
    y_ticks: list
    undated: list  # [(source, figure text)] not drawn: no date known
    description: str
    title: str = ""
    element_id: str = "toll"

    @property
    def value_label_x(self):
        return self.plot_left - 6

    @property
    def tick_end_y(self):
        return self.plot_bottom + 5

    @property
    def tick_label_y(self):
        return self.plot_bottom + 20

    @property
    def rows(self):
        """The text equivalent: every point, by source then date."""
        return [
            (line.label, point.date, point.text) for line in self.series for point in line.points
        ]


def drawn_value(figure):
    """Where a figure sits on the value axis: its value, or the middle of its range."""
    if figure.low is not None and figure.high is not None:
        return (figure.low + figure.high) / 2
    return figure.low if figure.low is not None else figure.high


def toll_chart(measure, width=TOLL_WIDTH):
    """Each source's figures on one date axis, when they span two dates or more and a source
    gave more than one (a toll revised, a daily count); otherwise None."""
    dated = [
        (entry, [figure for figure in entry.figures if getattr(figure, "as_of", None)])
        for entry in measure.by_source
    ]
    dated = [(entry, figures) for entry, figures in dated if figures]
    dates = {figure.as_of for _, figures in dated for figure in figures}
    if len(dates) < 2 or not any(len(figures) > 1 for _, figures in dated):
        return None
    first, last = min(dates), max(dates)
    days = (last - first).days
    numbers = [
        n for _, figures in dated for figure in figures for n in (figure.low, figure.high)
        if n is not None
    ]  # fmt: skip
    top_value = max([Decimal(0), *numbers])
    if any(figure.qualifier == Figure.Qualifier.AT_LEAST for _, fs in dated for figure in fs):
        top_value *= Decimal("1.15")
    step = nice_step(top_value or 1)
    axis_max = max(step, (Decimal(top_value) / step).to_integral_value("ROUND_CEILING") * step)
    plot_left, plot_right = TOLL_LEFT, width - TOLL_RIGHT
    plot_top, plot_bottom = TOLL_TOP, TOLL_TOP + TOLL_PLOT_HEIGHT
    pad = max(days * 0.04, 0.5)

    def x_of(day):
        share = ((day - first).days + pad) / (days + 2 * pad)
        return round(plot_left + (plot_right - plot_left) * share, 1)

    def y_of(value):
        share = float(Decimal(value) / axis_max)
        return round(plot_bottom - (plot_bottom - plot_top) * share, 1)

    series = []
    for number, (entry, figures) in enumerate(dated):
        points = [
            TollPoint(
                x=x_of(figure.as_of),
                y=y_of(drawn_value(figure)),
                y_low=y_of(figure.low) if figure.low is not None and figure.high else None,
                y_high=y_of(figure.high) if figure.low is not None and figure.high else None,
                open_high=figure.qualifier == Figure.Qualifier.AT_LEAST,
                date=figure.as_of,
                text=figure.as_text(),
            )
            for figure in sorted(figures, key=lambda figure: figure.as_of)
        ]
        series.append(TollSeries(str(entry.source), number, points))
    step_days = next((s for s in DAY_STEPS if days / s <= 6), DAY_STEPS[-1])
    date_format = "j M" if first.year == last.year else "j M Y"
    x_ticks = [
        Tick(x_of(day), dateformat.format(day, date_format))
        for day in (first + timedelta(days=offset) for offset in range(0, days + 1, step_days))
    ]
    y_ticks = []
    value = Decimal(0)
    while value <= axis_max:
        y_ticks.append(Level(y_of(value), format_number(value)))
        value += step
    undated = [
        (str(entry.source), figure.as_text())
        for entry in measure.by_source
        for figure in entry.figures
        if not getattr(figure, "as_of", None)
    ]
    # Translators: joins the figures one source gave, in the order of their dates, in the
    # description of a chart: "500 people on 12 March 2024, then 471 people on 14 March 2024".
    then = _(", then ")
    # Translators: a figure and the day it was given, as in "471 people on 14 March 2024".
    on = _("%(figure)s on %(date)s")
    description = "; ".join(
        f"{line.label}: "
        + then.join(
            on % {"figure": point.text, "date": dateformat.format(point.date, "j F Y")}
            for point in line.points
        )
        for line in series
    )
    return TollChart(
        width=width,
        height=plot_bottom + TOLL_AXIS_HEIGHT,
        plot_left=plot_left,
        plot_right=plot_right,
        plot_top=plot_top,
        plot_bottom=plot_bottom,
        series=series,
        x_ticks=x_ticks,
        y_ticks=y_ticks,
        undated=undated,
        description=description,
    )
