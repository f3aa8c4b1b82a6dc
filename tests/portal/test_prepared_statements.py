"""PostgreSQL keeps a query run often on a connection prepared: parsed and planned once."""

import pytest
from django.conf import settings
from django.db import connection

from issues.models import Issue
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.postgresql]


def prepared_statements() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return {row[0] for row in cursor.fetchall()}


def test_a_query_run_often_is_prepared_and_keeps_its_answers(shinan):
    configured = settings.DATABASES["default"].get("OPTIONS", {}).get("prepare_threshold")
    if configured is None:
        pytest.skip("PostgreSQL's prepared statements are turned off (DATABASE_PREPARE_AFTER)")
    issues = [factories.issue_in_state("registered", district=shinan) for _ in range(3)]
    threshold = connection.connection.prepare_threshold
    assert threshold == configured

    found = [
        Issue.objects.filter(pk=issue.pk).values_list("tracking_number", flat=True).get()
        for _ in range(threshold + 1)
        for issue in issues
    ]

    assert found == [issue.tracking_number for issue in issues] * (threshold + 1)
    assert any('"issues_issue"."tracking_number"' in sql for sql in prepared_statements())
