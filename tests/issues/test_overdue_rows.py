"""A list row's overdue mark: worked out in Python by the rule `with_overdue` puts in SQL."""

from datetime import timedelta

import pytest
from django.utils import timezone

from issues.models import Issue
from issues.selectors import issues_by_ids
from tests import factories

pytestmark = pytest.mark.django_db

LIST = "/work/issues/"


@pytest.fixture
def mixed(shinan):
    now = timezone.now()
    past, future = now - timedelta(hours=1), now + timedelta(days=2)
    return {
        "late": factories.issue_in_state("in_progress", district=shinan, deadline=past),
        "reopened_late": factories.issue_in_state("reopened", district=shinan, deadline=past),
        "in_time": factories.issue_in_state("transferred", district=shinan, deadline=future),
        "answered_late": factories.issue_in_state("answered", district=shinan, deadline=past),
        "closed_late": factories.issue_in_state("closed", district=shinan, deadline=past),
        "no_deadline": factories.issue_in_state("submitted", district=shinan),
    }


def test_rows_mark_open_issues_past_their_deadline(mixed):
    rows = issues_by_ids([issue.pk for issue in mixed.values()])

    marked = {issue.pk for issue in rows if issue.is_overdue_now}
    assert marked == {mixed["late"].pk, mixed["reopened_late"].pk}


def test_the_rows_rule_is_the_databases(mixed):
    now = timezone.now()
    in_sql = dict(Issue.objects.with_overdue(now).values_list("pk", "is_overdue_db"))

    rows = issues_by_ids(list(in_sql), now=now)

    assert {issue.pk: issue.is_overdue_now for issue in rows} == in_sql
    assert sum(in_sql.values()) == 2


def test_the_mark_follows_the_given_time(mixed):
    earlier = timezone.now() - timedelta(days=1)

    rows = issues_by_ids([mixed["late"].pk], now=earlier)

    assert rows[0].is_overdue_now is False


def test_the_staff_list_marks_the_overdue_rows_only(staff_client, mixed):
    html = staff_client.get(LIST, {"flagged": "include"}).content.decode()

    assert html.count('<tr class="is-overdue">') == 2
    assert html.count('class="overdue-mark"') == 2
