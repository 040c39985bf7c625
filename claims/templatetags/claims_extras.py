import functools
import html
import itertools
import json
import unicodedata

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.template.defaultfilters import date, floatformat
from django.template.loader import get_template
from django.urls import get_script_prefix
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.timezone import localtime
from django.utils.translation import get_language, ngettext, pgettext
from django.utils.translation import gettext as _

from ..charts import NAME_CHARACTERS
from ..comparison import place_to_add
from ..languages import (
    content_language,
    data_attributes,
    data_html,
    data_html_writer,
    data_opening,
    direction,
    isolated,
    isolated_html,
    language_name,
)
from ..models import Claim, Source
from ..paths import path_maker

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
def name_list(sources):
    """`{{ row.declined|name_list }}`: the sources' names, each isolated in its own direction
    (see data_html), so that a list of English names reads in order in an Arabic sentence and
    the other way round; joined by the interface's list separator."""
    words = cell_words(get_language())
    write = data_html_writer()
    return mark_safe(words["name separator"].join(write(source.name) for source in sources))


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
    return mark_safe(_figure_value(figure, data_html))


def _figure_value(figure, write, language=None):
    amount = escape(figure.amount_text(language))
    if figure.unit == "%":
        return f"{amount}%"
    return f"{amount} {write(figure.unit)}" if figure.unit else amount


@register.simple_tag
def figure_line(figure):
    """A figure as a line: "at least 413 people, eastern Aleppo (since 15 November)"."""
    return mark_safe(_figure_line(figure, data_html))


def _figure_line(figure, write, language=None):
    """figure_line, with data written by `write` (see data_html_writer) in `language` (the
    active one, when the caller has it)."""
    line = f'<strong class="figure-value">{_figure_value(figure, write, language)}</strong>'
    counted = figure.counted_after_unit
    if counted:
        line += f" {write(counted)}"
    place = place_to_add(figure.counted, figure.place)
    if place:
        line += f", {write(place)}"
    if figure.period:
        line += f' <span class="period">({write(figure.period)})</span>'
    return line


@register.simple_tag
def matrix_cell(cell, link_base="", writing=None):
    """One source's claims on one question in the comparison matrix, oldest first."""
    writing = writing or PageWriting(link_base)
    source_name = escape(cell.source.name)
    if not cell.claims:
        # Drawn as a template, the empty cells of a large event cost its page a template each.
        return mark_safe(
            f'<td class="cell cell-empty" data-source="{source_name}">'
            f'<span class="no-claim">{writing.words["no claim"]}</span></td>'
        )
    return mark_safe(
        f'<td class="cell" data-source="{source_name}">{cell_claims(cell, writing)}</td>'
    )


@register.simple_tag
def matrix_cells(cells, link_base=""):
    """A row's cells in the comparison matrix: one tag for the row rather than one a cell."""
    writing = PageWriting(link_base)
    return mark_safe("".join(matrix_cell(cell, writing=writing) for cell in cells))


@register.simple_tag
def answer(cell, link_base="", writing=None):
    """One source's claims on one question where each question lists only the sources that
    answered it: the source's name, a link to it, then its claims, oldest first."""
    writing = writing or PageWriting(link_base)
    source = cell.source
    href = writing.link_base + escape(writing.source_path(source.slug))
    return mark_safe(
        f'<li class="cell answer" data-source="{escape(source.name)}">'
        f'<a class="answer-source" href="{href}">{writing.write(source.name)}</a>'
        f"{cell_claims(cell, writing)}</li>"
    )


