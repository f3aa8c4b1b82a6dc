"""Inbox routes, included under /work/inbox/ by portal.urls."""

from django.urls import path

from portal.notifications import views

app_name = "inbox"

urlpatterns = [
    path("", views.inbox, name="list"),
    path("read-all/", views.mark_all_read, name="read-all"),
    path("<int:pk>/read/", views.mark_read, name="read"),
    path("deliveries/<int:pk>/retry/", views.retry_delivery, name="retry"),
]
