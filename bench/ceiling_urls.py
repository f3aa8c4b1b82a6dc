"""The portal's URLs plus `/bench/ceiling/`: the stack's ceiling on this machine.

The ceiling view runs through the same middleware and database as the pages but does one
indexed SELECT (an issue by primary key) and returns a few bytes, so each page's rate can be
read as a fraction of what Django, gunicorn and PostgreSQL can do here at all.
"""

import random

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from issues.models import Issue

_id_range: tuple[int, int] | None = None


def ceiling(request: HttpRequest) -> HttpResponse:
    """One indexed SELECT of a random issue by primary key."""
    global _id_range
    if _id_range is None:
        first = Issue.objects.order_by("pk").values_list("pk", flat=True).first() or 0
        last = Issue.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        _id_range = (first, last)
    pk = random.randint(*_id_range)
    number = Issue.objects.filter(pk=pk).values_list("tracking_number", flat=True).first()
    return HttpResponse(number or "-", content_type="text/plain")


urlpatterns = [
    path("bench/ceiling/", ceiling),
    path("", include("portal.urls")),
]
