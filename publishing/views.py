"""The publishing app's pages: embeds and oEmbed, exports of an event or of the claim browser's
matches, and the pages of exports written in the background."""

import zlib

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from claims import jobs
from claims.charts import charts_for
from claims.comparison import compare_event
from claims.filters import ClaimFilter
from claims.forms import ComparisonForm
from claims.models import Claim, Correction, Event, Job
from claims.pagination import paginate
from claims.views import site_url
from claimtracker.caching import accepts_gzip, cached_page

from .embeds import (
    DEFAULT_HEIGHT,
    DEFAULT_WIDTH,
    QUESTION_HEIGHT,
    embeddable,
    embedded_by_url,
    said_on,
    snippet,
)
from .exports import CONTENT_TYPES, export_claims, export_event

GZIP_LEVEL = 1
GZIP_WINDOW_BITS = 16 + zlib.MAX_WBITS  # a gzip header and trailer, as Content-Encoding says
GZIP_BLOCK_BYTES = 1 << 18
# When every place for a background export is taken: long enough for one to finish.
EXPORTS_BUSY_RETRY_SECONDS = 300


@embeddable
@cached_page
def event_embed(request, slug, question_slug=None):
    """A compact comparison for an iframe in an article: one question's, in full, or the whole
    event's in a line or two a question.

    What the public sees, whoever asks: an embed is copied into articles, so an editor looking
    at one sees no draft either."""
    public = AnonymousUser()
    event = get_object_or_404(Event.objects.visible_to(public), slug=slug)
    questions, claims = event.questions_and_claims(public)
    question = None
    if question_slug is not None:
        question = next((q for q in questions if q.slug == question_slug), None)
        if question is None:
            raise Http404("No such question in this event.")
        questions = [question]
    comparison = compare_event(questions, claims)
    context = {
        "event": event,
        "question": question,
        "full_url": request.build_absolute_uri(
            question.get_absolute_url() if question else event.get_absolute_url()
        ),
    }
    if question is None:
        pages = comparison.pages()
        context["more"] = len(pages) > 1
        context["rows"] = [(row, said_on(row)) for row in pages[0].rows]
        return render(request, "publishing/embed.html", context)
    (row,) = comparison.rows
    context["row"] = row
    context["measures_and_charts"] = next((pairs for _, pairs in charts_for([row])), [])
    return render(request, "publishing/embed_question.html", context)


def oembed(request):
    """oEmbed (https://oembed.com): the snippet for an event's or a question's address."""
    if request.GET.get("format", "json") != "json":
        return HttpResponse("Only format=json is offered.", status=501, content_type="text/plain")
    # The embed shows what the public sees, so only what the public sees can be asked for.
    event, question = embedded_by_url(request.GET.get("url", ""), AnonymousUser())
    width = bounded_int(request.GET.get("maxwidth"), DEFAULT_WIDTH)
    height = bounded_int(
        request.GET.get("maxheight"), QUESTION_HEIGHT if question else DEFAULT_HEIGHT
    )
    return JsonResponse(
        {
            "version": "1.0",
            "type": "rich",
            "provider_name": "Claim tracker",
            "provider_url": request.build_absolute_uri("/"),
            "title": f"{event.title}: {question.text}" if question else event.title,
            "html": str(snippet(request, event, question, width, height)),
            "width": width,
            "height": height,
        }
    )


def bounded_int(text, default):
    """A maxwidth or maxheight: the default when absent, unreadable or larger."""
    try:
        return max(100, min(int(text), default))
    except (TypeError, ValueError):
        return default


def download(export, request):
    """The export streamed as it is written; gzipped when the reader's browser asks for it,
    as browsers do (a CSV or JSON shrinks several times)."""
    chunks = export.chunks
    gzipped = accepts_gzip(request)
    if gzipped:
        chunks = gzip_stream(chunks)
    response = StreamingHttpResponse(chunks, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.full_filename}"'
    response["Vary"] = "Accept-Encoding"
    if gzipped:
        response["Content-Encoding"] = "gzip"
    return response


