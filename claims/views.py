import functools

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db import OperationalError
from django.db.models import OuterRef
from django.http import (
    Http404,
    HttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from claimtracker.caching import audience, cached_page
from publishing.embeds import embed_choices, oembed_url, snippet
from publishing.json_ld import claim_json_ld, event_json_ld, json_ld_page

from .charts import charts_for
from .comparison import compare_event, page_holding, source_standings, sources_of
from .facets import claim_facets, counted_facets, read_kept_counts, sampled_facets
from .filters import ClaimFilter, SourceClaimFilter
from .forms import ComparisonForm
from .history import change_log
from .languages import is_interface_language
from .models import (
    CLAIM_CORRECTIONS,
    EVENT_BY_SLUG,
    Article,
    Claim,
    Event,
    PendingChange,
    Source,
    claim_and_its_question,
    claims_by_id,
    count_of,
)
from .pagination import PAGE_PARAMETERS, key_order, paginate
from .provenance import in_its_paragraph, marked_paragraphs
from .search import SEARCH_MATCHES_SHOWN, is_timeout, newest_matches, time_limit

LATEST_CLAIMS_ON_HOME = 10
EVENTS_ON_HOME = 30


@login_not_required
def health(request):
    """For load balancers: the app answers. Touches no database, so it is also the benchmark's
    trivial view."""
    return HttpResponse("ok", content_type="text/plain")


@login_not_required
def switch_language(request, code):
    """Keep the interface language chosen, then go back to the page it was chosen on.

    A link (a GET), unlike Django's set_language view: the switch sits on cached pages, which
    cannot carry each visitor's CSRF token. Choosing a language changes nothing but the
    visitor's own cookie."""
    if not is_interface_language(code):
        raise Http404("No such language.")
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("claims:home")
    response = redirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
    )
    return response


@cached_page
def home(request):
    ordering = ["-starts_on", "title"]
    events = Event.objects.visible_to(request.user)
    shown = events.order_by(*ordering).values("pk")[:EVENTS_ON_HOME]
    claims = Claim.objects.visible_to(request.user)
    context = {
        # Counted only for the events shown: the ids are chosen first, then counted.
        "events": events.filter(pk__in=shown).with_counts(request.user).order_by(*ordering),
        "event_count": events.count(),
        # Entry order is id order: the primary key serves it without a sort.
        "latest_claims": claims.with_related().order_by("-id")[:LATEST_CLAIMS_ON_HOME],
    }
    return render(request, "claims/home.html", context)


@cached_page(reads=[*ComparisonForm.base_fields, "page", "at"])
def event_detail(request, slug):
    event = only_or_404(EVENT_BY_SLUG(request.user, slug=slug))
    # Every claim counts in the summary, but only the page's are drawn: the others are read
    # as rows, and the page's made into claims with all they show.
    questions, rows = event.claim_rows(request.user, ComparisonForm.wants_retracted(request.GET))
    form = ComparisonForm(request.GET or None, sources=sources_of(rows), questions=questions)
    shown_sources, shown_questions = form.selection()
    comparison = compare_event(shown_questions, rows, shown_sources)
    pages = comparison.pages()
    wanted = request.GET.get("page")
    if "at" in request.GET:  # a link to one question: the page that shows it
        wanted = page_holding(pages, request.GET["at"]) or wanted
    page = Paginator(pages, 1).get_page(wanted)
    counted = page.object_list[0]
    shown_claims = event.claims_from_rows(counted.claims)
    shown = compare_event([row.question for row in counted.rows], shown_claims, shown_sources)
    questions_before = sum(len(earlier.rows) for earlier in pages[: page.number - 1])
    context = {
        "page_first": questions_before + 1,
        "page_last": questions_before + len(shown.rows),
        "event": event,
        "form": form,
        "comparison": comparison,
        "page": page,
        "shown": shown,
        "figure_sections": charts_for(shown.rows),
        "json_ld": event_json_ld(shown, site_url(request)),
        "embed_snippet": snippet(request, event),
        "embed_allowed": bool(settings.EMBED_ORIGINS),
        "oembed_url": oembed_url(request, event),
        "embed_choices": embed_choices(request, event, questions),
    }
    return render(request, "claims/event_detail.html", context)


def only_or_404(found):
    """The one record a compiled lookup found, else not found."""
    if not found:
        raise Http404("Not found.")
    return found[0]


def site_url(request):
    """The app's address as the reader sees it, for links in exports and structured data."""
    return request.build_absolute_uri("/").rstrip("/")


@cached_page
def source_list(request):
    claims = Claim.objects.visible_to(request.user).filter(source=OuterRef("pk"))
    sources = (
        Source.objects.visible_to(request.user)
        .annotate(
            claim_count=count_of(claims),
            event_count=count_of(claims, "question__event", distinct=True),
        )
        .order_by("name")
    )
    return render(request, "claims/source_list.html", {"sources": sources})


def filtered(filterset):
    """The filter's result, or nothing while the filter form has errors."""
    return filterset.qs if filterset.is_valid() else filterset.queryset.none()


