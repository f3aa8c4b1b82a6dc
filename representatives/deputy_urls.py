"""A deputy's phone pages, under /work/ beside the issue workbench."""

from django.urls import path

from representatives import deputy_views as views

app_name = "deputy"

urlpatterns = [
    path("duty/<id:pk>/check-in/", views.duty_check_in, name="check-in"),
    path("registrations/<id:pk>/confirm/", views.assignment_confirm, name="confirm"),
    path("activities/new/", views.activity_new, name="activity-new"),
    path("activities/fellows/", views.fellow_search, name="fellow-search"),
    path("activities/<id:pk>/", views.activity_detail, name="activity"),
    path("activities/<id:pk>/photos/<id:photo_pk>/", views.activity_photo, name="photo"),
    path(
        "activities/<id:pk>/photos/<id:photo_pk>/small/",
        views.activity_photo,
        {"small": True},
        name="photo-small",
    ),
    path("qr/", views.my_qr, name="qr"),
    path("year/", views.my_year, name="year"),
]
