"""Atom feeds of what happened: the whole site's, one event's and one source's."""

import copy
import re

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from claims.comparison import NO_CLAIMS, VERDICT_LABELS
from claims.models import Activity, Correction, Event, Source

ENTRIES = 50

# What XML 1.0 cannot carry at all (C0 controls but tab and line ends, lone surrogates, U+FFFE
# and U+FFFF) and what it discourages (DEL and the C1 controls). Text pasted from
# anywhere can hold them; a feed that refuses them fails for every reader, so they are dropped.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def xml_safe(value):
    """`value` with the characters a feed cannot carry taken out: one that stands for a space
    or a break (a vertical tab, a form feed) becomes a space, so words stay apart; any other is
    dropped. Lists are cleaned item by item."""
    if isinstance(value, str):
        return NOT_XML.sub(lambda found: " " if found[0].isspace() else "", value)
    if isinstance(value, list | tuple):
        return type(value)(xml_safe(item) for item in value)
    return value


class XmlSafeAtomFeed(Atom1Feed):
    """Atom that stays well-formed whatever text the records hold: every title, summary, name
    and link is cleaned once, here, on its way into the feed."""

    def __init__(self, **kwargs):
        super().__init__(**{name: xml_safe(value) for name, value in kwargs.items()})

    def add_item(self, **kwargs):
        super().add_item(**{name: xml_safe(value) for name, value in kwargs.items()})


def verdict_label(verdict):
    """A verdict as it reads inside a sentence: "in conflict", "single source"."""
    return str(VERDICT_LABELS.get(verdict, verdict)).lower()


def verdict_change_title(question, before, after):
    """A feed entry's title for a question whose verdict changed: "“How many were killed?” is
    now in conflict (was single source)"; on its first claims, or on losing its last, said so
    rather than as a verdict of "no claims"."""
    values = {"question": question, "after": verdict_label(after), "before": verdict_label(before)}
    if before == NO_CLAIMS or not before:
        # Translators: a feed entry's title: a question's first claims gave it a verdict, such
        # as "contested".
        return gettext("“%(question)s” is now %(after)s, on its first claims") % values
    if after == NO_CLAIMS:
        # Translators: a feed entry's title: a question's claims were all retracted or
        # withdrawn; its verdict before, such as "in conflict", follows.
        return gettext("“%(question)s” has no claims left (was %(before)s)") % values
    # Translators: a feed entry's title: a question's verdict changed, such as to "in conflict"
    # from "single source".
    return gettext("“%(question)s” is now %(after)s (was %(before)s)") % values


