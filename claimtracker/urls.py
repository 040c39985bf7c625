from django.conf import settings
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Claim tracker"
admin.site.site_title = "Claim tracker admin"
admin.site.index_title = "Data entry"

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("desk/", include("desk.urls")),
    path("api/", include("api.urls")),
    path("", include("claims.urls")),
]