@functools.lru_cache(maxsize=16)
def cell_words(language):
    """The interface's words of a comparison cell in `language` (the active one), escaped:
    looked up once per language rather than for each of a page's hundreds of claims."""
    return {
        # Translators: a retracted claim, shown but left out of the comparison.
        "retracted": escape(_("Retracted %(date)s; not counted")),
        # Translators: a source that revised its claim: its latest claim is the one compared.
        "latest": escape(_("Latest, compared")),
        "earlier": escape(_("Earlier")),
        # Translators: a cell of the comparison table: the source made no claim on the question.
        "no claim": escape(_("No claim")),
        "no article": escape(_("No article cited")),
        # Translators: the text of a link to a claim's page, in the comparison table.
        "claim": escape(_("Claim")),
        # Translators: after the link text "Claim", read out by screen readers only, so that
        # they hear "Claim by SOURCE on “QUESTION”".
        "by": escape(_("by %(source)s on “%(question)s”")),
        "stances": {value: escape(label) for value, label in Claim.Stance.choices},
        # Translators: a link to the claim's own page; the hidden part is read out by screen
        # readers. In a right-to-left language the arrow may point left.
        "details": _('Claim details<span class="visually-hidden">: %(summary)s</span> →'),
        # Translators: what separates the names in a list of sources, as in "Source A, Source B".
        "name separator": escape(pgettext("between names in a list", ", ")),
        # Translators: a source gave more than one different figure; the chart compares its latest.
        "revised": escape(_("Revised; the latest is compared")),
        "spread title": escape(_("highest figure ÷ lowest")),
        "spread": pgettext("how many times the highest figure is the lowest", "spread ×%(spread)s"),
        # Translators: a note under a chart: the periods some sources' figures cover, each
        # with its sources in brackets, then the sources that gave their figure for no period.
        "periods and unstated": escape(
            _(
                "These figures may not cover the same period: %(periods)s; no period given by "
                "%(unstated)s. Time may explain the difference."
            )
        ),
        # Translators: a note under a chart: the periods the figures cover, each with its
        # sources in brackets.
        "periods": escape(
            _(
                "These figures cover different periods: %(periods)s. Time may explain the "
                "difference."
            )
        ),
    }


class PageWriting:
    """What the pieces of a page written here share, looked up once for many: the interface's
    language and its words, how the newsroom's data opens (data_opening), the paths of claims
    and sources, and the address links start with (`link_base`, escaped). The active language
    and the script prefix are each read from a context-local at about two microseconds a look:
    an event page of 45 claims looked them up some 600 times, a tenth of its time."""

    def __init__(self, link_base=""):
        self.language = get_language()
        self.words = cell_words(self.language)
        self.opening = data_opening(interface=self.language)
        script_prefix = get_script_prefix()
        self.claim_path = path_maker("claims:claim-detail", script_prefix)
        self.source_path = path_maker("claims:source-detail", script_prefix)
        self.link_base = escape(link_base)

    def write(self, value):
        """`value` as data_html writes it."""
        return isolated_html(value, self.opening)

    def day(self, value, format_string):
        """`value` as day_text writes it."""
        return _day(value, format_string, self.language)

    def stance(self, claim):
        """The claim's stance as stance_tag writes it."""
        return stance_html(claim, self.words)

    def figure_line(self, figure):
        """The figure as figure_line writes it, kept on the figure: an event's page writes
        each figure in its claim's cell and again under its chart."""
        written = (self.opening, self.language)
        kept = getattr(figure, "written_line", None)
        if kept is not None and kept[0] == written:
            return kept[1]
        line = _figure_line(figure, self.write, self.language)
        figure.written_line = (written, line)
        return line


@functools.lru_cache(maxsize=1024)
def _day(value, format_string, language):
    return escape(date(value, format_string))


def day_text(value, format_string):
    """A date as `date` writes it in the interface's language, escaped; worked out once per
    day and language, as a page's hundreds of claims share a few days."""
    return _day(value, format_string, get_language())


def moment_text(value):
    """A moment as `date` writes it with "j M Y, H:i", in the current time zone, escaped: the
    day looked up as `day_text` does, the time (digits only) written here: a quarter of the
    time Django's `date` took, for each version in a claim's history."""
    moment = localtime(value)
    return f"{day_text(moment.date(), 'j M Y')}, {moment:%H:%M}"


