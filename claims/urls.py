from django.urls import path, re_path

from . import views
from .feeds import ActivityFeed, EventActivityFeed, SourceActivityFeed

app_name = "claims"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.health, name="health"),
    path("language/<str:code>/", views.switch_language, name="language"),
    path("feed.atom", ActivityFeed(), name="feed"),
    path("events/<slug:slug>/feed.atom", EventActivityFeed(), name="event-feed"),
    path("events/<slug:slug>/embed/", views.event_embed, name="event-embed"),
    path(
        "events/<slug:slug>/embed/<slug:question_slug>/",
        views.event_embed,
        name="question-embed",
    ),
    path("oembed", views.oembed, name="oembed"),
    path("sources/<slug:slug>/feed.atom", SourceActivityFeed(), name="source-feed"),
    path("events/<slug:slug>/", views.event_detail, name="event-detail"),
    re_path(
        r"^events/(?P<slug>[-\w]+)/export\.(?P<extension>html|csv|json)$",
        views.event_export,
        name="event-export",
    ),
    path("sources/", views.source_list, name="source-list"),
    path("sources/<slug:slug>/", views.source_detail, name="source-detail"),
    path("claims/", views.claim_list, name="claim-list"),
    re_path(r"^claims/export\.(?P<extension>csv|json)$", views.claim_export, name="claim-export"),
    path("exports/<uuid:public_id>/", views.export_job, name="export-job"),
    path("exports/<uuid:public_id>/status", views.export_job_status, name="export-job-status"),
    re_path(
        r"^exports/(?P<public_id>[0-9a-f-]{36})/claims\.(?P<extension>csv|json)$",
        views.export_job_file,
        name="export-job-file",
    ),
    path("claims/<int:pk>/", views.claim_detail, name="claim-detail"),
    path("articles/<slug:slug>/", views.article_detail, name="article-detail"),
]
