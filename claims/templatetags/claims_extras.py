import html
import json

from django import template
from django.template.defaultfilters import date
from django.template.loader import get_template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from ..languages import data_attributes, data_html, isolated, language_name

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


# A cell that holds claims, a figure's line and the figure chart are built here rather than in
# templates: a large event's page holds hundreds of cells and figures and a chart per figure
# question. Drawn by templates (commit 9731e8b), 1,500 cells took 2.3-3.3 times as long, 8
# charts 12-16 ms more, and the generated 30 x 50 event's page 40-60% longer cold. Every value
# here passes through escape(). The rarer pieces, an empty cell and the running-toll chart,
# are templates (claims/templates/claims/includes/), escaped by the template engine.


def escape(value):
    return html.escape(str(value))


@register.simple_tag
def figure_value(figure):
    """ "at least 413 people": the amount in the interface's words, the unit as data."""
    amount = escape(figure.amount_text())
    if figure.unit == "%":
        return mark_safe(f"{amount}%")
    return mark_safe(f"{amount} {data_html(figure.unit)}" if figure.unit else amount)


@register.simple_tag
def figure_line(figure):
    """A figure as a line: "at least 413 people, eastern Aleppo (since 15 November)"."""
    line = f'<strong class="figure-value">{figure_value(figure)}</strong>'
    if figure.counted_after_unit:
        line += f" {data_html(figure.counted_after_unit)}"
    if figure.place:
        line += f", {data_html(figure.place)}"
    if figure.period:
        line += f' <span class="period">({data_html(figure.period)})</span>'
    return mark_safe(line)


@register.simple_tag
def matrix_cell(cell, link_base=""):
    """One source's claims on one question in the comparison matrix, oldest first."""
    if not cell.claims:
        return get_template("claims/includes/cell_empty.html").render({"cell": cell})
    source_name = escape(cell.source.name)
    parts = [f'<td class="cell" data-source="{source_name}">']
    for claim in cell.claims:
        latest = claim is cell.claims[-1]
        classes = "cell-claim"
        if not latest:
            classes += " cell-earlier"
        if claim.is_retracted:
            classes += " cell-retracted"
        parts.append(f'<div class="{classes}">')
        if claim.is_retracted:
            retracted_on = escape(date(claim.retracted_on, "j M Y"))
            # Translators: a retracted claim, shown but left out of the comparison.
            retracted = escape(_("Retracted %(date)s; not counted")) % {"date": retracted_on}
            parts.append(f'<span class="tag tag-retracted">{retracted}</span>')
        if not claim.is_published:
            # Only staff are shown claims that are not published: marked so they cannot be
            # taken for what readers see.
            parts.append(f'<span class="tag tag-draft">{escape(claim.get_state_display())}</span>')
        if cell.revised:
            # Translators: a source that revised its claim: its latest claim is the one compared.
            tag = _("Latest, compared") if latest else _("Earlier")
            parts.append(f'<span class="tag">{escape(tag)}</span>')
        if claim.stance:
            parts.append(
                f'<span class="stance stance-{escape(claim.stance)}">'
                f"{escape(claim.get_stance_display())}</span>"
            )
        for figure in claim.figure_list:
            parts.append(f'<p class="cell-figure">{figure_line(figure)}</p>')
        if claim.quote:
            parts.append(cell_quote(claim))
        else:
            parts.append(f'<p class="cell-summary">{data_html(claim.summary)}</p>')
        for correction in getattr(claim, "public_corrections", ()):
            parts.append(f'<p class="correction-note">{correction_note(correction)}</p>')
        said_by = ", ".join(part for part in (claim.speaker, claim.via) if part)
        if said_by:
            parts.append(f'<p class="cell-meta">{data_html(said_by)}</p>')
        if claim.article and claim.article.outlet:
            outlet = data_html(claim.article.outlet)
        elif claim.article:
            # Translators: in place of the name of the newspaper or site an article appeared in.
            outlet = escape(_("Outlet unknown"))
        else:
            outlet = escape(_("No article cited"))
        if claim.stated_on:
            when = ", " + escape(date(claim.stated_on, "j M Y"))
        else:
            when = ", " + data_html(claim.stated_when) if claim.stated_when else ""
        parts.append(f'<p class="cell-meta">{outlet}{when}</p>')
        # Translators: the text of a link to a claim's page, in the comparison table.
        link_text = escape(_("Claim"))
        # Translators: after the link text "Claim", read out by screen readers only, so that
        # they hear "Claim by SOURCE on “QUESTION”".
        by = escape(_("by %(source)s on “%(question)s”")) % {
            "source": data_html(cell.source.name),
            "question": data_html(claim.question.text),
        }
        parts.append(
            f'<a class="cell-link" href="{escape(link_base)}{escape(claim.get_absolute_url())}">'
            f'{link_text}<span class="visually-hidden"> {by}</span> →</a></div>'
        )
    parts.append("</td>")
    return mark_safe("".join(parts))