def cell_claims(cell, writing):
    """A cell's claims, oldest first, written with `writing` (a PageWriting)."""
    words, write, day = writing.words, writing.write, writing.day
    source_html = write(cell.source.name)
    link_base = writing.link_base
    parts = []
    for claim in cell.claims:
        latest = claim is cell.claims[-1]
        classes = "cell-claim"
        if not latest:
            classes += " cell-earlier"
        if claim.is_retracted:
            classes += " cell-retracted"
        parts.append(f'<div class="{classes}">')
        if claim.is_retracted:
            retracted = words["retracted"] % {"date": day(claim.retracted_on, "j M Y")}
            parts.append(f'<span class="tag tag-retracted">{retracted}</span>')
        if not claim.is_published:
            # Only staff are shown claims that are not published: marked so they cannot be
            # taken for what readers see.
            parts.append(f'<span class="tag tag-draft">{escape(claim.get_state_display())}</span>')
        if cell.revised:
            tag = words["latest"] if latest else words["earlier"]
            parts.append(f'<span class="tag">{tag}</span>')
        if claim.stance:
            parts.append(writing.stance(claim))
        for figure in claim.figure_list:
            line = writing.figure_line(figure)
            parts.append(f'<p class="cell-figure">{line}</p>')
        if claim.quote:
            parts.append(cell_quote(claim))
        else:
            parts.append(f'<p class="cell-summary">{write(claim.summary)}</p>')
        for correction in getattr(claim, "public_corrections", ()):
            parts.append(f'<p class="correction-note">{correction_note(correction)}</p>')
        said_by = ", ".join(part for part in (claim.speaker, claim.via) if part)
        if said_by:
            parts.append(f'<p class="cell-meta">{write(said_by)}</p>')
        # Where and when it was said; an article with no outlet recorded is cited on the claim's
        # page, not named here by what is unknown of it.
        cited = []
        if claim.article and claim.article.outlet:
            cited.append(write(claim.article.outlet))
        elif not claim.article:
            cited.append(words["no article"])
        if claim.stated_on:
            cited.append(day(claim.stated_on, "j M Y"))
        elif claim.stated_when:
            cited.append(write(claim.stated_when))
        if cited:
            parts.append(f'<p class="cell-meta">{", ".join(cited)}</p>')
        by = words["by"] % {"source": source_html, "question": write(claim.question.text)}
        parts.append(
            f'<a class="cell-link" href="{link_base}{escape(writing.claim_path(claim.pk))}">'
            f'{words["claim"]}<span class="visually-hidden"> {by}</span> →</a></div>'
        )
    return "".join(parts)


@register.simple_tag
def timeline(claims, link_base=""):
    """The comparison's timeline: the claims, oldest first, under a heading for each day they
    were said; each with when, if said beyond the day, its source and its summary, as links.
    Written here, as a large event's page holds hundreds of claims over dozens of days."""
    writing = PageWriting(link_base)
    write, link_base = writing.write, writing.link_base
    parts = []
    for day, said in itertools.groupby(claims, key=lambda claim: claim.stated_on):
        if day:
            heading = writing.day(day, "j F Y")
        else:
            heading = _('Date not recorded <span class="muted">(in the order entered)</span>')
        parts.append(f'\n<h3 class="timeline-day">{heading}</h3>\n<ol class="timeline">')
        for claim in said:
            when = ""
            if claim.stated_when:
                when = f'<span class="timeline-when">{write(claim.stated_when)}</span> '
            source = claim.source
            parts.append(
                f"\n  <li>{when}"
                f'<a href="{link_base}{escape(writing.source_path(source.slug))}">'
                f"{write(source.name)}</a>"
                f': <a href="{link_base}{escape(writing.claim_path(claim.pk))}">'
                f"{write(claim.summary)}</a></li>"
            )
        parts.append("\n</ol>")
    return mark_safe("".join(parts))


@register.simple_tag
def measure_entries(measure, link_base="", writing=None):
    """Each source's figures on one measure, under its chart, as list items: the source (a
    link), its figures oldest first, and a tag when it revised them."""
    writing = writing or PageWriting(link_base)
    write, link_base = writing.write, writing.link_base
    revised = writing.words["revised"]
    items = []
    for entry in measure.by_source:
        source = entry.source
        figures = " → ".join(writing.figure_line(figure) for figure in entry.figures)
        tag = f'\n        <span class="tag">{revised}</span>' if entry.changed else ""
        items.append(
            f'<li><a href="{link_base}{escape(writing.source_path(source.slug))}">'
            f"{write(source.name)}"
            f"</a>:\n        {figures}{tag}\n      </li>"
        )
    return mark_safe("\n      ".join(items))


