"""Telling staff what became of their work: a change of theirs approved or sent back.

By e-mail through Django's mail settings (printed to the console in development), to an
author who has an address; the admin's list of pending changes shows the same to each author
("Proposed by me"), with the reviewer's comment.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
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

    def send():
        try:
            send_mail(subject[:150], body, None, [author.email])
        except OSError:
            # A mail server that is down must not undo the decision: the admin shows it too.
            logger.warning("Could not mail %s about change %s", author.email, change.pk)

    transaction.on_commit(send)
