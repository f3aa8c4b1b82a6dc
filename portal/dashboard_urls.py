"""Statistics dashboard routes."""

from django.urls import path

from portal import dashboard_views as views
from representatives.export_views import activity_export

app_name = "dashboard"

urlpatterns = [
    path("", views.index, name="index"),
    path("activities/", views.activities, name="activities"),
    path("activities/export.xlsx", activity_export, name="activity-export"),
]
