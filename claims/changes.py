"""Changes to published claims: proposed by one editor, approved or rejected by another.

An edit to a published claim (in the admin's claim form, or by an import that changes a stored
claim) does not change the claim: it is kept as a `PendingChange` holding the claim and its
figures as the edit would leave them. The public, and every comparison, chart, count and running
toll, keep the published version. A second editor, never the change's author, then approves
it, which writes it as any edit is written (versions checked, history kept, the feeds told), or
rejects it with a comment for its author. Admins, and the system's own loads (seeds, an
operator's command), publish directly.

When an approved change alters a published figure, stance or quote, the approver says whether
it corrects an error or clarifies, with a note; a correction is shown to readers with what
changed, written from the old and new values ("413, not 431"), on the claim's page, in the
comparison, the feeds, the embeds and /corrections/ (see `Correction`).
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext

from . import activity, notices
from .languages import content_language
from .models import Activity, Claim, Correction, Figure, Measure, PendingChange
from .permissions import refused_writes
from .review import is_admin

CLAIM_FIELDS = [*Claim.EDITED_FIELDS, "text_start", "text_end"]
FIGURE_FIELDS = [*Figure.EDITED_FIELDS, "position"]
QUOTE_WORDS = 25


def publishes_directly(user):
    """Whether `user`'s edits to published claims are published at once: an Admin's, and the
    system's own (no user: seeds, an operator's command). Everyone else's wait for review."""
    return user is None or is_admin(user)


def is_published(claim):
    """Whether the public sees the claim, so that an edit to it must wait for review: a
    draft or a claim waiting for review is its author's to change."""
    return claim.pk is not None and claim.state == Claim.State.PUBLISHED


def waits_for_review(claim, user):
    return is_published(claim) and not publishes_directly(user)


# The claim and its figures as an edit leaves them, as JSON. ---------------------------------


