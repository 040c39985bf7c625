from django.urls import path

from . import views

app_name = "desk"

urlpatterns = [
    path("", views.desk_home, name="home"),
    path("articles/<slug:slug>/", views.article_desk, name="article"),
    path("pasted/<uuid:key>/", views.draft_desk, name="draft"),
]
