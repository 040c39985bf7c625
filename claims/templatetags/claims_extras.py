import html
import json

from django import template
from django.template.defaultfilters import date
from django.template.loader import get_template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from ..languages import data_html, isolated, language_name, newsroom_text

register = template.Library()

QUOTE_WORDS_IN_CELL = 30

# As Django's json_script does: nothing in the data can close the script element.
SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(name="language_name")
def language_name_tag(tag):
    """The name of a data language in the interface's language: "Arabic (العربيّة)"."""
    return language_name(tag)


@register.filter
def bidi(value):
    """`{{ source.name|bidi }}`: see data_html."""
    return mark_safe(data_html(value))


@register.filter
def quoted(value):
    """A title in quotation marks that stay with it, in its own direction: “Title”."""
    return mark_safe(data_html(f"“{value}”"))


class CaptureNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        context[self.name] = mark_safe(self.nodelist.render(context))
        return ""


@register.tag
def capture(parser, token):
    """`{% capture as name %}…{% endcapture %}`: what the block renders (escaped as ever),
    kept as the variable `name` instead of written out, so that a list built by a loop can
    stand whole in a translated sentence (`{{ name }}` inside a blocktranslate).
    """
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError(f"'{bits[0]}' is used as {{% capture as name %}}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


@register.filter
def json_ld(data):
    """schema.org data as a <script type="application/ld+json"> element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True).translate(SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.filter
def duration(delta):
    """A timedelta as a reader says it: "4 s", "2 min 5 s", "1 h 3 min"."""
    seconds = round(delta.total_seconds())
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        # Translators: how long a job took, in hours and minutes, written short.
        return _("%(hours)s h %(minutes)s min") % {"hours": hours, "minutes": minutes}
    if minutes:
        # Translators: how long a job took, in minutes and seconds, written short.
        return _("%(minutes)s min %(seconds)s s") % {"minutes": minutes, "seconds": seconds}
    # Translators: how long a job took, in seconds, written short.
    return _("%(seconds)s s") % {"seconds": seconds}


# The comparison's cells and figure lines are drawn by the templates in
# claims/templates/claims/includes/ (cell.html, figure_line.html...), which do the escaping.
# Each is looked up once: Django's loader keeps it compiled, so a page of hundreds of cells
# compiles none of them again (see the report of the `cells` branch for what they cost).


@register.filter
def cell_words(text):
    """A quote cut short for a cell of the comparison."""
    return Truncator(text).words(QUOTE_WORDS_IN_CELL)


@register.filter
def said_by(claim):
    """ "Rami Abdulrahman, director, via SANA": who said a claim and who passed it on."""
    return ", ".join(part for part in (claim.speaker, claim.via) if part)


@register.filter(name="isolated")
def isolated_filter(text):
    """`{{ label|isolated }}` in an SVG chart: see languages.isolated."""
    return isolated(str(text))


@register.simple_tag
def figure_value(figure):
    """ "at least 413 people": the amount in the interface's words, the unit as data."""
    return get_template("claims/includes/figure_value.html").render({"figure": figure})


@register.simple_tag
def figure_line(figure):
    """A figure as a line: "at least 413 people, eastern Aleppo (since 15 November)"."""
    return get_template("claims/includes/figure_line.html").render({"figure": figure})


@register.simple_tag
def matrix_cell(cell, link_base=""):
    """One source's claims on one question in the comparison matrix, oldest first."""
    if not cell.claims:
        return get_template("claims/includes/cell_empty.html").render({"cell": cell})
    context = {"cell": cell, "link_base": link_base, "newsroom_text": newsroom_text()}
    return get_template("claims/includes/cell.html").render(context)


def escape(value):
    return html.escape(str(value))


def number(value):
    """An SVG coordinate: never localized, so "12.5" whatever the reader's language."""
    return repr(value) if isinstance(value, float) else str(value)


@register.simple_tag
def figure_chart(chart):
    """A measure's figures on one axis, as SVG; the geometry comes from claims/charts.py."""
    return get_template("claims/includes/figure_chart.html").render({"chart": chart})


def marker(shape, x, y):
    """A point's marker: each source its own shape as well as its own colour."""
    n = number
    if shape == "square":
        return f'<rect class="toll-marker" x="{n(x - 4.5)}" y="{n(y - 4.5)}" width="9" height="9">'
    if shape == "triangle":
        return f'<path class="toll-marker" d="M{n(x)},{n(y - 6)} l6,10 h-12 z">'
    if shape == "diamond":
        return f'<path class="toll-marker" d="M{n(x)},{n(y - 6)} l6,6 l-6,6 l-6,-6 z">'
    if shape == "cross":
        return (
            f'<path class="toll-marker toll-cross" d="M{n(x - 5)},{n(y - 5)} l10,10'
            f' m0,-10 l-10,10">'
        )
    if shape == "star":
        star = "l2,5 h5 l-4,3 l2,6 l-5,-4 l-5,4 l2,-6 l-4,-3 h5 z"
        return f'<path class="toll-marker" d="M{n(x)},{n(y - 7)} {star}">'
    return f'<circle class="toll-marker" cx="{n(x)}" cy="{n(y)}" r="5">'


def closing(shape):
    return {"square": "</rect>", "circle": "</circle>"}.get(shape, "</path>")


@register.simple_tag
def toll_chart(chart):
    """Each source's figures on one date axis, as SVG with a text equivalent (a table)."""
    n = number
    chart_id = escape(chart.element_id)
    parts = [
        f'<figure class="chart toll-chart" id="{chart_id}">'
        f'<div class="chart-scroll" role="group" tabindex="0" aria-labelledby="{chart_id}-title">'
        f'<svg viewBox="0 0 {n(chart.width)} {n(chart.height)}" role="img"'
        f' aria-labelledby="{chart_id}-title {chart_id}-desc" preserveAspectRatio="xMinYMin meet">'
        f'<title id="{chart_id}-title">{escape(chart.title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(chart.description)}</desc>'
    ]
    for level in chart.y_ticks:
        parts.append(
            f'<line class="chart-grid" x1="{n(chart.plot_left)}" x2="{n(chart.plot_right)}"'
            f' y1="{n(level.y)}" y2="{n(level.y)}"></line>'
            f'<text class="chart-tick" x="{n(chart.plot_left - 6)}" y="{n(level.y + 4)}"'
            f' text-anchor="end">{escape(level.label)}</text>'
        )
    for tick in chart.x_ticks:
        parts.append(
            f'<line class="chart-axis" x1="{n(tick.x)}" x2="{n(tick.x)}"'
            f' y1="{n(chart.plot_bottom)}" y2="{n(chart.plot_bottom + 5)}"></line>'
            f'<text class="chart-tick" x="{n(tick.x)}" y="{n(chart.plot_bottom + 20)}"'
            f' text-anchor="middle">{escape(tick.label)}</text>'
        )
    parts.append(
        f'<line class="chart-axis" x1="{n(chart.plot_left)}" x2="{n(chart.plot_right)}"'
        f' y1="{n(chart.plot_bottom)}" y2="{n(chart.plot_bottom)}"></line>'
    )
    for line in chart.series:
        parts.append(f'<g class="toll-series toll-series-{line.number % 6}">')
        if len(line.points) > 1:
            parts.append(f'<path class="toll-line" d="{escape(line.path)}"></path>')
        for point in line.points:
            if point.y_low is not None:
                parts.append(
                    f'<line class="toll-range" x1="{n(point.x)}" x2="{n(point.x)}"'
                    f' y1="{n(point.y_low)}" y2="{n(point.y_high)}"></line>'
                )
            if point.open_high:
                parts.append(
                    f'<path class="toll-arrow" d="M{n(point.x)},{n(point.y - 16)} l-5,7 h10 z'
                    f' M{n(point.x)},{n(point.y - 9)} v9"></path>'
                )
            said = f"{isolated(line.label)}: {point.text}, {date(point.date, 'j M Y')}"
            parts.append(
                marker(line.marker, point.x, point.y)
                + f"<title>{escape(said)}</title>"
                + closing(line.marker)
            )
        label = isolated(Truncator(line.label).chars(26))
        parts.append(
            f'<text class="toll-label" x="{n(line.label_x)}" y="{n(line.label_y)}">'
            f"{escape(label)}</text></g>"
        )
    parts.append("</svg></div>")
    caption = escape(_("The figures by date"))
    parts.append(f'<table class="toll-table"><caption>{caption}</caption><thead><tr>')
    # Translators: heads of a table's columns: who gave a figure, when, and the figure (a number).
    heads = (_("Source"), _("Date"), _("Figure"))
    parts.extend(f'<th scope="col">{escape(head)}</th>' for head in heads)
    parts.append("</tr></thead><tbody>")
    for source, day, text in chart.rows:
        parts.append(
            f"<tr><td>{data_html(source)}</td><td>{escape(date(day, 'j M Y'))}</td>"
            f"<td>{escape(text)}</td></tr>"
        )
    parts.append("</tbody></table>")
    if chart.undated:
        undated = "; ".join(f"{source}: {text}" for source, text in chart.undated)
        # Translators: figures left out of the chart as no date is known; a list of them follows.
        note = escape(_("Not drawn, no date known: %(figures)s.")) % {"figures": escape(undated)}
        parts.append(f'<p class="note">{note}</p>')
    parts.append("</figure>")
    return mark_safe("".join(parts))
