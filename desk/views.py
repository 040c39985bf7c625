"""The desk: paste an article (or give its address), turn its sentences into claims, save them
together.

Thin views over `desk.extraction` (suggestions), `desk.documents` (saving) and `desk.fetching`
(an article read from its address, by the worker); staff only, and entering claims needs the
right to add them.
"""

import uuid

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from claims import jobs
from claims.languages import language_name
from claims.models import Article, Event, FetchedPage, Job, Source, plain

from .documents import Desk, MeasureDiffers, Row
from .drafts import draft_in, drafts_in, keep_draft, mark_saved
from .extraction import parts_of, reads_language, sentences_of, suggest_claims
from .forms import ArticleForm, ClaimRowFormSet, EventChoiceForm, FetchForm
from .models import SavedEntry
from .rows import dateline_length, initial_row, is_headline, stored_quotes, summary_of
from .sources import known_sources

RECENT_ARTICLES = 20
# Rows on one page of the desk: each row posts 25 fields, and Django refuses a form of more than
# 1,000 (DATA_UPLOAD_MAX_NUMBER_FIELDS), so a save of more rows could never arrive.
MOST_ROWS = 35


def may_enter(request):
    if not request.user.has_perm("claims.add_claim"):
        raise PermissionDenied


@staff_member_required
def desk_home(request):
    may_enter(request)
    articles = (
        Article.objects.exclude(text="")
        .annotate(claim_count=Count("claims"))
        .order_by("-id")[:RECENT_ARTICLES]
    )
    form = ArticleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not request.user.has_perm("claims.add_article"):
            raise PermissionDenied
        article = form.save(commit=False)
        article.slug = unique_article_slug(article)
        # Stored with its claims when they are entered, or not at all.
        return redirect("desk:draft", keep_draft(request.session, article))
    context = {
        "articles": articles,
        "form": form,
        "fetch_form": FetchForm(),
        "drafts": drafts_in(request.session),
    }
    return render(request, "desk/home.html", context)


def unique_article_slug(article):
    base = slugify(f"{article.title} {article.outlet}")[:140].strip("-") or "article"
    slug, number = base, 2
    while Article.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def row_options(article):
    return {"language": article.text_language, "text_length": len(article.text)}


@staff_member_required
def article_desk(request, slug):
    """A stored article at the desk, for more claims from it."""
    may_enter(request)
    return desk_page(request, get_object_or_404(Article, slug=slug))


@staff_member_required
def draft_desk(request, key):
    """An article just pasted, stored when its claims are entered; once stored, the page is
    the stored article's."""
    may_enter(request)
    article, saved_as = draft_in(request.session, key)
    if saved_as is not None:
        if request.method == "POST":  # the same form sent again: says where its claims are
            return desk_page(request, get_object_or_404(Article, slug=saved_as))
        return redirect("desk:article", saved_as)
    if article is None:
        raise Http404(_("This pasted article is no longer at the desk: paste it again."))
    return desk_page(request, article, draft_key=key)


