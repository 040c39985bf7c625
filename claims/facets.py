"""Facet counts for the claim browser: how many of the current results fall under each source
kind, stance, question kind, source and event, each a link that adds that filter.

For the public, with a source or an event chosen and no filter the kept counts do not cover
(text, dates, figures), the facets are read from the published claims' counts (`claims.counts`),
summed by the database: exact, and a few dozen rows however many claims match. Otherwise they
are counted in one grouped query over at most FACET_SAMPLE results, so the cost stays flat at a
million claims; beyond that many results the counts describe a sample of FACET_SAMPLE of them,
whichever the database reaches first, and the page says so.
"""

from collections import Counter
from dataclasses import dataclass, field
from operator import itemgetter
from urllib.parse import urlencode

from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from .models import Claim, Question, Source, events_by_id, sources_by_id
from .pagination import PAGE_PARAMETERS, key_order

FACET_SAMPLE = 1000
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


def addresses_adding(params, name):
    """A function of a value: the browser's address with `name` set to it, back on its first
    page. The request's other parameters are encoded once for all of a facet's values."""
    before, after, placed = [], [], False
    for key, values in params.lists():
        if key == name:
            placed = True  # set where it was, as QueryDict does
        elif key not in PAGE_PARAMETERS:
            (after if placed else before).extend((key, value) for value in values)
    before, after = urlencode(before), urlencode(after)

    def address(value):
        return "?" + "&".join(filter(None, (before, urlencode([(name, value)]), after)))

    return address


def claim_facets(results, params, matches):
    """Facets of a filtered claim queryset, counted over at most FACET_SAMPLE of its claims;
    `params` are the request's GET
    parameters; `matches` how many claims match (when more than FACET_SAMPLE, the facets say
    they count a sample).

    Two queries: the sampled claims grouped by source, event, question kind and stance
    (joined to their questions, never listed by id), then the top events by name (the sources
    are kept: sources_by_id).
    A facet whose filter is already set is left out: the filter form shows it.
    """
    # In id order, the newest: a common word's are found walking the primary key, a rare
    # word's from the search index, as its page's are. In any other order, whichever come first.
    sample = results.values("pk") if key_order(results) else results.order_by().values("pk")
    sample = sample[:FACET_SAMPLE]
    groups = (
        Claim.objects.filter(pk__in=sample)
        .order_by()
        .values_list("source_id", "question__event_id", "question__kind", "stance")
        .annotate(claims=Count("pk"))
    )
    return facets_of(list(groups), params, matches > FACET_SAMPLE, FACET_SAMPLE)


def sampled_facets(sample, params, matches):
    """Facets of a search counted over its newest matches, read with the search itself:
    `sample` holds their (source, event, question kind, stance) rows, at most FACET_SAMPLE of
    them; `matches` how many claims match (when more than FACET_SAMPLE, the facets say they
    count a sample). One query, the top events by name: the claims are not read again, and the
    sources are kept (sources_by_id)."""
    sample = sample[:FACET_SAMPLE]
    counts = {name: Counter(map(itemgetter(index), sample)) for index, name in enumerate(COUNTED)}
    return facets_from_counts(counts, params, matches > FACET_SAMPLE, FACET_SAMPLE)


@dataclass
class KeptCounts:
    """A filter's published claims as their kept counts give them (`read_kept_counts`)."""

    matches: int
    # Claims by source, question kind and stance; by event, of the TOP_VALUES events only.
    counts: dict


def read_kept_counts(rows):
    """`KeptCounts` of `ClaimCount` rows (a filter's `kept_counts()`), summed by the database:
    a source's rows run to a thousand (one per event, kind and stance), summed in Python they
    took a fifth of its page. Two queries: by source, kind and stance; the top events."""
    rows = rows.order_by()
    counts = {name: Counter() for name in COUNTED}
    # In order, so that values of equal counts are listed the same way every time.
    by_source_kind_stance = (
        rows.values_list("source_id", "kind", "stance")
        .annotate(claims=Sum("claims"))
        .order_by("source_id", "kind", "stance")
    )
    for source_id, kind, stance, claims in by_source_kind_stance:
        counts["source"][source_id] += claims
        counts["kind"][kind] += claims
        counts["stance"][stance] += claims
    matches = counts["source"].total()
    if matches:
        top_events = (
            rows.values_list("event_id")
            .annotate(claims=Sum("claims"))
            .order_by("-claims", "event_id")[:TOP_VALUES]
        )
        counts["event"].update(dict(top_events))
    return KeptCounts(matches, counts)


def counted_facets(kept, params):
    """Facets read from the published claims' counts (`KeptCounts`). One query: the top
    events' names (the sources are kept: sources_by_id)."""
    return facets_from_counts(kept.counts, params, sampled=False, sample_size=None)


# What each row of a facet's sample says of its claim, in order.
COUNTED = ("source", "event", "kind", "stance")


def facets_of(groups, params, sampled, sample_size):
    """Facets from (source, event, question kind, stance, claims) rows."""
    counts = {name: Counter() for name in COUNTED}
    for *values, claims in groups:
        for name, value in zip(COUNTED, values, strict=True):
            counts[name][value] += claims
    return facets_from_counts(counts, params, sampled, sample_size)


def facets_from_counts(counts, params, sampled, sample_size):
    """Facets from the claims counted by source, event, question kind and stance."""
    sources = sources_by_id(counts["source"])
    by_source_kind = Counter()
    for source_id, claims in counts["source"].items():
        by_source_kind[sources[source_id].kind] += claims
    stances = Counter({stance: claims for stance, claims in counts["stance"].items() if stance})
    top_events = events_by_id([pk for pk, _ in counts["event"].most_common(TOP_VALUES)])

    def facet(title, name, counted, label_of, value_of, of_data=False):
        if params.get(name) or not counted:
            return None
        address = addresses_adding(params, name)
        values = [
            FacetValue(label_of(key), claims, address(value_of(key)))
            for key, claims in counted.most_common(TOP_VALUES)
        ]
        return Facet(title, values, of_data)

    facets = [
        facet(_("Source kind"), "source_kind", by_source_kind, label(Source.Kind), str),
        facet(_("Stance"), "stance", stances, label(Claim.Stance), str),
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
    return Facets([facet for facet in facets if facet], sampled, sample_size)


def label(choices):
    names = dict(choices.choices)
    return lambda value: names.get(value, value)
