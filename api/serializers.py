"""What the API returns: each record with its page's address, named by slugs as in the
interchange files, and the comparison as the event page shows it."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims.comparison import VERDICT_LABELS
from claims.models import Article, Claim, Correction, Event, Figure, Measure, Question, Source


class PageField(serializers.Field):
    """The record's page in the app, as an absolute address."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, record):
        return self.context["request"].build_absolute_uri(record.get_absolute_url())


PageField = extend_schema_field(OpenApiTypes.URI)(PageField)


def slug_of(**kwargs):
    return serializers.SlugRelatedField(slug_field="slug", read_only=True, **kwargs)


class SourceSerializer(serializers.ModelSerializer):
    parent = slug_of(allow_null=True)
    aliases = serializers.ListField(child=serializers.CharField(), source="alias_list")
    page = PageField()

    class Meta:
        model = Source
        fields = [
            "slug", "name", "kind", "affiliation", "based_in", "website", "description",
            "aliases", "parent", "page",
        ]  # fmt: skip


class ArticleSerializer(serializers.ModelSerializer):
    page = PageField()

    class Meta:
        model = Article
        fields = [
            "slug", "title", "outlet", "url", "published_on", "author", "notes", "language",
            "page",
        ]  # fmt: skip


class MeasureSerializer(serializers.ModelSerializer):
    class Meta:
        model = Measure
        fields = ["slug", "unit", "counted"]


class QuestionSerializer(serializers.ModelSerializer):
    event = slug_of()
    measures = MeasureSerializer(many=True, read_only=True)
    page = PageField()

    class Meta:
        model = Question
        fields = ["id", "event", "slug", "text", "kind", "position", "measures", "page"]


class EventSerializer(serializers.ModelSerializer):
    questions = serializers.IntegerField(source="question_count", read_only=True)
    sources = serializers.IntegerField(source="source_count", read_only=True)
    claims = serializers.IntegerField(
        source="claim_count", read_only=True, help_text="Claims not retracted."
    )
    page = PageField()

    class Meta:
        model = Event
        fields = [
            "slug", "title", "summary", "place", "starts_on", "ends_on",
            "questions", "sources", "claims", "page",
        ]  # fmt: skip


class FigureSerializer(serializers.ModelSerializer):
    measure = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    unit = serializers.CharField(read_only=True)
    counted = serializers.CharField(read_only=True)
    text = serializers.CharField(source="as_text", read_only=True, help_text="As a reader says it.")

    class Meta:
        model = Figure
        fields = [
            "qualifier", "low", "high", "measure", "unit", "counted", "text",
            "place", "period", "period_start", "period_end",
        ]  # fmt: skip


class CorrectionSerializer(serializers.ModelSerializer):
    text = serializers.CharField(
        source="public_text", read_only=True, help_text="The public note, as pages show it."
    )

    class Meta:
        model = Correction
        fields = ["kind", "made_at", "what_changed", "note", "text"]


class ClaimSerializer(serializers.ModelSerializer):
    event = serializers.SlugRelatedField(slug_field="slug", source="question.event", read_only=True)
    question = slug_of()
    source = slug_of()
    article = slug_of(allow_null=True)
    figures = FigureSerializer(many=True, read_only=True, source="figure_list")
    corrections = CorrectionSerializer(
        many=True,
        read_only=True,
        help_text="Corrections and clarifications readers were shown, oldest first.",
    )
    page = PageField()

    class Meta:
        model = Claim
        fields = [
            "id", "slug", "event", "question", "source", "stance", "summary", "quote",
            "quote_language", "quote_translation", "translated_by",
            "speaker_name", "speaker_role", "via", "stated_on", "stated_when", "article",
            "retracted_on", "retraction_reason", "figures", "state", "corrections", "version",
            "created_at", "updated_at", "page",
        ]  # fmt: skip
        # Readers see published claims only; staff see each claim's state (a draft says so).
        read_only_fields = ["state"]


class EventDetailSerializer(EventSerializer):
    verdicts = serializers.SerializerMethodField(
        help_text="How many questions are in conflict, contested, agreed, or have one source."
    )

    class Meta(EventSerializer.Meta):
        fields = [*EventSerializer.Meta.fields, "verdicts"]

    @extend_schema_field(
        {
            "type": "object",
            "properties": {
                name: {"type": "integer"}
                for name in ("in_conflict", "contested", "agreed", "single_source")
            },
        }
    )
    def get_verdicts(self, event):
        summary = self.context["summary"]
        return {
            "in_conflict": summary.in_conflict,
            "contested": summary.contested,
            "agreed": summary.agreed,
            "single_source": summary.single_source,
        }


# The comparison: plain serializers over claims/comparison.py's rows, cells and measures.


class SourceBriefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()


class RevisionSerializer(serializers.Serializer):
    """One of a source's claims on a question; a cell lists them oldest first."""

    id = serializers.IntegerField()
    stance = serializers.CharField(allow_blank=True)
    summary = serializers.CharField()
    stated_on = serializers.DateField(allow_null=True)
    retracted_on = serializers.DateField(allow_null=True)
    figures = FigureSerializer(many=True, source="figure_list")
    page = PageField()


class CellSerializer(serializers.Serializer):
    source = serializers.CharField(source="source.slug")
    revised = serializers.BooleanField(help_text="The source said more than one thing.")
    claims = RevisionSerializer(many=True, help_text="Oldest first; the last is its latest word.")


class SourceFiguresSerializer(serializers.Serializer):
    source = serializers.CharField(source="source.slug")
    latest = FigureSerializer(help_text="The figure compared.")
    changed = serializers.BooleanField(help_text="The source revised its figure.")


class ComparedMeasureSerializer(serializers.Serializer):
    measure = serializers.CharField(source="measure.slug")
    unit = serializers.CharField()
    counted = serializers.CharField()
    verdict = serializers.CharField()
    in_conflict = serializers.BooleanField()
    spread = serializers.FloatField(
        allow_null=True, help_text="Highest figure ÷ lowest, when there are two or more."
    )
    by_source = SourceFiguresSerializer(many=True)


class RowSerializer(serializers.Serializer):
    question = serializers.CharField(source="question.slug")
    text = serializers.CharField(source="question.text")
    kind = serializers.CharField(source="question.kind")
    verdict = serializers.ChoiceField(choices=list(VERDICT_LABELS))
    verdict_label = serializers.CharField()
    spread = serializers.FloatField(allow_null=True)
    measures = ComparedMeasureSerializer(many=True)
    cells = CellSerializer(many=True)


class ComparisonSerializer(serializers.Serializer):
    event = serializers.CharField(source="event.slug")
    page = serializers.IntegerField(help_text="This page of whole questions.")
    pages = serializers.IntegerField()
    sources = SourceBriefSerializer(many=True)
    questions = RowSerializer(many=True, source="rows")