@register.simple_tag
def correction_note(correction):
    """ "Corrected 12 Dec 2026: 413, not 431, as the report said", in the interface's words,
    what changed and the editor's note isolated as the newsroom's text (see data_html)."""
    values = {
        "date": escape(date(localtime(correction.made_at), "j M Y")),
        "what": data_html(correction.what_changed),
        "note": data_html(correction.note),
    }
    if correction.is_correction:
        # Translators: a public correction: the date, what changed ("413, not 431"), then
        # the editor's note.
        return mark_safe(escape(_("Corrected %(date)s: %(what)s, %(note)s")) % values)
    # Translators: a public clarification: the date, then the editor's note.
    return mark_safe(escape(_("Clarified %(date)s: %(note)s")) % values)


def cell_quote(claim):
    """A claim's quote in a cell: its translation first when it has one, then the original
    words in their language and direction."""
    original = escape(Truncator(claim.quote).words(QUOTE_WORDS_IN_CELL))
    if not claim.quote_language:
        return f'<p class="cell-quote"{data_attributes()}>“{original}”</p>'
    original = (
        f'<p class="cell-quote cell-original" lang="{escape(claim.quote_lang)}"'
        f' dir="{claim.quote_direction}">{original}</p>'
    )
    if not claim.quote_translation:
        return original
    translation = escape(Truncator(claim.quote_translation).words(QUOTE_WORDS_IN_CELL))
    return f'<p class="cell-quote"{data_attributes(always=True)}>“{translation}”</p>{original}'


@register.filter(name="isolated")
def isolated_filter(text):
    """`{{ label|isolated }}` in an SVG chart: see languages.isolated."""
    return isolated(str(text))


def number(value):
    """An SVG coordinate: never localized, so "12.5" whatever the reader's language."""
    return repr(value) if isinstance(value, float) else str(value)


@register.simple_tag
def figure_chart(chart):
    """A measure's figures on one axis, as SVG; the geometry comes from claims/charts.py."""
    n = number
    chart_id = escape(chart.element_id)
    parts = [
        '<figure class="chart">'
        f'<div class="chart-scroll" role="group" tabindex="0" aria-labelledby="{chart_id}-title">'
        f'<svg viewBox="0 0 {n(chart.width)} {n(chart.height)}" role="img"'
        f' aria-labelledby="{chart_id}-title {chart_id}-desc"'
        ' preserveAspectRatio="xMinYMin meet">'
        f'<title id="{chart_id}-title">{escape(chart.title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(chart.description)}</desc>'
    ]
    for tick in chart.ticks:
        parts.append(
            f'<line class="chart-grid" x1="{n(tick.x)}" x2="{n(tick.x)}" y1="0"'
            f' y2="{n(chart.axis_y)}"></line>'
            f'<text class="chart-tick" x="{n(tick.x)}" y="{n(chart.tick_label_y)}"'
            f' text-anchor="middle">{escape(tick.label)}</text>'
        )
    parts.append(
        f'<line class="chart-axis" x1="{n(chart.plot_left)}" x2="{n(chart.plot_right)}"'
        f' y1="{n(chart.axis_y)}" y2="{n(chart.axis_y)}"></line>'
    )
    for bar in chart.bars:
        label = isolated(Truncator(bar.label).chars(40))
        parts.append(
            f'<text class="chart-label" x="{n(chart.label_x)}" y="{n(bar.label_y)}"'
            f' text-anchor="end">{escape(label)}</text>'
        )
        if bar.is_range:
            margin = " chart-margin" if bar.value_x is not None else ""
            parts.append(
                f'<line class="chart-range{margin}" x1="{n(bar.x_start)}" x2="{n(bar.x_end)}"'
                f' y1="{n(bar.y)}" y2="{n(bar.y)}"></line>'
            )
        if bar.open_high:
            parts.append(
                f'<path class="chart-arrow" d="M{n(bar.x_end)},{n(bar.y)} l-9,-6 v12 z"></path>'
            )
        if bar.value_x is not None:
            parts.append(
                f'<circle class="chart-dot" cx="{n(bar.value_x)}" cy="{n(bar.y)}" r="5"></circle>'
            )
        parts.append(
            f'<text class="chart-value" x="{n(bar.text_x)}" y="{n(bar.value_y)}"'
            f' text-anchor="{escape(bar.text_anchor)}">{escape(isolated(bar.text))}</text>'
        )
    parts.append("</svg></div></figure>")
    return mark_safe("".join(parts))


@register.simple_tag
def toll_chart(chart):
    """Each source's figures on one date axis, as SVG with a text equivalent (a table)."""
    return get_template("claims/includes/toll_chart.html").render({"chart": chart})
