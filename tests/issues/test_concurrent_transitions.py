"""Two transitions racing on one issue: exactly one wins, the other is refused, one event."""

from datetime import timedelta

import pytest
from django.db import OperationalError, connection
from django.utils import timezone

from issues import services
from issues.models import Issue, IssueEvent, State
from issues.services import TransitionError
from tests import factories
from tests.race import race

pytestmark = pytest.mark.django_db(transaction=True)


def loser_errors():
    # PostgreSQL locks the row, so the loser sees the new state; SQLite has no row locks and
    # may instead refuse the second writer outright ("database is locked").
    return (
        (TransitionError,)
        if connection.vendor == "postgresql"
        else (
            TransitionError,
            OperationalError,
        )
    )


@pytest.mark.parametrize("attempt", range(5))
def test_two_staff_registering_at_once_only_one_wins(attempt):
    district = factories.DistrictFactory(name="市南区")
    staff_a = factories.StaffFactory(district=district)
    staff_b = factories.StaffFactory(district=district)
    issue = factories.IssueFactory(district=district)
    deadline = timezone.now() + timedelta(days=5)

    outcomes = race(
        lambda: services.issue_register(issue.pk, actor=staff_a, deadline=deadline),
        lambda: services.issue_register(issue.pk, actor=staff_b, deadline=deadline),
    )

    winners = [o for o in outcomes if isinstance(o, Issue)]
    losers = [o for o in outcomes if isinstance(o, loser_errors())]
    issue.refresh_from_db()
    assert (len(winners), len(losers), IssueEvent.objects.filter(issue=issue).count()) == (
        1,
        1,
        1,
    )
    assert issue.state == winners[0].state


def test_reject_and_merge_at_once_only_one_wins():
    district = factories.DistrictFactory(name="市南区")
    staff = factories.StaffFactory(district=district)
    issue = factories.IssueFactory(district=district)
    original = factories.IssueFactory(district=district)

    outcomes = race(
        lambda: services.issue_reject(issue.pk, actor=staff, reason="不属于受理范围"),
        lambda: services.issue_merge(issue.pk, actor=staff, into=original),
    )

    issue.refresh_from_db()
    assert (
        sum(isinstance(o, Issue) for o in outcomes),
        sum(isinstance(o, loser_errors()) for o in outcomes),
        issue.events.count(),
    ) == (1, 1, 1)


def test_two_answers_at_once_store_one_answer():
    district = factories.DistrictFactory(name="市南区")
    staff = factories.StaffFactory(district=district)
    issue = factories.IssueFactory(district=district)
    Issue.objects.filter(pk=issue.pk).update(
        state=State.REGISTERED, deadline=timezone.now() + timedelta(days=3)
    )

    outcomes = race(
        lambda: services.issue_answer(issue.pk, actor=staff, answer="答复甲"),
        lambda: services.issue_answer(issue.pk, actor=staff, answer="答复乙"),
    )

    winner = next(o for o in outcomes if isinstance(o, Issue))
    issue.refresh_from_db()
    assert (issue.answer, issue.events.filter(action="answer").count()) == (winner.answer, 1)
