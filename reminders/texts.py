"""The words of each reminder, through gettext (rendered in the portal's language by the sweep)."""

from __future__ import annotations

from datetime import date, datetime

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from issues.models import OPEN_STATES, Issue, State
from portal.notifications.services import Message
from reminders.models import Kind
from stations.models import DutyShift


def _reverse(name: str, **kwargs) -> str:
    # The workbench and the citizens' pages own these routes; a link is a convenience, so a
    # missing route must not stop a reminder.
    try:
        return reverse(name, **kwargs)
    except NoReverseMatch:
        return ""


def issue_link(issue: Issue) -> str:
    return _reverse("workbench:issue-detail", args=[issue.pk])


def status_link(issue: Issue) -> str:
    """The citizen's status page (its path carries the issue's secret token)."""
    return _reverse("issue-status", kwargs={"token": issue.token})


def when(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"


def submitted(issue: Issue) -> Message:
    return Message(
        kind=Kind.SUBMITTED,
        title=_("New issue %(number)s awaits registration") % {"number": issue.tracking_number},
        body=_(
            "Category: %(category)s. Submitted %(submitted)s. Register it (挂号) with a "
            "responsible person and a deadline, or reject it."
        )
        % {"category": issue.category.name, "submitted": when(issue.submitted_at)},
        link=issue_link(issue),
    )


def due_soon(issue: Issue, hours: int) -> Message:
    return Message(
        kind=Kind.DUE_SOON,
        title=_("Issue %(number)s is due within %(hours)s hours")
        % {"number": issue.tracking_number, "hours": hours},
        body=_("Deadline: %(deadline)s. Category: %(category)s. Please answer it in time.")
        % {"deadline": when(issue.deadline), "category": issue.category.name},
        link=issue_link(issue),
    )


def at_deadline(issue: Issue) -> Message:
    return Message(
        kind=Kind.AT_DEADLINE,
        title=_("Issue %(number)s has reached its deadline") % {"number": issue.tracking_number},
        body=_(
            "The deadline was %(deadline)s. Please answer it now: an issue left open is "
            "escalated for supervision (督办)."
        )
        % {"deadline": when(issue.deadline)},
        link=issue_link(issue),
    )


def escalation(issue: Issue, level: int, days: int) -> Message:
    district = issue.district.name
    return Message(
        kind=Kind.ESCALATION,
        title=_("Supervision level %(level)s (督办): issue %(number)s is overdue")
        % {"level": level, "number": issue.tracking_number},
        body=ngettext(
            "%(district)s. The deadline was %(deadline)s, %(days)s day ago. "
            "Category: %(category)s. State: %(state)s. Please follow it up.",
            "%(district)s. The deadline was %(deadline)s, %(days)s days ago. "
            "Category: %(category)s. State: %(state)s. Please follow it up.",
            days,
        )
        % {
            "district": district,
            "deadline": when(issue.deadline),
            "days": days,
            "category": issue.category.name,
            "state": issue.get_state_display(),
        },
        link=issue_link(issue),
    )


def escalation_note(level: int, days: int) -> str:
    return ngettext(
        "Overdue by %(days)s day: supervision level %(level)s (automatic).",
        "Overdue by %(days)s days: supervision level %(level)s (automatic).",
        days,
    ) % {"days": days, "level": level}


def digest(district_name: str, figures: dict, now: datetime) -> Message:
    by_state = figures["by_state"]
    open_count = sum(by_state[state] for state in OPEN_STATES)
    states = "; ".join(
        f"{label} {by_state[value]}" for value, label in State.choices if by_state[value]
    )
    lines = [_("By state: %(states)s") % {"states": states or "-"}]
    if figures["overdue"]:
        lines.append(_("Most overdue:"))
        for row in figures["overdue"]:
            days = (now - row["deadline"]).days
            lines.append(
                ngettext(
                    "%(number)s: %(days)s day overdue, supervision level %(level)s",
                    "%(number)s: %(days)s days overdue, supervision level %(level)s",
                    days,
                )
                % {"number": row["tracking_number"], "days": days, "level": row["escalation_level"]}
            )
    link = _reverse("workbench:issue-list")
    return Message(
        kind=Kind.DIGEST,
        title=_("Daily digest of %(district)s: %(open)s open, %(overdue)s overdue")
        % {"district": district_name, "open": open_count, "overdue": figures["overdue_count"]},
        body="\n".join(lines),
        link=f"{link}?overdue=yes" if link else "",
    )


def duty(shift: DutyShift, day: date) -> Message:
    station = shift.station
    body = _("You are on duty at %(station)s on %(date)s. Address: %(address)s.") % {
        "station": station.name,
        "date": f"{day:%Y-%m-%d}",
        "address": station.address,
    }
    if shift.note:
        body += "\n" + shift.note
    return Message(
        kind=Kind.DUTY,
        title=_("Duty tomorrow at %(station)s") % {"station": station.name},
        body=body,
    )


def answered(issue: Issue) -> Message:
    return Message(
        kind=Kind.ANSWERED,
        title=_("Your issue has been answered"),
        body=_("Your issue %(number)s has been answered. See the answer and rate it:")
        % {"number": issue.tracking_number},
        link=status_link(issue),
    )