@register.simple_tag
def figure_sections(sections, link_base=""):
    """Each figure question of a comparison page (`charts.charts_for`): its verdict, then for
    each measure its chart, a note when its sources' figures cover different periods, and its
    sources' figures. Written here: as a template, 8 questions took a fifth of an event's page."""
    if not sections:
        return ""
    writing = PageWriting(link_base)
    alone = escape(_("One source has given a figure on this: nothing to compare it with yet."))
    parts = [f"<h2>{escape(_('Figures compared'))}</h2>"]
    for row, measures_and_charts in sections:
        slug = escape(row.question.slug)
        parts.append(
            f'<section class="figure-section" id="figures-{slug}"'
            f' aria-labelledby="figures-{slug}-title">\n'
            f'  <h3 id="figures-{slug}-title">{writing.write(row.question.text)}</h3>\n'
            f"  <p>{verdict(row)}</p>"
        )
        for measure, chart in measures_and_charts:
            if len(measures_and_charts) > 1:
                # Translators: heads the figures of one measure when a question has several, in
                # place of what they count when it is not recorded; the unit follows in brackets.
                counted = escape(measure.counted) if measure.counted else escape(_("Figures"))
                parts.append(f"\n  <h4>{counted} ({escape(measure.unit)})</h4>")
            if chart.compares:
                parts.append(f"\n  {figure_chart(chart)}")
            if chart.toll:
                parts.append(f"\n  {toll_chart(chart.toll)}")
            if measure.periods_differ:
                parts.append(f'\n  <p class="note">{periods_note(measure)}</p>')
            entries = measure_entries(measure, writing=writing)
            parts.append(f'\n  <ul class="measure-list">\n      {entries}\n  </ul>')
            if not chart.compares and not chart.toll:
                parts.append(f'\n  <p class="note">{alone}</p>')
        parts.append("\n</section>")
    return mark_safe("\n".join(parts))


def periods_note(measure):
    """The note under a measure whose sources' figures cover different periods."""
    periods = "; ".join(
        f"{data_html(period)} ({name_list(sources)})" for period, sources in measure.stated_periods
    )
    words = cell_words(get_language())
    if measure.sources_without_period:
        unstated = name_list(measure.sources_without_period)
        return words["periods and unstated"] % {"periods": periods, "unstated": unstated}
    return words["periods"] % {"periods": periods}


@register.simple_tag
def question_claims(row, claim):
    """Every claim on the claim's question, source by source, as list items on the claim's
    page: the claim itself named as such, the others linked by their source; each with its
    stance, and its figures or else its summary."""
    writing = PageWriting()
    words, write, language = writing.words, writing.write, writing.language
    this_claim = escape(_("This claim"))
    items = []
    for cell in row.cells:
        for other in cell.claims:
            if other.pk == claim.pk:  # the others may be rows (models.ClaimRow)
                said_by = f"<strong>{this_claim}</strong>"
            else:
                path = escape(writing.claim_path(other.pk))
                said_by = f'<a href="{path}">{write(other.source.name)}</a>'
            stance = ""
            if other.stance:
                label = words["stances"].get(other.stance) or escape(other.stance)
                stance = f'<span class="stance stance-{escape(other.stance)}">{label}</span>'
            figures = "; ".join(
                escape(figure.as_text(language))
                + (f" ({escape(figure.period)})" if figure.period else "")
                for figure in other.figure_list
            )
            said = figures or write(other.summary)
            items.append(f"<li>{said_by}:\n    {stance}\n    {said}\n  </li>")
    return mark_safe("\n  ".join(items))


@register.simple_tag
def verdict(row):
    """A question's verdict as a tag, with the spread of its figures when they conflict:
    written here, as a large event's page shows one for each question and each chart."""
    html_ = (
        f'<span class="verdict verdict-{escape(row.verdict)}">{escape(row.verdict_label)}</span>'
    )
    spread = row.spread
    if spread:
        words = cell_words(get_language())
        title = words["spread title"]
        text = escape(words["spread"] % {"spread": floatformat(spread, "-1")})
        html_ += f' <span class="spread" title="{title}">{text}</span>'
    return mark_safe(html_)


@register.simple_tag
def question_answers(row, link_base=""):
    """A question with the sources that answered it, in the comparison laid out question by
    question: its head, a cell for each source that answered, and those shown that did not.
    Written here, as the matrix's rows are: an event's page has one for each question."""
    parts = [
        f'<li id="question-{escape(row.question.slug)}" class="question-answers '
        f'row-{escape(row.verdict)}{" row-disagreement" if row.is_disagreement else ""}">'
        f'\n    <div class="question-col">{question_head(row)}</div>\n    '
    ]
    heard, not_heard = row.heard, row.not_heard  # each a list made on every read
    if heard:
        writing = PageWriting(link_base)
        cells = "".join(answer(cell, writing=writing) for cell in heard)
        parts.append(f'<ul class="answers">{cells}</ul>\n    ')
        if not_heard:
            # Translators: the sources shown that made no claim on a question, how many, then
            # their names, in one line below the sources that did.
            text = ngettext(
                "Not heard from (%(counter)s): %(sources)s",
                "Not heard from (%(counter)s): %(sources)s",
                len(not_heard),
            ) % {"counter": len(not_heard), "sources": name_list(not_heard)}
            parts.append(f'<p class="not-heard" tabindex="0">{text}</p>')
    else:
        nobody = escape(_("No source shown has made a claim on this question yet."))
        parts.append(f'<p class="not-heard">{nobody}</p>')
    parts.append("\n  </li>")
    return mark_safe("".join(parts))


