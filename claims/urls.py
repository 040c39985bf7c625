from django.urls import path

from . import views

app_name = "claims"

urlpatterns = [
    path("", views.home, name="home"),
    path("events/<slug:slug>/", views.event_detail, name="event-detail"),
    path("sources/<slug:slug>/", views.source_detail, name="source-detail"),
]
