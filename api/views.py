"""The JSON API: read what the pages show, write as the admin's import does.

Every list reads a fixed number of queries whatever its length, and pages by cursor.
"""

import re
from functools import wraps

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import RequestDataTooBig
from django.core.paginator import Paginator
from django.db import OperationalError
from django.http import JsonResponse
from django.http.request import RawPostDataException
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import generics, serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import APIException, ParseError
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.comparison import compare_event, sources_of
from claims.filters import ClaimFilter, EventFilter
from claims.interchange import InvalidDocument, import_data
from claims.models import Article, Claim, Event, Question, Source
from claims.search import is_timeout, time_limit

from .pagination import ByName, NewestFirst
from .serializers import (
    ArticleSerializer,
    ClaimSerializer,
    ComparisonSerializer,
    EventDetailSerializer,
    EventSerializer,
    QuestionSerializer,
    SourceSerializer,
)


class SearchTimedOut(APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = "The search took too long: narrow it with more words or filters."
    default_code = "search_timed_out"


@extend_schema_field(OpenApiTypes.STR)
class EventSlugOrTitle(EventFilter):
    pass


class ApiClaimFilter(ClaimFilter):
    """The claim browser's filters, same names and meaning; the order is the cursor's."""

    event = EventSlugOrTitle(field_name="question__event", label="Event (slug or title)")
    sort = None


class EventList(generics.ListAPIView):
    """Events, with their numbers of questions, sources and current claims."""

    serializer_class = EventSerializer
    pagination_class = ByName

    def get_queryset(self):
        user = self.request.user
        return Event.objects.visible_to(user).with_counts(user)


class EventDetail(generics.RetrieveAPIView):
    """One event, with how many of its questions are in conflict, contested and agreed."""

    serializer_class = EventDetailSerializer
    lookup_field = "slug"

    def get_queryset(self):
        user = self.request.user
        return Event.objects.visible_to(user).with_counts(user)

    def retrieve(self, request, *args, **kwargs):
        event = self.get_object()
        questions, claims = event.questions_and_claims(request.user)
        summary = compare_event(questions, claims).summary
        context = {**self.get_serializer_context(), "summary": summary}
        return Response(EventDetailSerializer(event, context=context).data)


@extend_schema(
    parameters=[
        OpenApiParameter("page", OpenApiTypes.INT, description="A page of whole questions, from 1.")
    ]
)
class EventComparison(generics.GenericAPIView):
    """An event's comparison: each question's verdict, each source's claims on it (oldest
    first) and, for figures, each measure's figures, spread and verdict. In pages of whole
    questions, as on the event's page."""

    serializer_class = ComparisonSerializer
    pagination_class = None

    def get(self, request, slug):
        event = get_object_or_404(Event.objects.visible_to(request.user), slug=slug)
        questions, claims = event.questions_and_claims(request.user)
        sources = sources_of(claims)
        pages = compare_event(questions, claims, sources).pages()
        page = Paginator(pages, 1).get_page(request.query_params.get("page"))
        shown = page.object_list[0]
        data = {
            "event": event,
            "page": page.number,
            "pages": len(pages),
            "sources": sources,
            "rows": shown.rows,
        }
        return Response(ComparisonSerializer(data, context={"request": request}).data)


class QuestionList(generics.ListAPIView):
    """Questions of every event, or of one (?event=slug), with their measures."""

    serializer_class = QuestionSerializer
    pagination_class = NewestFirst

    def get_queryset(self):
        # A question is seen with its event, and once one of its claims is published.
        events = Event.objects.visible_to(self.request.user)
        questions = Question.objects.visible_to(self.request.user).filter(event__in=events)
        questions = questions.select_related("event").prefetch_related("measures")
        if event := self.request.query_params.get("event"):
            questions = questions.filter(event__slug=event)
        return questions

    @extend_schema(parameters=[OpenApiParameter("event", str, description="An event's slug.")])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class ClaimList(generics.ListAPIView):
    """Claims, newest first, filtered as in the claim browser (same names and meaning)."""

    serializer_class = ClaimSerializer
    pagination_class = NewestFirst
    filter_backends = [DjangoFilterBackend]
    filterset_class = ApiClaimFilter

    def get_queryset(self):
        return Claim.objects.visible_to(self.request.user).with_related().with_corrections()

    def list(self, request, *args, **kwargs):
        try:
            with time_limit(searching=bool(request.query_params.get("q", "").strip())):
                return super().list(request, *args, **kwargs)
        except OperationalError as error:
            if not is_timeout(error):
                raise
            raise SearchTimedOut from None


class ClaimDetail(generics.RetrieveAPIView):
    serializer_class = ClaimSerializer

    def get_queryset(self):
        return Claim.objects.visible_to(self.request.user).with_related().with_corrections()


class SourceList(generics.ListAPIView):
    serializer_class = SourceSerializer
    pagination_class = ByName

    def get_queryset(self):
        return Source.objects.visible_to(self.request.user).select_related("parent")


class SourceDetail(generics.RetrieveAPIView):
    serializer_class = SourceSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return Source.objects.visible_to(self.request.user).select_related("parent")


class ArticleList(generics.ListAPIView):
    serializer_class = ArticleSerializer
    pagination_class = ByName

    def get_queryset(self):
        return Article.objects.visible_to(self.request.user)


class ArticleDetail(generics.RetrieveAPIView):
    serializer_class = ArticleSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return Article.objects.visible_to(self.request.user)


ERRORS = inline_serializer(
    "ImportErrors",
    {
        "errors": serializers.ListField(
            child=inline_serializer(
                "ImportError",
                {"where": serializers.CharField(), "message": serializers.CharField()},
            )
        )
    },
)
CHANGE = inline_serializer(
    "ImportChange",
    {
        "action": serializers.CharField(),
        "record": serializers.CharField(),
        "where": serializers.CharField(),
        "fields": serializers.ListField(
            child=serializers.ListField(child=serializers.CharField(allow_blank=True)),
            help_text="[field, old, new]",
        ),
    },
)
REPORT = inline_serializer(
    "ImportReport",
    {
        "dry_run": serializers.BooleanField(),
        "summary": serializers.CharField(),
        "actions": serializers.ListField(child=serializers.CharField()),
        "changes": serializers.IntegerField(),
        "listed_changes": serializers.ListField(child=CHANGE),
        "unlisted_changes": serializers.IntegerField(),
        "changed_anything": serializers.BooleanField(),
    },
)


class Import(APIView):
    """Create or update records by posting an interchange document (docs/interchange-format.md),
    all or nothing, as the admin's import: with `?dry_run=true` it says what it would change
    and writes nothing. Staff only, and only what their role allows."""

    @extend_schema(
        request={"application/json": OpenApiTypes.OBJECT},
        parameters=[OpenApiParameter("dry_run", bool, description="Say what, write nothing.")],
        responses={
            200: REPORT,
            400: OpenApiResponse(ERRORS, description="Every error, and nothing written"),
            413: OpenApiResponse(ERRORS, description="Larger than an import in a request"),
        },
    )
    def post(self, request):
        length = int(request.headers.get("Content-Length") or 0)
        if length > settings.IMPORT_IN_REQUEST_BYTES:
            limit = settings.IMPORT_IN_REQUEST_BYTES / 1_000_000
            message = (
                f"larger than the {limit:g} MB an import through the API takes: split it, or "
                "use the admin's import, which runs large files in the background"
            )
            return Response(
                {"errors": [{"where": "document", "message": message}]},
                status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
            )
        dry_run = request.query_params.get("dry_run", "").lower() in {"1", "true", "yes"}
        try:
            body = request.body
        except (RawPostDataException, RequestDataTooBig) as error:
            raise ParseError(str(error)) from None
        try:
            report = import_data(
                body,
                "document.json",
                "Imported through the API",
                dry_run=dry_run,
                user=request.user,
            )
        except InvalidDocument as error:
            errors = [{"where": where, "message": message} for where, message in error.errors]
            return Response({"errors": errors}, status=status.HTTP_400_BAD_REQUEST)
        return Response({"dry_run": dry_run, **report.as_preview()})


def own_token(request):
    """A staff member's own API token: see it, or make a new one (the old one stops working)."""
    if request.method == "POST":
        replaced, _deleted = Token.objects.filter(user=request.user).delete()
        Token.objects.create(user=request.user)
        if replaced:
            messages.success(
                request, _("Your new API token is below; the old one no longer works.")
            )
        else:
            messages.success(request, _("Your API token is below."))
        return redirect("api:token")
    context = {
        **admin.site.each_context(request),
        "title": _("Your API token"),
        "token": Token.objects.filter(user=request.user).first(),
    }
    return render(request, "api/token.html", context)


def in_english(view):
    @wraps(view)
    def answer_in_english(request, *args, **kwargs):
        with translation.override("en"):
            response = view(request, *args, **kwargs)
            if callable(getattr(response, "render", None)):
                response.render()  # now, while English is active: REST framework renders later
        return response

    return answer_in_english


def not_found(request):
    return JsonResponse({"detail": "No such address in the API: see /api/."}, status=404)


# How drf-spectacular lists a parameter's choices in its description, in Markdown:
# "\n\n* `yes` - Yes".
MARKDOWN_CHOICE = re.compile(r"^\* `(?P<value>[^`]*)` - (?P<label>.*)$")


def readable(parameter):
    """A parameter for the page: its description's Markdown list of choices taken out of the
    text and given as `choices` [(value, label)], to be shown as a list, not as Markdown."""
    lines = (parameter.get("description") or "").strip().splitlines()
    matches = [MARKDOWN_CHOICE.match(line) for line in lines]
    choices = [match.group("value", "label") for match in matches if match]
    text = "\n".join(line for line in lines if not MARKDOWN_CHOICE.match(line)).strip()
    return {**parameter, "description": text, "choices": choices}


def documentation(request):
    """The API described for people, from the same OpenAPI document tools read."""
    with translation.override("en"):  # the document is in English, as the API answers
        schema = SchemaGenerator().get_schema(request=None, public=True)
    operations = [
        {
            "path": path,
            "method": method.upper(),
            **operation,
            "parameters": [readable(parameter) for parameter in operation.get("parameters", [])],
        }
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    ]
    context = {
        "schema": schema,
        "operations": operations,
        "read_requires_login": settings.READ_REQUIRES_LOGIN,
    }
    return render(request, "api/documentation.html", context)
