"""Answered issues nobody rated are struck off (销号) once the rating period has run out."""

from datetime import timedelta

import pytest
from django.utils import timezone

from issues import services
from issues.models import Issue, State
from tests import factories

pytestmark = pytest.mark.django_db


def answered(days_ago: int) -> Issue:
    issue = factories.IssueFactory()
    Issue.objects.filter(pk=issue.pk).update(
        state=State.ANSWERED, answered_at=timezone.now() - timedelta(days=days_ago)
    )
    return issue


def test_unrated_answer_past_the_period_is_closed_by_the_system(settings):
    settings.ISSUE_RATING_DAYS = 7
    issue = answered(days_ago=8)
    services.close_expired_answers()
    issue.refresh_from_db()
    assert (issue.state, issue.events.get().actor) == (State.CLOSED, None)


def test_answer_within_the_period_stays_open_for_rating(settings):
    settings.ISSUE_RATING_DAYS = 7
    issue = answered(days_ago=6)
    services.close_expired_answers()
    issue.refresh_from_db()
    assert issue.state == State.ANSWERED


def test_running_the_close_twice_closes_once(settings):
    settings.ISSUE_RATING_DAYS = 7
    issue = answered(days_ago=9)
    assert (services.close_expired_answers(), services.close_expired_answers()) == (1, 0)
    assert issue.events.count() == 1
