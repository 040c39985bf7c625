"""Review: nothing reaches the public until someone other than its author has published it.

A claim moves through plain states (`Claim.State`), only by the functions here:

    draft ──submit──▶ in review ──publish──▶ published
                        │   ▲
              send_back │   │ submit (the author, after fixing it)
                        ▼   │
                      returned

- Editors enter claims (at the desk, in the admin, by import): they arrive *in review*, by their
  author. Any editor or admin but the author may `take` one (the queue then says who is on it),
  `publish` it, or `send_back` it with a comment the author reads.
- Nobody publishes their own work, whatever the path. Admins may also publish someone else's
  draft without waiting for it to be submitted, and import files whose claims are published
  already (a data desk loading an existing dataset): `keeps_states_given` says whose files do.
- Each move is saved with its author and reason in the claim's history.

The state is a plain field rather than a state-machine library: four states and four moves fit
in one module that a newcomer reads top to bottom, and the checks that matter (roles, "not your
own work") are ours either way. A later change to published claims (a pending edit, a
correction) calls `publish` and `send_back` as they are.
"""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from . import activity, notices
from .models import Claim
from .roles import ADMINS

State = Claim.State


class ReviewRefused(Exception):
    """A move that was not made; `problems` says why, a sentence each. Nothing was written."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__(" ".join(problems))


def is_admin(user):
    """Admins (and superusers) may publish directly and import published data."""
    if user is None or not user.is_active:
        return False
    return user.is_superuser or user.groups.filter(name=ADMINS).exists()


def may_review(user):
    """Editors and Admins review others' work; Viewers and the public do not."""
    return (
        user is not None
        and user.is_active
        and user.is_staff
        and user.has_perm("claims.change_claim")
    )


def keeps_states_given(user):
    """Whether an import by `user` keeps the states its file gives (else its new claims arrive
    for review): an Admin's, or the system's (seeds, an operator's command without --user)."""
    return user is None or is_admin(user)


def is_own(claim, user):
    return claim.author_id is not None and claim.author_id == user.pk


# Which states each move starts from, and who may make it (besides the checks in `refusal`).
MOVES = {
    "submit": {State.DRAFT, State.RETURNED},
    "take": {State.IN_REVIEW},
    "publish": {State.IN_REVIEW},
    "send_back": {State.IN_REVIEW},
}


def refusal(move, claim, user):
    """Why `user` may not make `move` on `claim`, in words; None when they may."""
    if not may_review(user):
        return _("Your role does not allow you to enter or review claims.")
    starts = MOVES[move]
    if move == "publish" and is_admin(user):
        starts = starts | {State.DRAFT, State.RETURNED}
    if claim.state not in starts:
        return _("“%(claim)s” is %(state)s.") % {
            "claim": claim.summary,
            "state": claim.get_state_display().lower(),
        }
    if move == "submit":
        return None
    if is_own(claim, user):
        return _("“%(claim)s” is your own work: another editor reviews it.") % {
            "claim": claim.summary
        }
    return None


def waiting_for(user):
    """How many claims wait for `user`: theirs sent back, and those in review they took (or
    sent back, and their author submitted again). One query."""
    return Claim.objects.filter(
        Q(author=user, state=State.RETURNED) | Q(reviewer=user, state=State.IN_REVIEW)
    ).count()


def submit(claims, user):
    """Send drafts (or claims sent back and fixed) to the review queue."""
    submitted = _move(claims, user, "submit", State.IN_REVIEW, _("Submitted for review"))
    notices.claims_resubmitted([claim for claim in submitted if claim.reviewer_id], user)
    return submitted


def take(claims, user):
    """Say that `user` is reviewing these claims (the queue shows it to everyone)."""
    return _move(claims, user, "take", State.IN_REVIEW, _("Taken for review"))


def publish(claims, user):
    """Publish: from now on the public sees them, and the feeds announce them."""
    published = _move(claims, user, "publish", State.PUBLISHED, _("Published"))
    activity.claims_written(
        created=published, retracted=[claim for claim in published if claim.is_retracted]
    )
    notices.claims_reviewed(published, user)
    return published


def send_back(claims, user, comment):
    """Return claims to their author with what to fix; they stay unpublished."""
    comment = comment.strip()
    if not comment:
        raise ReviewRefused([_("Say what to fix: the author reads your comment.")])
    returned = _move(
        claims,
        user,
        "send_back",
        State.RETURNED,
        _("Sent back: %(comment)s") % {"comment": comment},
        comment=comment,
    )
    notices.claims_reviewed(returned, user, comment)
    return returned


def _move(claims, user, move, state, reason, comment=None):
    """Make one move on every claim, or on none (ReviewRefused lists every problem)."""
    ids = [claim.pk if isinstance(claim, Claim) else claim for claim in claims]
    with transaction.atomic():
        locked = list(
            Claim.objects.select_for_update().select_related("question").filter(pk__in=ids)
        )
        if not locked:
            raise ReviewRefused([_("Choose at least one claim.")])
        problems = [p for claim in locked if (p := refusal(move, claim, user))]
        if problems:
            raise ReviewRefused(problems)
        now = timezone.now()
        for claim in locked:
            claim.state = state
            if move == "submit":
                claim.submitted_at = now
                if claim.author_id is None:
                    claim.author = user
            else:
                claim.reviewer = user
            if comment is not None:
                claim.review_comment = comment
            elif move == "publish":
                claim.review_comment = ""
            claim._history_user = user
            claim._change_reason = str(reason)[:100]
            claim.save()
    return locked
