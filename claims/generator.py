"""Synthetic, obviously fictional data of a realistic shape, for benchmarks and load tests.

About 200 sources ("Source 17"); events ("Event 4211") with 5–50 questions and 3–30 sources
each, most sources answering most questions; figures on most figure claims; one history row per
claim and figure, as the admin would have written; every claim published, as the public reads
it. Rows go in with bulk inserts, a batch at a time, so a million claims take minutes. The first
event is always the benchmark's comparison: 50 questions × 30 sources, every cell filled.

Texts draw on a made-up vocabulary with a few very common words and a long tail of rare ones,
so searches for common and for rare words can both be measured.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from .bulk import analyze
from .counts import recount_everything
from .models import Article, Claim, Event, Figure, Measure, Question, Source

SOURCE_COUNT = 200
BATCH_SIZE = 5000
# One "created" history row per row, as the admin would have written, in batches.
HISTORY = {"batch_size": BATCH_SIZE, "default_change_reason": "Generated"}
BENCH_EVENT = "event-1"
# Below this many claims the planner's statistics are brought up to date only at the end; past
# it, each time the claims double, which keeps the cost of ANALYZE a small share of the load.
ANALYZED_FROM = 10_000
# How often each occurs, as weights: affirming is commoner than denying, exact than the rest.
STANCES = [Claim.Stance.AFFIRMS, Claim.Stance.AFFIRMS, Claim.Stance.DENIES, Claim.Stance.NO_COMMENT]
QUALIFIERS = [Figure.Qualifier.EXACT, *Figure.Qualifier]
SYLLABLES = ["ka", "lo", "mi", "ne", "su", "ta", "vo", "ri", "ze", "pu", "da", "fe"]


def vocabulary(size=3000):
    """Made-up words, the same every run: "kalo", "kami", …"""
    words = []
    for first in SYLLABLES:
        for second in SYLLABLES:
            for third in ["", *SYLLABLES]:
                words.append(first + second + third)
    return words[:size]


class Generator:
    def __init__(self, seed=42):
        self.random = random.Random(seed)
        self.words = vocabulary()
        # Zipf-like weights: the first words are everywhere, the last almost nowhere.
        self.weights = [1 / (rank + 1) for rank in range(len(self.words))]
        self.now = timezone.now()

    def sentence(self, length):
        return " ".join(self.random.choices(self.words, weights=self.weights, k=length))

    def sources(self):
        existing = Source.objects.count()
        kinds = [choice for choice, _ in Source.Kind.choices]
        new = [
            Source(
                name=f"Source {number}",
                slug=f"source-{number}",
                kind=kinds[number % len(kinds)],
                affiliation=f"Side {number % 7 + 1}",
                description=self.sentence(12),
            )
            for number in range(existing + 1, SOURCE_COUNT + 1)
        ]
        bulk_create_with_history(new, Source, **HISTORY)
        return list(Source.objects.order_by("id"))

    def event(self, number, sources, question_count=None, source_count=None, answer_rate=None):
        """One event with its questions, article and claims (not yet saved: returned)."""
        question_count = question_count or self.random.randint(5, 50)
        source_count = source_count or self.random.randint(3, 30)
        answer_rate = answer_rate or self.random.uniform(0.3, 0.8)
        starts_on = date(2015, 1, 1) + timedelta(days=self.random.randrange(3650))
        event = Event.objects.create(
            title=f"Event {number}",
            slug=f"event-{number}",
            summary=self.sentence(20),
            place=f"Place {number % 97 + 1}",
            starts_on=starts_on,
        )
        questions = []
        for position in range(question_count):
            is_figure = self.random.random() < 0.6
            questions.append(
                Question(
                    event=event,
                    slug=f"question-{position + 1}",
                    text=f"Question {position + 1} of Event {number}: {self.sentence(6)}?",
                    kind=Question.Kind.FIGURE if is_figure else Question.Kind.STATEMENT,
                    position=position,
                )
            )
        questions = Question.objects.bulk_create(questions)
        measures = {
            question.pk: Measure(
                question=question,
                slug="people-displaced" if position % 3 else "share-of-the-city-held",
                unit="people" if position % 3 else "%",
                counted="people displaced" if position % 3 else "share of the city held",
            )
            for position, question in enumerate(questions)
            if question.is_figure
        }
        bulk_create_with_history(list(measures.values()), Measure, **HISTORY)
        article = Article.objects.create(
            slug=f"article-{number}", title=f"Article {number}", outlet=f"Outlet {number % 40 + 1}"
        )
        claims, figures = [], []
        for source in self.random.sample(sources, source_count):
            for question in questions:
                if self.random.random() > answer_rate:
                    continue
                claim = Claim(
                    question=question,
                    source=source,
                    slug=f"{source.slug}-{question.slug}",
                    summary=self.sentence(10),
                    quote=self.sentence(15) if self.random.random() < 0.4 else "",
                    speaker_name=f"Speaker {self.random.randint(1, 5000)}",
                    stance="" if question.is_figure else self.random.choice(STANCES),
                    stated_on=starts_on + timedelta(days=self.random.randrange(60)),
                    article=article,
                    state=Claim.State.PUBLISHED,  # public data, as benchmarks read it
                )
                claims.append(claim)
                if question.is_figure and self.random.random() < 0.9:
                    figures.append((claim, self.figure(measures[question.pk])))
        return claims, figures

    def figure(self, measure):
        value = Decimal(self.random.randint(1, 100 if measure.unit == "%" else 200000))
        qualifier = self.random.choice(QUALIFIERS)
        low, high = value, None
        if qualifier == Figure.Qualifier.AT_MOST:
            low, high = None, value
        elif qualifier == Figure.Qualifier.BETWEEN:
            high = value + self.random.randint(1, 1000)
        return Figure(
            qualifier=qualifier,
            low=low,
            high=high,
            measure=measure,
            place=f"District {self.random.randint(1, 30)}",
            period=self.random.choice(["", "in the past 24 hours", "since the start"]),
        )


def generate(claim_count, seed=42, progress=None):
    """Add events until the database holds at least `claim_count` claims. Returns the count."""
    generator = Generator(seed)
    sources = generator.sources()
    number = Event.objects.filter(slug__startswith="event-").count() + 1
    total = Claim.objects.count()
    analyzed_at = total
    while total < claim_count:
        with transaction.atomic():
            if number == 1:  # the benchmark's comparison: 50 questions × 30 sources, full
                claims, figures = generator.event(1, sources, 50, 30, answer_rate=1.0)
            else:
                claims, figures = generator.event(number, sources)
            bulk_create_with_history(claims, Claim, **HISTORY)
            for claim, figure in figures:
                figure.claim_id = claim.pk
            bulk_create_with_history([figure for _, figure in figures], Figure, **HISTORY)
        total += len(claims)
        number += 1
        if progress:
            progress(total)
        if total >= 2 * max(analyzed_at, ANALYZED_FROM):
            analyze()
            analyzed_at = total
    recount_everything()  # bulk inserts go around the claims' own saves, which keep the counts
    analyze()
    return total
