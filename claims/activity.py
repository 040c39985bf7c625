"""What happened, for the feeds: claims added, revised and retracted as they are saved, and the
verdicts they change, worked out once the transaction that changed them commits.

A claim's activity is written in the same transaction as the claim, so a rolled-back import (or
a dry run) leaves none. Verdicts are worked out after commit, for every question touched in the
transaction at once, a few queries per 500 questions, so a large import costs little more.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .comparison import NO_CLAIMS, compare_event
from .models import Activity, Claim, Figure, Question

QUESTIONS_PER_CHUNK = 500


@receiver(post_save, sender=Claim)
def claim_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    claim = instance
    if created:
        earlier = (
            Claim.objects.filter(question_id=claim.question_id, source_id=claim.source_id)
            .exclude(pk=claim.pk)
            .exists()
        )
        record(claim, Activity.Kind.REVISED if earlier else Activity.Kind.ADDED)
    elif claim.retracted_on and not getattr(claim, "retracted_on_when_loaded", claim.retracted_on):
        record(claim, Activity.Kind.RETRACTED)
    claim.retracted_on_when_loaded = claim.retracted_on
    touched(claim.pk)


@receiver(post_save, sender=Figure)
@receiver(post_delete, sender=Figure)
def figure_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        touched(instance.claim_id)


def record(claim, kind):
    Activity.objects.create(
        kind=kind,
        event_id=claim.question.event_id,
        question_id=claim.question_id,
        source_id=claim.source_id,
        claim=claim,
    )


def touched(claim_id):
    """Remember the claim until the transaction commits; then its question's verdict is
    worked out again with every other question touched. (The first callback to run takes them
    all and the others find nothing: a callback per save, so none is lost with a savepoint
    rolled back.)"""
    connection = transaction.get_connection()
    connection.__dict__.setdefault("claims_touched", set()).add(claim_id)
    transaction.on_commit(lambda: refresh_touched(connection))


def refresh_touched(connection):
    claim_ids = connection.__dict__.pop("claims_touched", set())
    if not claim_ids:
        return
    question_ids = set()
    ids = sorted(claim_ids)
    for start in range(0, len(ids), QUESTIONS_PER_CHUNK):
        chunk = ids[start : start + QUESTIONS_PER_CHUNK]
        question_ids.update(
            Claim.objects.filter(pk__in=chunk).values_list("question_id", flat=True)
        )
    refresh_verdicts(question_ids)


def refresh_verdicts(question_ids):
    """Record an activity for each of these questions whose verdict is not the one last
    recorded (a question with none recorded had no claims)."""
    ids = sorted(question_ids)
    for start in range(0, len(ids), QUESTIONS_PER_CHUNK):
        chunk = ids[start : start + QUESTIONS_PER_CHUNK]
        questions = list(Question.objects.filter(pk__in=chunk))
        claims = Claim.objects.current().filter(question__in=chunk).with_related()
        verdicts = {row.question.pk: row.verdict for row in compare_event(questions, claims).rows}
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
            for question in questions
            if verdicts[question.pk] != recorded.get(question.pk, NO_CLAIMS)
        )
