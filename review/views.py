"""The review queue: what waits for a second editor, by event and article, oldest first; an
article's claims reviewed together beside its text; each staff member's own items.

Thin views over `claims.review`, which holds every rule (roles, "not your own work"); staff only.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from claims import review
from claims.models import Article, Claim, Event, PendingChange
from claims.provenance import marked_paragraphs

# The queue lists at most this many claims; the oldest come first, so nothing waits unseen.
QUEUE_LENGTH = 500
# A change sent back stays on its author's list this long; the admin's list keeps them all.
CHANGES_BACK_FOR = timedelta(days=14)
RELATED = ["source", "question__event", "article", "author", "reviewer"]


@dataclass
class Group:
    """Claims waiting together: one article's (or an event's claims cited to no article)."""

    event: Event
    article: Article | None
    claims: list = field(default_factory=list)

    @property
    def oldest(self):
        return self.claims[0].submitted_at

    @property
    def reviewers(self):
        """Who has taken any of its claims, each once, in order."""
        return list(dict.fromkeys(c.reviewer for c in self.claims if c.reviewer_id))


def waiting_groups(claims):
    """Claims (oldest first) grouped by event and article; groups by their oldest claim."""
    groups = {}
    for claim in claims:
        key = (claim.question.event_id, claim.article_id)
        if key not in groups:
            groups[key] = Group(claim.question.event, claim.article)
        groups[key].claims.append(claim)
    return list(groups.values())


@staff_member_required
def queue(request):
    """Four queries: the waiting claims with all the page shows, the user's own claims, the
    changes to published claims that wait, and the user's changes sent back lately."""
    waiting = list(
        Claim.objects.filter(state=Claim.State.IN_REVIEW)
        .select_related(*RELATED)
        .order_by("submitted_at", "id")[:QUEUE_LENGTH]
    )
    mine = (
        Claim.objects.filter(author=request.user)
        .exclude(state=Claim.State.PUBLISHED)
        .select_related(*RELATED)
        .order_by("-updated_at", "-id")
    )
    mine = list(mine)
    changes = list(
        PendingChange.objects.filter(
            Q(state=PendingChange.State.PENDING)
            | Q(
                author=request.user,
                state=PendingChange.State.REJECTED,
                decided_at__gte=timezone.now() - CHANGES_BACK_FOR,
            )
        )
        .select_related("claim__source", "claim__question__event", "author", "decided_by")
        .order_by("proposed_at", "id")[:QUEUE_LENGTH]
    )
    context = {
        "groups": waiting_groups(waiting),
        "assigned": [claim for claim in waiting if claim.reviewer_id == request.user.pk],
        "returned": [claim for claim in mine if claim.state == Claim.State.RETURNED],
        "mine_waiting": [claim for claim in mine if claim.state != Claim.State.RETURNED],
        "has_drafts": any(claim.state == Claim.State.DRAFT for claim in mine),
        "changes_waiting": [change for change in changes if change.is_pending],
        "changes_back": [change for change in changes if not change.is_pending],
        "may_review": review.may_review(request.user),
    }
    return render(request, "review/queue.html", context)


def review_page(request, claims, event, article=None):
    claims = claims.with_related().select_related("author", "reviewer")
    claims = list(claims.order_by("text_start", "id"))
    if not claims:
        raise Http404(_("Nothing of this waits for review."))
    pointing = [claim for claim in claims if claim.text_start is not None and article]
    context = {
        "event": event,
        "article": article,
        "claims": claims,
        "paragraphs": marked_paragraphs(article.text, pointing) if article else [],
        "may_review": review.may_review(request.user),
        "next": request.path,
    }
    return render(request, "review/review.html", context)


WAITING = [Claim.State.IN_REVIEW]


@staff_member_required
def article_review(request, slug):
    """An article's waiting claims, beside its text with each claim's words marked."""
    article = get_object_or_404(Article, slug=slug)
    claims = Claim.objects.filter(article=article, state__in=WAITING)
    return review_page(request, claims, None, article)


@staff_member_required
def event_review(request, slug):
    """An event's waiting claims that cite no article."""
    event = get_object_or_404(Event, slug=slug)
    claims = Claim.objects.filter(question__event=event, article=None, state__in=WAITING)
    return review_page(request, claims, event)


@staff_member_required
@require_POST
def move(request):
    """Take, publish, send back or submit the claims checked: all of them, or none."""
    ids = [value for value in request.POST.getlist("claim") if value.isdigit()]
    action = request.POST.get("action")
    try:
        if action == "take":
            moved = review.take(ids, request.user)
            done = ngettext(
                "You are reviewing %(count)d claim.",
                "You are reviewing %(count)d claims.",
                len(moved),
            )
        elif action == "publish":
            moved = review.publish(ids, request.user)
            done = ngettext("Published %(count)d claim.", "Published %(count)d claims.", len(moved))
        elif action == "send_back":
            moved = review.send_back(ids, request.user, request.POST.get("comment", ""))
            done = ngettext(
                "Sent %(count)d claim back to its author.",
                "Sent %(count)d claims back to their authors.",
                len(moved),
            )
        elif action == "submit":
            moved = review.submit(ids, request.user)
            done = ngettext(
                "Submitted %(count)d claim for review.",
                "Submitted %(count)d claims for review.",
                len(moved),
            )
        else:
            raise review.ReviewRefused([_("Choose what to do with the claims.")])
    except review.ReviewRefused as refused:
        for problem in refused.problems:
            messages.error(request, problem)
        return redirect(back(request))
    messages.success(request, done % {"count": len(moved)})
    if action in ("publish", "send_back"):
        return redirect("review:queue")  # this group no longer waits
    return redirect(back(request))


def back(request):
    wanted = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(wanted, {request.get_host()}, request.is_secure()):
        return wanted
    return "review:queue"
