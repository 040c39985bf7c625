"""Facet counts for the claim browser: how many of the current results fall under each source
kind, stance, question kind, source and event, each a link that adds that filter.

Counted in one grouped query over at most FACET_SAMPLE results (the same bound as the pages),
so the cost stays flat at a million claims. Beyond that many results the counts describe a
sample of FACET_SAMPLE of them, whichever the database reaches first, and the page says so.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count

from .models import Claim, Event, Question, Source
from .pagination import MAX_ROWS

FACET_SAMPLE = MAX_ROWS
TOP_VALUES = 8


@dataclass
class FacetValue:
    label: str
    count: int
    url: str


@dataclass
class Facet:
    title: str
    values: list = field(default_factory=list)


@dataclass
class Facets:
    facets: list
    sampled: bool  # more results than FACET_SAMPLE: the counts are of a sample of them
    sample_size: int


def adding(params, name, value):
    """The browser's address with one more filter, back on its first page."""
    query = params.copy()
    query[name] = value
    query.pop("page", None)
    return "?" + query.urlencode()


def claim_facets(ids, params):
    """Facets of the claims with the given ids (the paginator's bounded ids: whichever matches
    the database reached first, with no sorting); `params` are the request's GET parameters.

    Three queries: the grouped counts, then the names of the top sources and events.
    A facet whose filter is already set is left out: the filter form shows it.
    """
    sampled = len(ids) > FACET_SAMPLE
    groups = (
        Claim.objects.filter(pk__in=ids[:FACET_SAMPLE])
        .order_by()
        .values("source_id", "source__kind", "question__event_id", "question__kind", "stance")
        .annotate(claims=Count("pk"))
    )
    counts = {name: Counter() for name in ("source", "source_kind", "event", "kind", "stance")}
    for group in groups:
        counts["source"][group["source_id"]] += group["claims"]
        counts["source_kind"][group["source__kind"]] += group["claims"]
        counts["event"][group["question__event_id"]] += group["claims"]
        counts["kind"][group["question__kind"]] += group["claims"]
        if group["stance"]:
            counts["stance"][group["stance"]] += group["claims"]
    sources = Source.objects.in_bulk([pk for pk, _ in counts["source"].most_common(TOP_VALUES)])
    top_events = Event.objects.in_bulk([pk for pk, _ in counts["event"].most_common(TOP_VALUES)])

    def facet(title, name, counted, label_of, value_of):
        if params.get(name) or not counted:
            return None
        values = [
            FacetValue(label_of(key), claims, adding(params, name, value_of(key)))
            for key, claims in counted.most_common(TOP_VALUES)
        ]
        return Facet(title, values)

    facets = [
        facet("Source kind", "source_kind", counts["source_kind"], label(Source.Kind), str),
        facet("Stance", "stance", counts["stance"], label(Claim.Stance), str),
        facet("Question kind", "kind", counts["kind"], label(Question.Kind), str),
        facet(
            "Sources",
            "source",
            Counter({pk: counts["source"][pk] for pk in sources}),
            lambda pk: sources[pk].name,
            lambda pk: sources[pk].slug,
        ),
        facet(
            "Events",
            "event",
            Counter({pk: counts["event"][pk] for pk in top_events}),
            lambda pk: top_events[pk].title,
            lambda pk: top_events[pk].slug,
        ),
    ]
    return Facets([facet for facet in facets if facet], sampled, FACET_SAMPLE)


def label(choices):
    names = dict(choices.choices)
    return lambda value: names.get(value, value)
