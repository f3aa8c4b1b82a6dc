"""Two sweeps at the same moment (two workers, or beat and cron) send each reminder once."""

import threading
from datetime import timedelta

import pytest
from django.db import connections
from django.utils import timezone

from issues.models import IssueEvent
from portal.notifications.models import Notification
from reminders import services
from reminders.models import Kind, Reminder
from tests import factories
from tests.reminders.conftest import open_issue

pytestmark = pytest.mark.django_db(transaction=True)


def at_once(*calls):
    """Run `calls` at the same moment in separate threads, each with its own connection."""
    barrier = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            outcomes[index] = call()
        except Exception as error:  # reported below: a sweep must never fail here
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.mark.parametrize("attempt", range(3))
def test_two_sweeps_at_once_send_each_reminder_once(attempt):
    district = factories.DistrictFactory(name="市南区")
    staff = factories.StaffFactory(district=district)
    now = timezone.now()
    due = [open_issue(district, deadline=now + timedelta(hours=h)) for h in range(1, 9)]
    overdue = [open_issue(district, deadline=now - timedelta(days=d)) for d in (2, 4, 5, 6)]

    outcomes = at_once(lambda: services.sweep(now=now), lambda: services.sweep(now=now))

    errors = [o for o in outcomes if isinstance(o, Exception)]
    sent = sum(o[Kind.DUE_SOON] for o in outcomes)
    level_2 = sum(o[f"{Kind.ESCALATION}_2"] for o in outcomes)
    assert (errors, sent, level_2) == ([], len(due), 3)
    # One notification per reminder; levels 1 and 2 escalated once each, so two events.
    assert Notification.objects.filter(user=staff).count() == Reminder.objects.count()
    assert [
        IssueEvent.objects.filter(issue=issue, action="escalate").count() for issue in overdue
    ] == [1, 2, 2, 2]