@register.simple_tag
def question_head(row):
    """A question at the head of its row: its text, verdict, what its figures count when they
    count several things, who declined to comment, and a link to its chart. Written here, as
    a large event's page heads every one of its questions so."""
    write = data_html_writer()
    parts = [f'<span class="question-text">{write(row.question.text)}</span>\n{verdict(row)}']
    measures = row.separate_measures
    if measures:
        listed = "; ".join(escape(compared.measure) for compared in measures)
        # Translators: the list names what each kind of figure counts, such as "people
        # killed; homes destroyed (buildings)".
        note = ngettext(
            "Its figures count %(counter)s different thing, compared separately: %(measures)s.",
            "Its figures count %(counter)s different things, compared separately: %(measures)s.",
            len(measures),
        ) % {"counter": len(measures), "measures": listed}
        parts.append(f'\n<span class="measures-note">{note}</span>')
    declined = row.declined
    if declined:
        text = ngettext(
            "Declined to comment: %(sources)s", "Declined to comment: %(sources)s", len(declined)
        ) % {"sources": name_list(declined)}
        parts.append(f'\n<span class="declined">{text}</span>')
    if row.has_chart:
        # Translators: a link to the chart of the question's figures.
        chart = escape(_("Chart"))
        parts.append(
            f'\n<a class="chart-link" href="#figures-{escape(row.question.slug)}">{chart}</a>'
        )
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


def shortened(text, characters):
    """Truncator(text).chars(characters): the text cut to that many characters, an ellipsis
    ending it. Text already that short is only normalized, as Truncator leaves it, without
    the ellipsis's translation Truncator looks up for every text."""
    text = unicodedata.normalize("NFC", str(text))
    if len(text) <= characters:
        return text
    return Truncator(text).chars(characters)


def number(value):
    """An SVG coordinate: never localized, so "12.5" whatever the reader's language."""
    return repr(value) if isinstance(value, float) else str(value)


def percent(value):
    """An SVG position across the chart, in per cent of its width (see claims/charts.py)."""
    return f"{number(value)}%"


@register.simple_tag
def figure_chart(chart):
    """A measure's figures on one axis, as SVG as wide as its column; the geometry comes from
    claims/charts.py."""
    n, x = number, percent
    chart_id = escape(chart.element_id)
    parts = [
        '<figure class="chart">'
        f'<div class="chart-frame" role="group" aria-labelledby="{chart_id}-title">'
        f'<svg class="chart-bars" width="100%" height="{n(chart.height)}" role="img"'
        f' aria-labelledby="{chart_id}-title {chart_id}-desc">'
        f'<title id="{chart_id}-title">{escape(chart.title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(chart.description)}</desc>'
    ]
    for tick in chart.ticks:
        parts.append(
            f'<line class="chart-grid" x1="{x(tick.x)}" x2="{x(tick.x)}" y1="0"'
            f' y2="{n(chart.tick_end_y)}"></line>'
        )
    for tick in chart.labelled_ticks:
        parts.append(
            f'<text class="chart-tick" x="{x(tick.x)}" y="{n(chart.tick_label_y)}"'
            f' text-anchor="{tick.anchor}">{escape(tick.label)}</text>'
        )
    parts.append(
        f'<line class="chart-axis" x1="{x(chart.plot_left)}" x2="{x(chart.plot_right)}"'
        f' y1="{n(chart.axis_y)}" y2="{n(chart.axis_y)}"></line>'
    )
    for bar in chart.bars:
        label = isolated(shortened(bar.label, NAME_CHARACTERS))
        parts.append(
            f'<text class="chart-label" x="{x(chart.label_x)}" y="{n(bar.label_y)}">'
            f"{escape(label)}</text>"
            f'<text class="chart-value" x="{x(chart.label_x)}" y="{n(bar.value_y)}">'
            f"{escape(isolated(bar.text))}</text>"
        )
        if bar.is_range:
            margin = " chart-margin" if bar.value_x is not None else ""
            parts.append(
                f'<line class="chart-range{margin}" x1="{x(bar.x_start)}" x2="{x(bar.x_end)}"'
                f' y1="{n(bar.bar_y)}" y2="{n(bar.bar_y)}"></line>'
            )
        if bar.open_high:
            # A path cannot be placed in per cent: the arrow is drawn in a box of its own,
            # placed at the bar's end.
            parts.append(
                f'<svg x="{x(bar.x_end)}" y="{n(bar.bar_y)}" overflow="visible">'
                '<path class="chart-arrow" d="M9,0 l-9,-6 v12 z"></path></svg>'
            )
        if bar.value_x is not None:
            parts.append(
                f'<circle class="chart-dot" cx="{x(bar.value_x)}" cy="{n(bar.bar_y)}" r="5">'
                "</circle>"
            )
    parts.append("</svg></div></figure>")
    return mark_safe("".join(parts))