def desk_page(request, article, draft_key=None):
    """The article's sentences beside a claim row for each suggestion; one save for all.
    A long article is read a part at a time (?part=2)."""
    parts = parts_of(article.text)
    number = part_asked_for(request, len(parts))
    sentences = sentences_of(article.text, *parts[number - 1])
    part = (number, len(parts))
    if request.method == "POST":
        data = with_question_measure(request.POST)
        event_form = EventChoiceForm(data)
        rows = ClaimRowFormSet(data, prefix="claims", form_kwargs=row_options(article))
        if "add_sentence" in request.POST:
            return add_sentence(request, article, sentences, event_form, rows, part)
        if event_form.is_valid() and rows.is_valid():
            token = event_form.cleaned_data["token"]
            to_enter = rows_to_enter(rows)
            if SavedEntry.objects.filter(token=token).exists():
                return render_already_saved(request, article, sentences, event_form, rows, part)
            if not to_enter:
                event_form.add_error(None, _("Nothing to save: tick at least one claim."))
                return render_desk(request, article, sentences, event_form, rows, part)
            entry = Desk(article, request.user).enter(
                event_form.cleaned_data["event"], to_enter, token=token
            )
            if entry.ok:
                if draft_key is not None:
                    mark_saved(request.session, draft_key, entry.article)
                count = len(entry.claims)
                message = ngettext(
                    "Entered %(count)s claim: it waits for another editor to review and "
                    "publish it.",
                    "Entered %(count)s claims: they wait for another editor to review and "
                    "publish them.",
                    count,
                )
                messages.success(request, message % {"count": count})
                event = entry.claims[0].question.event if entry.claims else None
                return redirect(event.get_absolute_url() if event else "desk:home")
            if entry.already_saved:
                return render_already_saved(request, article, sentences, event_form, rows, part)
            show_problems(entry, event_form, rows)
    else:
        event_form = EventChoiceForm(initial={"token": uuid.uuid4()})
        initial = initial_rows(request, article, sentences)
        rows = ClaimRowFormSet(initial=initial, prefix="claims", form_kwargs=row_options(article))
    return render_desk(request, article, sentences, event_form, rows, part)


def with_question_measure(posted):
    """The form as posted; after "use the question's measure" on a row, with that row's
    figure put on its question's measure."""
    number = posted.get("use_measure", "")
    if not number.isdigit():
        return posted
    data = posted.copy()
    data[f"claims-{number}-use_question_measure"] = "on"
    data["save"] = "1"
    return data


def part_asked_for(request, count):
    asked = request.GET.get("part", "1")
    if not asked.isdigit() or not 1 <= int(asked) <= count:
        raise Http404(_("The article has no such part."))
    return int(asked)


def initial_rows(request, article, sentences):
    """A row for each suggestion for these sentences; when there are more than a page takes,
    the first not yet entered. None for an article in a language the rules do not read."""
    if not reads_language(article.text_language):
        message = _(
            "The desk suggests claims from English text only, and this article is in "
            "%(language)s: its sentences are shown without suggestions. “Add” makes a claim "
            "row for a sentence."
        )
        messages.info(request, message % {"language": language_name(article.text_language)})
        return []
    suggestions = suggest_claims(article.text, known_sources(), article.published_on, sentences)
    sentence_of = {(s.start, s.end): n for n, s in enumerate(sentences)}
    source_names = dict(Source.objects.values_list("slug", "name"))
    stored = article.pk is not None
    entered = set(article.claims.values_list("text_start", "text_end")) if stored else set()
    initial = [
        initial_row(
            s, sentence_of.get((s.sentence.start, s.sentence.end), 0), source_names, entered
        )
        for s in suggestions
        if not is_headline(s.sentence, article.text, article.title)
    ]
    if len(initial) > MOST_ROWS:
        message = _(
            "The desk suggests %(count)s claims here and shows them %(most)s at a time: the "
            "first not yet entered. Enter them, and the next are shown."
        )
        messages.info(request, message % {"count": len(initial), "most": MOST_ROWS})
        initial = [row for row in initial if row["keep"]][:MOST_ROWS]
    return initial


