"""The workbench duty ledger (履职台账) as an .xlsx download: the same scope and filters."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET

from issues.workbench_views import workbench_required
from representatives.exports import activity_export as activity_export_response
from representatives.filters import ActivityFilterSet
from representatives.models import Activity


@require_GET
@workbench_required("staff")
def activity_export(request: HttpRequest) -> HttpResponse:
    """The ledger under the page's GET filters, every row of it, newest first.

    The FilterSet only narrows `for_user`'s rows, so a district filter naming another
    district widens nothing. An unreadable filter leads back to the ledger, which shows it.
    """
    base = Activity.objects.for_user(request.user).order_by("-date", "-pk")
    filterset = ActivityFilterSet(request.GET, base, user=request.user)
    if not filterset.is_valid():
        # A filter the form refuses would be left out: more rows than the ledger shows.
        # The ledger shows the form's error.
        query = request.GET.urlencode()
        return redirect(reverse("dashboard:activities") + (f"?{query}" if query else ""))
    return activity_export_response(filterset.qs, user=request.user)
