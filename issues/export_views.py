"""The workbench issue list as an .xlsx download: the same scope and filters, no paging."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from issues import selectors
from issues.exports import issue_export as issue_export_response
from issues.filters import IssueFilterSet
from issues.workbench_views import workbench_required


@require_GET
@workbench_required("staff")
def issue_export(request: HttpRequest) -> HttpResponse:
    """What `/work/issues/` shows for these GET filters, every page of it, as a spreadsheet.

    Built as `selectors.issue_list_for` builds the list: the FilterSet only narrows
    `for_user`'s rows, so a district filter naming another district widens nothing.
    """
    now = timezone.now()
    base = selectors.issues_for(request.user).with_overdue(now)
    filterset = IssueFilterSet(request.GET, base, user=request.user, now=now)
    return issue_export_response(filterset.qs, user=request.user)
