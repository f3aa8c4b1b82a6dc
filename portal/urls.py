"""URL routes: public pages, the staff admin, the language switch and the error pages."""

from django.contrib import admin
from django.urls import include, path

from portal import errors
from representatives import views as deputy_views
from stations import views as station_views

urlpatterns = [
    path("", station_views.home, name="home"),
    path("districts/<id:district_id>/", station_views.district_detail, name="district"),
    path("s/<str:code>", station_views.station_public, name="station-public"),
    path("r/<str:code>", deputy_views.deputy_public, name="deputy-public"),
    path("", include("issues.public_urls")),
    path("work/inbox/", include("portal.notifications.urls")),
    path("work/stats/", include("portal.dashboard_urls")),
    path("work/assessment/", include("representatives.assessment_urls")),
    path("work/", include("representatives.deputy_urls")),
    path("work/", include("issues.workbench_urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("errors/<str:name>/", errors.preview, name="error-preview"),  # DEBUG only
]

# Error pages in the site's layout and the user's language (portal/errors.py).
handler400 = "portal.errors.bad_request"
handler403 = "portal.errors.permission_denied"
handler404 = "portal.errors.page_not_found"
handler500 = "portal.errors.server_error"