class ActivityFeed(Feed):
    feed_type = XmlSafeAtomFeed
    title = _("Claim tracker: new claims, revisions, retractions and changed verdicts")
    subtitle = _("Claims as their sources made them; a claim here is not a fact checked.")

    def __call__(self, request, *args, **kwargs):
        # One feed object serves every request: each is answered by a copy that knows its
        # reader, so the entries are those the reader may see.
        feed = copy.copy(self)
        feed.reader = request.user
        return super(ActivityFeed, feed).__call__(request, *args, **kwargs)

    def link(self, obj=None):
        return reverse("claims:home")

    def activities(self, obj):
        return Activity.objects.visible_to(self.reader)

    def items(self, obj=None):
        return (
            self.activities(obj)
            .newsworthy()
            .select_related("question__event", "source", "claim", "correction")
            .order_by("-at", "-id")[:ENTRIES]
        )

    def item_title(self, activity):
        question = activity.question
        if activity.kind == Activity.Kind.VERDICT:
            return verdict_change_title(
                question.text, activity.verdict_before, activity.verdict_after
            )
        claim = activity.claim
        title = {
            # Translators: a feed entry's title for a new claim: its source, then its summary.
            Activity.Kind.ADDED: gettext("%(source)s: %(summary)s"),
            Activity.Kind.REVISED: gettext("%(source)s revised: %(summary)s"),
            Activity.Kind.RETRACTED: gettext("Retracted: %(source)s: %(summary)s"),
            Activity.Kind.CORRECTED: gettext("Corrected: %(source)s: %(summary)s"),
        }[activity.kind]
        return title % {"source": activity.source, "summary": claim.summary}

    def item_description(self, activity):
        """Read as HTML by feed readers: every value escaped."""
        question = activity.question
        # Translators: where a feed entry happened: an event's title, then its question.
        where = gettext("%(event)s, “%(question)s”") % {
            "event": question.event.title,
            "question": question.text,
        }
        if activity.kind == Activity.Kind.VERDICT:
            after = VERDICT_LABELS.get(activity.verdict_after, activity.verdict_after)
            # Translators: a feed entry: where it happened, then the question's new verdict.
            verdict = gettext("%(where)s: %(verdict)s.")
            return escape(verdict % {"where": where, "verdict": after.lower()})
        claim = activity.claim
        described = f"{where}."
        if claim.quote:
            # Translators: a claim's quote, in quotation marks.
            described += " " + gettext("“%(quote)s”") % {"quote": claim.quote}
        if claim.retraction_reason:
            reason = claim.retraction_reason
            described += " " + gettext("Retracted: %(reason)s") % {"reason": reason}
        if activity.correction is not None:
            described += " " + activity.correction.public_text()
        return escape(described)

    def item_link(self, activity):
        if activity.claim is not None:
            return activity.claim.get_absolute_url()
        return activity.question.get_absolute_url()

    def item_guid(self, activity):
        # Stable whatever the entry's link: the activity's own number, under the site's tag.
        return f"tag:claimtracker,2016:activity/{activity.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, activity):
        return activity.at

    def item_updateddate(self, activity):
        return activity.at

    def item_categories(self, activity):
        return [activity.get_kind_display()]


class EventActivityFeed(ActivityFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Event.objects.visible_to(request.user), slug=slug)

    def title(self, event):
        return gettext("%(event)s: new claims, revisions, retractions and changed verdicts") % {
            "event": event.title
        }

    def link(self, event):
        return event.get_absolute_url()

    def activities(self, event):
        return super().activities(event).filter(event=event)


class SourceActivityFeed(ActivityFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Source.objects.visible_to(request.user), slug=slug)

    def title(self, source):
        return gettext("%(source)s: its new claims, revisions and retractions") % {
            "source": source.name
        }

    def link(self, source):
        return source.get_absolute_url()

    def activities(self, source):
        return super().activities(source).filter(source=source)


class CorrectionsFeed(Feed):
    """Every correction, newest first: what a published claim said wrong, and when it was put
    right. Clarifications stay on their claims' pages."""

    feed_type = XmlSafeAtomFeed
    title = _("Claim tracker: corrections")
    subtitle = _("Published claims we corrected, with what changed and when.")

    def __call__(self, request, *args, **kwargs):
        feed = copy.copy(self)
        feed.reader = request.user
        return super(CorrectionsFeed, feed).__call__(request, *args, **kwargs)

    def link(self):
        return reverse("claims:corrections")

    def items(self):
        return (
            Correction.objects.visible_to(self.reader)
            .corrections()
            .newest_first()
            .select_related("claim__source", "claim__question__event")[:ENTRIES]
        )

    def item_title(self, correction):
        claim = correction.claim
        return gettext("Corrected: %(source)s: %(summary)s") % {
            "source": claim.source.name,
            "summary": claim.summary,
        }

    def item_description(self, correction):
        """Read as HTML by feed readers: escaped."""
        return escape(correction.public_text())

    def item_link(self, correction):
        return correction.claim.get_absolute_url()

    def item_guid(self, correction):
        return f"tag:claimtracker,2016:correction/{correction.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, correction):
        return correction.made_at

    def item_updateddate(self, correction):
        return correction.made_at
