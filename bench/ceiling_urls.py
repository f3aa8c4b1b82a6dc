"""The portal's URLs plus `/bench/ceiling/` and `/bench/ceiling/write/`: the stack's ceilings.

The ceiling view runs through the same middleware and database as the pages but does one
indexed SELECT (an issue by primary key) and returns a few bytes, so each page's rate can be
read as a fraction of what Django, gunicorn and PostgreSQL can do here at all. The write
ceiling is the least a durable form POST can do: a CSRF-checked POST that inserts one row
(into `bench_write`, a table the runner creates), commits, and answers with a redirect, as
the citizen's submission does after its own work.
"""

import random

from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import include, path
from django.views.decorators.http import require_POST

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


@require_POST
def ceiling_write(request: HttpRequest) -> HttpResponse:
    """One INSERT of the posted text and its commit (autocommit), then a 302."""
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_write (body) VALUES (%s)", [request.POST.get("text", "")])
    return HttpResponseRedirect("/bench/ceiling/")


urlpatterns = [
    path("bench/ceiling/", ceiling),
    path("bench/ceiling/write/", ceiling_write),
    path("", include("portal.urls")),
]