def gzip_stream(chunks):
    """Text chunks as one gzip stream, at the fastest level: on a large export the compressor,
    not the network, would otherwise set the pace."""
    compressor = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, GZIP_WINDOW_BITS)
    pending = []
    size = 0
    for chunk in chunks:
        data = chunk.encode("utf-8")
        pending.append(data)
        size += len(data)
        if size >= GZIP_BLOCK_BYTES:
            if compressed := compressor.compress(b"".join(pending)):
                yield compressed
            pending, size = [], 0
    yield compressor.compress(b"".join(pending)) + compressor.flush()


def event_export(request, slug, extension):
    event = get_object_or_404(Event.objects.visible_to(request.user), slug=slug)
    include_retracted = ComparisonForm.wants_retracted(request.GET)
    export = export_event(event, extension, site_url(request), request.user, include_retracted)
    return download(export, request)


def claim_export(request, extension):
    """The claim browser's matches as a file; more than EXPORT_IN_REQUEST_CLAIMS are written by
    the worker (a POST asks for that, so no crawler following links starts one)."""
    claims = Claim.objects.visible_to(request.user)
    filterset = ClaimFilter(request.GET, queryset=claims, request=request)
    if not filterset.is_valid():
        problems = "; ".join(
            f"{name}: {' '.join(errors)}" for name, errors in filterset.form.errors.items()
        )
        return HttpResponseBadRequest(
            f"Nothing exported: correct the filter first ({problems}).", content_type="text/plain"
        )
    limit = settings.EXPORT_IN_REQUEST_CLAIMS
    if filterset.qs.order_by().values("pk")[: limit + 1].count() <= limit:
        return download(export_claims(filterset.qs, extension), request)
    context = {"limit": limit, "format": extension, "query": jobs.export_query(filterset)}
    if request.method == "POST":
        try:
            return redirect(jobs.export_job(filterset, extension, request.user))
        except jobs.TooManyExports:
            context["busy"] = True
            response = render(request, "publishing/export_start.html", context, status=503)
            response["Retry-After"] = str(EXPORTS_BUSY_RETRY_SECONDS)
            return response
    return render(request, "publishing/export_start.html", context)


def export_job(request, public_id):
    """An export's page; a POST runs it again if its worker stopped before it finished."""
    job = get_object_or_404(Job, kind=Job.Kind.EXPORT, public_id=public_id)
    if request.method == "POST":
        jobs.retry(job)
        return redirect(job.get_absolute_url())
    status_url = reverse("claims:export-job-status", args=[public_id])
    standing = jobs.standing(job, status_url, retry_url=request.path)
    return render(request, "publishing/export_job.html", standing)


def export_job_status(request, public_id):
    """Where the export stands, for its page to show while it runs (static/js/job.js)."""
    job = get_object_or_404(Job, kind=Job.Kind.EXPORT, public_id=public_id)
    standing = jobs.standing(job, request.path, retry_url=job.get_absolute_url())
    return render(request, "claims/includes/job_progress.html", standing)


def export_job_file(request, public_id, extension):
    job = get_object_or_404(Job, kind=Job.Kind.EXPORT, public_id=public_id, state=Job.State.DONE)
    return FileResponse(
        job.output.open("rb"),
        as_attachment=True,
        filename=f"claims.{job.export_format}",
        content_type=CONTENT_TYPES[job.export_format],
    )


@cached_page(reads=["page"])
def corrections(request):
    """Every correction, newest first, paginated: two queries, whatever the number."""
    found = (
        Correction.objects.visible_to(request.user)
        .corrections()
        .newest_first()
        .select_related("claim__source", "claim__question__event")
    )
    return render(request, "publishing/corrections.html", {"page": paginate(request, found)})