@cached_page(reads=[*SourceClaimFilter.base_filters, *PAGE_PARAMETERS])
def source_detail(request, slug):
    sources = Source.objects.visible_to(request.user)
    source = get_object_or_404(sources.select_related("parent"), slug=slug)
    visible_claims = Claim.objects.visible_to(request.user)
    claims = visible_claims.filter(source=source).with_related().in_event_order()
    filterset = SourceClaimFilter(request.GET, queryset=claims, request=request)
    page = paginate(request, filtered(filterset))
    compared = visible_claims.current().filter(question__in=[claim.question for claim in page])
    context = {
        "source": source,
        "children": sources.filter(parent=source),
        "filter": filterset,
        "page": page,
        "standings": source_standings(source, compared.with_related()),
    }
    return render(request, "claims/source_detail.html", context)


@cached_page(reads=[*ClaimFilter.base_filters, *PAGE_PARAMETERS])
def claim_list(request):
    claims = Claim.objects.visible_to(request.user).with_related()
    claims = claims.order_by("-id")  # newest first: an index, not a sort
    filterset = ClaimFilter(request.GET, queryset=claims, request=request)
    # A search counts and pages its newest matches only: as cheap for a word in every claim
    # as for a rare one. Only its queries are planned for their values (see time_limit).
    searching = bool(filterset.is_valid() and filterset.form.cleaned_data.get("q"))
    try:
        with time_limit(searching=searching):
            # A source's or an event's claims are counted from the kept counts, not read.
            kept = filterset.kept_counts()
            counted = None if kept is None else read_kept_counts(kept)
            matches = None if counted is None else counted.matches
            limit = SEARCH_MATCHES_SHOWN if searching else None
            results = filtered(filterset)
            # A page's claims read by id alone: the ids are the filter's matches.
            read = functools.partial(claims_by_id, request.user)
            facets = None
            if searching and key_order(results):
                # Its newest matches read once, in one query: the page, its count and the
                # facets come from them.
                sample = newest_matches(results, SEARCH_MATCHES_SHOWN)
                ids = [pk for pk, *_ in sample]
                page = paginate(
                    request,
                    results,
                    known_count=len(sample),
                    limit=limit,
                    ids=ids,
                    read=read,
                )
                if sample:
                    facets = sampled_facets([row[1:] for row in sample], request.GET, len(sample))
            else:
                page = paginate(request, results, known_count=matches, limit=limit, read=read)
                if counted and counted.matches:
                    facets = counted_facets(counted, request.GET)
                elif page.paginator.count:
                    facets = claim_facets(results, request.GET, page.paginator.bounded_count)
            context = {"filter": filterset, "page": page, "facets": facets}
            return render(request, "claims/claim_list.html", context)
    except OperationalError as error:
        if not is_timeout(error):
            raise
    filterset = ClaimFilter(request.GET, queryset=claims.none(), request=request)
    context = {"filter": filterset, "timed_out": True}
    return render(request, "claims/claim_list.html", context, status=503)


@cached_page
def article_detail(request, slug):
    articles = Article.objects.visible_to(request.user).select_related("fetched_page")
    # The page it was read from is described, not loaded: it can run to megabytes.
    article = get_object_or_404(articles.defer("fetched_page__content"), slug=slug)
    claims = Claim.objects.visible_to(request.user).filter(article=article).with_related()
    claims = list(claims.order_by("text_start", "id"))
    pointing = [claim for claim in claims if claim.text_start is not None]
    context = {
        "article": article,
        "claims": claims,
        "paragraphs": marked_paragraphs(article.text, pointing),
        "show_page_download": audience(request) == "staff",
    }
    return render(request, "claims/article_detail.html", context)


@cached_page
def claim_detail(request, pk):
    # The claim with all it shows, and the others on its question as rows: all read at once.
    claim, question_claims = claim_and_its_question(request.user, pk)
    if claim is None:
        raise Http404("No such claim.")
    (row,) = compare_event([claim.question], question_claims).rows  # retracted: shown, not counted
    # Corrections and clarifications, newest first: readers see what changed, and when.
    corrections = CLAIM_CORRECTIONS(None, claim=pk) if claim.has_corrections else []
    context = {
        "claim": claim,
        "row": row,
        "standing": [item.label for item in row.standings_of(claim.source)],
        "history": change_log(claim, had_figures=claim.had_figures),
        "in_article": (
            in_its_paragraph(claim.article.text, claim.text_start, claim.text_end)
            if claim.words_in_article
            else None
        ),
        # The public sees that an editor made a change, when and why; staff see who.
        "show_editor_names": audience(request) == "staff",
        "json_ld": json_ld_page(
            [
                claim_json_ld(
                    claim, request.build_absolute_uri(claim.get_absolute_url()), corrections
                )
            ]
        ),
        "corrections": corrections,
    }
    if audience(request) == "staff":
        context["reviewed_changes"] = list(
            PendingChange.objects.filter(claim=claim).select_related("author", "decided_by")
        )
    return render(request, "claims/claim_detail.html", context)
