"""The issue ledger as .xlsx: its columns and the queryset → rows reading (citizens masked)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from issues.models import Issue, Rating, Source, State
from portal.models import User
from portal.personal_data import mask_name, mask_phone
from portal.xlsx import Column, xlsx_response

ISSUE_COLUMNS = [
    Column("tracking_number", _("Tracking number"), 18),
    Column("district", _("District"), 10),
    Column("state", _("State"), 16),
    Column("source", _("Source"), 16),
    Column("category", _("Category"), 12),
    Column("station", _("Station"), 24),
    Column("deputy", _("Deputy"), 10),
    Column("department", _("Department"), 18),
    Column("submitted_at", _("Submitted at"), 17, "datetime"),
    Column("registered_at", _("Registered at"), 17, "datetime"),
    Column("answered_at", _("Answered at"), 17, "datetime"),
    Column("closed_at", _("Closed at"), 17, "datetime"),
    Column("deadline", _("Deadline"), 17, "datetime"),
    Column("overdue", _("Overdue"), 8, "bool"),
    Column("rating", _("Rating"), 14),
    Column("citizen_name", _("Citizen's name (masked)"), 10),
    Column("citizen_phone", _("Citizen's phone (masked)"), 14),
]

# Labels looked up once per export, not once per row.
_STATE_LABELS = dict(State.choices)
_SOURCE_LABELS = dict(Source.choices)
_RATING_LABELS = dict(Rating.choices)


def issue_rows(queryset: QuerySet[Issue], *, now: datetime | None = None) -> Iterator[dict]:
    """One dict per issue; relations fetched with the row, read in chunks.

    The citizen's name and phone are always masked: a spreadsheet leaves the portal, and
    the logged reveal (portal.personal_data.reveal) is for one issue on screen, not a list.
    """
    now = now or timezone.now()
    queryset = queryset.select_related("district", "category", "station", "deputy", "department")
    if "is_overdue_db" not in queryset.query.annotations:  # the list's filters may have added it
        queryset = queryset.with_overdue(now)
    for issue in queryset.iterator(chunk_size=500):
        yield _issue_row(issue)


def _issue_row(issue: Issue) -> dict[str, Any]:
    return {
        "tracking_number": issue.tracking_number,
        "district": issue.district.name,
        "state": str(_STATE_LABELS.get(issue.state, issue.state)),
        "source": str(_SOURCE_LABELS.get(issue.source, issue.source)),
        "category": issue.category.name,
        "station": issue.station.name if issue.station_id else "",
        "deputy": issue.deputy.name if issue.deputy_id else "",
        "department": issue.department.name if issue.department_id else "",
        "submitted_at": issue.submitted_at,
        "registered_at": issue.registered_at,
        "answered_at": issue.answered_at,
        "closed_at": issue.closed_at,
        "deadline": issue.deadline,
        "overdue": issue.is_overdue_db,
        "rating": str(_RATING_LABELS.get(issue.rating, "")) if issue.rating else "",
        "citizen_name": mask_name(issue.citizen_name),
        "citizen_phone": mask_phone(issue.citizen_phone),
    }


def issue_export(queryset: QuerySet[Issue], *, user: User) -> HttpResponse:
    """The issues of `queryset` that `user` may see, as an .xlsx download."""
    # The one door again: whatever narrowed `queryset`, nothing outside the scope leaves.
    queryset = queryset.for_user(user)
    return xlsx_response(
        ISSUE_COLUMNS,
        issue_rows(queryset),
        filename=gettext("issues"),
        title=gettext("Citizen issues"),
    )
