"""Small factories for made-up data. Every name here is fictional."""

from itertools import count

from claims.models import Article, Claim, Event, Figure, Question, Source

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


def make_question(event=None, kind=Question.Kind.FIGURE, **fields):
    number = next(_numbers)
    fields.setdefault("text", f"Question {number}?")
    fields.setdefault("slug", f"question-{number}")
    if kind == Question.Kind.FIGURE:
        fields.setdefault("unit", "people")
    return Question.objects.create(event=event or make_event(), kind=kind, **fields)


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
    if not question.is_figure:
        fields.setdefault("stance", Claim.Stance.AFFIRMS)
    return Claim.objects.create(question=question, source=source or make_source(), **fields)


def make_figure(claim=None, **fields):
    fields.setdefault("qualifier", Figure.Qualifier.EXACT)
    fields.setdefault("low", 100)
    fields.setdefault("unit", "people")
    return Figure.objects.create(claim=claim or make_claim(), **fields)
