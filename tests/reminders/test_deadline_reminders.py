"""Deadline reminders (挂号销号): who is told, when, and never twice for one deadline."""

from datetime import timedelta

import pytest

from issues.models import State
from portal.notifications.models import Channel, Delivery, Notification
from reminders import services
from reminders.models import Kind, Reminder, ReminderPolicy
from tests import factories
from tests.reminders.conftest import open_issue

pytestmark = pytest.mark.django_db


def titles(user):
    return list(Notification.objects.filter(user=user).values_list("kind", flat=True))


def test_assignee_is_reminded_once_when_the_deadline_is_within_a_day(shinan, assignee, now):
    open_issue(shinan, deadline=now + timedelta(hours=5), assignee=assignee)

    first = services.sweep(now=now)
    second = services.sweep(now=now + timedelta(minutes=2))

    assert (first[Kind.DUE_SOON], second[Kind.DUE_SOON], titles(assignee)) == (
        1,
        0,
        [Kind.DUE_SOON],
    )


def test_reminder_goes_to_the_inbox_and_by_email_to_a_user_with_an_address(shinan, assignee, now):
    open_issue(shinan, deadline=now + timedelta(hours=5), assignee=assignee)

    services.sweep(now=now)

    channels = set(
        Delivery.objects.filter(notification__user=assignee).values_list("channel", "status")
    )
    assert channels == {(Channel.IN_APP, "sent"), (Channel.EMAIL, "pending")}


def test_issue_due_later_than_a_day_is_not_reminded_yet(shinan, assignee, now):
    open_issue(shinan, deadline=now + timedelta(hours=30), assignee=assignee)

    services.sweep(now=now)

    assert titles(assignee) == []


def test_reminded_again_at_the_deadline(shinan, assignee, now):
    issue = open_issue(shinan, deadline=now + timedelta(hours=5), assignee=assignee)

    services.sweep(now=now)
    services.sweep(now=issue.deadline + timedelta(minutes=1))
    services.sweep(now=issue.deadline + timedelta(minutes=3))

    assert titles(assignee) == [Kind.AT_DEADLINE, Kind.DUE_SOON]


def test_transferred_issue_reminds_the_department_accounts(shinan, assignee, now):
    department = factories.DepartmentFactory(district=shinan)
    clerk = factories.DepartmentUserFactory(department=department)
    open_issue(
        shinan,
        state=State.TRANSFERRED,
        department=department,
        assignee=assignee,
        deadline=now + timedelta(hours=3),
    )

    services.sweep(now=now)

    assert (titles(clerk), titles(assignee)) == ([Kind.DUE_SOON], [])


def test_issue_without_a_responsible_person_reminds_the_district_staff(
    shinan, shinan_staff, laoshan_staff, now
):
    open_issue(shinan, deadline=now + timedelta(hours=3))

    services.sweep(now=now)

    assert (titles(shinan_staff), titles(laoshan_staff)) == ([Kind.DUE_SOON], [])


@pytest.mark.parametrize("state", [State.ANSWERED, State.CLOSED, State.REJECTED])
def test_finished_issue_is_not_reminded(shinan, assignee, now, state):
    open_issue(shinan, state=state, deadline=now + timedelta(hours=3), assignee=assignee)

    services.sweep(now=now)

    assert Reminder.objects.count() == 0


def test_flagged_issue_is_not_reminded(shinan, assignee, now):
    open_issue(shinan, deadline=now + timedelta(hours=3), assignee=assignee, is_flagged=True)

    services.sweep(now=now)

    assert Reminder.objects.count() == 0


def test_a_new_deadline_is_reminded_again(shinan, assignee, now):
    issue = open_issue(shinan, deadline=now + timedelta(hours=3), assignee=assignee)
    services.sweep(now=now)

    issue.deadline = now + timedelta(days=10)
    issue.save()
    services.sweep(now=issue.deadline - timedelta(hours=2))

    assert titles(assignee) == [Kind.DUE_SOON, Kind.DUE_SOON]


def test_district_rule_changes_how_early_the_reminder_comes(shinan, laoshan, now):
    ReminderPolicy.objects.create(district=shinan, due_soon_hours=48)
    shinan_person = factories.StaffFactory(district=shinan)
    laoshan_person = factories.StaffFactory(district=laoshan)
    open_issue(shinan, deadline=now + timedelta(hours=40), assignee=shinan_person)
    open_issue(laoshan, deadline=now + timedelta(hours=40), assignee=laoshan_person)

    services.sweep(now=now)

    assert (titles(shinan_person), titles(laoshan_person)) == ([Kind.DUE_SOON], [])


def test_new_submission_tells_the_district_staff_once(shinan, shinan_staff, now):
    factories.IssueFactory(district=shinan)

    services.sweep(now=now)
    services.sweep(now=now)

    assert titles(shinan_staff) == [Kind.SUBMITTED]


def test_sweep_closes_answers_nobody_rated_in_time(shinan, now, settings):
    issue = open_issue(shinan, state=State.ANSWERED, deadline=now - timedelta(days=20))
    issue.answered_at = now - timedelta(days=settings.ISSUE_RATING_DAYS + 1)
    issue.save()

    counts = services.sweep(now=now)

    issue.refresh_from_db()
    assert (counts["closed"], issue.state) == (1, State.CLOSED)
