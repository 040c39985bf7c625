"""Restoring a claim to an earlier version, whole: its own fields and its figures as they were.

A version of a claim lasts from its history record to the next one. Its figures are those the
figures' own histories show at the end of that time: so a restore brings back the figures saved
with that version (the admin saves them just after the claim) and any corrected while it
stood. `plan_restore` says what a restore would change, for the editor to see first;
`apply_restore` does it in one transaction, every change in history with the editor's reason.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.timezone import localtime

from . import activity, changes
from .history import Change as FieldChange
from .history import changes_between, name_linked_records, readable
from .models import Claim, Figure, Measure
from .permissions import refused_writes
from .versions import check_version

CLAIM_FIELDS = [*Claim.EDITED_FIELDS, "text_start", "text_end"]
FIGURE_FIELDS = [
    "qualifier",
    "low",
    "high",
    "measure_id",
    "place",
    "period",
    "period_start",
    "period_end",
    "position",
]


@dataclass
class FigureStep:
    action: str  # "Create", "Update" or "Delete"
    figure_id: int
    text: str  # the figure as a person says it, as it will be (or was, when deleted)
    values: dict = field(default_factory=dict)
    changes: list = field(default_factory=list)


@dataclass
class RestorePlan:
    claim: Claim
    record: object  # the claim's history record being restored
    claim_changes: list
    figure_steps: list

    @property
    def label(self):
        when = localtime(self.record.history_date).strftime("%d %b %Y %H:%M")
        return f"version {self.record.version} of {when}"

    @property
    def writes(self):
        counted = Counter((step.action, Figure) for step in self.figure_steps)
        if self.claim_changes:
            counted[("Update", Claim)] += 1
        return counted

    @property
    def changes_anything(self):
        return bool(self.claim_changes or self.figure_steps)

    def refused_for(self, user):
        return refused_writes(user, self.writes)

    def check_allowed(self, user):
        refused = self.refused_for(user)
        if refused:
            raise ValidationError(f"Your role does not allow you to {'; '.join(refused)}.")

    @property
    def figure_versions(self):
        """The figures' versions as the plan saw them, to refuse a restore made on a stale plan."""
        return {str(figure.pk): figure.version for figure in self.claim.figures.all()}


def figures_at(claim, before):
    """The claim's figures as their histories stood just before `before` (or now): {id: record}."""
    records = Figure.history.filter(claim_id=claim.pk).order_by("history_date", "history_id")
    if before is not None:
        records = records.filter(history_date__lt=before)
    state = {}
    for record in records:
        state[record.id] = None if record.history_type == "-" else record
    return {figure_id: record for figure_id, record in state.items() if record is not None}


def plan_restore(claim, history_id):
    """What restoring the claim to the version in history record `history_id` would change."""
    record = get_object_or_404(claim.history, history_id=history_id)
    following = (
        claim.history.filter(history_date__gt=record.history_date)
        .order_by("history_date", "history_id")
        .first()
    )
    current = claim.history.order_by("-history_date", "-history_id").first()
    claim_changes = [
        change for change in changes_between(current, record) if change.field != "version"
    ]
    then = figures_at(claim, following.history_date if following else None)
    now = {figure.pk: figure for figure in claim.figures.all()}
    steps = []
    for figure_id, old in sorted(then.items(), key=lambda item: (item[1].position, item[0])):
        values = {name: getattr(old, name) for name in FIGURE_FIELDS}
        if figure_id not in now:
            steps.append(FigureStep("Create", figure_id, old.instance.as_text(), values))
            continue
        present = now[figure_id]
        changes = [
            FieldChange(
                Figure._meta.get_field(name.removesuffix("_id")).verbose_name,
                readable(getattr(present, name)),
                readable(value),
                Measure if name == "measure_id" else None,
            )
            for name, value in values.items()
            if getattr(present, name) != value
        ]
        name_linked_records(changes)
        if changes:
            steps.append(FigureStep("Update", figure_id, old.instance.as_text(), values, changes))
    for figure_id, present in now.items():
        if figure_id not in then:
            steps.append(FigureStep("Delete", figure_id, present.as_text()))
    return RestorePlan(claim, record, claim_changes, steps)


def apply_restore(plan, user, reason, loaded_version, figure_versions):
    """Make the claim and its figures what the plan says, or raise ValidationError.

    Refused if the user's role does not allow every write, or if the claim or its figures
    changed since the plan was shown (`loaded_version`, `figure_versions`).
    """
    plan.check_allowed(user)
    change_reason = f"Restored to {plan.label}: {reason}"[:100]
    with transaction.atomic():
        check_version(Claim, plan.claim.pk, loaded_version)
        if plan.figure_versions != (figure_versions or {}):
            raise ValidationError(
                "A figure of this claim changed since this page was opened: look at what the "
                "restore would change again."
            )
        claim = plan.claim
        was_retracted = claim.is_retracted
        old = plan.record.instance
        for name in CLAIM_FIELDS:
            attname = Claim._meta.get_field(name).attname
            setattr(claim, attname, getattr(old, attname))
        claim.full_clean()
        claim._change_reason, claim._history_user = change_reason, user
        claim.save()
        for step in plan.figure_steps:
            restore_figure(claim, step, user, change_reason)
        if claim.is_retracted and not was_retracted:
            activity.claims_written(retracted=[claim])
        activity.verdicts_may_change({claim.question_id})
    return claim


@transaction.atomic
def propose_restore(plan, user, reason, loaded_version):
    """Keep the restore of a published claim for a second editor's review, as any edit of it
    by someone who does not publish directly (`changes.waits_for_review`): nothing is written
    to the claim. Returns the PendingChange, or None when the restore changes nothing."""
    plan.check_allowed(user)
    check_version(Claim, plan.claim.pk, loaded_version)
    claim = Claim.objects.get(pk=plan.claim.pk)
    old = plan.record.instance
    for name in CLAIM_FIELDS:
        attname = Claim._meta.get_field(name).attname
        setattr(claim, attname, getattr(old, attname))
    claim.full_clean()
    steps = {step.figure_id: step for step in plan.figure_steps}
    figures = []
    for figure in claim.figures.all():
        step = steps.get(figure.pk)
        if step is not None and step.action == "Delete":
            continue
        if step is not None:
            for name, value in step.values.items():
                setattr(figure, name, value)
        figures.append(figure)
    # A figure deleted since comes back as a new one: its old row is gone.
    figures += [
        Figure(claim=claim, **step.values) for step in plan.figure_steps if step.action == "Create"
    ]
    figures.sort(key=lambda figure: figure.position)
    reason = f"Restored to {plan.label}: {reason}"[:100]
    return changes.propose(claim, figures, user, reason, claim_version=loaded_version)


def restore_figure(claim, step, user, change_reason):
    if step.action == "Delete":
        figure = Figure.objects.get(pk=step.figure_id)
    elif step.action == "Create":
        figure = Figure(pk=step.figure_id, claim=claim, **step.values)
    else:
        figure = Figure.objects.get(pk=step.figure_id)
        for name, value in step.values.items():
            setattr(figure, name, value)
    figure._change_reason, figure._history_user = change_reason, user
    if step.action == "Delete":
        figure.delete()
        return
    figure.full_clean()
    figure.save(force_insert=step.action == "Create")
