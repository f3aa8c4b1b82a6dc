"""A real Celery worker on the real broker: reminders sent once, and nothing lost with Redis down.

The worker is `celery -A portal worker` in a subprocess, on a queue of this test's own, on
this test's database (PostgreSQL, or SQLite's test file); the broker is Redis when REDIS_URL
is set, else the filesystem broker under var/broker.
"""

import logging
import os
import subprocess
import time
from datetime import timedelta
from urllib.parse import urlparse

import pytest
from django.db import transaction
from django.utils import timezone

from issues import services as issue_services
from issues.models import Issue, IssueEvent
from portal.celery import app
from portal.notifications.models import Channel, Delivery, Notification
from reminders.models import Kind, Reminder
from tests import factories
from tests.reminders.conftest import celery_worker, open_issue, wait_for

pytestmark = pytest.mark.django_db(transaction=True)

REDIS_START = [
    "redis-server",
    "--daemonize",
    "yes",
    "--bind",
    "127.0.0.1",
    "-::1",
    "--port",
    "6379",
    "--save",
    "",
    "--appendonly",
    "no",
    "--dir",
    "/var/lib/redis",
]


def queue_task(name: str, *args) -> None:
    app.send_task(name, args=list(args), retry=False)


def sent(user, channel=Channel.EMAIL):
    return Delivery.objects.filter(
        notification__user=user, channel=channel, status=Delivery.Status.SENT
    ).count()


def test_due_issue_is_reminded_exactly_once_by_the_worker(tmp_path, shinan, assignee):
    open_issue(shinan, deadline=timezone.now() + timedelta(hours=5), assignee=assignee)

    with celery_worker(tmp_path) as worker:
        queue_task("reminders.tasks.sweep")
        queue_task("reminders.tasks.sweep")
        wait_for(lambda: sent(assignee) == 1, what="the email to be sent", worker=worker)
        wait_for(
            lambda: worker.succeeded("reminders.tasks.sweep") == 2,
            what="both sweeps",
            worker=worker,
        )
        emails = worker.emails()

    assert (
        Reminder.objects.filter(kind=Kind.DUE_SOON).count(),
        Notification.objects.filter(user=assignee).count(),
        len(emails),
    ) == (1, 1, 1)


def test_overdue_issue_is_escalated_once_at_each_level_by_the_worker(
    tmp_path, shinan, shinan_staff
):
    issue = open_issue(shinan, deadline=timezone.now() - timedelta(days=1, hours=12))
    two_days_later = (timezone.now() + timedelta(days=2)).isoformat()

    def level():
        issue.refresh_from_db()
        return issue.escalation_level

    with celery_worker(tmp_path) as worker:
        queue_task("reminders.tasks.sweep")
        queue_task("reminders.tasks.sweep")
        wait_for(lambda: level() == 1, what="supervision level 1", worker=worker)
        queue_task("reminders.tasks.sweep", two_days_later)
        queue_task("reminders.tasks.sweep", two_days_later)
        wait_for(lambda: level() == 2, what="supervision level 2", worker=worker)
        wait_for(
            lambda: worker.succeeded("reminders.tasks.sweep") == 4,
            what="all four sweeps",
            worker=worker,
        )

    escalations = IssueEvent.objects.filter(issue=issue, action="escalate")
    levels = sorted(
        Reminder.objects.filter(issue=issue, kind=Kind.ESCALATION).values_list("level", flat=True)
    )
    assert (
        escalations.count(),
        levels,
        Notification.objects.filter(user=shinan_staff).count(),
    ) == (
        2,
        [1, 2],
        2,  # level 1 falls back to the staff (no group leader), level 2 is theirs
    )


# ----- Redis down while a citizen submits ----------------------------------------------------


def redis_address() -> tuple[str, int]:
    url = urlparse(os.environ["REDIS_URL"])
    return url.hostname or "127.0.0.1", url.port or 6379


def redis_cli(*args: str) -> subprocess.CompletedProcess:
    host, port = redis_address()
    return subprocess.run(
        ["redis-cli", "-h", host, "-p", str(port), *args],
        capture_output=True,
        text=True,
        timeout=10,
    )


def redis_answers() -> bool:
    return redis_cli("ping").stdout.strip() == "PONG"


def start_redis() -> None:
    os.makedirs("/var/lib/redis", exist_ok=True)
    subprocess.run(REDIS_START, check=True, timeout=10, capture_output=True)
    deadline = time.monotonic() + 15
    while not redis_answers():
        if time.monotonic() > deadline:
            raise RuntimeError("Redis did not come back")
        time.sleep(0.1)


@pytest.fixture
def redis_stopped():
    """Stop the machine's Redis for the test; always start it again afterwards."""
    assert redis_answers(), "Redis must be running before the test"
    try:
        redis_cli("shutdown", "nosave")
        deadline = time.monotonic() + 10
        while redis_answers():
            assert time.monotonic() < deadline, "Redis did not stop"
            time.sleep(0.1)
        yield
    finally:
        if not redis_answers():
            start_redis()


@pytest.mark.redis
def test_submission_with_redis_down_is_fast_and_its_reminder_arrives_later(
    tmp_path, shinan, shinan_staff, redis_stopped, caplog
):
    caplog.set_level(logging.WARNING, logger="portal.notifications.queue")
    shinan_staff.email = "shinan@example.cn"
    shinan_staff.save()
    category = factories.CategoryFactory()

    # As the intake view does: the submission commits, then its task is queued on commit.
    started = time.monotonic()
    with transaction.atomic():
        issue = issue_services.issue_submit(
            district=shinan,
            source="station_qr",
            category=category,
            text="楼道灯坏了。",
            citizen_phone="13712345678",
        )
    elapsed = time.monotonic() - started

    assert elapsed < 2, f"submitting took {elapsed:.2f} s with Redis down"
    assert Issue.objects.filter(pk=issue.pk).exists()
    assert "sweep will send it" in caplog.text and "13712345678" not in caplog.text

    start_redis()
    with celery_worker(tmp_path) as worker:
        queue_task("reminders.tasks.sweep")
        wait_for(lambda: sent(shinan_staff) == 1, what="the staff email", worker=worker)

    assert Notification.objects.filter(user=shinan_staff, kind=Kind.SUBMITTED).count() == 1


# ----- the worker with the read timeout every Redis client has ------------------------------


def test_a_worker_idle_longer_than_the_read_timeout_keeps_its_broker_and_takes_work(
    tmp_path, shinan, assignee
):
    """Every Redis client gives up on an answer after a second (settings.REDIS_TIMEOUTS); the
    worker waits for work far longer than that, and must not lose the broker over it."""
    open_issue(shinan, deadline=timezone.now() + timedelta(hours=5), assignee=assignee)

    with celery_worker(tmp_path) as worker:
        time.sleep(3)  # idle: BRPOP after BRPOP, each a second long on Redis
        queue_task("reminders.tasks.sweep")
        wait_for(lambda: sent(assignee) == 1, what="the email to be sent", worker=worker)
        log = worker.output()

    assert ("Connection to broker lost" in log, "Timeout reading" in log) == (False, False)
