from django.urls import path

from . import views

app_name = "desk"

urlpatterns = [
    path("", views.desk_home, name="home"),
    path("articles/<slug:slug>/", views.article_desk, name="article"),
    path("articles/<slug:slug>/page/", views.fetched_page, name="fetched-page"),
    path("fetch/", views.fetch_start, name="fetch"),
    path("fetch/<uuid:public_id>/", views.fetch_job, name="fetch-job"),
    path("fetch/<uuid:public_id>/status/", views.fetch_job_status, name="fetch-job-status"),
    path("pasted/<uuid:key>/", views.draft_desk, name="draft"),
]
