from django.urls import path

from . import views

app_name = "review"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("articles/<slug:slug>/", views.article_review, name="article"),
    path("events/<slug:slug>/", views.event_review, name="event"),
    path("move/", views.move, name="move"),
]