def add_sentence(request, article, sentences, event_form, rows, part):
    """Another row, for a sentence the suggestions passed over; nothing typed is lost."""
    number = int(request.POST["add_sentence"]) if request.POST["add_sentence"].isdigit() else -1
    if not 0 <= number < len(sentences):
        messages.error(request, _("There is no such sentence."))
        return render_desk(request, article, sentences, event_form, rows, part)
    if is_headline(sentences[number], article.text, article.title):
        messages.error(request, _("The headline is not a claim: add the sentence that says it."))
        return render_desk(request, article, sentences, event_form, rows, part)
    if rows.total_form_count() >= MOST_ROWS:
        message = _("The desk takes at most %(most)s claims at a time: enter these first.")
        messages.error(request, message % {"most": MOST_ROWS})
        return render_desk(request, article, sentences, event_form, rows, part)
    data = request.POST.copy()
    index = int(data.get("claims-TOTAL_FORMS", 0))
    sentence = sentences[number]
    data["claims-TOTAL_FORMS"] = str(index + 1)
    added = {
        "keep": "on",
        "sentence": number,
        "text_start": sentence.start + dateline_length(sentence.text),
        "text_end": sentence.end,
        "summary": summary_of(sentence.text),
    }
    for name, value in added.items():
        data[f"claims-{index}-{name}"] = value
    rows = ClaimRowFormSet(data, prefix="claims", form_kwargs=row_options(article))
    rows.errors  # noqa: B018 - bind the forms, so they show what was typed
    for form in rows.forms:
        form._errors = {}  # the new row is not being saved: no errors yet
    return render_desk(request, article, sentences, EventChoiceForm(request.POST), rows, part)


def rows_to_enter(rows):
    entered = []
    for number, form in enumerate(rows.forms, start=1):
        data = form.cleaned_data
        if not data.get("keep"):
            continue
        entered.append(
            Row(
                number=number,
                question=data["question"],
                source=data["source"],
                summary=data["summary"],
                stance=data.get("stance", ""),
                speaker_name=data.get("speaker_name", ""),
                speaker_role=data.get("speaker_role", ""),
                via=data.get("via", ""),
                quote=data.get("quote", ""),
                quote_translation=data.get("quote_translation", ""),
                translated_by=data.get("translated_by", ""),
                text_start=data.get("text_start"),
                use_question_measure=data.get("use_question_measure", False),
                text_end=data.get("text_end"),
                figure=form.figure(),
                unit=data.get("unit", ""),
                counted=data.get("counted", ""),
                other_measure=data.get("other_measure", False),
            )
        )
    return entered


def show_problems(entry, event_form, rows):
    """Put each problem of the entry on its row and field, or at the top."""
    for number, field_name, message in entry.problems:
        if number is None:
            event_form.add_error("event" if field_name == "event" else None, message)
            continue
        form = rows.forms[number - 1]
        if isinstance(message, MeasureDiffers):
            form.question_measure = message.measure
        field = form.fields.get(field_name)
        # A hidden field (the claim's place in the text) shows no errors of its own.
        form.add_error(field_name if field and not field.widget.is_hidden else None, message)


def render_already_saved(request, article, sentences, event_form, rows, part):
    """The same form sent again: nothing entered twice, and where the first save's claims are."""
    token = event_form.cleaned_data["token"]
    saved = SavedEntry.objects.filter(token=token).first()
    claims = list(saved.claims.select_related("question")) if saved else []
    return render_desk(request, article, sentences, event_form, rows, part, claims)


def render_desk(request, article, sentences, event_form, rows, part, already_saved=None):
    row_of_sentence = {}
    for number, form in enumerate(rows.forms, start=1):
        sentence = form["sentence"].value()
        row_of_sentence.setdefault(str(sentence), number)
    sources = Source.objects.order_by("name").values_list("name", "aliases")
    mark_rows(rows, {plain(name) for row in sources for name in (row[0], *row[1].splitlines())})
    context = {
        "article": article,
        "sentences": [
            (
                number,
                sentence,
                row_of_sentence.get(str(number)),
                is_headline(sentence, article.text, article.title),
            )
            for number, sentence in enumerate(sentences)
        ],
        "event_form": event_form,
        "rows": rows,
        "events": Event.objects.order_by("-id").values_list("title", flat=True)[:200],
        "sources": [(name, aliases.splitlines()) for name, aliases in sources],
        "questions": questions_of(event_form, rows),
        "refused": refused_at_the_desk(request.user, article),
        "part": part[0],
        "parts": part[1],
        "already_saved": already_saved,
    }
    return render(request, "desk/article_desk.html", context)