@register.simple_tag
def toll_chart(chart):
    """Each source's figures on one date axis, as SVG with a text equivalent (a table)."""
    return get_template("claims/includes/toll_chart.html").render({"chart": chart})


# A claim in full, as the claim browser, a source's page, the home page and the exported
# comparison list it: 25 to hundreds a page. Drawn by a template and five includes (until commit
# 22d61a4), 25 claims took 8.2-8.6 ms at 1,000,000 claims, a quarter of the claim browser's
# time; 3.1-3.2 ms this way. The state note, stance, quote and citation serve the claim's own
# page too, so each is written here only.


@register.simple_tag
def claim_items(claims, **shown):
    """claim_item for each of a list's claims, as a loop over it writes them, the page's
    language and paths looked up once for all."""
    writing = PageWriting(shown.get("link_base", ""))
    return mark_safe(
        "".join(f"\n  {claim_item(claim, writing=writing, **shown)}\n" for claim in claims)
    )


@register.simple_tag
def claim_item(
    claim, *, show_source=False, show_question=False, show_event=False, link_base="", writing=None
):
    """One claim: who, stance or figures, what they said, where it was reported, and a link to
    its page; links start with `link_base` (the site's address, in an exported page)."""
    writing = writing or PageWriting(link_base)  # the page's language and paths, looked up once
    base, bidi = writing.link_base, writing.write
    summary = bidi(claim.summary)
    retracted = claim.is_retracted
    classes = "claim claim-retracted" if retracted else "claim"
    retracted_note = ""
    if retracted:
        # Translators: heads a retracted claim; the source's reason for retracting it follows.
        heading = _("Retracted %(retracted_on)s:") % {
            "retracted_on": escape(date(claim.retracted_on, "j F Y"))
        }
        retracted_note = (
            f'<p class="retracted-note"><strong>{heading}</strong>'
            f" {bidi(claim.retraction_reason)}</p>"
        )
    source_link = question_link = ""
    if show_source:
        source = claim.source
        source_link = (
            f'<a class="claim-source" href="{base}{escape(writing.source_path(source.slug))}">'
            f"{bidi(source.name)}</a>"
        )
    if show_question:
        question = claim.question
        question_link = (
            f'<a class="claim-question" href="{base}{escape(question.get_absolute_url())}">'
            f"{bidi(question.text)}</a>"
        )
        if show_event:
            question_link += f' <span class="muted">({bidi(question.event.title)})</span>'
    figures = ""
    if claim.figure_list:
        lines = "".join(f"<li>{writing.figure_line(figure)}</li>" for figure in claim.figure_list)
        figures = f'<ul class="figures">\n{lines}\n</ul>'
    said = [
        f'<span class="speaker">{bidi(claim.speaker)}</span>' if claim.speaker else "",
        f'<span class="via">{bidi(claim.via)}</span>' if claim.via else "",
        f"<span>{writing.day(claim.stated_on, 'j F Y')}</span>" if claim.stated_on else "",
        f"<span>{bidi(claim.stated_when)}</span>" if claim.stated_when else "",
    ]
    details = writing.words["details"] % {"summary": summary}
    claim_path = escape(writing.claim_path(claim.pk))
    return mark_safe(
        "\n".join(
            [
                f'<article class="{classes}" id="claim-{claim.pk}">',
                retracted_note,
                claim_state_note(claim),
                '<header class="claim-head">',
                source_link,
                question_link,
                writing.stance(claim),
                "</header>",
                figures,
                f'<p class="summary">{summary}</p>',
                claim_quote(claim),
                '<p class="meta">',
                *said,
                "</p>",
                f'<p class="meta">{citation(claim.article, link_base, writing)}</p>',
                f'<p class="meta"><a href="{base}{claim_path}">{details}</a></p>',
                "</article>",
            ]
        )
    )


