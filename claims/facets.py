"""Facet counts for the claim browser: how many of the current results fall under each source
kind, stance, question kind, source and event, each a link that adds that filter.

Counted in one grouped query over at most FACET_SAMPLE results (the same bound as the pages),
so the cost stays flat at a million claims. Beyond that many results the counts describe a
sample of FACET_SAMPLE of them, whichever the database reaches first, and the page says so.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext as _

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
    of_data: bool = False  # its values are names and titles from the data, not the interface's


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


def claim_facets(results, params, sampled):
    """Facets of a filtered claim queryset, counted over at most FACET_SAMPLE of its claims,
    whichever the database reaches first (no sorting); `params` are the request's GET
    parameters; `sampled` says there are more results than that.

    Four queries: the claims grouped by source, question and stance, then those sources and
    questions, then the names of the top events. The claims are grouped alone and joined
    here: joined in SQL, SQLite's planner could pick a plan probing every sampled claim once
    per question (0.4 s for 5,000 claims).
    A facet whose filter is already set is left out: the filter form shows it.
    """
    sample = results.order_by().values("pk")[:FACET_SAMPLE]
    groups = list(
        Claim.objects.filter(pk__in=sample)
        .order_by()
        .values_list("source_id", "question_id", "stance")
        .annotate(claims=Count("pk"))
    )
    sources = Source.objects.in_bulk({source_id for source_id, _, _, _ in groups})
    questions = {
        pk: (event_id, kind)
        for pk, event_id, kind in Question.objects.filter(
            pk__in={question_id for _, question_id, _, _ in groups}
        ).values_list("pk", "event_id", "kind")
    }
    counts = {name: Counter() for name in ("source", "source_kind", "event", "kind", "stance")}
    for source_id, question_id, stance, claims in groups:
        event_id, kind = questions[question_id]
        counts["source"][source_id] += claims
        counts["source_kind"][sources[source_id].kind] += claims
        counts["event"][event_id] += claims
        counts["kind"][kind] += claims
        if stance:
            counts["stance"][stance] += claims
    top_events = Event.objects.in_bulk([pk for pk, _ in counts["event"].most_common(TOP_VALUES)])

    def facet(title, name, counted, label_of, value_of, of_data=False):
        if params.get(name) or not counted:
            return None
        values = [
            FacetValue(label_of(key), claims, adding(params, name, value_of(key)))
            for key, claims in counted.most_common(TOP_VALUES)
        ]
        return Facet(title, values, of_data)

    facets = [
        facet(_("Source kind"), "source_kind", counts["source_kind"], label(Source.Kind), str),
        facet(_("Stance"), "stance", counts["stance"], label(Claim.Stance), str),
        facet(_("Question kind"), "kind", counts["kind"], label(Question.Kind), str),
        facet(
            _("Sources"),
            "source",
            counts["source"],
            lambda pk: sources[pk].name,
            lambda pk: sources[pk].slug,
            of_data=True,
        ),
        facet(
            _("Events"),
            "event",
            counts["event"],
            lambda pk: top_events[pk].title,
            lambda pk: top_events[pk].slug,
            of_data=True,
        ),
    ]
    return Facets([facet for facet in facets if facet], sampled, FACET_SAMPLE)


def label(choices):
    names = dict(choices.choices)
    return lambda value: names.get(value, value)
