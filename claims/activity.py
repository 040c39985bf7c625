"""What happened, for the feeds: claims added, revised and retracted, and the verdicts they
change. Recorded by whatever writes (the write service in `claims.interchange.loading`, the
admin's change forms, a restore) by calling these functions: nothing is recorded behind a
write's back.

A claim's activity is written in the same transaction as the claim, so a rolled-back import (or
a dry run) leaves none. Verdicts are worked out once the transaction commits, for every question
it touched at once, a few queries per 500 questions, so a large import costs little more.
"""

from functools import partial

from django.db import transaction

from .bulk import insert_values
from .comparison import NO_CLAIMS, verdict_of
from .models import Activity, Claim, Figure, Measure, Question, Source

QUESTIONS_PER_CHUNK = 500


def claims_written(created=(), retracted=(), verdicts=True):
    """Record the claims a write created (each *added*, or *revised* when its source had
    already answered its question) and those it retracted; their verdicts follow at commit
    (unless the writer asks for them itself, with `verdicts_may_change`)."""
    created, retracted = list(created), list(retracted)
    revised = revisions(created)
    insert_values(
        Activity,
        ["kind", "event", "question", "source", "claim"],
        [
            activity_of(
                claim, Activity.Kind.REVISED if claim.pk in revised else Activity.Kind.ADDED
            )
            for claim in created
        ]
        + [activity_of(claim, Activity.Kind.RETRACTED) for claim in retracted],
    )
    if verdicts:
        verdicts_may_change({claim.question_id for claim in created + retracted})


def revisions(claims):
    """The ids of these claims whose source had already answered their question with an
    earlier published claim (one with a smaller id: ids only grow)."""
    pairs = {(claim.question_id, claim.source_id) for claim in claims}
    question_ids = sorted({question_id for question_id, _ in pairs})
    first_of = {}
    for start in range(0, len(question_ids), QUESTIONS_PER_CHUNK):
        chunk = question_ids[start : start + QUESTIONS_PER_CHUNK]
        rows = (
            Claim.objects.published()
            .filter(question_id__in=chunk)
            .values_list("question_id", "source_id", "pk")
        )
        for question_id, source_id, pk in rows:
            key = (question_id, source_id)
            if key in pairs:
                first_of[key] = min(pk, first_of.get(key, pk))
    return {
        claim.pk
        for claim in claims
        if first_of.get((claim.question_id, claim.source_id), claim.pk) < claim.pk
    }


def activity_of(claim, kind):
    """A claim's activity as the values `claims_written` names; its time is the write's."""
    return (kind.value, claim.question.event_id, claim.question_id, claim.source_id, claim.pk)


def verdicts_may_change(question_ids, claims_at_hand=None):
    """Work the verdicts of these questions out again once this transaction commits (at once
    outside one); nothing when it rolls back. `claims_at_hand` gives, by question id, every
    current claim of a question the writer knows all of (one it made), with its figures."""
    if question_ids:
        transaction.on_commit(partial(refresh_verdicts, set(question_ids), claims_at_hand))


# What a verdict reads of a claim (see claims.comparison.verdict_of); its texts stay unread.
VERDICT_FIELDS = ["question", "source", "stance", "stated_on", "retracted_on", "state"]


def claims_for_verdicts(question_ids):
    """{question id: its current published claims}, each with what a verdict reads: its
    stance and date, its figures with their measures, its source. Shared records are read
    once, not once a claim."""
    claims = list(
        Claim.objects.published().current().filter(question__in=question_ids).only(*VERDICT_FIELDS)
    )
    figures = {}
    for figure in Figure.objects.filter(claim__question__in=question_ids).order_by(
        "position", "id"
    ):
        figures.setdefault(figure.claim_id, []).append(figure)
    measures = Measure.objects.filter(question__in=question_ids).in_bulk()
    sources = Source.objects.in_bulk({claim.source_id for claim in claims})
    claims_of = {}
    for claim in claims:
        claim.source = sources[claim.source_id]
        claim.figure_list = figures.get(claim.pk, [])
        for figure in claim.figure_list:
            figure.measure = measures[figure.measure_id]
        claims_of.setdefault(claim.question_id, []).append(claim)
    return claims_of


def refresh_verdicts(question_ids, claims_at_hand=None):
    """Record an activity for each of these questions whose verdict is not the one last
    recorded (a question with none recorded had no claims)."""
    claims_at_hand = claims_at_hand or {}
    ids = sorted(question_ids)
    for start in range(0, len(ids), QUESTIONS_PER_CHUNK):
        chunk = ids[start : start + QUESTIONS_PER_CHUNK]
        to_read = [question_id for question_id in chunk if question_id not in claims_at_hand]
        claims_of = claims_for_verdicts(to_read) if to_read else {}
        claims_of.update((q, claims_at_hand[q]) for q in chunk if q in claims_at_hand)
        questions = {question.pk: question for question in Question.objects.filter(pk__in=chunk)}
        for claims in claims_of.values():
            for claim in claims:
                claim.question = questions[claim.question_id]
        verdicts = {
            question.pk: verdict_of(question, claims_of.get(question.pk, []))
            for question in questions.values()
        }
        recorded = dict(
            Activity.objects.filter(kind=Activity.Kind.VERDICT, question__in=chunk)
            .order_by("question_id", "at", "id")
            .values_list("question_id", "verdict_after")
        )  # the last recorded verdict of each question wins
        Activity.objects.bulk_create(
            Activity(
                kind=Activity.Kind.VERDICT,
                event_id=question.event_id,
                question=question,
                verdict_before=recorded.get(question.pk, NO_CLAIMS),
                verdict_after=verdicts[question.pk],
            )
            for question in questions.values()
            if verdicts[question.pk] != recorded.get(question.pk, NO_CLAIMS)
        )