def mark_rows(rows, known_sources):
    """Mark each row's source when it is new (`source_is_new`) and its quote when one with the
    same words is stored (`stored_quote`, the claim). One query for all the rows."""
    quotes = {}
    for form in rows.forms:
        source = form["source"].value() or ""
        form.source_is_new = bool(source.strip()) and plain(source) not in known_sources
        quotes[form] = (form["quote"].value() or "").strip()
    stored = stored_quotes({quote for quote in quotes.values() if quote})
    for form, quote in quotes.items():
        form.stored_quote = stored.get(quote)


# What an editor may have to create at the desk, and the right each needs.
CREATED_AT_THE_DESK = [
    ("claims.add_article", gettext_lazy("store articles")),
    ("claims.add_event", gettext_lazy("create events")),
    ("claims.add_question", gettext_lazy("create questions")),
    ("claims.add_source", gettext_lazy("create sources")),
]


def refused_at_the_desk(user, article):
    """What the user's role does not allow at the desk, in words, said before anything is
    typed: ["create events", "create sources"]."""
    needed = CREATED_AT_THE_DESK if article.pk is None else CREATED_AT_THE_DESK[1:]
    return [words for permission, words in needed if not user.has_perm(permission)]


def questions_of(event_form, rows):
    """The questions for the rows to pick from: those typed on the page, then the chosen
    event's."""
    typed = [form["question"].value() for form in rows.forms]
    typed = list(dict.fromkeys(text.strip() for text in typed if text and text.strip()))
    return typed + [text for text in event_questions(event_form) if text not in typed]


def event_questions(event_form):
    """The chosen event's questions."""
    if not event_form.is_bound:
        return []
    try:  # the field's own checks first: a NUL character cannot even be looked up on PostgreSQL
        text = event_form.fields["event"].clean(event_form.data.get("event") or "")
    except ValidationError:
        return []
    text = (text or "").strip()
    if not text:
        return []
    event = (
        Event.objects.filter(slug=text).first() or Event.objects.filter(title__iexact=text).first()
    )
    return list(event.questions.values_list("text", flat=True)) if event else []


@staff_member_required
def fetch_start(request):
    """An article given by its address: the worker fetches and reads it (desk/fetching.py)."""
    may_enter(request)
    if not request.user.has_perm("claims.add_article"):
        raise PermissionDenied
    form = FetchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return redirect(jobs.fetch_article(form.cleaned_data["address"], request.user))
    return render(request, "desk/fetch_start.html", {"form": form})


def own_fetch(request, public_id):
    may_enter(request)
    return get_object_or_404(Job, kind=Job.Kind.FETCH, public_id=public_id, started_by=request.user)


@staff_member_required
def fetch_job(request, public_id):
    """Where the fetch stands, and once the article is made, its desk; a POST runs a fetch
    again whose worker stopped."""
    job = own_fetch(request, public_id)
    if request.method == "POST":
        jobs.retry(job)
        return redirect(job.get_absolute_url())
    if job.state == Job.State.DONE:
        article = get_object_or_404(Article, pk=job.report.get("article"))
        return redirect("desk:article", article.slug)
    context = {
        **jobs.standing(job, reverse("desk:fetch-job-status", args=[public_id]), request.path),
        "form": FetchForm(initial={"address": job.report.get("url", "")}),
    }
    return render(request, "desk/fetch_job.html", context)


@staff_member_required
def fetch_job_status(request, public_id):
    """Where the fetch stands, for its page to show while it runs (static/js/job.js)."""
    job = own_fetch(request, public_id)
    standing = jobs.standing(job, request.path, job.get_absolute_url())
    return render(request, "claims/includes/job_progress.html", standing)


@staff_member_required
def fetched_page(request, slug):
    """The page an article was read from, exactly as it came, as a download: shown as a page of
    this site, its scripts would run with an editor's session."""
    page = get_object_or_404(FetchedPage, article__slug=slug)
    response = HttpResponse(bytes(page.content), content_type="application/octet-stream")
    response["Content-Disposition"] = content_disposition_header(True, f"{slug}.html")
    response["Content-Security-Policy"] = "sandbox"
    return response
