from django.urls import path

from . import views

app_name = "claims"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.health, name="health"),
    path("language/<str:code>/", views.switch_language, name="language"),
    path("events/<slug:slug>/", views.event_detail, name="event-detail"),
    path("sources/", views.source_list, name="source-list"),
    path("sources/<slug:slug>/", views.source_detail, name="source-detail"),
    path("claims/", views.claim_list, name="claim-list"),
    path("claims/<int:pk>/", views.claim_detail, name="claim-detail"),
    path("articles/<slug:slug>/", views.article_detail, name="article-detail"),
]
