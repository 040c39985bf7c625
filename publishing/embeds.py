"""Comparisons embedded in other sites' articles: who may frame them, the snippet to paste,
and the oEmbed answer that gives the snippet to a CMS."""

from dataclasses import dataclass
from functools import wraps
from urllib.parse import parse_qs, urlencode, urlparse

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext as _

from claims.languages import is_interface_language
from claims.models import Claim, Event, Question
from claims.roles import is_staff

DEFAULT_HEIGHT = 600
DEFAULT_WIDTH = 640
# One question's embed is a few hundred pixels tall: the frame starts near that, and
# embed-host.js fits it exactly.
QUESTION_HEIGHT = 400

# The stances in the order the compact embed lists them: sides taken first.
STANCE_ORDER = [
    Claim.Stance.AFFIRMS,
    Claim.Stance.DENIES,
    Claim.Stance.UNCLEAR,
    Claim.Stance.NO_COMMENT,
]


def embeddable(view):
    """The page may be framed by the origins in EMBED_ORIGINS, and by no other; every other
    page of the app refuses framing. Outside the page cache, so a cached page keeps it.

    Its language is the article's, not the reader's: `?lang=ar` (the snippet names the language
    of the interface it was copied from); without it, the reader's as on every page."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        language = request.GET.get("lang", "")
        if is_interface_language(language):
            with translation.override(language):
                response = view(request, *args, **kwargs)
            response["Content-Language"] = language
        else:
            response = view(request, *args, **kwargs)
        response.xframe_options_exempt = True
        response._csp_replace = {"frame-ancestors": settings.EMBED_ORIGINS or ["'none'"]}
        return response

    return wrapper


def embed_path(event, question=None):
    if question is None:
        return reverse("claims:event-embed", args=[event.slug])
    return reverse("claims:question-embed", args=[event.slug, question.slug])


def snippet(request, event, question=None, width=None, height=None):
    """The HTML an article pastes: the frame, and the script that fits its height to what it
    shows."""
    src = request.build_absolute_uri(embed_path(event, question))
    src += "?" + urlencode({"lang": translation.get_language()})
    script = request.build_absolute_uri(settings.STATIC_URL + "js/embed-host.js")
    if question:
        title = f"{event.title}: {question.text}"
    else:
        title = _("%(event)s: who said what") % {"event": event.title}
    height = height or (QUESTION_HEIGHT if question else DEFAULT_HEIGHT)
    return frame_html(src, title, width, height, script)


def frame_html(src, title, width, height, script):
    width_attribute = f"{width}" if width else "100%"
    return format_html(
        '<iframe src="{}" title="{}" width="{}" height="{}" loading="lazy" '
        'style="border:0;max-width:100%" data-claimtracker-embed></iframe>'
        '<script src="{}" async></script>',
        src,
        title,
        width_attribute,
        height,
        script,
    )


def oembed_url(request, event, question=None):
    """Where a CMS asks for the snippet of the event, or of one of its questions (the event's
    page names the event's for discovery)."""
    shown = question or event
    page = request.build_absolute_uri(shown.get_absolute_url())
    return reverse("claims:oembed") + "?" + urlencode({"url": page, "format": "json"})


@dataclass
class EmbedChoice:
    """One question's embed, as the event page offers it to copy."""

    question: object
    snippet: str
    oembed_url: str
    preview_url: str


def embed_choices(request, event, questions):
    """The embed of each of the event's questions, in the event's order, for an editor to
    choose from rather than typing a question's address. `questions` are those the reader
    sees; an embed shows what the public sees, so staff are offered the public's only.

    No query for the public (one for staff). The addresses are reversed once for the event
    and each question's written from them: the same as `snippet` and `oembed_url` give, for
    a large event's fifty questions at the cost of one.
    """
    if is_staff(request.user):
        questions = Question.objects.visible_to(AnonymousUser()).filter(event=event)
    origin = request.build_absolute_uri("/").removesuffix("/")
    question_embeds = embed_path(event) + "{}/"
    language = urlencode({"lang": translation.get_language()})
    script = request.build_absolute_uri(settings.STATIC_URL + "js/embed-host.js")
    oembed = origin + reverse("claims:oembed")
    choices = []
    for question in questions:
        question.event = event  # its page's address names the event: no query for it
        preview = question_embeds.format(question.slug)
        title = f"{event.title}: {question.text}"
        page = origin + question.get_absolute_url()
        choices.append(
            EmbedChoice(
                question,
                frame_html(f"{origin}{preview}?{language}", title, None, QUESTION_HEIGHT, script),
                oembed + "?" + urlencode({"url": page, "format": "json"}),
                preview,
            )
        )
    return choices


def stance_position(stance):
    return STANCE_ORDER.index(stance) if stance in STANCE_ORDER else len(STANCE_ORDER)


@dataclass
class Said:
    """What some sources said on a question, in one line of the whole event's embed: the
    stance they share (a statement question), or one source's figures (a figure question)."""

    cells: list
    stance: str = ""

    @property
    def stance_label(self):
        return Claim.Stance(self.stance).label if self.stance else ""


def said_on(row):
    """A question's row of the comparison as the whole event's embed shows it, in as few
    lines as it takes: the sources of each stance together, sides taken first; each source's
    figures on a line of their own. Sources that said nothing are left out."""
    spoke = [cell for cell in row.cells if cell.latest]
    if row.question.is_figure:
        return [Said([cell]) for cell in spoke]
    by_stance = {}
    for cell in spoke:
        by_stance.setdefault(cell.latest.stance, []).append(cell)
    ordered = sorted(by_stance, key=stance_position)
    return [Said(by_stance[stance], stance) for stance in ordered]


def embedded_by_url(url, user):
    """The event (and question) an address of this app shows `user`: its comparison, a
    question's row (?at=slug or #question-slug) or an embed. Raises Http404 for any other
    address."""
    parts = urlparse(url)
    try:
        match = resolve(parts.path)
    except Resolver404:
        raise Http404("Not an address of this app.") from None
    names = {"claims:event-detail", "claims:event-embed", "claims:question-embed"}
    if match.view_name not in names:
        raise Http404("Only an event's comparison, or one of its questions, can be embedded.")
    event = Event.objects.visible_to(user).filter(slug=match.kwargs["slug"]).first()
    if event is None:
        raise Http404("No such event.")
    question_slug = match.kwargs.get("question_slug")
    question_slug = question_slug or parse_qs(parts.query).get("at", [None])[0]
    if not question_slug and parts.fragment.startswith("question-"):
        question_slug = parts.fragment.removeprefix("question-")
    question = None
    if question_slug:
        questions = Question.objects.visible_to(user)
        question = questions.filter(event=event, slug=question_slug).first()
        if question is None:
            raise Http404("No such question in this event.")
    return event, question