@register.simple_tag
def claim_state_note(claim):
    """A note on a claim readers are not shown yet: only staff see one."""
    if claim.is_published:
        return ""
    note = _("Not published: %(state)s") % {"state": escape(claim.get_state_display())}
    return mark_safe(f'<p class="state-note"><span class="tag tag-draft">{note}</span></p>')


@register.simple_tag
def stance_tag(claim):
    """The claim's stance on a statement question: "Denies"."""
    if not claim.stance:
        return ""
    return mark_safe(stance_html(claim, cell_words(get_language())))


def stance_html(claim, words):
    """stance_tag with the interface's words (cell_words) at hand."""
    if not claim.stance:
        return ""
    # The label kept per language: get_stance_display() translates every stance on each call.
    label = words["stances"].get(claim.stance) or escape(claim.get_stance_display())
    return f'<span class="stance stance-{escape(claim.stance)}">{label}</span>'


@register.simple_tag
def claim_quote(claim):
    """A claim's quote: in the newsroom's language, or translated with the original words
    beside it."""
    original_attributes = f'lang="{escape(claim.quote_lang)}" dir="{claim.quote_direction}"'
    if claim.quote_translation:
        language = escape(language_name(claim.quote_language))
        if claim.translated_by:
            caption = _("Said in %(language)s; translated by %(translator)s.") % {
                "language": language,
                "translator": data_html(claim.translated_by),
            }
        else:
            caption = _("Said in %(language)s; translator not recorded.") % {"language": language}
        return mark_safe(
            '<figure class="quote-pair">\n'
            f'<blockquote class="quote quote-translation" lang="{escape(content_language())}"'
            f' dir="{direction("")}"><p>“{escape(claim.quote_translation)}”</p></blockquote>\n'
            f'<blockquote class="quote quote-original" {original_attributes}>'
            f"<p>{escape(claim.quote)}</p></blockquote>\n"
            f'<figcaption class="quote-caption">{caption}</figcaption>\n'
            "</figure>"
        )
    if not claim.quote:
        return ""
    if claim.quote_language:
        return mark_safe(
            f'<blockquote class="quote quote-original" {original_attributes}>'
            f"<p>{escape(claim.quote)}</p></blockquote>"
        )
    return mark_safe(
        f'<blockquote class="quote" {original_attributes}><p>“{escape(claim.quote)}”</p>'
        "</blockquote>"
    )


@register.simple_tag
def citation(article, link_base="", writing=None):
    """Where a claim was reported. What is not known of the article (its outlet, its address)
    goes unsaid: a reader sees it is missing. Its text is linked where the app has it, but not
    from an exported page (`link_base` set)."""
    writing = writing or PageWriting(link_base)
    if not article:
        return mark_safe(f'<span class="citation">{writing.words["no article"]}</span>')
    opening = writing.opening
    if article.url:
        title = (
            f'<a href="{escape(article.url)}" rel="noopener noreferrer">'
            f"{isolated_html(article.title, opening)}</a>"
        )
    else:
        title = isolated_html(f"“{article.title}”", opening)
    if article.outlet:
        title += f", {isolated_html(article.outlet, opening)}"
    if article.published_on:
        title += f", {writing.day(article.published_on, 'j F Y')}"
    if article.text and not link_base:
        its_text = escape(_("its text here"))
        title += f' (<a href="{escape(article.get_absolute_url())}">{its_text}</a>)'
    return mark_safe(f'<cite class="citation">\n{title}\n</cite>')


@register.simple_tag
def filter_fields(form):
    """A filter form's fields, each with its label, its hint and its errors: a box or a menu
    under a label, a pair of boxes in a fieldset described by its hint."""
    parts = []
    for field in form:
        label = conditional_escape(field.label)
        if getattr(field.field.widget, "widgets", None):
            hint = described = ""
            if field.help_text:
                hint_id = f"{conditional_escape(field.auto_id)}-hint"
                described = f' aria-describedby="{hint_id}"'
                help_text = conditional_escape(field.help_text)
                hint = f'<p class="filter-hint" id="{hint_id}">{help_text}</p>'
            shown = f"<fieldset{described}><legend>{label}</legend>{field}{hint}</fieldset>"
        else:
            shown = f'<label for="{conditional_escape(field.id_for_label)}">{label}</label>{field}'
        errors = field.errors
        said = "".join(
            f'<p class="field-error">{label}: {conditional_escape(error)}</p>' for error in errors
        )
        state = " has-error" if errors else ""
        parts.append(f'<div class="filter-field{state}">\n{shown}\n{said}\n</div>')
    return mark_safe("\n".join(parts))


