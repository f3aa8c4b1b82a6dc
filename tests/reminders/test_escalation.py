"""Supervision (督办) of overdue issues: level 1 to the group leader, level 2 to district staff."""

from datetime import timedelta

import pytest

from issues.models import IssueEvent
from portal.notifications.models import Notification
from reminders import services
from reminders.models import Kind, Reminder, ReminderPolicy
from tests import factories
from tests.reminders.conftest import open_issue

pytestmark = pytest.mark.django_db


def kinds(user):
    return list(Notification.objects.filter(user=user).values_list("title", flat=True))


def escalations(issue):
    return list(
        IssueEvent.objects.filter(issue=issue, action="escalate").values_list("actor", "note")
    )


def test_level_1_a_day_after_the_deadline_tells_the_group_leader(
    shinan, station, group_leader, shinan_staff, now
):
    issue = open_issue(shinan, station=station, deadline=now - timedelta(days=1, hours=1))

    services.sweep(now=now)

    issue.refresh_from_db()
    assert (issue.escalation_level, len(kinds(group_leader)), kinds(shinan_staff)) == (1, 1, [])


def test_escalation_writes_the_event_as_the_system(shinan, station, group_leader, now):
    issue = open_issue(shinan, station=station, deadline=now - timedelta(days=1, hours=1))

    services.sweep(now=now)

    [(actor, note)] = escalations(issue)
    assert (actor, "1" in note) == (None, True)


def test_level_1_without_a_leader_tells_the_stations_resident_deputies(
    shinan, station, shinan_staff, now
):
    resident = factories.DeputyUserFactory()
    deputy = factories.DeputyFactory(district=shinan, user=resident)
    factories.StationAssignmentFactory(deputy=deputy, station=station)
    open_issue(shinan, station=station, deadline=now - timedelta(days=1, hours=1))

    services.sweep(now=now)

    assert (len(kinds(resident)), kinds(shinan_staff)) == (1, [])


def test_level_2_three_days_after_tells_the_district_staff(
    shinan, station, group_leader, shinan_staff, now
):
    issue = open_issue(shinan, station=station, deadline=now - timedelta(days=1, hours=1))
    services.sweep(now=now)

    services.sweep(now=now + timedelta(days=2))

    issue.refresh_from_db()
    assert (issue.escalation_level, len(kinds(group_leader)), len(kinds(shinan_staff))) == (
        2,
        1,
        1,
    )


def test_each_level_is_escalated_once_however_often_the_sweep_runs(
    shinan, station, group_leader, now
):
    issue = open_issue(shinan, station=station, deadline=now - timedelta(days=1, hours=1))
    for minutes in range(0, 10, 2):
        services.sweep(now=now + timedelta(minutes=minutes))
    for minutes in range(0, 10, 2):
        services.sweep(now=now + timedelta(days=2, minutes=minutes))

    issue.refresh_from_db()
    levels = sorted(
        Reminder.objects.filter(issue=issue, kind=Kind.ESCALATION).values_list("level", flat=True)
    )
    assert (issue.escalation_level, levels, len(escalations(issue))) == (2, [1, 2], 2)


def test_issue_first_seen_long_overdue_gets_both_levels_in_order(shinan, shinan_staff, now):
    issue = open_issue(shinan, deadline=now - timedelta(days=5))

    services.sweep(now=now)

    issue.refresh_from_db()
    levels = list(
        Reminder.objects.filter(issue=issue, kind=Kind.ESCALATION)
        .order_by("pk")
        .values_list("level", flat=True)
    )
    assert (issue.escalation_level, levels, len(escalations(issue))) == (2, [1, 2], 2)


def test_level_raised_by_staff_is_not_raised_again(shinan, station, group_leader, now):
    issue = open_issue(
        shinan, station=station, deadline=now - timedelta(days=1, hours=1), escalation_level=1
    )

    services.sweep(now=now)

    issue.refresh_from_db()
    assert (issue.escalation_level, escalations(issue), len(kinds(group_leader))) == (1, [], 1)


def test_at_deadline_reminder_is_skipped_once_supervision_has_begun(shinan, assignee, now):
    open_issue(shinan, deadline=now - timedelta(days=2), assignee=assignee)

    services.sweep(now=now)

    assert Reminder.objects.filter(kind=Kind.AT_DEADLINE).count() == 0


def test_district_rule_sets_the_days_before_each_level(shinan, shinan_staff, now):
    ReminderPolicy.objects.create(district=shinan, escalate_level1_days=2, escalate_level2_days=5)
    issue = open_issue(shinan, deadline=now - timedelta(days=1, hours=1))

    services.sweep(now=now)

    issue.refresh_from_db()
    assert issue.escalation_level == 0
