"""Citizens' pages: QR intake, receipt, lookup and the tracking page (no login)."""

from django.urls import path, re_path

from issues import public_views

urlpatterns = [
    path("s/<str:code>/submit/", public_views.station_intake, name="station-intake"),
    path("r/<str:code>/submit/", public_views.deputy_intake, name="deputy-intake"),
    path("submitted/", public_views.receipt, name="issue-receipt"),
    path("t/", public_views.lookup, name="issue-lookup"),
    path("t/rate/", public_views.rate, name="issue-rate"),
    path("t/photos/<str:signed>", public_views.photo, name="issue-photo"),
    path(
        "t/photos/<str:signed>/small", public_views.photo, {"small": True}, name="issue-photo-small"
    ),
    # A photo held for an intake form sent back (issues.pending_photos), on that form alone.
    path("t/kept/<id:photo_id>/<str:signed>", public_views.pending_photo, name="issue-kept-photo"),
    # Tokens are URL-safe base64 (issues.models.new_token); nothing else matches here.
    re_path(r"^t/(?P<token>[A-Za-z0-9_-]{16,43})$", public_views.status, name="issue-status"),
]
