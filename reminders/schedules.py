"""The periodic tasks beat runs (kept in the database by django-celery-beat, edited by staff)."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone

SWEEP = "reminders: sweep (deadline reminders, supervision, catch-up)"
DIGEST = "reminders: daily digest (checked hourly, sent at each district's hour)"
DUTY = "reminders: duty reminders (checked hourly, the day before)"
SWEEP_MINUTES = 2
WARM = "portal: keep the district dashboards computed"


def ensure_schedules() -> list[str]:
    """Create the periodic tasks if they are missing; never change ones that exist,
    since staff may have edited them. Returns the names created."""
    from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

    created = []
    with transaction.atomic():
        every, _ = IntervalSchedule.objects.get_or_create(
            every=SWEEP_MINUTES, period=IntervalSchedule.MINUTES
        )
        hourly_digest, _ = CrontabSchedule.objects.get_or_create(
            minute="5", hour="*", day_of_week="*", day_of_month="*", month_of_year="*"
        )
        hourly_duty, _ = CrontabSchedule.objects.get_or_create(
            minute="15", hour="*", day_of_week="*", day_of_month="*", month_of_year="*"
        )
        # A minute before the kept figures expire, so that a district's staff never wait.
        warm_every, _ = IntervalSchedule.objects.get_or_create(
            every=max(1, settings.FIGURES_CACHE_SECONDS // 60 - 1), period=IntervalSchedule.MINUTES
        )
        wanted = [
            # A start time in the past makes beat run the sweep as soon as it starts.
            (SWEEP, "reminders.tasks.sweep", {"interval": every, "start_time": timezone.now()}),
            (DIGEST, "reminders.tasks.send_digests", {"crontab": hourly_digest}),
            (DUTY, "reminders.tasks.send_duty_reminders", {"crontab": hourly_duty}),
            (WARM, "portal.tasks.warm_dashboards", {"interval": warm_every}),
        ]
        for name, task, schedule in wanted:
            _, made = PeriodicTask.objects.get_or_create(
                name=name, defaults={"task": task, **schedule}
            )
            if made:
                created.append(name)
    return created


def ensure_schedules_after_migrate(sender, using: str = "default", **kwargs) -> None:
    from django.db import connections

    tables = connections[using].introspection.table_names()
    if "django_celery_beat_periodictask" in tables:
        ensure_schedules()
