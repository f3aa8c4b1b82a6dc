"""Reads for the citizens' pages: what the holder of an issue's link may see, and nothing more."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Prefetch
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_lazy as _

from issues.models import Category, Issue, IssueEvent, IssuePhoto, State
from portal.choices import kept_value
from representatives.models import Deputy
from stations.models import Station

T = TypeVar("T")

# Wording for citizens, who need not know the office's terms (挂号, 转办 …).
CITIZEN_STATE_LABELS = {
    State.SUBMITTED: _("Received, waiting to be accepted"),
    State.REGISTERED: _("Accepted, being handled"),
    State.TRANSFERRED: _("Passed to the responsible department"),
    State.IN_PROGRESS: _("Being handled"),
    State.ANSWERED: _("Answered, waiting for your rating"),
    State.CLOSED: _("Done and closed"),
    State.REJECTED: _("Not accepted"),
    State.MERGED: _("Merged with an issue on the same matter"),
    State.REOPENED: _("Reopened, being handled again"),
}

CITIZEN_EVENT_LABELS = {
    "submit": _("Received"),
    "register": _("Accepted"),
    "transfer": _("Passed to the responsible department"),
    "start": _("Work started"),
    "answer": _("Answer given"),
    "rate": _("You rated the answer"),
    "close": _("Done and closed"),
    "reopen": _("Reopened"),
    "reject": _("Not accepted"),
    "merge": _("Merged with an issue on the same matter"),
}

REOPENED_BY_RATING = _("You were not satisfied: the issue is reopened")

# Events whose note is written for the citizen: the reason for not accepting, the merge, the
# answer, the citizen's own rating. Other public events show only their step and date,
# because staff notes there may name people or internal arrangements.
NOTE_FOR_CITIZEN = {"reject", "merge", "answer", "rate"}


@dataclass(frozen=True)
class TimelineEntry:
    label: str
    at: datetime
    note: str


def issue_for_token(token: str) -> Issue:
    """The issue whose secret link carries `token`, with its public events and photos."""
    return (
        Issue.objects.select_related("category")
        .prefetch_related(
            Prefetch("events", queryset=IssueEvent.objects.public(), to_attr="public_events"),
            Prefetch("photos", queryset=IssuePhoto.objects.order_by("pk"), to_attr="all_photos"),
        )
        .get(token=token)
    )


def intake_station(code: str) -> Station | None:
    """The active station whose QR code carries `code`, with its district.

    Every citizen's form and submission starts here, so the station is kept in the cache
    (`portal.choices.kept_value`: saving a station, an area or a deputy forgets it), with
    only what the form and the new issue need.
    """
    return _kept_by_code("intake-station", code, _station_for_intake)


def intake_deputy(code: str) -> Deputy | None:
    """The active deputy whose card's QR code carries `code`, with the district (kept).

    Only the name, code and district: the deputy's phone is never kept in the cache.
    """
    return _kept_by_code("intake-deputy", code, _deputy_for_intake)


def _station_for_intake(code: str) -> Station:
    stations = Station.objects.active().select_related("area__district")
    return stations.only("name", "code", "area__district__name", "area__district__code").get(
        code=code
    )


def _deputy_for_intake(code: str) -> Deputy:
    deputies = Deputy.objects.active().select_related("district")
    return deputies.only("name", "code", "district__name", "district__code").get(code=code)


def _kept_by_code(name: str, code: str, get: Callable[[str], T]) -> T | None:
    """`get(code)` kept under `name` and the code; None for no match or a malformed code.

    The queryset is built only on a miss: building it on every request cost a quarter of
    what the kept copy saves.
    """
    code = code.upper()
    if not (code.isascii() and code.isalnum()):
        return None

    def lookup() -> T | None:
        try:
            return get(code)
        except ObjectDoesNotExist:
            return None

    return kept_value(f"{name}:{code}", lookup)


def intake_categories() -> list[Category]:
    """The categories a citizen chooses from, in their order (kept)."""
    return kept_value("intake-categories", lambda: list(Category.objects.filter(is_active=True)))


def timeline(issue: Issue) -> list[TimelineEntry]:
    """The public steps of `issue`, oldest first, without who took them."""
    return [
        TimelineEntry(
            label=str(_event_label(event)),
            at=event.created_at,
            note=event.note if event.action in NOTE_FOR_CITIZEN else "",
        )
        for event in issue.public_events
    ]


def _event_label(event: IssueEvent) -> str:
    if event.action == "rate" and event.to_state == State.REOPENED:
        return REOPENED_BY_RATING
    return CITIZEN_EVENT_LABELS.get(event.action, _("Updated"))


def citizen_state_label(issue: Issue) -> str:
    return str(CITIZEN_STATE_LABELS.get(issue.state, issue.get_state_display()))


def issue_for_lookup(tracking_number: str, phone_tail: str) -> Issue | None:
    """The issue with this number if its phone ends in `phone_tail`; anonymous ones never.

    Both failures look the same to the caller, so the answer reveals neither whether the
    number exists nor whether it was given a phone.
    """
    issue = (
        Issue.objects.filter(tracking_number=tracking_number)
        .exclude(citizen_phone="")
        .only("pk", "token", "citizen_phone")
        .first()
    )
    tail = issue.citizen_phone[-4:] if issue is not None else "----"
    if constant_time_compare(tail, phone_tail) and issue is not None:
        return issue
    return None
