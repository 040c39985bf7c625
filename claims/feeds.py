"""Atom feeds of what happened: the whole site's, one event's and one source's."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from .comparison import VERDICT_LABELS
from .models import Activity, Event, Source

ENTRIES = 50


class ActivityFeed(Feed):
    feed_type = Atom1Feed
    title = "Claim tracker: new claims, revisions, retractions and changed verdicts"
    subtitle = "Claims as their sources made them; a claim here is not a fact checked."

    def link(self, obj=None):
        return reverse("claims:home")

    def activities(self, obj):
        return Activity.objects.all()

    def items(self, obj=None):
        return (
            self.activities(obj)
            .newsworthy()
            .select_related("question__event", "source", "claim")
            .order_by("-at", "-id")[:ENTRIES]
        )

    def item_title(self, activity):
        question = activity.question
        if activity.kind == Activity.Kind.VERDICT:
            before = VERDICT_LABELS.get(activity.verdict_before, activity.verdict_before)
            after = VERDICT_LABELS.get(activity.verdict_after, activity.verdict_after)
            return f"“{question.text}” became {after} (was {before})"
        claim = activity.claim
        return {
            Activity.Kind.ADDED: f"{activity.source}: {claim.summary}",
            Activity.Kind.REVISED: f"{activity.source} revised: {claim.summary}",
            Activity.Kind.RETRACTED: f"Retracted: {activity.source}: {claim.summary}",
        }[activity.kind]

    def item_description(self, activity):
        """Read as HTML by feed readers: every value escaped."""
        question = activity.question
        where = f"{question.event.title}, “{question.text}”"
        if activity.kind == Activity.Kind.VERDICT:
            after = VERDICT_LABELS.get(activity.verdict_after, activity.verdict_after)
            return escape(f"{where}: {after.lower()}.")
        claim = activity.claim
        said = f" “{claim.quote}”" if claim.quote else ""
        retraction = f" Retracted: {claim.retraction_reason}" if claim.retraction_reason else ""
        return escape(f"{where}.{said}{retraction}")

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
        return get_object_or_404(Event, slug=slug)

    def title(self, event):
        return f"{event.title}: new claims, revisions, retractions and changed verdicts"

    def link(self, event):
        return event.get_absolute_url()

    def activities(self, event):
        return Activity.objects.filter(event=event)


class SourceActivityFeed(ActivityFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Source, slug=slug)

    def title(self, source):
        return f"{source.name}: its new claims, revisions and retractions"

    def link(self, source):
        return source.get_absolute_url()

    def activities(self, source):
        return Activity.objects.filter(source=source)
