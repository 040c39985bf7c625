"""Telling staff what became of their work: claims of theirs sent back or published, a change
of theirs approved or sent back; and what came to them to review: claims they sent back,
submitted again by their author.

By e-mail through Django's mail settings (printed to the console in development), to an
author who has an address; the admin's list of pending changes shows the same to each author
("Proposed by me"), with the reviewer's comment.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext

from .models import PendingChange

logger = logging.getLogger(__name__)


def change_decided(change):
    """Mail the author of a change that was approved or sent back, once the decision commits."""
    author = change.author
    if not author.email:
        return
    link = settings.SITE_URL.rstrip("/") + change.get_absolute_url()
    what = {"claim": change.claim, "who": change.decided_by.get_username()}
    if change.state == PendingChange.State.APPROVED:
        subject = gettext("Your change was published: %(claim)s") % what
        body = gettext("%(who)s approved your change to “%(claim)s”; readers see it now.") % what
    else:
        subject = gettext("Your change came back: %(claim)s") % what
        body = gettext("%(who)s sent back your change to “%(claim)s”:") % what
        body += f"\n\n{change.comment}"
    body += f"\n\n{link}\n"
    mail_once_committed(author.email, subject, body)


def claims_reviewed(claims, reviewer, comment=None):
    """Mail each author whose claims `reviewer` sent back (with `comment`) or published, one
    message each listing their claims, once the move commits."""
    authors = get_user_model().objects.in_bulk({claim.author_id for claim in claims} - {None})
    by_author = {}
    for claim in claims:
        author = authors.get(claim.author_id)
        if author is not None and author.email:
            by_author.setdefault(author, []).append(claim)
    site = settings.SITE_URL.rstrip("/")
    who = reviewer.get_username()
    for author, theirs in by_author.items():
        listed = "\n".join(f"- {claim.summary}" for claim in theirs)
        if comment is None:
            subject = gettext("Your claims were published")
            body = gettext("%(who)s published your claims; readers see them now:") % {"who": who}
            links = "\n".join(site + claim.get_absolute_url() for claim in theirs)
        else:
            subject = gettext("Your claims came back")
            body = gettext("%(who)s sent back your claims:") % {"who": who}
            body += f"\n\n{comment}"
            links = site + reverse("review:queue")
        mail_once_committed(author.email, subject, f"{body}\n\n{listed}\n\n{links}\n")


def claims_resubmitted(claims, author):
    """Mail each reviewer whose sent-back claims `author` submitted again: they are theirs to
    review again (the queue lists them under "Yours to review")."""
    reviewers = get_user_model().objects.in_bulk({claim.reviewer_id for claim in claims})
    by_reviewer = {}
    for claim in claims:
        reviewer = reviewers.get(claim.reviewer_id)
        if reviewer is not None and reviewer.email and reviewer.pk != author.pk:
            by_reviewer.setdefault(reviewer, []).append(claim)
    link = settings.SITE_URL.rstrip("/") + reverse("review:queue")
    who = author.get_username()
    for reviewer, theirs in by_reviewer.items():
        listed = "\n".join(f"- {claim.summary}" for claim in theirs)
        subject = gettext("Claims to review again")
        body = gettext("%(who)s fixed and submitted again claims you sent back:") % {"who": who}
        mail_once_committed(reviewer.email, subject, f"{body}\n\n{listed}\n\n{link}\n")


def mail_once_committed(address, subject, body):
    def send():
        try:
            send_mail(subject[:150], body, None, [address])
        except OSError:
            # A mail server that is down must not undo the decision: the pages show it too.
            logger.warning("Could not mail %s: %s", address, subject)

    transaction.on_commit(send)
