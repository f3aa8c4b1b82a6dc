"""Statistics views for district staff: thin translators between GET parameters and
`portal.dashboard` (the selectors); an id outside the user's scope is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from issues.workbench_views import workbench_required
from portal import dashboard

# The column heading of the drill-down table's first column, by the kind of its rows.
CHILD_LABELS = {
    "district": _("District"),
    "subdistrict": _("Subdistrict / town"),
    "station": _("Station"),
    "deputy": _("Deputy"),
}
CHILD_HEADINGS = {
    "district": _("Districts"),
    "subdistrict": _("Subdistricts and towns"),
    "station": _("Stations"),
    "deputy": _("Deputies of this station"),
}


def refresh_url(request: HttpRequest) -> str:
    """This page with `refresh` added: the figures computed again rather than kept ones."""
    params = request.GET.copy()
    params["refresh"] = "1"
    return f"{request.path}?{params.urlencode()}"


@require_GET
@workbench_required("staff")
def index(request: HttpRequest) -> HttpResponse:
    """The dashboard of the scope and period in the query string."""
    now = timezone.now()
    period, unreadable = dashboard.period_or_default(request.GET, timezone.localdate(now))
    if unreadable:
        messages.warning(
            request,
            _("The period could not be read (check the dates); showing the current year."),
        )
    board = dashboard.dashboard_for(
        request.user, request.GET, period, now=now, refresh="refresh" in request.GET
    )
    context = {
        "board": board,
        "period": period,
        "period_kinds": dashboard.PERIOD_LABELS,
        "quarters": ["1", "2", "3", "4"],
        "districts": (
            dashboard.district_choices(request.user) if request.user.is_superuser else None
        ),
        # Below a district the way up is the breadcrumb: another district picked there would
        # not contain the subdistrict, station or deputy the page is about.
        "pick_district": request.user.is_superuser and board.scope.level in ("all", "district"),
        "child_heading": CHILD_HEADINGS.get(board.child_kind, ""),
        "child_label": CHILD_LABELS.get(board.child_kind, ""),
        "refresh_url": refresh_url(request),
    }
    return render(request, "portal/dashboard/index.html", context)


@require_GET
@workbench_required("staff")
def activities(request: HttpRequest) -> HttpResponse:
    """The activity ledger (履职台账): filtered, 50 a page, with totals of the whole selection."""
    ledger = dashboard.activity_ledger_for(request.user, request.GET, page=request.GET.get("page"))
    return render(request, "portal/dashboard/activities.html", {"ledger": ledger})
