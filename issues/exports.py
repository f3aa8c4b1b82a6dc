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

# An export is built within one request, at about 70 µs a row (docs/PERFORMANCE.md): past
# this many rows it would near the 30 s after which gunicorn ends a worker (and, past
# 1,048,575 rows, Excel's last row). A wider list is narrowed first.
EXPORT_MAX_ROWS = 200_000


def exceeds_export_limit(queryset: QuerySet[Issue]) -> bool:
    """Whether `queryset` holds more issues than one export may: one probe, no count."""
    return queryset.order_by()[EXPORT_MAX_ROWS : EXPORT_MAX_ROWS + 1].exists()


# What a row reads: the issue's own columns and the related rows' names, not the objects.
ROW_FIELDS = (
    "tracking_number",
    "district__name",
    "state",
    "source",
    "category__name",
    "station__name",
    "deputy__name",
    "department__name",
    "submitted_at",
    "registered_at",
    "answered_at",
    "closed_at",
    "deadline",
    "is_overdue_db",
    "rating",
    "citizen_name",
    "citizen_phone",
)


def issue_rows(queryset: QuerySet[Issue], *, now: datetime | None = None) -> Iterator[dict]:
    """One dict per issue, read as values in chunks (a ledger is some 80,000 rows).

    The citizen's name and phone are always masked: a spreadsheet leaves the portal, and
    the logged reveal (portal.personal_data.reveal) is for one issue on screen, not a list.
    """
    now = now or timezone.now()
    if "is_overdue_db" not in queryset.query.annotations:  # the list's filters may have added it
        queryset = queryset.with_overdue(now)
    # Translated once an export, not once a row.
    labels = {
        "state": {value: str(label) for value, label in State.choices},
        "source": {value: str(label) for value, label in Source.choices},
        "rating": {value: str(label) for value, label in Rating.choices},
    }
    for values in queryset.values_list(*ROW_FIELDS).iterator(chunk_size=2000):
        yield _issue_row(dict(zip(ROW_FIELDS, values, strict=True)), labels)


def _issue_row(issue: dict[str, Any], labels: dict[str, dict[str, str]]) -> dict[str, Any]:
    state, source, rating = issue["state"], issue["source"], issue["rating"]
    return {
        "tracking_number": issue["tracking_number"],
        "district": issue["district__name"],
        "state": labels["state"].get(state, state),
        "source": labels["source"].get(source, source),
        "category": issue["category__name"],
        "station": issue["station__name"] or "",
        "deputy": issue["deputy__name"] or "",
        "department": issue["department__name"] or "",
        "submitted_at": issue["submitted_at"],
        "registered_at": issue["registered_at"],
        "answered_at": issue["answered_at"],
        "closed_at": issue["closed_at"],
        "deadline": issue["deadline"],
        "overdue": issue["is_overdue_db"],
        "rating": labels["rating"].get(rating, "") if rating else "",
        "citizen_name": mask_name(issue["citizen_name"]),
        "citizen_phone": mask_phone(issue["citizen_phone"]),
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
