"""Exports in every format, one function each for an event and for a list of claims.

The pages and the `export_event` command both call these, so a download and a file written on
the command line are the same bytes. Every export is a stream of text chunks: memory does not
grow with the number of claims.
"""

from dataclasses import dataclass

from django.utils import timezone

from claims.interchange import stream_csv, stream_document
from claims.models import Claim

from .standalone import event_html

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "html": "text/html; charset=utf-8",
}
CLAIM_WRITERS = {"csv": stream_csv, "json": stream_document}
EVENT_FORMATS = list(CONTENT_TYPES)
CLAIM_FORMATS = list(CLAIM_WRITERS)


@dataclass
class Export:
    chunks: object  # an iterable of str
    format: str
    filename: str  # without its extension

    @property
    def content_type(self):
        return CONTENT_TYPES[self.format]

    @property
    def full_filename(self):
        return f"{self.filename}.{self.format}"


def export_event(event, format, site_url, user, include_retracted=False):
    """One event as `user` may see it: its standalone comparison page, or its claims as CSV or
    interchange JSON."""
    if format == "html":
        page = event_html(event, site_url, timezone.now(), user, include_retracted)
        return Export([page], format, event.slug)
    claims = Claim.objects.visible_to(user).for_event(event)
    if not include_retracted:
        claims = claims.current()
    return Export(CLAIM_WRITERS[format](claims), format, event.slug)


def export_claims(claims, format):
    """Any set of claims (the claim browser's result) as CSV or interchange JSON."""
    return Export(CLAIM_WRITERS[format](claims), format, "claims")
