from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import path, re_path
from drf_spectacular.views import SpectacularJSONAPIView

from . import views

app_name = "api"

urlpatterns = [
    path("", views.documentation, name="documentation"),
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="openapi"),
    path("token/", admin.site.admin_view(views.own_token), name="token"),
    path("events/", views.EventList.as_view(), name="event-list"),
    path("events/<slug:slug>/", views.EventDetail.as_view(), name="event-detail"),
    path(
        "events/<slug:slug>/comparison/",
        views.EventComparison.as_view(),
        name="event-comparison",
    ),
    path("questions/", views.QuestionList.as_view(), name="question-list"),
    path("claims/", views.ClaimList.as_view(), name="claim-list"),
    path("claims/<int:pk>/", views.ClaimDetail.as_view(), name="claim-detail"),
    path("sources/", views.SourceList.as_view(), name="source-list"),
    path("sources/<slug:slug>/", views.SourceDetail.as_view(), name="source-detail"),
    path("articles/", views.ArticleList.as_view(), name="article-list"),
    path("articles/<slug:slug>/", views.ArticleDetail.as_view(), name="article-detail"),
    path("imports/", views.Import.as_view(), name="import"),
    # Anything else under /api/ is answered in JSON too, not with the site's HTML page.
    re_path(r"", views.not_found),
]

# The API answers in English whatever the reader's interface language: clients match its words
# (verdict labels, errors), and the OpenAPI document is one document. Its pages for people (the
# documentation, the token page) follow the interface.
for pattern in urlpatterns:
    if pattern.name not in ("documentation", "token"):
        pattern.callback = views.in_english(pattern.callback)

# With READ_REQUIRES_LOGIN the API answers for itself (401 with the way to send a token, in
# api/permissions.py) rather than sending a client to the login page: a client sending a token
# is not logged in until the API's own authentication has read it.
for pattern in urlpatterns:
    pattern.callback = login_not_required(pattern.callback)
