from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

import claims.urls
import publishing.urls

admin.site.site_header = _("Claim tracker")
admin.site.site_title = _("Claim tracker admin")
admin.site.index_title = _("Data entry")

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("desk/", include("desk.urls")),
    path("review/", include("review.urls")),
    path("api/", include("api.urls")),
    # Publishing's pages answer to the names in the claims namespace they were published under
    # (claims:feed, claims:event-embed…), so nothing that reverses them has to change.
    path("", include(([*claims.urls.urlpatterns, *publishing.urls.urlpatterns], "claims"))),
]

# A database busy with an import, met outside a view, gets the same answer as in one.
handler500 = "claimtracker.middleware.server_error"
