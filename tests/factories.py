"""Small factories for made-up data. Every name here is fictional."""

import datetime
from itertools import count

from django.contrib.auth import get_user_model
from django.utils.text import slugify

from claims import activity, review
from claims.models import Article, Claim, Event, Figure, Measure, Question, Source

_numbers = count(1)


def make_source(**fields):
    number = next(_numbers)
    fields.setdefault("name", f"Source {number}")
    fields.setdefault("slug", f"source-{number}")
    fields.setdefault("kind", Source.Kind.MONITOR)
    return Source.objects.create(**fields)


def make_event(**fields):
    number = next(_numbers)
    fields.setdefault("title", f"Event {number}")
    fields.setdefault("slug", f"event-{number}")
    fields.setdefault("place", "Placeville")
    return Event.objects.create(**fields)


def make_question(event=None, kind=Question.Kind.FIGURE, unit="people", counted="", **fields):
    """A question; a figure question gets its first measure, in `unit`, counting `counted`."""
    number = next(_numbers)
    fields.setdefault("text", f"Question {number}?")
    fields.setdefault("slug", f"question-{number}")
    question = Question.objects.create(event=event or make_event(), kind=kind, **fields)
    if kind == Question.Kind.FIGURE:
        make_measure(question, unit, counted)
    return question


def make_measure(question, unit="people", counted=""):
    """The question's measure in this unit of this counted thing, made if it has none."""
    found = question.measure_for(unit, counted)
    if found is not None and found.counted.lower() == counted.lower():
        return found
    position = question.measures.count()
    slug = slugify(counted or unit) or "measure"
    if question.measures.filter(slug=slug).exists():
        slug = f"{slug}-{position + 1}"
    return Measure.objects.create(
        question=question, slug=slug, unit=unit, counted=counted, position=position
    )


def make_article(**fields):
    number = next(_numbers)
    fields.setdefault("title", f"Article {number}")
    fields.setdefault("slug", f"article-{number}")
    fields.setdefault("outlet", "The Daily Example")
    return Article.objects.create(**fields)


def make_claim(question=None, source=None, **fields):
    number = next(_numbers)
    question = question or make_question()
    fields.setdefault("slug", f"claim-{number}")
    fields.setdefault("summary", f"Claim {number}")
    fields.setdefault("state", Claim.State.PUBLISHED)  # as if reviewed; drafts say so
    if not question.is_figure:
        fields.setdefault("stance", Claim.Stance.AFFIRMS)
    claim = Claim.objects.create(question=question, source=source or make_source(), **fields)
    if claim.is_published:  # as every path that publishes a claim records it
        activity.claims_written(created=[claim])
    return claim


def make_figure(claim=None, unit="people", counted="", **fields):
    """A figure on the claim's question's measure in `unit` counting `counted` (made if new)."""
    claim = claim or make_claim()
    fields.setdefault("qualifier", Figure.Qualifier.EXACT)
    fields.setdefault("low", 100)
    fields.setdefault("measure", make_measure(claim.question, unit, counted))
    figure = Figure.objects.create(claim=claim, **fields)
    activity.verdicts_may_change({claim.question_id})
    return figure


def make_dated_figure(question, source, day, **figure):
    """A claim said on the given day of December 2016, with one figure."""
    claim = make_claim(
        question=question,
        source=source,
        summary=f"{source.name} on day {day}",
        stated_on=datetime.date(2016, 12, day),
    )
    return make_figure(claim, **figure)


def published_by_a_colleague(claims=None):
    """Publish what waits (these claims, or every one not published) as a second editor does
    after reviewing it: what an editor enters is public only then."""
    colleague, _ = get_user_model().objects.get_or_create(
        username="colleague", defaults={"is_staff": True, "is_superuser": True}
    )
    if claims is None:
        claims = Claim.objects.exclude(state=Claim.State.PUBLISHED)
    claims = list(claims)
    return review.publish(claims, colleague) if claims else []