@register.simple_tag
def facet_values(facet):
    """A facet's values, each a link that adds its filter, with how many claims it has."""
    items = []
    opening = data_opening()
    for value in facet.values:
        label = (
            isolated_html(value.label, opening)
            if facet.of_data
            else conditional_escape(value.label)
        )
        items.append(
            f'<li><a href="{escape(value.url)}">{label}</a>'
            f' <span class="facet-count">{escape(intcomma(value.count))}</span></li>'
        )
    return mark_safe("".join(items))


# The claim page's profile of the claim and its history, drawn here for the same reason as the
# cells above: as template nodes (a dozen, and five for each version) they were about a tenth
# of the claim page's template, on every claim page.


@functools.lru_cache(maxsize=16)
def profile_words(language):
    """The terms of a claim's profile in `language` (the active one), escaped, and each kind
    of source in lower case: looked up once per language, not on every claim page (a kind's
    label through `get_kind_display` alone took a hundredth of the page)."""
    return {
        "source": escape(_("Source")),
        "speaker": escape(pgettext("the person who made a claim", "Speaker")),
        "reported": escape(pgettext("who passed a claim on: reported by, via", "Reported")),
        "said": escape(pgettext("the date a claim was made", "Said")),
        "no date": escape(_("Date not recorded")),
        "citation": escape(_("Citation")),
        "about the article": escape(_("About the article")),
        "kinds": {value: escape(str(label).lower()) for value, label in Source.Kind.choices},
    }


@register.simple_tag
def claim_profile(claim):
    """Who made the claim, when, and where it was reported: a list of terms and values."""
    words = profile_words(get_language())
    write = data_html_writer()
    source = claim.source
    kind = words["kinds"].get(source.kind) or escape(source.kind.lower())
    terms = [
        (
            words["source"],
            f'<a href="{escape(source.get_absolute_url())}">{write(source.name)}</a> ({kind})',
        )
    ]
    if claim.speaker:
        terms.append((words["speaker"], write(claim.speaker)))
    if claim.via:
        terms.append((words["reported"], write(claim.via)))
    said = day_text(claim.stated_on, "j F Y") if claim.stated_on else words["no date"]
    if claim.stated_when:
        said += f", {write(claim.stated_when)}"
    terms.append((words["said"], said))
    terms.append((words["citation"], citation(claim.article)))
    if claim.article and claim.article.notes:
        terms.append((words["about the article"], write(claim.article.notes)))
    items = "\n    ".join(f"<dt>{term}</dt><dd>{value}</dd>" for term, value in terms)
    return mark_safe(f'<dl class="profile">\n    {items}\n  </dl>')


@functools.lru_cache(maxsize=16)
def history_words(language):
    """The words of a claim's history table in `language` (the active one), escaped."""
    return {
        # Translators: stands for the name of the person who changed a claim, kept from the public
        "an editor": escape(_("an editor")),
        "empty": escape(_("(empty)")),
    }


@register.simple_tag
def change_log_rows(history, show_editor_names):
    """A claim's history (claims.history.change_log) as table rows, newest first: when, who
    (to the public, only that an editor did), what and why, and each field's change."""
    write = data_html_writer()
    words = history_words(get_language())
    an_editor, empty = words["an editor"], words["empty"]
    rows = []
    for entry in history:
        if not entry.user:
            who = "—"
        elif show_editor_names:
            who = escape(entry.user.get_username())
        else:
            who = an_editor
        what = f"{escape(entry.action)} {escape(entry.subject)}"
        if entry.reason:
            reason = entry.reason if show_editor_names else entry.public_reason
            what += f'<br><span class="muted">{write(reason)}</span>'
        changes = "".join(
            f'<div class="change"><span class="muted">{escape(change.field)}:</span>'
            f" <del>{escape(change.old) if change.old else empty}</del> →"
            f" <ins>{escape(change.new) if change.new else empty}</ins></div>"
            for change in entry.changes
        )
        rows.append(
            f"<tr>\n      <td>{moment_text(entry.date)}</td>\n"
            f"      <td>{who}</td>\n      <td>{what}</td>\n"
            f"      <td>{changes or '—'}</td>\n    </tr>"
        )
    return mark_safe("\n    ".join(rows))