def as_json(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def snapshot(claim, figures):
    """(values, figures) of an edited claim and the figures it is to have, in order, as
    `PendingChange` keeps them: each field by its column name, figures with their id and the
    version they were edited at (none for a new one)."""
    values = {}
    for name in CLAIM_FIELDS:
        attname = Claim._meta.get_field(name).attname
        values[attname] = as_json(getattr(claim, attname))
    listed = []
    for figure in figures:
        entry = {"id": figure.pk, "version": figure.version if figure.pk else None}
        for name in FIGURE_FIELDS:
            attname = Figure._meta.get_field(name).attname
            entry[attname] = as_json(getattr(figure, attname))
        listed.append(entry)
    return values, listed


def from_json(model, values):
    return {
        attname: model._meta.get_field(attname).to_python(value)
        for attname, value in values.items()
        if attname not in ("id", "version")
    }


def proposed(change):
    """(claim, figures) as the change would leave them: unsaved copies, nothing written."""
    claim = Claim.objects.get(pk=change.claim_id)
    for attname, value in from_json(Claim, change.values).items():
        setattr(claim, attname, value)
    measures = Measure.objects.in_bulk({entry["measure_id"] for entry in change.figures})
    figures = []
    for entry in change.figures:
        figure = Figure(pk=entry["id"], claim=claim, **from_json(Figure, entry))
        figure.measure = measures.get(figure.measure_id)
        figures.append(figure)
    return claim, figures


def differs(change):
    """Whether the change would change anything of the stored claim or its figures."""
    stored = Claim.objects.get(pk=change.claim_id)
    stored_values, stored_figures = snapshot(stored, stored.figures.in_order())
    return stored_values != change.values or stored_figures != change.figures


# Proposing. ----------------------------------------------------------------------------------


def propose(claim, figures, author, reason="", claim_version=None):
    """Keep an edit of a published claim for review: `claim` as edited (unsaved) and the
    figures it is to have, in order. Returns the PendingChange, or None when the edit changes
    nothing. Raises ValidationError when a change to the claim already waits."""
    values, listed = snapshot(claim, figures)
    change = PendingChange(
        claim_id=claim.pk,
        author=author,
        reason=(reason or "")[:100],
        claim_version=claim_version if claim_version is not None else claim.version,
        values=values,
        figures=listed,
    )
    if not differs(change):
        return None
    try:
        with transaction.atomic():
            change.save()
    except IntegrityError:
        raise ValidationError(
            gettext("A change to this claim already waits for review: approve or reject it first.")
        ) from None
    return change


# What readers are told. ----------------------------------------------------------------------


def instead(new, old):
    # Translators: a correction: the new value, then the published one ("413, not 431").
    return gettext("%(new)s, not %(old)s") % {"new": new, "old": old}


def public_differences(before, before_figures, after, after_figures):
    """What a change alters of what readers were shown, its figures, stance and quote, each as
    "new, not old": ["413, not 431"]. Empty when it alters none of them."""
    found = []
    if before.stance != after.stance:
        found.append(
            instead(after.get_stance_display().lower(), before.get_stance_display().lower())
        )
    old_texts = [figure.as_text() for figure in before_figures]
    new_texts = [figure.as_text() for figure in after_figures]
    if old_texts != new_texts:
        nothing = gettext("no figure")
        for position in range(max(len(old_texts), len(new_texts))):
            old = before_figures[position] if position < len(before_figures) else None
            new = after_figures[position] if position < len(after_figures) else None
            if old is not None and new is not None:
                if old.as_text() == new.as_text():
                    continue
                if old.measure_id == new.measure_id:
                    found.append(instead(amount_of(new), amount_of(old)))
                    continue
            found.append(
                instead(new.as_text() if new else nothing, old.as_text() if old else nothing)
            )
    if before.quote != after.quote:
        found.append(instead(quoted(after.quote), quoted(before.quote)))
    return found


def amount_of(figure):
    """A figure beside another of its measure: the number says it ("413", not "413 people"),
    but for a percentage ("98%")."""
    return figure.as_text() if figure.unit == "%" else figure.amount_text()


def quoted(text):
    return f"“{Truncator(text).words(QUOTE_WORDS)}”" if text else gettext("no quote")


def what_readers_see_change(change):
    """The "new, not old" parts of what a pending change would alter for readers, in the
    newsroom's language (as its figures and quotes are), whatever the approver's."""
    claim = Claim.objects.get(pk=change.claim_id)
    after, after_figures = proposed(change)
    with translation.override(content_language()):
        return public_differences(claim, list(claim.figures.in_order()), after, after_figures)


# Deciding. -----------------------------------------------------------------------------------


def check_decider(change, user):
    if not change.is_pending:
        raise ValidationError(gettext("This change was already decided."))
    if change.author_id == user.pk:
        raise ValidationError(
            gettext("You proposed this change: another editor must approve or reject it.")
        )


@transaction.atomic
def approve(change, user, kind="", note=""):
    """Publish a pending change: write the claim and its figures as it says, with history, and
    a correction or clarification when it alters a published figure, stance or quote (`kind`
    and `note` are then required). Raises ValidationError, changing nothing, when it may not be
    approved: by its author, by a role that may not change claims, over a later edit."""
    change = PendingChange.objects.select_for_update().get(pk=change.pk)
    check_decider(change, user)
    writes = {("Update", Claim): 1}
    stored_figures = {figure.pk: figure for figure in Figure.objects.filter(claim=change.claim_id)}
    for entry in change.figures:
        writes[("Update" if entry["id"] else "Create", Figure)] = 1
    if set(stored_figures) - {entry["id"] for entry in change.figures}:
        writes[("Delete", Figure)] = 1
    refused = refused_writes(user, writes)
    if refused:
        raise ValidationError(
            gettext("Your role does not allow you to %(what)s.") % {"what": "; ".join(refused)}
        )
    claim = Claim.objects.select_for_update().get(pk=change.claim_id)
    if claim.version != change.claim_version or any(
        entry["id"]
        and (
            entry["id"] not in stored_figures
            or stored_figures[entry["id"]].version != entry["version"]
        )
        for entry in change.figures
    ):
        raise ValidationError(
            gettext(
                "The claim was changed since this change was proposed: reject it, and make "
                "the change again on the claim as it is now."
            )
        )
    differences = what_readers_see_change(change)
    if differences and kind not in Correction.Kind.values:
        raise ValidationError(
            gettext(
                "This change alters a published figure, stance or quote: say whether it is a "
                "correction or a clarification."
            )
        )
    if differences and not note.strip():
        raise ValidationError(gettext("Give the note readers will see with it."))
    write(change, claim, stored_figures)
    change.state, change.decided_by, change.decided_at = (
        PendingChange.State.APPROVED,
        user,
        timezone.now(),
    )
    change.save()
    if differences:
        correction = Correction.objects.create(
            claim=claim,
            change=change,
            kind=kind,
            made_at=change.decided_at,
            what_changed="; ".join(differences),
            note=note.strip(),
        )
        if correction.is_correction:
            Activity.objects.create(
                kind=Activity.Kind.CORRECTED,
                at=correction.made_at,
                event_id=claim.question.event_id,
                question_id=claim.question_id,
                source_id=claim.source_id,
                claim=claim,
                correction=correction,
            )
    notices.change_decided(change)
    return change


def write(change, claim, stored_figures):
    """Write the claim and its figures as the change says; the history names its author."""
    was_retracted, old_question = claim.is_retracted, claim.question_id
    reason = change.reason or gettext("Reviewed change")
    for attname, value in from_json(Claim, change.values).items():
        setattr(claim, attname, value)
    claim.full_clean()
    claim._change_reason, claim._history_user = reason, change.author
    claim.save()
    kept = set()
    for entry in change.figures:
        if entry["id"] in stored_figures:
            figure = stored_figures[entry["id"]]
            kept.add(figure.pk)
        else:
            figure = Figure(claim=claim)
        for attname, value in from_json(Figure, entry).items():
            setattr(figure, attname, value)
        figure.full_clean()
        figure._change_reason, figure._history_user = reason, change.author
        figure.save()
    for figure_id, figure in stored_figures.items():
        if figure_id not in kept:
            figure._change_reason, figure._history_user = reason, change.author
            figure.delete()
    if claim.is_retracted and not was_retracted:
        activity.claims_written(retracted=[claim])
    activity.verdicts_may_change({claim.question_id, old_question})


@transaction.atomic
def reject(change, user, comment):
    """Send a pending change back to its author with a comment; the claim stays as it is."""
    change = PendingChange.objects.select_for_update().get(pk=change.pk)
    check_decider(change, user)
    if not comment.strip():
        raise ValidationError(gettext("Say why the change is sent back: its author reads it."))
    change.state, change.decided_by, change.decided_at = (
        PendingChange.State.REJECTED,
        user,
        timezone.now(),
    )
    change.comment = comment.strip()
    change.save()
    notices.change_decided(change)
    return change


def changed_fields(change):
    """What the change would change, as an editor reads it: [(field, published, proposed)],
    the claim's own fields first, then its figures as a whole."""
    stored = Claim.objects.select_related("source", "article", "question").get(pk=change.claim_id)
    after, after_figures = proposed(change)
    rows = []
    for name in CLAIM_FIELDS:
        model_field = Claim._meta.get_field(name)
        if getattr(stored, model_field.attname) != getattr(after, model_field.attname):
            old, new = getattr(stored, name), getattr(after, name)
            rows.append((model_field.verbose_name, "" if old is None else old, new or ""))
    old_figures = "; ".join(figure.as_text() for figure in stored.figures.in_order())
    new_figures = "; ".join(figure.as_text() for figure in after_figures)
    if old_figures != new_figures:
        rows.append((Figure._meta.verbose_name_plural, old_figures, new_figures))
    elif snapshot(stored, stored.figures.in_order())[1] != change.figures:
        # The same numbers, other details (place, period, dates).
        rows.append((Figure._meta.verbose_name_plural, old_figures, gettext("details changed")))
    return rows
