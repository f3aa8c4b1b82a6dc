"""The periodic tasks beat runs exist after migrate, and `send_reminders` does a pass by hand."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django_celery_beat.models import PeriodicTask

from reminders import schedules
from tests.reminders.conftest import open_issue

pytestmark = pytest.mark.django_db


def test_migrate_created_the_sweep_digest_and_duty_tasks():
    tasks = set(PeriodicTask.objects.values_list("task", flat=True))

    assert {
        "reminders.tasks.sweep",
        "reminders.tasks.send_digests",
        "reminders.tasks.send_duty_reminders",
    } <= tasks


def test_sweep_runs_every_two_minutes():
    sweep = PeriodicTask.objects.get(name=schedules.SWEEP)

    assert (sweep.interval.every, sweep.interval.period) == (2, "minutes")


def test_ensure_schedules_keeps_what_staff_changed():
    PeriodicTask.objects.filter(name=schedules.SWEEP).update(enabled=False)

    created = schedules.ensure_schedules()

    assert (created, PeriodicTask.objects.get(name=schedules.SWEEP).enabled) == ([], False)


def test_ensure_schedules_recreates_a_deleted_task():
    PeriodicTask.objects.filter(name=schedules.DIGEST).delete()

    assert schedules.ensure_schedules() == [schedules.DIGEST]


def test_send_reminders_prints_counts(shinan, shinan_staff):
    from django.utils import timezone

    open_issue(shinan, deadline=timezone.now() + timedelta(hours=2))
    out = StringIO()

    call_command("send_reminders", stdout=out)

    assert "临期提醒: 1" in out.getvalue()


def test_send_reminders_twice_sends_nothing_new(shinan, shinan_staff):
    from django.utils import timezone

    open_issue(shinan, deadline=timezone.now() + timedelta(hours=2))
    call_command("send_reminders", stdout=StringIO())
    out = StringIO()

    call_command("send_reminders", stdout=out)

    assert "临期提醒: 0" in out.getvalue()


def test_dashboards_are_kept_computed_a_minute_before_their_figures_expire(settings):
    warm = PeriodicTask.objects.get(name=schedules.WARM)

    assert warm.task == "portal.tasks.warm_dashboards"
    assert warm.interval.every == settings.FIGURES_CACHE_SECONDS // 60 - 1
