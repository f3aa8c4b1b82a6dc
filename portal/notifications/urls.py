"""Inbox routes, included under /work/inbox/ by portal.urls."""

from django.urls import path

from portal.notifications import views

app_name = "inbox"

urlpatterns = [
    path("", views.inbox, name="list"),
    path("read-all/", views.mark_all_read, name="read-all"),
    path("<id:pk>/read/", views.mark_read, name="read"),
    path("deliveries/<id:pk>/retry/", views.retry_delivery, name="retry"),
]
