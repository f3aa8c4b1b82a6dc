"""Celery tasks of the reminders: thin, taking ids; all idempotent, so all ack late."""

from __future__ import annotations

from celery import shared_task
from django.utils.dateparse import parse_datetime

from reminders import services


def _when(now: str | None):
    # For replaying a missed moment (and for tests): an ISO time; by default the current time.
    return parse_datetime(now) if now else None


@shared_task(name="reminders.tasks.sweep", acks_late=True)
def sweep(now: str | None = None) -> dict[str, int]:
    return dict(services.sweep(now=_when(now)))


@shared_task(name="reminders.tasks.send_digests", acks_late=True)
def send_digests(now: str | None = None) -> int:
    return services.send_digests(now=_when(now))


@shared_task(name="reminders.tasks.send_duty_reminders", acks_late=True)
def send_duty_reminders(now: str | None = None) -> int:
    return services.send_duty_reminders(now=_when(now))


@shared_task(name="reminders.tasks.issue_submitted", acks_late=True)
def issue_submitted(issue_id: int) -> bool:
    return services.remind_submitted(issue_id)


@shared_task(name="reminders.tasks.issue_answered", acks_late=True)
def issue_answered(issue_id: int) -> bool:
    return services.tell_citizen_answered(issue_id)
