"""A deputy's phone pages: home with duty and issues, check-in, activities, QR code, the year.

Views translate HTTP to representatives.deputy_selectors (reads) and representatives.services
(writes). Everything is fetched through `for_user`, so another deputy's row is a 404.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from issues import selectors as issue_selectors
from issues.photos import photo_response
from issues.workbench_views import workbench_required
from representatives import deputy_selectors as selectors
from representatives import services
from representatives.forms import ActivityForm, RaisedIssueFormSet
from representatives.models import Activity, ActivityPhoto, StationAssignment
from stations import qr
from stations.models import DutyShift


def deputy_required(view: Callable) -> Callable:
    """A signed-in deputy whose login is linked to a deputy record (`request.deputy`)."""

    @workbench_required("deputy")
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        request.deputy = selectors.deputy_for(request.user)
        if request.deputy is None:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


@deputy_required
def deputy_home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    shifts = selectors.duty_shifts_for(request.deputy, today=today)
    context = {
        "deputy": request.deputy,
        "today": today,
        "todays_shifts": [s for s in shifts if s.date == today],
        "upcoming_shifts": [s for s in shifts if s.date != today],
        "issues": issue_selectors.issues_by_ids(
            list(issue_selectors.my_issues_for(request.user).values_list("pk", flat=True)[:10])
        ),
        "assignments": list(selectors.assignments_for(request.deputy)),
        "tab": "home",
    }
    return render(request, "representatives/mobile/home.html", context)


def _back(request: HttpRequest, default: str = "workbench:home") -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(default)


@require_POST
@deputy_required
def duty_check_in(request: HttpRequest, pk: int) -> HttpResponse:
    shift = get_object_or_404(DutyShift.objects.for_user(request.user), pk=pk)
    try:
        shift = services.duty_check_in(shift.pk, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Checked in at %(station)s at %(time)s.")
            % {
                "station": shift.station.name,
                "time": timezone.localtime(shift.checked_in_at).strftime("%H:%M"),
            },
        )
    return _back(request)


@require_POST
@deputy_required
def assignment_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_object_or_404(StationAssignment.objects.for_user(request.user), pk=pk)
    services.assignment_confirm(assignment.pk, actor=request.user)
    messages.success(request, _("Registration confirmed."))
    return _back(request)


@require_http_methods(["GET", "POST"])
@deputy_required
def activity_new(request: HttpRequest) -> HttpResponse:
    deputy = request.deputy
    if request.method == "POST":
        # A resubmission after a dropped connection: answer with what was stored, before
        # validating anything (the photos of a resent form may be gone).
        key = request.POST.get("key", "")
        stored = _stored_activity(request, key)
        if stored is not None:
            return redirect("deputy:activity", pk=stored.pk)
    form = ActivityForm(
        request.POST or None,
        request.FILES or None,
        deputy=deputy,
        all_fellows=request.GET.get("fellows") == "all",
    )
    issues = RaisedIssueFormSet(
        request.POST or None, prefix="issue", form_kwargs={"user": request.user}
    )
    if request.method == "POST" and form.is_valid() and issues.is_valid():
        raised = [f.to_issue() for f in issues.forms]
        try:
            activity, created = services.activity_log(
                form.to_input([r for r in raised if r is not None]),
                actor=request.user,
                idempotency_key=form.cleaned_data["key"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if created:
                messages.success(request, _("Activity logged."))
            return redirect("deputy:activity", pk=activity.pk)
    status = 400 if request.method == "POST" else 200
    context = {
        "form": form,
        "issues": issues,
        "tab": "log",
        # The form holds no photos when it comes back (unlike the citizen's, which keeps
        # them: issues.pending_photos), and browsers cannot refill a file input.
        "photos_dropped": bool(request.FILES.getlist("photos")),
    }
    return render(request, "representatives/mobile/activity_form.html", context, status=status)


@require_GET
@deputy_required
def fellow_search(request: HttpRequest) -> JsonResponse:
    """The activity form's name search for a fellow deputy beyond the usual ones (JSON)."""
    found = selectors.find_fellows(request.deputy, request.GET.get("q", ""))
    results = [{"id": d.pk, "name": d.name, "station": d.station_name or ""} for d in found]
    return JsonResponse({"results": results})


def _stored_activity(request: HttpRequest, key: str) -> Activity | None:
    try:
        return Activity.objects.for_user(request.user).filter(idempotency_key=key).first()
    except ValidationError:  # not a UUID: the form reports it
        return None


@require_GET
@deputy_required
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_object_or_404(selectors.activities_for(request.user), pk=pk)
    issues = issue_selectors.issues_for(request.user).filter(activities=activity)
    context = {"activity": activity, "issues": list(issues)}
    return render(request, "representatives/mobile/activity_detail.html", context)


@require_GET
@workbench_required()
def activity_photo(
    request: HttpRequest, pk: int, photo_pk: int, small: bool = False
) -> HttpResponse:
    """Stream a photo (or its rendition) of an activity in the user's scope (deputies and
    staff alike)."""
    photo = get_object_or_404(
        ActivityPhoto.objects.filter(activity__in=Activity.objects.for_user(request.user)),
        pk=photo_pk,
        activity_id=pk,
    )
    return photo_response(photo, small=small)


@require_GET
@deputy_required
def my_qr(request: HttpRequest) -> HttpResponse:
    url = qr.deputy_url(request, request.deputy)
    context = {
        "deputy": request.deputy,
        "url": url,
        # segno's own SVG of black modules: no user input reaches it but the URL it encodes.
        "svg": mark_safe(qr.qr_svg_inline(url)),
        "tab": "qr",
    }
    return render(request, "representatives/mobile/my_qr.html", context)


@require_GET
@deputy_required
def my_year(request: HttpRequest) -> HttpResponse:
    year = timezone.localdate().year
    progress = selectors.year_progress(request.user, request.deputy, year)
    return render(
        request, "representatives/mobile/my_year.html", {"progress": progress, "tab": "year"}
    )
