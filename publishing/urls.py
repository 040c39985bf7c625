"""Publishing's addresses. They keep the names they were first published under, in the claims
namespace (claims:feed, claims:event-embed, claims:claim-export…): claimtracker/urls.py serves
them together with the claims app's own, so every template, test and link that reverses them
keeps working."""

from django.urls import path, re_path

from . import views
from .feeds import ActivityFeed, CorrectionsFeed, EventActivityFeed, SourceActivityFeed

urlpatterns = [
    path("feed.atom", ActivityFeed(), name="feed"),
    path("corrections/", views.corrections, name="corrections"),
    path("corrections/feed.atom", CorrectionsFeed(), name="corrections-feed"),
    path("events/<slug:slug>/feed.atom", EventActivityFeed(), name="event-feed"),
    path("events/<slug:slug>/embed/", views.event_embed, name="event-embed"),
    path(
        "events/<slug:slug>/embed/<slug:question_slug>/",
        views.event_embed,
        name="question-embed",
    ),
    path("oembed", views.oembed, name="oembed"),
    path("sources/<slug:slug>/feed.atom", SourceActivityFeed(), name="source-feed"),
    re_path(
        r"^events/(?P<slug>[-\w]+)/export\.(?P<extension>html|csv|json)$",
        views.event_export,
        name="event-export",
    ),
    re_path(r"^claims/export\.(?P<extension>csv|json)$", views.claim_export, name="claim-export"),
    path("exports/<uuid:public_id>/", views.export_job, name="export-job"),
    path("exports/<uuid:public_id>/status", views.export_job_status, name="export-job-status"),
    re_path(
        r"^exports/(?P<public_id>[0-9a-f-]{36})/claims\.(?P<extension>csv|json)$",
        views.export_job_file,
        name="export-job-file",
    ),
]
