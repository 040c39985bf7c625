from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from .models import Claim, Event, Question, Source

LATEST_CLAIMS_ON_HOME = 10


def home(request):
    context = {
        "events": Event.objects.with_counts().order_by("-starts_on", "title"),
        "latest_claims": Claim.objects.with_related().order_by("-created_at", "-id")[
            :LATEST_CLAIMS_ON_HOME
        ],
    }
    return render(request, "claims/home.html", context)


def event_detail(request, slug):
    event = get_object_or_404(Event, slug=slug)
    questions = Question.objects.filter(event=event).prefetch_related(
        Prefetch("claims", queryset=Claim.objects.with_related().order_by("source__name", "id"))
    )
    context = {"event": event, "questions": questions}
    return render(request, "claims/event_detail.html", context)


def source_detail(request, slug):
    source = get_object_or_404(Source.objects.select_related("parent"), slug=slug)
    claims = (
        Claim.objects.filter(source=source)
        .with_related()
        .order_by("question__event__title", "question__position", "id")
    )
    context = {"source": source, "claims": claims, "children": source.children.all()}
    return render(request, "claims/source_detail.html", context)
