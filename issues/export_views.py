"""The workbench issue list as an .xlsx download: the same scope and filters, no paging."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from issues import exports, selectors
from issues.filters import IssueFilterSet
from issues.workbench_views import workbench_required


@require_GET
@workbench_required("staff")
def issue_export(request: HttpRequest) -> HttpResponse:
    """What `/work/issues/` shows for these GET filters, every page of it, as a spreadsheet;
    back to the list when a filter is unreadable (the list shows the error), or with a
    message when it holds more than `EXPORT_MAX_ROWS` issues.

    Built as `selectors.issue_list_for` builds the list: the FilterSet only narrows
    `for_user`'s rows, so a district filter naming another district widens nothing.
    """
    now = timezone.now()
    base = selectors.issues_for(request.user).with_overdue(now)
    filterset = IssueFilterSet(request.GET, base, user=request.user, now=now)
    query = request.GET.urlencode()
    back_to_list = reverse("workbench:issue-list") + (f"?{query}" if query else "")
    if not filterset.is_valid():
        # A filter the form refuses would be left out: more issues than the list shows.
        # The list shows the form's error.
        return redirect(back_to_list)
    if exports.exceeds_export_limit(filterset.qs):
        messages.error(
            request,
            _(
                "More than %(limit)d issues match: narrow the list (by state, dates or area) "
                "and export again."
            )
            % {"limit": exports.EXPORT_MAX_ROWS},
        )
        return redirect(back_to_list)
    return exports.issue_export(filterset.qs, user=request.user)
